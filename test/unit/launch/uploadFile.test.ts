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

/** An S3Api whose PutObject keeps a copy of each body it was given (as the bytes stood when the request was made). */
function recordingS3(fail?: (key: string) => boolean): { s3: S3Api; bodies: Map<string, Buffer> } {
  const bodies = new Map<string, Buffer>();
  const s3 = {
    putObject: async (input: { Key?: string; Body?: unknown }) => {
      bodies.set(input.Key!, Buffer.from(input.Body as Buffer));
      if (fail?.(input.Key!)) throw new Error(`refused ${input.Key}`);
      return {};
    },
  } as unknown as S3Api;
  return { s3, bodies };
}

test('files read one after another into reused buffers each send exactly their own bytes, the big ones first or last', async () => {
  const dir = tempDir('upload-file-reuse-');
  const sizes = [300_000, 10, 0, 299_999, 1, 300_001, 5];
  const contents = sizes.map((size, i) => Buffer.alloc(size, i + 1));
  contents.forEach((bytes, i) => fs.writeFileSync(path.join(dir, `f${i}`), bytes));
  const { s3, bodies } = recordingS3();
  const registry = new UploadRegistry(s3);
  for (let i = 0; i < sizes.length; i++) {
    await registry.uploadFile({ bucket: 'b', key: `k${i}`, path: path.join(dir, `f${i}`), size: sizes[i]! });
  }
  contents.forEach((bytes, i) => assert.ok(bodies.get(`k${i}`)!.equals(bytes), `k${i}: ${bodies.get(`k${i}`)!.length} bytes sent for ${bytes.length}`));
});

test('a file that shrank or grew since planning is refused with its size now, also when a buffer is reused', async () => {
  const dir = tempDir('upload-file-resized-');
  const { s3, bodies } = recordingS3();
  const registry = new UploadRegistry(s3);
  fs.writeFileSync(path.join(dir, 'first'), Buffer.alloc(1000, 7));
  await registry.uploadFile({ bucket: 'b', key: 'first', path: path.join(dir, 'first'), size: 1000 });
  const shrunk = path.join(dir, 'shrunk');
  fs.writeFileSync(shrunk, Buffer.alloc(10));
  await assert.rejects(registry.uploadFile({ bucket: 'b', key: 'shrunk', path: shrunk, size: 20 }),
    (error: Error) => error.message.startsWith(`${shrunk} changed while it was being uploaded: it had 20 bytes when the upload was planned and has 10 now.`));
  const grown = path.join(dir, 'grown');
  fs.writeFileSync(grown, Buffer.alloc(5000));
  await assert.rejects(registry.uploadFile({ bucket: 'b', key: 'grown', path: grown, size: 900 }),
    (error: Error) => error.message.startsWith(`${grown} changed while it was being uploaded: it had 900 bytes when the upload was planned and has 5000 now.`));
  assert.deepEqual([...bodies.keys()], ['first']);
});

test('a buffer whose PutObject failed is not read into again', async () => {
  const dir = tempDir('upload-file-failed-');
  const { s3, bodies } = recordingS3(key => key === 'bad');
  const registry = new UploadRegistry(s3);
  fs.writeFileSync(path.join(dir, 'bad'), Buffer.alloc(100, 1));
  fs.writeFileSync(path.join(dir, 'next'), Buffer.alloc(100, 2));
  const kept: Buffer[] = [];
  const putObject = (s3 as unknown as { putObject: (input: { Key?: string; Body?: unknown }) => Promise<unknown> }).putObject;
  (s3 as unknown as { putObject: typeof putObject }).putObject = async input => {
    kept.push(input.Body as Buffer);
    return putObject(input);
  };
  await assert.rejects(registry.uploadFile({ bucket: 'b', key: 'bad', path: path.join(dir, 'bad'), size: 100 }), /refused bad/);
  await registry.uploadFile({ bucket: 'b', key: 'next', path: path.join(dir, 'next'), size: 100 });
  assert.ok(kept[0]!.equals(Buffer.alloc(100, 1)), 'the failed request\'s bytes stay as they were sent');
  assert.ok(bodies.get('next')!.equals(Buffer.alloc(100, 2)));
});
