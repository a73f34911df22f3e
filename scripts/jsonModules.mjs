// The JSON tables the bundles carry (the image URI table, the API constraints, the built-in algorithms) as
// `JSON.parse('…')` instead of an object literal: V8 scans JSON text about twice as fast as the same literal in
// JavaScript (measured loading the 112 KB image table: 12.6 -> 5.4 ms CPU), and these tables are loaded on the way to
// an open estimator's first diagnostics and in every CLI `plan`.
//
// The image URI table goes further: its frameworks and shared registry lists are parsed one at a time, when first
// read. A validation reads one framework and one registry list of the table's ~70 and ~60 (loading the whole table
// took 5.7 ms of the 116 KB's; one entry, a tenth of a millisecond).
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';

/** Smaller tables stay literals: for them the difference is below a measurement's noise. */
const MIN_BYTES = 8 * 1024;

/** Tables (by path ending) whose named top-level members, objects or arrays, are parsed entry by entry on first read. */
export const LAZY_ENTRIES = new Map([[`${sep}src${sep}core${sep}images${sep}imageTable.json`, ['frameworks', 'registries']]]);

/**
 * Each entry of `target` (an empty object or array) reads as the parsed JSON text it stands for: parsed on the first
 * read, then an ordinary property. Keys, `in`, length and iteration behave as on the parsed table.
 */
const LAZY_ENTRIES_RUNTIME = `function lazyEntries(target, texts) {
  for (const key of Object.keys(texts)) {
    Object.defineProperty(target, key, { configurable: true, enumerable: true, get() {
      const value = JSON.parse(texts[key]);
      Object.defineProperty(target, key, { value, configurable: true, enumerable: true, writable: true });
      return value;
    } });
  }
  return target;
}`;

/** A module whose `members` of the table are entries parsed on first read, the rest parsed at once. */
export function lazyEntriesModule(json, members) {
  const table = JSON.parse(json);
  const expression = value => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
  const parts = Object.entries(table).map(([key, value]) => {
    if (!members.includes(key) || typeof value !== 'object' || value === null) return `${JSON.stringify(key)}: ${expression(value)}`;
    const texts = Array.isArray(value) ? value.map(entry => JSON.stringify(entry)) : Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, JSON.stringify(entry)]));
    return `${JSON.stringify(key)}: lazyEntries(${Array.isArray(value) ? `new Array(${value.length})` : '{}'}, ${JSON.stringify(texts)})`;
  });
  return `${LAZY_ENTRIES_RUNTIME}\nmodule.exports = {\n${parts.join(',\n')}\n};\n`;
}

/** JSON text as a JavaScript expression that parses it when evaluated; undefined when it is too small to matter. */
export function jsonParseExpression(json) {
  const text = JSON.stringify(JSON.parse(json));
  return text.length < MIN_BYTES ? undefined : `JSON.parse(${JSON.stringify(text)})`;
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
        return expression === undefined ? undefined : { loader: 'js', contents: `module.exports = ${expression};\n` };
      });
    },
  };
}
