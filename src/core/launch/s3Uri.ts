/** S3 URIs and keys, as the launch handles them. Pure. */

export interface S3Location {
  bucket: string;
  /** The key (or key prefix), without a leading `/`; may be empty. */
  key: string;
}

/** `s3://bucket/key` -> bucket and key. Throws on anything else. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(uri);
  if (!m || !m[1]) throw new Error(`Not an S3 URI: ${uri} (expected s3://bucket/key).`);
  return { bucket: m[1], key: m[2] ?? '' };
}

/** The S3 URI of a bucket and key. */
export function s3UriOf(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/**
 * A key under a prefix: `joinKey('job/input/train/', 'a/b.csv')` is `job/input/train/a/b.csv`. Exactly one
 * `/` between them; an empty prefix gives the relative path itself. The relative path must be `/`-separated.
 */
export function joinKey(prefix: string, relative: string): string {
  const rel = relative.replace(/^\/+/, '');
  if (prefix === '') return rel;
  if (rel === '') return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rel}`;
}

/** The bucket an S3 URI names, or undefined for anything that is not an S3 URI. */
export function bucketOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    return parseS3Uri(uri).bucket;
  } catch {
    return undefined;
  }
}
