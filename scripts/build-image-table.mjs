#!/usr/bin/env node
// Builds src/core/images/imageTable.json from the SageMaker Python SDK's image URI
// configuration (src/sagemaker/image_uri_config/*.json at the SDK tag named below).
//
//   node scripts/build-image-table.mjs [CONFIG_DIR] [--check]
//
// CONFIG_DIR defaults to ../shared/reference/sagemaker-image-uri-config (relative to the
// project root). With --check nothing is written: the script exits 1 when the committed table
// differs from what it would write.
//
// The table keeps every field that sagemaker.image_uris.retrieve() reads, in the source's key
// order (error messages list choices in that order), and only changes two things:
//   * each version's "registries" map (region -> ECR account) is replaced by an index into a
//     shared, de-duplicated "registries" list;
//   * instance_gpu_info.json is left out: retrieve() never reads it.
// No dependencies: node >= 18.

import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK_TAG = 'v2.257.6';
const SDK_REPO = 'https://github.com/aws/sagemaker-python-sdk';
const SKIPPED = new Map([['instance_gpu_info', 'not read by image_uris.retrieve()']]);

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const positional = args.filter((a) => !a.startsWith('--'));
const configDir = resolve(projectRoot, positional[0] ?? '../shared/reference/sagemaker-image-uri-config');
const outFile = join(projectRoot, 'src', 'core', 'images', 'imageTable.json');

// ---------------------------------------------------------------------------------------------
// An order-preserving JSON reader. JSON.parse moves integer-like keys ("1", "2") to the front
// of an object; the SDK iterates Python dicts in file order, so the order is checked below.

/** @typedef {{ type: 'object', entries: [string, Node][] } | { type: 'array', items: Node[] } | { type: 'scalar', value: unknown }} Node */

function parseOrdered(text, file) {
  let i = 0;
  const fail = (msg) => {
    throw new Error(`${file}: ${msg} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const str = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i));
  };
  /** @returns {Node} */
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { type: 'object', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        if (entries.some(([k]) => k === key)) fail(`duplicate key ${JSON.stringify(key)}`);
        entries.push([key, value()]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { type: 'object', entries };
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { type: 'array', items };
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return { type: 'scalar', value: str() };
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail('unexpected character');
    i += m[0].length;
    return { type: 'scalar', value: JSON.parse(m[0]) };
  };
  const root = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return root;
}

// ---------------------------------------------------------------------------------------------

if (!existsSync(configDir)) {
  console.error(`build-image-table: no such directory: ${configDir}`);
  process.exit(2);
}

const files = readdirSync(configDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** Shared region -> account maps, keyed by their exact (ordered) serialisation. */
const registryIndex = new Map();
const registries = [];
let registryRefs = 0;

function toPlain(node, path) {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map((n, k) => toPlain(n, `${path}[${k}]`));
    case 'object': {
      const out = {};
      for (const [key, child] of node.entries) {
        if (key === 'registries' && child.type === 'object') {
          const map = toPlain(child, `${path}.registries`);
          const serial = JSON.stringify(map);
          let index = registryIndex.get(serial);
          if (index === undefined) {
            index = registries.length;
            registries.push(map);
            registryIndex.set(serial, index);
          }
          registryRefs++;
          out[key] = index;
        } else {
          out[key] = toPlain(child, `${path}.${key}`);
        }
      }
      const sourceOrder = node.entries.map(([k]) => k).join('\u0000');
      const jsOrder = Object.keys(JSON.parse(JSON.stringify(out))).join('\u0000');
      if (sourceOrder !== jsOrder) {
        throw new Error(
          `${path}: key order would change when read back with JSON.parse (integer-like keys); ` +
            'the table format needs an ordered encoding for this object',
        );
      }
      return out;
    }
    default:
      throw new Error(`${path}: unknown node`);
  }
}

const frameworks = {};
const skipped = [];
let sourceBytes = 0;
for (const file of files) {
  const name = basename(file, '.json');
  const text = readFileSync(join(configDir, file), 'utf8');
  sourceBytes += Buffer.byteLength(text);
  if (SKIPPED.has(name)) {
    skipped.push(`${file} (${SKIPPED.get(name)})`);
    continue;
  }
  frameworks[name] = toPlain(parseOrdered(text, file), name);
}

let upstreamNotice = '';
const noticePath = join(configDir, '..', 'NOTICE');
if (existsSync(noticePath)) upstreamNotice = readFileSync(noticePath, 'utf8').trim();

const header = {
  source: `${SDK_REPO} (tag ${SDK_TAG}), src/sagemaker/image_uri_config/*.json`,
  sdkTag: SDK_TAG,
  license: 'Apache-2.0',
  copyright: 'Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.',
  notice: [
    'This table is derived from the image URI configuration of the Amazon SageMaker Python SDK',
    `(${SDK_REPO}), tag ${SDK_TAG}, files src/sagemaker/image_uri_config/*.json.`,
    'Amazon SageMaker Python SDK. Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.',
    'Licensed under the Apache License, Version 2.0: http://www.apache.org/licenses/LICENSE-2.0',
    'Changes: reformatted as one minified file; repeated region-to-account "registries" maps',
    'replaced by indexes into the shared "registries" list; instance_gpu_info.json omitted.',
    ...(upstreamNotice ? ['Upstream NOTICE:', ...upstreamNotice.split(/\r?\n/)] : []),
  ],
  generatedBy: 'scripts/build-image-table.mjs',
  format:
    'frameworks[name] is the SDK config file <name>.json; every "registries" value is an index into registries[].',
  skipped,
};

const table = { header, registries, frameworks };
const output = JSON.stringify(table) + '\n';

if (check) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== output) {
    console.error(`build-image-table: ${outFile} is out of date; run: node scripts/build-image-table.mjs`);
    process.exit(1);
  }
  console.log('build-image-table: up to date');
} else {
  writeFileSync(outFile, output);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `build-image-table: ${Object.keys(frameworks).length} frameworks, ` +
      `${registries.length} distinct registries maps (${registryRefs} references); ` +
      `${kb(sourceBytes)} of source JSON -> ${kb(Buffer.byteLength(output))} written to ${outFile}`,
  );
}
