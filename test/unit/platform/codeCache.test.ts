// The lazy bundles' V8 code cache (src/platform/codeCache.ts): written after first use, used by the next load, and
// never in the way: a corrupt, foreign or unwritable cache leaves the bundle loading as it would without one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { codeCacheOutcome, codeCacheWritten, loadBundleWithCodeCache, useCodeCacheFolder } from '../../../src/platform/codeCache';
import { tempDir } from '../tempDir';

interface Bundle { answer(): number; expected: number; dirname: string; filename: string; joined: string; self: boolean }

/** A CommonJS bundle whose function is compiled lazily, on first call (as the estimator validator is). */
function writeBundle(folder: string, name: string, answer = 42): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, `'use strict';
const { join } = require('node:path');
function answer() { let total = 0; for (let i = 0; i < ${answer}; i++) total += 1; return total; }
module.exports = { answer, expected: ${answer}, dirname: __dirname, filename: __filename, joined: join('a', 'b'), self: this === exports };
`);
  return file;
}

/** Loads the bundle as a new activation would: not from this process's require cache. */
function loadFresh(file: string): Bundle {
  delete require.cache[file];
  const bundle = loadBundleWithCodeCache(file) as Bundle;
  assert.equal(bundle.answer(), bundle.expected, 'the bundle\'s lazily compiled function runs');
  return bundle;
}

function assertLoadsAsRequireWould(bundle: Bundle, file: string): void {
  assert.deepEqual({ dirname: bundle.dirname, filename: bundle.filename, joined: bundle.joined, self: bundle.self },
    { dirname: path.dirname(file), filename: file, joined: path.join('a', 'b'), self: true });
}

const cacheFiles = (folder: string) => fs.existsSync(folder) ? fs.readdirSync(folder).filter(name => name.endsWith('.cache')) : [];

test('the first load writes a code cache after use, in the given folder; the next load compiles from it', async () => {
  const dist = tempDir('sagemaker-codecache-dist-');
  const folder = path.join(tempDir('sagemaker-codecache-store-'), 'code-cache');
  const file = writeBundle(dist, 'validation.js');
  useCodeCacheFolder(folder);
  const first = loadFresh(file);
  assert.equal(codeCacheOutcome(file), 'none');
  assertLoadsAsRequireWould(first, file);
  assert.equal(require.cache[file]?.exports, first, 'registered in require.cache, so the bundle is evaluated once');
  assert.equal(loadBundleWithCodeCache(file), first, 'a second load in the same process returns the same module');
  await codeCacheWritten(file);
  assert.deepEqual(cacheFiles(folder), [`validation-${fs.statSync(file).size}-${Math.trunc(fs.statSync(file).mtimeMs)}-v8-${process.versions.v8.replace(/[^\w.-]/g, '_')}.cache`]);
  assert.deepEqual(fs.readdirSync(dist), ['validation.js'], 'nothing is written beside the bundle');

  assertLoadsAsRequireWould(loadFresh(file), file);
  assert.equal(codeCacheOutcome(file), 'used');
});

test('a corrupt or truncated cache is ignored: the bundle loads normally and a good cache replaces it', async () => {
  const dist = tempDir('sagemaker-codecache-dist-');
  const folder = tempDir('sagemaker-codecache-store-');
  const file = writeBundle(dist, 'core.js', 7);
  useCodeCacheFolder(folder);
  loadFresh(file);
  await codeCacheWritten(file);
  const [name] = cacheFiles(folder);
  const cacheFile = path.join(folder, name!);
  const good = fs.readFileSync(cacheFile);

  const corrupt = Buffer.from(good);
  for (let i = 40; i < corrupt.length; i += 97) corrupt[i] = corrupt[i]! ^ 0xff;
  for (const damaged of [corrupt, good.subarray(0, good.length >> 1), Buffer.alloc(0), Buffer.from('not a cache')]) {
    fs.writeFileSync(cacheFile, damaged);
    assertLoadsAsRequireWould(loadFresh(file), file);
    assert.equal(codeCacheOutcome(file), 'none');
    await codeCacheWritten(file);
    loadFresh(file);
    assert.equal(codeCacheOutcome(file), 'used');
  }
});

test('a cache V8 refuses (made for other source under the same name) is not used, and is replaced', async () => {
  const dist = tempDir('sagemaker-codecache-dist-');
  const folder = tempDir('sagemaker-codecache-store-');
  const other = writeBundle(dist, 'other.js', 3);
  useCodeCacheFolder(folder);
  loadFresh(other);
  await codeCacheWritten(other);
  const file = writeBundle(dist, 'aws.js', 123456);
  const otherCache = path.join(folder, cacheFiles(folder)[0]!);
  const cacheOfFile = path.join(folder, path.basename(otherCache).replace(/^other-\d+-\d+/, `aws-${fs.statSync(file).size}-${Math.trunc(fs.statSync(file).mtimeMs)}`));
  fs.copyFileSync(otherCache, cacheOfFile);
  assertLoadsAsRequireWould(loadFresh(file), file);
  assert.equal(codeCacheOutcome(file), 'rejected');
  await codeCacheWritten(file);
  loadFresh(file);
  assert.equal(codeCacheOutcome(file), 'used');
});

test('an updated bundle gets a cache of its own name; the old version\'s cache is removed', async () => {
  const dist = tempDir('sagemaker-codecache-dist-');
  const folder = tempDir('sagemaker-codecache-store-');
  const file = writeBundle(dist, 'validation.js', 5);
  useCodeCacheFolder(folder);
  loadFresh(file);
  await codeCacheWritten(file);
  const before = cacheFiles(folder);
  writeBundle(dist, 'validation.js', 5000);
  fs.utimesSync(file, new Date(), new Date(Date.now() + 60_000));
  loadFresh(file);
  assert.equal(codeCacheOutcome(file), 'none', 'the old version\'s cache is not looked at');
  await codeCacheWritten(file);
  const after = cacheFiles(folder);
  assert.equal(after.length, 1);
  assert.notEqual(after[0], before[0]);
});

test('with no cache folder, or one that cannot be written, the bundle loads as without a cache', async () => {
  const dist = tempDir('sagemaker-codecache-dist-');
  useCodeCacheFolder(undefined);
  const file = writeBundle(dist, 'validation.js');
  assertLoadsAsRequireWould(loadFresh(file), file);
  assert.equal(codeCacheOutcome(file), 'off');

  const blocker = path.join(tempDir('sagemaker-codecache-store-'), 'a-file');
  fs.writeFileSync(blocker, '');
  useCodeCacheFolder(path.join(blocker, 'code-cache'));
  assertLoadsAsRequireWould(loadFresh(file), file);
  assert.equal(codeCacheOutcome(file), 'none');
  await codeCacheWritten(file);
  assertLoadsAsRequireWould(loadFresh(file), file);
  useCodeCacheFolder(undefined);
});
