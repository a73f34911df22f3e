/**
 * `Session.upload_data(path, bucket, key_prefix)` of the SageMaker Python SDK v2, as keys and a URI. Pure.
 *
 * - a folder: every file under it at `<key_prefix>/<relative path>`, and the URI `s3://<bucket>/<key_prefix>`;
 * - a file: `<key_prefix>/<file name>`, and the URI of that object itself (so a channel never picks up other
 *   objects under the same prefix).
 * One difference, on purpose: a trailing `/` of the prefix is dropped (the SDK would make keys with `//`).
 */
import type { LocalFile } from '../launch/localFiles';
import { s3UriOf } from '../launch/s3Uri';

/** What `upload_data` defaults `key_prefix` to. */
export const DEFAULT_KEY_PREFIX = 'data';

export interface UploadDataTask {
  absolutePath: string;
  /** The path shown to the user: relative to the uploaded folder, or the file's name. */
  relativePath: string;
  key: string;
  size: number;
}

export interface UploadDataPlan {
  bucket: string;
  tasks: UploadDataTask[];
  /** What `upload_data` returns. */
  s3Uri: string;
}

/** Refuses prefixes S3 or the SDK would turn into something else than the user meant. */
export function checkKeyPrefix(prefix: string): string | undefined {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return 'The key prefix is empty: give one (default "data"), e.g. --key-prefix datasets/cifar10.';
  if (trimmed.startsWith('/')) return `The key prefix "${prefix}" starts with "/": S3 keys do not; write it without the leading slash.`;
  if (trimmed.includes('//')) return `The key prefix "${prefix}" holds "//": an empty folder name in S3; remove the doubled slash.`;
  if (trimmed.length > 900) return 'The key prefix is longer than 900 characters: S3 keys are at most 1,024 bytes with the file names.';
  return undefined;
}

/** Bucket names as S3 accepts them (3-63 of a-z, 0-9, '.', '-', starting and ending with a letter or digit). */
export function checkBucketName(bucket: string): string | undefined {
  if (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return undefined;
  return `"${bucket}" is not an S3 bucket name: 3 to 63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit (give the name, not an s3:// URI).`;
}

/**
 * The objects `upload_data` makes of `files` (as `walkLocalFiles` lists them: for a file, the file itself with its
 * name as relative path) and the URI it returns.
 */
export function planUploadData(files: readonly LocalFile[], isDirectory: boolean, bucket: string, keyPrefix = DEFAULT_KEY_PREFIX): UploadDataPlan {
  const prefix = keyPrefix.replace(/\/+$/, '');
  const tasks = files.map(file => ({
    absolutePath: file.absolutePath,
    relativePath: file.relativePath,
    key: `${prefix}/${file.relativePath}`,
    size: file.size,
  }));
  const only = files[0];
  const s3Uri = !isDirectory && only ? s3UriOf(bucket, `${prefix}/${only.relativePath}`) : s3UriOf(bucket, prefix);
  return { bucket, tasks, s3Uri };
}

/** One line for a list of uploaded (or not uploaded) files: at most `max` names, then how many more. */
export function listFiles(paths: readonly string[], max = 10): string {
  if (paths.length === 0) return 'none';
  const shown = paths.slice(0, max).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

/**
 * An upload_data that stopped before every file was uploaded (cancelled, or one upload failed): which files are
 * in S3 whole, and which are not (their multipart uploads were aborted). Recognised by `name`, since the class
 * of the AWS bundle is not the class of the extension's bundle.
 */
export class UploadDataIncompleteError extends Error {
  override readonly name = 'UploadDataIncompleteError';
  constructor(
    message: string,
    readonly cancelled: boolean,
    readonly uploaded: string[],
    readonly notUploaded: string[],
    readonly s3Uri: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function isUploadDataIncomplete(error: unknown): error is UploadDataIncompleteError {
  return (error as { name?: unknown })?.name === 'UploadDataIncompleteError';
}

/** What the user reads when an upload stops part-way. */
export function describeIncomplete(cancelled: boolean, s3Uri: string, uploaded: readonly string[], notUploaded: readonly string[], reason?: string): string {
  const what = cancelled ? 'Upload cancelled' : `Upload failed${reason ? `: ${reason.replace(/\.$/, '')}` : ''}`;
  return `${what}. Uploaded completely to ${s3Uri}: ${uploaded.length} file${uploaded.length === 1 ? '' : 's'} (${listFiles(uploaded)}); `
    + `not uploaded: ${notUploaded.length} (${listFiles(notUploaded)}); no partial (multipart) upload is left in S3.`;
}
