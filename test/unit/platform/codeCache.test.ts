import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { requireWithCodeCache, type CodeCacheUse } from '../../../src/platform/codeCache';
import { tempDir } from '../tempDir';

/** A CommonJS bundle that reports how it was loaded and what it can reach, as dist/validation.js would. */
function writeBundle(dir: string, name: string, body = ''): string {
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(path.join(dir, 'sibling.js'), 'module.exports = { sibling: true };\n');
  fs.writeFileSync(file, `'use strict';
${body}
exports.filename = __filename;
exports.dirname = __dirname;
exports.sibling = require('./sibling.js').sibling;
exports.isModule = module.exports === exports;
exports.square = n => n * n;
`);
  return file;
}

/**
 * Loads the bundle in a new Node process, as a new extension host would: within one process V8 keeps what it compiled
 * and never reads the cache again. Returns what became of the cache and whether the bundle works.
 */
function loadInNewProcess(file: string, cacheDir: string, { save = false } = {}): { cache: CodeCacheUse; square: number } {
  const script = `const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/platform/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
const square = loaded.exports.square(6);
if (${save}) loaded.save();
process.stdout.write(JSON.stringify({ cache: loaded.cache, square }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { cache: CodeCacheUse; square: number };
}

/** Node's module cache holds each loaded bundle, as require() would: the tests load each file once, from fresh folders. */
function forget(file: string): void {
  delete require.cache[file];
}

test('a bundle loads as require() would, with its own __filename, __dirname and require', () => {
  const dir = tempDir('sagemaker-codecache-');
  const file = writeBundle(dir, 'validation');
  const loaded = requireWithCodeCache(file, path.join(dir, 'cache'));
  const exports = loaded.exports as Record<string, unknown>;
  assert.equal(exports.filename, file);
  assert.equal(exports.dirname, dir);
  assert.equal(exports.sibling, true);
  assert.equal(exports.isModule, true);
  assert.equal((exports.square as (n: number) => number)(7), 49);
  assert.equal(loaded.cache, 'absent');
  forget(file);
});

test('the cache written after the first use is accepted by the next load of the same bundle', () => {
  const dir = tempDir('sagemaker-codecache-');
  const cacheDir = path.join(dir, 'cache');
  const file = writeBundle(dir, 'validation');
  const first = requireWithCodeCache(file, cacheDir);
  (first.exports as { square: (n: number) => number }).square(3);
  const written = first.save();
  assert.ok(written && fs.existsSync(written), 'the cache file is written');
  assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(written)], 'no partial file is left');
  forget(file);
  assert.deepEqual(loadInNewProcess(file, cacheDir, { save: true }), { cache: 'accepted', square: 36 });
  assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(written)], 'an accepted cache is not written again');
});

test('a rebuilt bundle of the same length never meets the old cache, and the old cache goes when the new one is written', () => {
  const dir = tempDir('sagemaker-codecache-');
  const cacheDir = path.join(dir, 'cache');
  // V8 checks a cache's source by its length only: the two builds differ in one character.
  const file = writeBundle(dir, 'validation', 'exports.build = 1;');
  const old = requireWithCodeCache(file, cacheDir);
  const oldCache = old.save();
  forget(file);
  writeBundle(dir, 'validation', 'exports.build = 2;');
  const rebuilt = requireWithCodeCache(file, cacheDir);
  assert.equal(rebuilt.cache, 'absent');
  assert.equal((rebuilt.exports as { build: number }).build, 2);
  const newCache = rebuilt.save();
  assert.equal(fs.statSync(newCache!).size > 0, true);
  assert.notEqual(newCache, oldCache);
  assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(newCache!)]);
  forget(file);
});

test('a damaged cache is rejected by V8: the bundle still loads, and saving replaces the cache', () => {
  const dir = tempDir('sagemaker-codecache-');
  const cacheDir = path.join(dir, 'cache');
  const file = writeBundle(dir, 'validation');
  const cacheFile = requireWithCodeCache(file, cacheDir).save()!;
  forget(file);
  const damaged = fs.readFileSync(cacheFile);
  damaged.fill(0x5a, 0, 64);
  fs.writeFileSync(cacheFile, damaged);
  assert.deepEqual(loadInNewProcess(file, cacheDir, { save: true }), { cache: 'rejected', square: 36 });
  assert.deepEqual(loadInNewProcess(file, cacheDir), { cache: 'accepted', square: 36 });
});

test('without a folder the bundle loads and nothing is written', () => {
  const dir = tempDir('sagemaker-codecache-');
  const file = writeBundle(dir, 'core');
  const loaded = requireWithCodeCache(file, undefined);
  assert.equal(loaded.cache, 'unavailable');
  assert.equal(loaded.save(), undefined);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['core.js', 'sibling.js']);
  forget(file);
});

test('a bundle already loaded (by require() or another copy of the loader) is the same module, not a second one', () => {
  const dir = tempDir('sagemaker-codecache-');
  const file = writeBundle(dir, 'validation');
  const first = requireWithCodeCache(file, path.join(dir, 'cache'));
  const again = requireWithCodeCache(file, path.join(dir, 'cache'));
  assert.equal(again.cache, 'loaded-before');
  assert.equal(again.exports, first.exports);
  assert.equal(require(file), first.exports);
  forget(file);
});

test('a bundle that throws while loading is not left in the module cache', () => {
  const dir = tempDir('sagemaker-codecache-');
  const file = writeBundle(dir, 'validation', 'throw new Error("broken build");');
  assert.throws(() => requireWithCodeCache(file, path.join(dir, 'cache')), /broken build/);
  assert.equal(require.cache[file], undefined);
});
