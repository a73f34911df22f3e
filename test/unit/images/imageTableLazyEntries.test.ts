// The bundles carry the image URI table with its frameworks and registry lists parsed one at a time, on first read
// (scripts/jsonModules.mjs): the table a bundle sees must be the table itself, entry for entry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import test from 'node:test';

interface LazyTableCheck {
  sameAsParsed: boolean;
  frameworks: number;
  registries: number;
  parsedBeforeAnyRead: number;
  parsedAfterReadingOne: string[];
  readTwiceSameObject: boolean;
}

/** Evaluates the module the bundles get for imageTable.json, in a child Node (the script is an ES module). */
function checkLazyTable(): LazyTableCheck {
  const script = `
    import { readFileSync } from 'node:fs';
    import { LAZY_ENTRIES, lazyEntriesModule } from './scripts/jsonModules.mjs';
    const path = 'src/core/images/imageTable.json';
    const json = readFileSync(path, 'utf8');
    const [, members] = [...LAZY_ENTRIES].find(([ending]) => ending.endsWith('imageTable.json'));
    const module = { exports: {} };
    new Function('module', lazyEntriesModule(json, members))(module);
    const table = module.exports;
    const parsed = (target) => Object.keys(target).filter(key => !Object.getOwnPropertyDescriptor(target, key).get);
    const parsedBeforeAnyRead = parsed(table.frameworks).length + parsed(table.registries).length;
    const pca = table.frameworks.pca;
    const check = {
      frameworks: Object.keys(table.frameworks).length, registries: table.registries.length, parsedBeforeAnyRead,
      parsedAfterReadingOne: parsed(table.frameworks), readTwiceSameObject: table.frameworks.pca === pca,
      sameAsParsed: JSON.stringify(table) === JSON.stringify(JSON.parse(json)),
    };
    process.stdout.write(JSON.stringify(check));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' })) as LazyTableCheck;
}

test('the bundled image table parses a framework or registry list only when read, and is the whole table', () => {
  const check = checkLazyTable();
  assert.ok(check.frameworks > 50 && check.registries > 40, JSON.stringify(check));
  assert.equal(check.parsedBeforeAnyRead, 0);
  assert.deepEqual(check.parsedAfterReadingOne, ['pca']);
  assert.equal(check.readTwiceSameObject, true);
  assert.equal(check.sameAsParsed, true, 'every entry, read, equals the JSON file\'s');
});
