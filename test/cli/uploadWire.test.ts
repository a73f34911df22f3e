/**
 * What an upload puts on the wire, as the proxy in front of moto saw it: every object and every part is a plain body
 * of its bytes (no aws-chunked encoding with a trailing checksum, which an emulator decodes in Python and real S3 gets
 * no more integrity from), its CRC32 in the x-amz-checksum-crc32 header (stored with the object, as the AWS CLI's is),
 * and its SHA-256 signed (x-amz-content-sha256 of exactly the bytes sent). The uploads bench relies on this shape to
 * cost the emulator no more per byte than `aws s3 cp`, which sends the same.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { MIN_PART_SIZE } from '../../src/aws/uploads';
import { tempDir } from '../unit/tempDir';
import { ACCOUNT, cli, REGION, resetAll, startMotoCli, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

const DEFAULT_BUCKET = `sagemaker-${REGION}-${ACCOUNT}`;

interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyBytes: number;
  bodySha256: string;
}

/** The CRC32 of `bytes` as S3 writes it in x-amz-checksum-crc32: the big-endian 4 bytes in base64. */
function crc32Header(bytes: Buffer): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(bytes));
  return value.toString('base64');
}

/** Deterministic bytes that do not repeat within a part (so that a part sent in the wrong place would not match). */
function patterned(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

test('upload-data sends each object and each part as a plain body with its CRC32 in a header and its SHA-256 signed', async () => {
  const dir = tempDir('upload-wire-');
  const small = patterned(300_000, 1);
  const big = patterned(2 * MIN_PART_SIZE + 1_000_000, 2);
  fs.writeFileSync(path.join(dir, 'small.bin'), small);
  fs.writeFileSync(path.join(dir, 'big.bin'), big);
  const { code, stderr } = await cli(['upload-data', dir]);
  assert.equal(code, 0, stderr);

  const recorded = await (await fetch(`${moto.proxyUrl}/__proxy/requests?operation=${encodeURIComponent(`PUT /${DEFAULT_BUCKET}`)}`)).json() as RecordedRequest[];
  const withBody = recorded.filter(r => r.bodyBytes > 0);
  // What each body should be: the small file whole, the big one in three parts of MIN_PART_SIZE (the last shorter).
  const expected = new Map<string, Buffer>([
    ['small.bin', small],
    ['big.bin#1', big.subarray(0, MIN_PART_SIZE)],
    ['big.bin#2', big.subarray(MIN_PART_SIZE, 2 * MIN_PART_SIZE)],
    ['big.bin#3', big.subarray(2 * MIN_PART_SIZE)],
  ]);
  const seen = withBody.map(r => {
    const url = new URL(r.path, 'http://proxy');
    const part = url.searchParams.get('partNumber');
    return { r, name: `${path.posix.basename(url.pathname)}${part ? `#${part}` : ''}` };
  });
  assert.deepEqual(seen.map(s => s.name).sort(), [...expected.keys()].sort());
  for (const { r, name } of seen) {
    const bytes = expected.get(name)!;
    const h = r.headers;
    assert.equal(h['content-encoding'], undefined, `${name}: no content-encoding (aws-chunked)`);
    assert.equal(h['x-amz-trailer'], undefined, `${name}: no trailing checksum`);
    assert.equal(h['x-amz-decoded-content-length'], undefined, `${name}: no chunked-payload length`);
    assert.equal(h['transfer-encoding'], undefined, `${name}: a body of known length`);
    assert.equal(r.bodyBytes, bytes.length, `${name}: the bytes sent`);
    assert.equal(Number(h['content-length']), bytes.length, `${name}: Content-Length`);
    assert.equal(h['x-amz-content-sha256'], createHash('sha256').update(bytes).digest('hex'), `${name}: the signed payload hash is the content's`);
    assert.equal(r.bodySha256, h['x-amz-content-sha256'], `${name}: the body that arrived is the one signed`);
    assert.equal(h['x-amz-sdk-checksum-algorithm'], 'CRC32', `${name}: the checksum's algorithm`);
    assert.equal(h['x-amz-checksum-crc32'], crc32Header(bytes), `${name}: the CRC32 header is the content's`);
  }
});
