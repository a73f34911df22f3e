import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { totalBytes, walkLocalFiles } from '../../../src/core/launch/localFiles';
import { tempDir } from '../tempDir';

function tree(): string {
  const dir = tempDir('walk-');
  fs.mkdirSync(path.join(dir, 'b/c'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.writeFileSync(path.join(dir, 'a.csv'), '12345');
  fs.writeFileSync(path.join(dir, 'b/x.csv'), 'xx');
  fs.writeFileSync(path.join(dir, 'b/c/y.csv'), '');
  fs.writeFileSync(path.join(dir, 'B.csv'), 'B');
  return dir;
}

test('walkLocalFiles lists every file under a folder, sorted, with /-separated relative paths and sizes', async () => {
  const dir = tree();
  const files = await walkLocalFiles(dir);
  assert.deepEqual(files.map(f => [f.relativePath, f.size]), [['B.csv', 1], ['a.csv', 5], ['b/c/y.csv', 0], ['b/x.csv', 2]]);
  assert.equal(files[1]!.absolutePath, path.join(dir, 'a.csv'));
  assert.equal(totalBytes(files), 8);
});

test('walkLocalFiles of a single file gives that file under its name', async () => {
  const dir = tree();
  const files = await walkLocalFiles(path.join(dir, 'a.csv'));
  assert.deepEqual(files, [{ absolutePath: path.join(dir, 'a.csv'), relativePath: 'a.csv', size: 5 }]);
});

test('walkLocalFiles follows links to files and folders, skips dangling links and stops at cycles', { skip: process.platform === 'win32' }, async () => {
  const dir = tree();
  fs.symlinkSync(path.join(dir, 'a.csv'), path.join(dir, 'link.csv'));
  fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'linked-dir'));
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
  fs.symlinkSync(dir, path.join(dir, 'b/c/loop'));
  const names = (await walkLocalFiles(dir)).map(f => f.relativePath);
  assert.deepEqual(names, [
    'B.csv', 'a.csv', 'b/c/y.csv', 'b/x.csv', 'link.csv', 'linked-dir/c/y.csv', 'linked-dir/x.csv',
  ]);
});

test('walkLocalFiles of a missing path rejects', async () => {
  await assert.rejects(walkLocalFiles(path.join(os.tmpdir(), 'no-such-folder-for-walk')), /ENOENT/);
});
