#!/usr/bin/env node
// Builds src/core/api/apiConstraints.json: the constraints the SageMaker and SageMaker Runtime services
// enforce on the requests the extension sends, derived from the AWS API models (botocore's service-2.json).
//
//   node scripts/build-api-constraints.mjs [MODELS_DIR] [--check]
//
// MODELS_DIR defaults to ../shared/reference/aws-api-models (relative to the project root) and holds
// sagemaker-2017-07-24.service-2.json.gz and sagemaker-runtime-2017-05-13.service-2.json.gz. With --check
// nothing is written: the script exits 1 when the committed file differs from what it would write.
//
// Kept: every shape reachable from the inputs of the operations below, with its required members, enums,
// string/list/map lengths, numeric ranges (integers default to the int32 range, longs to the int64 one) and
// patterns. Dropped: documentation, HTTP bindings, flags. Patterns are Java regular expressions that the
// service matches against the whole value: each is translated here to an ECMAScript one (flag `u`), anchored,
// and compiled once, so the checker at run time never meets a pattern it cannot compile.
// No dependencies: node >= 18.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const OPERATIONS = {
  sagemaker: { file: 'sagemaker-2017-07-24.service-2.json.gz', operations: ['CreateTrainingJob', 'CreateModel', 'CreateEndpointConfig', 'CreateEndpoint'] },
  runtime: { file: 'sagemaker-runtime-2017-05-13.service-2.json.gz', operations: ['InvokeEndpoint'] },
};

const INT32 = { min: -2147483648, max: 2147483647 };
// JSON numbers beyond 2^53 have already lost digits; the checker flags them separately.
const INT64 = { min: -9223372036854775808, max: 9223372036854775807 };

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const positional = args.filter((a) => !a.startsWith('--'));
const modelsDir = resolve(projectRoot, positional[0] ?? '../shared/reference/aws-api-models');
const outFile = join(projectRoot, 'src', 'core', 'api', 'apiConstraints.json');

// Java's POSIX classes (US-ASCII only, as without UNICODE_CHARACTER_CLASS), as class contents.
const JAVA_POSIX = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};
// Java's `.` stops at every line terminator (not only \n, \r, \u2028, \u2029 as ECMAScript's does).
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

/**
 * A Java pattern as an ECMAScript one for the `u` flag, matched against the whole value. Throws on a Java
 * construct this does not know, so that a new model with one fails the build rather than the user.
 */
export function translatePattern(java) {
  let out = '';
  let inClass = 0;
  for (let i = 0; i < java.length; i++) {
    const c = java[i];
    if (c === '\\') {
      const n = java[i + 1];
      i++;
      if (n === undefined) throw new Error(`trailing backslash in ${java}`);
      if (n === 'p' || n === 'P') {
        const m = /^\{([A-Za-z_]+)\}/.exec(java.slice(i + 1));
        if (!m) throw new Error(`\\${n} without {Name} in ${java}`);
        i += m[0].length;
        const posix = JAVA_POSIX[m[1]] ?? JAVA_POSIX[m[1].replace(/^Is/, '')];
        if (posix !== undefined) {
          if (n === 'P') {
            if (inClass) throw new Error(`\\P{${m[1]}} inside a class in ${java}`);
            out += `[^${posix}]`;
          } else out += inClass ? posix : `[${posix}]`;
        } else {
          const name = m[1].replace(/^Is(?=[A-Z])/, '');
          new RegExp(`\\p{${name}}`, 'u'); // throws on a property ECMAScript lacks
          out += `\\${n}{${name}}`;
        }
        continue;
      }
      if (n === 'A') { out += '^'; continue; }
      if (n === 'z' || n === 'Z') { out += '$'; continue; }
      if (n === 'Q') {
        const end = java.indexOf('\\E', i + 1);
        const literal = java.slice(i + 1, end === -1 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? java.length : end + 1;
        continue;
      }
      if (n === 's' || n === 'S') {
        // Java's \s is ASCII whitespace only; ECMAScript's also has Unicode spaces.
        if (!inClass) { out += n === 's' ? `[${JAVA_SPACE}]` : `[^${JAVA_SPACE}]`; continue; }
        const rest = java.slice(i - 1);
        if (/^(\\S\\s|\\s\\S)\]/.test(rest)) { out += '\\s\\S'; i += 2; continue; } // any character
        if (n === 's') { out += JAVA_SPACE; continue; }
        if (/^\\S\]/.test(rest) && out.endsWith('[')) { out = `${out.slice(0, -1)}[^${JAVA_SPACE}`; continue; }
        throw new Error(`\\S inside a class in ${java}`);
      }
      if (/[dDwWbBtnrfv0-9]/.test(n)) { out += `\\${n}`; continue; }
      if (n === 'x' || n === 'u') { out += `\\${n}`; continue; }
      if (/[A-Za-z]/.test(n)) throw new Error(`unknown escape \\${n} in ${java}`);
      // An escaped punctuation character: ECMAScript's `u` flag only allows escaping syntax characters
      // (and `-` inside a class).
      if (SYNTAX.has(n) || (inClass && n === '-')) out += `\\${n}`;
      else out += n;
      continue;
    }
    if (inClass) {
      if (c === '[') throw new Error(`nested class (Java union/intersection) in ${java}`);
      if (c === '&' && java[i + 1] === '&') throw new Error(`class intersection in ${java}`);
      if (c === ']') inClass = 0;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = 1;
      out += c;
      if (java[i + 1] === '^') { out += '^'; i++; }
      // A `]` first in a Java class is literal.
      if (java[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '.') { out += JAVA_DOT; continue; }
    if ((c === '+' || c === '?') && /[*+?}]/.test(java[i - 1] ?? '') && java[i - 2] !== '\\') {
      if (c === '+') continue; // a possessive quantifier matches the same whole strings as a greedy one here
    }
    if (c === '(' && java[i + 1] === '?' && !/[:=!]/.test(java[i + 2] ?? '') && !(java[i + 2] === '<' && /[=!]/.test(java[i + 3] ?? ''))) {
      throw new Error(`unsupported group (?${java[i + 2]} in ${java}`);
    }
    out += c;
  }
  if (inClass) throw new Error(`unclosed class in ${java}`);
  return `^(?:${out})$`;
}

function loadModel(file) {
  const path = join(modelsDir, file);
  if (!existsSync(path)) {
    console.error(`build-api-constraints: ${path} not found. Pass the folder of the AWS API models as the first argument.`);
    process.exit(2);
  }
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
}

function copyNumbers(from, to, keys) {
  for (const key of keys) if (typeof from[key] === 'number') to[key] = from[key];
}

/** The constraints of one shape, in a compact form; member shapes by name. */
function compactShape(name, shape) {
  const out = { type: shape.type };
  switch (shape.type) {
    case 'structure': {
      out.members = {};
      for (const [member, ref] of Object.entries(shape.members ?? {})) out.members[member] = ref.shape;
      if (shape.required?.length) out.required = shape.required;
      if (shape.union) out.union = true;
      break;
    }
    case 'list':
      out.member = shape.member.shape;
      copyNumbers(shape, out, ['min', 'max']);
      break;
    case 'map':
      out.key = shape.key.shape;
      out.value = shape.value.shape;
      copyNumbers(shape, out, ['min', 'max']);
      break;
    case 'string':
      copyNumbers(shape, out, ['min', 'max']);
      if (shape.enum) out.enum = shape.enum;
      if (shape.pattern !== undefined) {
        out.pattern = translatePattern(shape.pattern);
        try {
          new RegExp(out.pattern, 'u');
        } catch (error) {
          throw new Error(`${name}: pattern ${shape.pattern} -> ${out.pattern} does not compile: ${error.message}`);
        }
      }
      break;
    case 'integer':
      out.min = shape.min ?? INT32.min;
      out.max = shape.max ?? INT32.max;
      break;
    case 'long':
      out.min = shape.min ?? INT64.min;
      out.max = shape.max ?? INT64.max;
      break;
    case 'float':
    case 'double':
      copyNumbers(shape, out, ['min', 'max']);
      break;
    case 'blob':
      copyNumbers(shape, out, ['min', 'max']);
      break;
    default:
      break; // boolean, timestamp: the type is the constraint
  }
  return out;
}

function build() {
  const services = {};
  const operations = {};
  for (const [service, { file, operations: names }] of Object.entries(OPERATIONS)) {
    const model = loadModel(file);
    const shapes = {};
    const queue = [];
    for (const op of names) {
      const input = model.operations[op]?.input?.shape;
      if (!input) throw new Error(`${file} has no operation ${op}`);
      operations[op] = { service, input };
      queue.push(input);
    }
    while (queue.length) {
      const name = queue.pop();
      if (shapes[name]) continue;
      const shape = model.shapes[name];
      if (!shape) throw new Error(`${file}: shape ${name} missing`);
      shapes[name] = compactShape(name, shape);
      const s = shapes[name];
      if (s.members) queue.push(...Object.values(s.members));
      if (s.member) queue.push(s.member);
      if (s.key) queue.push(s.key, s.value);
    }
    services[service] = {
      apiVersion: model.metadata.apiVersion,
      shapes: Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]])),
    };
  }
  return {
    source: 'AWS API models (botocore service-2.json); built by scripts/build-api-constraints.mjs, do not edit',
    operations,
    services,
  };
}

const text = `${JSON.stringify(build())}\n`;
if (check) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    console.error(`${outFile} is out of date: run node scripts/build-api-constraints.mjs`);
    process.exit(1);
  }
  console.log(`${outFile} is up to date`);
} else {
  writeFileSync(outFile, text);
  console.log(`wrote ${outFile} (${text.length} bytes)`);
}
