import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { tempDir } from '../unit/tempDir';
import { ACCOUNT, cli, injectFaults, REGION, resetAll, startMotoCli, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

const DEFAULT_BUCKET = `sagemaker-${REGION}-${ACCOUNT}`;
/** Above lib-storage's 5 MB part size: three parts. */
const MULTIPART_BYTES = 12 * 1024 * 1024;

async function keys(bucket: string): Promise<string[]> {
  const listed = await moto.clients.s3().client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map(o => o.Key!).sort();
}

async function multipartUploads(bucket: string): Promise<number> {
  return ((await moto.clients.s3().client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).length;
}

async function proxyHeld(): Promise<number> {
  return ((await (await fetch(`${moto.proxyUrl}/__proxy/held`)).json()) as { held: number }).held;
}

function dataFolder(prefix: string, bigBytes = 0): string {
  const dir = tempDir(prefix);
  fs.writeFileSync(path.join(dir, 'train.csv'), '1,2,3\n');
  fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'nested', 'labels.txt'), 'cat\ndog\n');
  fs.writeFileSync(path.join(dir, 'nested', 'deeper', 'x.bin'), Buffer.from([0, 1, 2]));
  if (bigBytes > 0) fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(bigBytes, 7));
  return dir;
}

test('upload-data of a folder: the default bucket is made, the files go under data/<relative path>, the URI is the prefix', async () => {
  const dir = dataFolder('upload-folder-');
  const { code, stdout, stderr } = await cli(['upload-data', dir]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, `s3://${DEFAULT_BUCKET}/data\n`);
  assert.deepEqual(await keys(DEFAULT_BUCKET), ['data/nested/deeper/x.bin', 'data/nested/labels.txt', 'data/train.csv']);
  assert.match(stderr, /Created the bucket sagemaker-us-east-1-\d{12}\./);
  assert.match(stderr, /Uploaded 3 files/);
});

test('upload-data of a file with --bucket and --key-prefix: <prefix>/<file name>, and the URI names that object', async () => {
  const dir = dataFolder('upload-file-');
  await moto.clients.s3().createBucket({ Bucket: 'my-data' });
  const { code, stdout, stderr } = await cli(['upload-data', path.join(dir, 'nested', 'labels.txt'), '--bucket', 'my-data', '--key-prefix', 'sets/pets/', '--json']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { S3Uri: 's3://my-data/sets/pets/labels.txt', Bucket: 'my-data', Files: 1, Bytes: 8 });
  assert.deepEqual(await keys('my-data'), ['sets/pets/labels.txt']);
});

test('upload-data of a file larger than a part uploads it in parts (a multipart ETag) with progress on stderr', async () => {
  const dir = tempDir('upload-big-');
  const file = path.join(dir, 'big.bin');
  fs.writeFileSync(file, Buffer.alloc(MULTIPART_BYTES, 7));
  const { code, stdout, stderr } = await cli(['upload-data', file]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, `s3://${DEFAULT_BUCKET}/data/big.bin\n`);
  const head = await moto.clients.s3().client.send(new HeadObjectCommand({ Bucket: DEFAULT_BUCKET, Key: 'data/big.bin' }));
  assert.equal(head.ContentLength, MULTIPART_BYTES);
  assert.match(head.ETag ?? '', /-3"$/, 'three parts');
  assert.match(stderr, /Uploading 0\/1 file, 0\.0\/12\.6 MB/);
  assert.equal(await multipartUploads(DEFAULT_BUCKET), 0);
});

test('Ctrl-C during upload-data aborts the multipart upload in flight, says which files were uploaded and exits 130', async () => {
  const dir = dataFolder('upload-cancel-', MULTIPART_BYTES);
  // The big file's second part is held by the proxy: the upload is mid-way, deterministically, when Ctrl-C comes.
  await injectFaults([{ operation: `PUT /${DEFAULT_BUCKET}`, urlIncludes: 'partNumber=2', kind: 'hold', times: 1 }]);
  let interrupt: (() => void) | undefined;
  const running = cli(['upload-data', dir], { onInterrupt: handler => { interrupt = handler; return () => { interrupt = undefined; }; } });
  await until(async () => interrupt !== undefined && (await proxyHeld()) === 1
    && (await keys(DEFAULT_BUCKET).catch(() => [])).length === 3);
  assert.equal(await multipartUploads(DEFAULT_BUCKET), 1, 'the big file is mid-way');
  interrupt!();
  // The held part now reaches moto, after the cancel: the cancel must still leave no multipart upload behind.
  await fetch(`${moto.proxyUrl}/__proxy/release`, { method: 'POST' });
  const { code, stdout, stderr } = await running;
  assert.equal(code, 130, stderr);
  assert.equal(stdout, '');
  await assertCancelReport(stderr, 'big.bin', ['big.bin', 'nested/deeper/x.bin', 'nested/labels.txt', 'train.csv']);
  assert.equal(await multipartUploads(DEFAULT_BUCKET), 0);
  assert.deepEqual(await keys(DEFAULT_BUCKET), ['data/nested/deeper/x.bin', 'data/nested/labels.txt', 'data/train.csv']);
});

test('Ctrl-C while a small file is on the wire (one PutObject) aborts it without waiting for it and names it as not uploaded', async () => {
  const dir = dataFolder('upload-cancel-put-');
  await injectFaults([{ operation: `PUT /${DEFAULT_BUCKET}`, urlIncludes: 'labels.txt', kind: 'hold', times: 1 }]);
  let interrupt: (() => void) | undefined;
  const running = cli(['upload-data', dir], { onInterrupt: handler => { interrupt = handler; return () => { interrupt = undefined; }; } });
  try {
    await until(async () => interrupt !== undefined && (await proxyHeld()) === 1
      && (await keys(DEFAULT_BUCKET).catch(() => [])).length === 2);
    let ended = false;
    void running.then(() => { ended = true; });
    interrupt!();
    // The request is still held by the proxy: the command ends because the cancel aborted it, not because it returned.
    await until(async () => ended, 30_000);
    const { code, stdout, stderr } = await running;
    assert.equal(code, 130, stderr);
    assert.equal(stdout, '');
    await assertCancelReport(stderr, 'nested/labels.txt', ['nested/deeper/x.bin', 'nested/labels.txt', 'train.csv']);
  } finally {
    await fetch(`${moto.proxyUrl}/__proxy/release`, { method: 'POST' });
  }
});

test('upload-data refuses what it cannot upload: a missing path, an empty folder, a bucket URI instead of a name', async () => {
  const missing = await cli(['upload-data', '/no/such/data']);
  assert.equal(missing.code, 1);
  // Said alone: no "Preparing the uploads" before it.
  assert.equal(missing.stderr, 'sagemaker-estimator: /no/such/data does not exist: give the path of a file or folder of data.\n');
  const empty = await cli(['upload-data', tempDir('upload-empty-')]);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /holds no files: nothing to upload/);
  const uri = await cli(['upload-data', '.', '--bucket', 's3://my-data']);
  assert.equal(uri.code, 2);
  assert.match(uri.stderr, /--bucket "s3:\/\/my-data" is not an S3 bucket name/);
});

test('help upload-data says what it does', async () => {
  const { code, stdout } = await cli(['help', 'upload-data']);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: sagemaker-estimator upload-data <path> \[--bucket B\] \[--key-prefix P\]/);
  assert.match(stdout, /sagemaker_session\.upload_data/);
});

/**
 * The cancel's report: `held` (on the wire when the cancel came) is named as not uploaded, each file once, and what it
 * names as uploaded is in S3. The files already in S3 may be named as not uploaded too: the cancel can come before the
 * command has read their replies (a moment the machine's load decides), and then the command cannot know.
 */
async function assertCancelReport(stderr: string, held: string, files: string[]): Promise<void> {
  const report = /Upload cancelled\. Uploaded completely to s3:\/\/sagemaker-us-east-1-\d{12}\/data: \d+ files? \(([^)]*)\); not uploaded: \d+ \(([^)]*)\); no partial \(multipart\) upload is left in S3\./.exec(stderr);
  assert.ok(report, stderr);
  const [uploaded, notUploaded] = [report[1]!, report[2]!].map(list => (list === 'none' ? [] : list.split(', '))) as [string[], string[]];
  assert.ok(notUploaded.includes(held), stderr);
  assert.deepEqual([...uploaded, ...notUploaded].sort(), files);
  const inS3 = await keys(DEFAULT_BUCKET);
  for (const file of uploaded) assert.ok(inS3.includes(`data/${file}`), `${file} is named as uploaded: it is in S3`);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
