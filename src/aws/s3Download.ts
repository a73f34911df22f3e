/**
 * Local mode's S3 inputs: an S3 prefix (or object) downloaded into a channel folder the way the SDK's local
 * mode does it (`download_folder`): an object named exactly by the URI lands under its own name, every object
 * under the prefix at its key minus the prefix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { S3Api } from './clients/s3';

function parse(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(uri);
  if (!m) throw new Error(`Expecting an s3:// URI, got: ${uri}`);
  return { bucket: m[1], key: m[2] };
}

async function download(s3: S3Api, bucket: string, key: string, file: string): Promise<void> {
  const out = await s3.getObject({ Bucket: bucket, Key: key });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await pipeline(out.Body as Readable, fs.createWriteStream(file));
}

/** Downloads `uri` into `destDir`; rejects when nothing is there. */
export async function downloadS3Uri(s3: S3Api, uri: string, destDir: string): Promise<void> {
  const { bucket, key } = parse(uri);
  const prefix = key.replace(/^\/+/, '');
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.listObjectsV2({ Bucket: bucket, Prefix: prefix, ContinuationToken: token });
    for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (keys.length === 0) throw new Error(`No objects at ${uri}.`);
  const root = path.resolve(destDir);
  for (const k of keys) {
    const relative = k === prefix ? path.posix.basename(k) : k.slice(prefix.length).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (!relative || (file !== root && !file.startsWith(root + path.sep))) continue; // keys that would leave the folder
    await download(s3, bucket, k, file);
  }
}
