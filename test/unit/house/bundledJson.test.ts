// The bundles carry JSON as the raw text of templates in functions never called, read back through the functions'
// source text (scripts/jsonModules.mjs): what a bundle parses must be the JSON itself, whatever the text holds, also
// after esbuild has minified the module.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import test from 'node:test';

interface HolderCheck {
  roundTrips: boolean[];
  minifiedRoundTrips: boolean[];
  tables: Record<string, { same: boolean; parsedBeforeAnyRead: number }>;
}

/** Evaluates what scripts/jsonModules.mjs makes, in a child Node (the scripts are ES modules). */
function checkHolders(): HolderCheck {
  const script = `
    import { readFileSync } from 'node:fs';
    import * as esbuild from 'esbuild';
    import { JSON_TEXT_RUNTIME, LAZY_ENTRIES, jsonTextHolder, lazyEntriesModule } from './scripts/jsonModules.mjs';
    const awkward = [
      { text: 'a \`backquote\`, \${env:HOME}, $\${x}, a backslash \\\\ and \\\\u0060, quotes "\\'' },
      { text: 'caf\\u00e9 \\u2028 \\u2029 \\ud83d\\ude00 lone \\ud800 end', nested: [1.5, -0, 1e300, null, true, {}] },
      ['*/', '</script>', '\\n\\r\\t', '\\\\\`'],
    ];
    const evaluate = source => { const module = { exports: {} }; new Function('module', source)(module); return module.exports; };
    const moduleOf = value => \`\${JSON_TEXT_RUNTIME}\\nmodule.exports = JSON.parse(jsonText(\${jsonTextHolder(JSON.stringify(value))}));\\n\`;
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const roundTrips = awkward.map(value => same(evaluate(moduleOf(value)), value));
    const minifiedRoundTrips = awkward.map(value => {
      const { code } = esbuild.transformSync(moduleOf(value), { minify: true, format: 'cjs', target: 'node20' });
      return same(evaluate(code), value);
    });
    const tables = {};
    for (const [ending, members] of LAZY_ENTRIES) {
      const json = readFileSync('.' + ending.split(String.fromCharCode(92)).join('/'), 'utf8');
      const table = evaluate(lazyEntriesModule(json, members));
      const lazyTargets = members.map(member => member === '' ? table : member.split('.').reduce((value, key) => value[key], table));
      const parsedBeforeAnyRead = lazyTargets.flatMap(target => Object.keys(target).filter(key => !Object.getOwnPropertyDescriptor(target, key).get)).length;
      tables[ending.split(/[\\\\/]/).pop()] = { parsedBeforeAnyRead, same: same(table, JSON.parse(json)) };
    }
    process.stdout.write(JSON.stringify({ roundTrips, minifiedRoundTrips, tables }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' })) as HolderCheck;
}

test('JSON held as template text parses to the JSON itself: backquotes, ${, backslashes, non-ASCII, minified or not', () => {
  const check = checkHolders();
  assert.deepEqual(check.roundTrips, [true, true, true]);
  assert.deepEqual(check.minifiedRoundTrips, [true, true, true]);
});

test('each table parsed entry by entry is the whole table, and nothing of its lazy members is parsed before a read', () => {
  const { tables } = checkHolders();
  assert.deepEqual(Object.keys(tables).sort(), ['apiConstraints.json', 'builtinAlgorithms.json', 'imageTable.json']);
  for (const [name, table] of Object.entries(tables)) {
    assert.equal(table.same, true, `${name}: every entry, read, equals the JSON file's`);
    assert.equal(table.parsedBeforeAnyRead, 0, name);
  }
});
