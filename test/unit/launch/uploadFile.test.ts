/**
 * A file of one part goes in one PutObject of its bytes read whole (UploadRegistry.uploadFile); what it refuses
 * is checked before any request: the client here points at a port nothing listens on, and is never reached.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Api } from '../../../src/aws/clients/s3';
import { UploadRegistry } from '../../../src/aws/uploads';
import { tempDir } from '../tempDir';

function unreachableS3(): S3Api {
  return new S3Api(new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
}

test('a file that changed size since the upload was planned is refused by name, before any request', async () => {
  const file = path.join(tempDir('upload-file-changed-'), 'grown.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n');
  const s3 = unreachableS3();
  try {
    await assert.rejects(new UploadRegistry(s3).uploadFile({ bucket: 'b', key: 'k', path: file, size: 4 }),
      (error: Error) => error.message === `${file} changed while it was being uploaded: it had 4 bytes when the upload was planned and has 8 now. Try again once it no longer changes.`);
  } finally {
    s3.client.destroy();
  }
});

test('after abortAll a file upload starts nothing and rejects with an AbortError', async () => {
  const file = path.join(tempDir('upload-file-aborted-'), 'x.bin');
  fs.writeFileSync(file, Buffer.alloc(10));
  const s3 = unreachableS3();
  try {
    const registry = new UploadRegistry(s3);
    registry.abortAll();
    await assert.rejects(registry.uploadFile({ bucket: 'b', key: 'k', path: file, size: 10 }), { name: 'AbortError' });
  } finally {
    s3.client.destroy();
  }
});

test('a vanished file fails with its ENOENT (which names it), before any request', async () => {
  const file = path.join(tempDir('upload-file-gone-'), 'gone.bin');
  const s3 = unreachableS3();
  try {
    await assert.rejects(new UploadRegistry(s3).uploadFile({ bucket: 'b', key: 'k', path: file, size: 10 }),
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT' && error.message.includes(file));
  } finally {
    s3.client.destroy();
  }
});
