// The JSON tables the bundles carry (the image URI table, the API constraints, the built-in algorithms) and the
// schema validator's schema objects are JSON text that the bundle parses when it needs them, not object literals:
// V8 scans JSON text about twice as fast as the same literal in JavaScript (measured loading the 112 KB image table:
// 12.6 -> 5.4 ms CPU), and these tables are loaded on the way to an open estimator's first diagnostics and in every
// CLI `plan`.
//
// The text is not a string literal either but the body of a function that is never called, read back through the
// function's source text (JSON_TEXT_RUNTIME): a string literal is a constant of the compiled code, so V8 allocates
// it when the bundle loads, and the V8 code cache dist/validation.js loads with (src/platform/codeCache.ts) carries a
// copy of it that a start must read and deserialize. An uncalled function is never compiled: its text stays in the
// source only, which V8 does not scan again when a code cache is accepted, and it is copied out when it is read.
//
// The image URI table goes further: its frameworks and shared registry lists are parsed one at a time, when first
// read. A validation reads one framework and one registry list of the table's ~70 and ~60 (loading the whole table
// took 5.7 ms of the 116 KB's; one entry, a tenth of a millisecond).
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';

/** Smaller tables stay literals: for them the difference is below a measurement's noise. */
const MIN_BYTES = 8 * 1024;

/**
 * The text held by a function made by jsonTextHolder(): the raw text of its tagged template, from its source text.
 * Function.prototype.toString gives a function's exact source text (ECMAScript 2019+), a slice of the script's.
 */
export const JSON_TEXT_RUNTIME = `function jsonText(holder) {
  const source = holder.toString();
  return source.slice(source.indexOf('\\x60') + 1, source.lastIndexOf('\\x60'));
}`;

/**
 * JSON text as the raw text of a String.raw template inside an arrow function that is never called (bundlers and tsc
 * keep a tagged template's raw text as it is). The template must not end early or substitute: a backquote or dollar
 * sign, which can only be inside a JSON string, is written as a JSON escape. So are `<` and any non-ASCII character:
 * esbuild would escape "</script" and non-ASCII characters in its output, and to do so turns a tagged template into a
 * call with the raw strings as an array, which has no template text left to read (an ASCII bundle is also what V8 holds
 * in one byte a character).
 */
export function jsonTextHolder(text) {
  const safe = text.replace(/[`$<\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `() => String.raw\`${safe}\``;
}

/** The parsed value of JSON text as a JavaScript expression (JSON_TEXT_RUNTIME must be in scope). */
function parsedExpression(text) {
  return `JSON.parse(jsonText(${jsonTextHolder(text)}))`;
}

/**
 * Tables (by path ending) whose members at these paths (dot-separated; '' is the table itself), objects or arrays, are
 * parsed entry by entry on first read. A validation reads one image framework and one registry list of the image
 * table's ~70 and ~60, the API shapes its request has of the ~300, and at most one built-in algorithm.
 */
export const LAZY_ENTRIES = new Map([
  [`${sep}src${sep}core${sep}images${sep}imageTable.json`, ['frameworks', 'registries']],
  [`${sep}src${sep}core${sep}api${sep}apiConstraints.json`, ['services.sagemaker.shapes', 'services.runtime.shapes']],
  [`${sep}src${sep}core${sep}estimator${sep}builtinAlgorithms.json`, ['']],
]);

/**
 * Each of `keys` becomes an entry of `target` (an empty object or array) that reads as the parsed JSON text it stands
 * for: line i of the text `holder` holds (jsonTextHolder), parsed on the first read, then an ordinary property. Keys,
 * `in`, length and iteration behave as on the parsed table.
 */
const LAZY_ENTRIES_RUNTIME = `function lazyEntries(target, keys, holder) {
  let lines;
  keys.forEach((key, i) => {
    Object.defineProperty(target, key, { configurable: true, enumerable: true, get() {
      lines ??= jsonText(holder).split('\\n');
      const value = JSON.parse(lines[i]);
      Object.defineProperty(target, key, { value, configurable: true, enumerable: true, writable: true });
      return value;
    } });
  });
  return target;
}`;

/** A module whose members at the paths `members` are entries parsed on first read, the rest parsed at once. */
export function lazyEntriesModule(json, members) {
  const expression = (value, path) => {
    if (typeof value !== 'object' || value === null) return parsedExpression(JSON.stringify(value));
    const entries = Object.entries(value);
    if (members.includes(path)) {
      const target = Array.isArray(value) ? `new Array(${value.length})` : '{}';
      return `lazyEntries(${target}, ${JSON.stringify(entries.map(([key]) => key))}, ${jsonTextHolder(entries.map(([, entry]) => JSON.stringify(entry)).join('\n'))})`;
    }
    const within = prefix => members.some(member => member.startsWith(prefix));
    if (Array.isArray(value) || !within(path === '' ? '' : `${path}.`)) return parsedExpression(JSON.stringify(value));
    // An object literal's "__proto__" would set the prototype, not make a member.
    if (entries.some(([key]) => key === '__proto__')) throw new Error(`lazyEntriesModule: a member named __proto__ at ${path}`);
    const inner = entries.map(([key, entry]) => `${JSON.stringify(key)}: ${expression(entry, path === '' ? key : `${path}.${key}`)}`);
    return `{\n${inner.join(',\n')}\n}`;
  };
  return `${JSON_TEXT_RUNTIME}\n${LAZY_ENTRIES_RUNTIME}\nmodule.exports = ${expression(JSON.parse(json), '')};\n`;
}

/**
 * JSON text as a JavaScript expression that parses it when evaluated (JSON_TEXT_RUNTIME must be in scope); undefined
 * when it is too small to matter.
 */
export function jsonParseExpression(json) {
  const text = JSON.stringify(JSON.parse(json));
  return text.length < MIN_BYTES ? undefined : parsedExpression(text);
}

export function jsonParsePlugin() {
  return {
    name: 'json-parse',
    setup(build) {
      build.onLoad({ filter: /\.json$/ }, async args => {
        if (args.namespace !== 'file' || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const lazy = [...LAZY_ENTRIES].find(([ending]) => args.path.endsWith(ending));
        if (lazy) return { loader: 'js', contents: lazyEntriesModule(await readFile(args.path, 'utf8'), lazy[1]) };
        const expression = jsonParseExpression(await readFile(args.path, 'utf8'));
        return expression === undefined ? undefined : { loader: 'js', contents: `${JSON_TEXT_RUNTIME}\nmodule.exports = ${expression};\n` };
      });
    },
  };
}
