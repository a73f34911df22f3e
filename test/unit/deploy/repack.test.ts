import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeFolderOf } from '../../../src/aws/repack';

test('repack refuses a model archive whose "code" is a symbolic link (the code would be extracted through it)', { skip: process.platform === 'win32' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-repack-'));
  try {
    fs.symlinkSync('/etc', path.join(dir, 'code'));
    await assert.rejects(codeFolderOf(dir, 's3://b/model.tar.gz'), /s3:\/\/b\/model\.tar\.gz holds a "code" entry that is a symbolic link/);
    fs.unlinkSync(path.join(dir, 'code'));
    assert.equal(await codeFolderOf(dir, 's3://b/model.tar.gz'), path.join(dir, 'code'));
    assert.ok(fs.statSync(path.join(dir, 'code')).isDirectory());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
