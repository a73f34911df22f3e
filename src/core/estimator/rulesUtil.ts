/** Small pure helpers of the estimator checks: spelling suggestions and the shapes of AWS names. */

/**
 * Levenshtein distance (insertions, deletions, substitutions), counting the swap of two adjacent
 * characters as one edit (optimal string alignment), since "versoin" is one typo, not two.
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
      }
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** `InstanceType` / `instanceType` / `instance-type` -> `instance_type`. */
export function toSnakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/**
 * The candidate closest to `word`, if close enough to be a likely misspelling: same letters ignoring
 * case, `-` / `_` / camelCase, or a small edit distance relative to the length.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const normalized = normalizeWord(word);
  for (const candidate of list) if (normalizeWord(candidate) === normalized) return candidate;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lowerWord = word.toLowerCase();
  for (const candidate of list) {
    const lowerCandidate = candidate.toLowerCase();
    const normalizedCandidate = normalizeWord(candidate);
    // An edit distance is at least the difference in length: a candidate that cannot beat the best is not measured.
    if (Math.min(Math.abs(lowerWord.length - lowerCandidate.length), Math.abs(normalized.length - normalizedCandidate.length)) >= bestDistance) continue;
    const distance = Math.min(levenshtein(lowerWord, lowerCandidate), levenshtein(normalized, normalizedCandidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, best.length) / 4)));
  if (bestDistance <= limit) return best;
  // A prefix or suffix of a long name (e.g. "checkpoint_s3" for "checkpoint_s3_uri").
  if (normalized.length >= 4) {
    const containing = list.filter(candidate => {
      const c = normalizeWord(candidate);
      return c.startsWith(normalized) || c.endsWith(normalized);
    });
    if (containing.length === 1) return containing[0];
  }
  return undefined;
}

function normalizeWord(word: string): string {
  return toSnakeCase(word).replace(/_/g, '');
}

/** `"a", "b" or "c"`. */
export function quoteList(values: readonly unknown[], conjunction = 'or'): string {
  const quoted = values.map(value => (typeof value === 'string' ? `"${value}"` : String(value)));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** Short JSON rendering of a value for messages. */
export function showValue(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${showValue(value, 40)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

// ---------------------------------------------------------------------------------------------
// S3

export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * Why `bucket` is not a valid S3 bucket name (general purpose buckets), or undefined when it is.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return `the bucket name "${bucket}" must be 3 to 63 characters long (it has ${bucket.length})`;
  const fixed = bucket.toLowerCase().replace(/_/g, '-');
  const hint = fixed !== bucket && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(fixed) ? ` (e.g. "${fixed}")` : '';
  if (/[A-Z]/.test(bucket)) return `the bucket name "${bucket}" has uppercase letters: bucket names are lowercase${hint}`;
  if (/_/.test(bucket)) return `the bucket name "${bucket}" has an underscore: bucket names use lowercase letters, digits, hyphens and dots${hint}`;
  if (!/^[a-z0-9.-]+$/.test(bucket)) return `the bucket name "${bucket}" may only have lowercase letters, digits, hyphens and dots`;
  if (!/^[a-z0-9]/.test(bucket) || !/[a-z0-9]$/.test(bucket)) return `the bucket name "${bucket}" must begin and end with a letter or digit`;
  if (bucket.includes('..')) return `the bucket name "${bucket}" has two adjacent dots`;
  if (bucket.includes('.-') || bucket.includes('-.')) return `the bucket name "${bucket}" has a dot next to a hyphen`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) return `the bucket name "${bucket}" is formatted as an IP address, which is not allowed`;
  if (bucket.startsWith('xn--') || bucket.startsWith('sthree-') || bucket.startsWith('amzn-s3-demo-')) return `the bucket name "${bucket}" starts with a reserved prefix`;
  if (bucket.endsWith('-s3alias') || bucket.endsWith('--ol-s3') || bucket.endsWith('.mrap')) return `the bucket name "${bucket}" ends with a reserved suffix`;
  return undefined;
}

export type LocationKind =
  | { kind: 's3'; bucket: string; key: string }
  | { kind: 'file'; path: string }
  | { kind: 'local'; path: string }
  | { kind: 'invalid'; problem: string };

/**
 * Classifies a data location: an `s3://` URI (checked), a `file://` URI, a plain local path, or a
 * mistake (a misspelt S3 scheme, an https S3 URL, another scheme).
 */
export function classifyLocation(text: string, allowLocal: boolean): LocationKind {
  const value = text.trim();
  if (value !== text) return { kind: 'invalid', problem: 'it has leading or trailing spaces' };
  if (value === '') return { kind: 'invalid', problem: 'it is empty' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/*)/.exec(value);
  if (scheme && !/^[A-Za-z]:[\\/]/.test(value) && !(scheme[1].length === 1 && allowLocal)) {
    const name = scheme[1];
    const lower = name.toLowerCase();
    if (lower === 's3' || lower === 's3a' || lower === 's3n') {
      if (name !== 's3') return { kind: 'invalid', problem: `write the scheme as lowercase "s3://", not "${name}:${scheme[2]}"` };
      if (scheme[2] !== '//') return { kind: 'invalid', problem: `an S3 URI starts with "s3://" (two slashes), not "${name}:${scheme[2]}"` };
      return checkS3Uri(value);
    }
    if (lower === 'file') {
      if (!allowLocal) return { kind: 'invalid', problem: 'a file:// URI is not allowed here: use an S3 URI' };
      if (scheme[2].length < 2) return { kind: 'invalid', problem: 'a file URI starts with "file://"' };
      const path = value.slice(name.length + 1 + 2);
      if (path === '') return { kind: 'invalid', problem: 'the file:// URI has no path' };
      return { kind: 'file', path };
    }
    if (lower === 'http' || lower === 'https') {
      const hint = httpsToS3(value);
      return { kind: 'invalid', problem: `an http(s) URL is not an S3 URI${hint ? `: write "${hint}"` : ': write s3://bucket/key'}` };
    }
    return { kind: 'invalid', problem: `the scheme "${name}:" is not supported: use s3://bucket/prefix${allowLocal ? ', a file:// URI or a local path' : ''}` };
  }
  if (!allowLocal) {
    if (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/|$)/.test(value) && !value.startsWith('.')) {
      return { kind: 'invalid', problem: `it has no "s3://" scheme (did you mean "s3://${value}"?)` };
    }
    return { kind: 'invalid', problem: 'it is not an S3 URI: write s3://bucket/prefix' };
  }
  return { kind: 'local', path: value };
}

export function checkS3Uri(uri: string): LocationKind {
  const rest = uri.slice('s3://'.length);
  if (rest === '') return { kind: 'invalid', problem: 'the S3 URI has no bucket: write s3://bucket/prefix' };
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (bucket === '') return { kind: 'invalid', problem: 'the S3 URI has no bucket (three slashes after "s3:"): write s3://bucket/prefix' };
  const problem = bucketNameProblem(bucket);
  if (problem) return { kind: 'invalid', problem };
  if (/\s/.test(uri)) return { kind: 'invalid', problem: 'the S3 URI contains whitespace' };
  if (key.startsWith('/') || key.includes('//')) return { kind: 'invalid', problem: `the key "${key}" has an empty path segment ("//"), which S3 keeps literally and is most likely a mistake` };
  if (new TextEncoder().encode(key).length > 1024) return { kind: 'invalid', problem: 'the object key is longer than 1024 bytes' };
  return { kind: 's3', bucket, key };
}

function httpsToS3(url: string): string | undefined {
  // https://bucket.s3.amazonaws.com/key, https://bucket.s3.us-east-1.amazonaws.com/key, https://s3.us-east-1.amazonaws.com/bucket/key
  let match = /^https?:\/\/([^/]+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?\/?(.*)$/.exec(url);
  if (match) return `s3://${match[1]}/${match[4]}`.replace(/\/$/, match[4] ? '' : '/');
  match = /^https?:\/\/s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?\/([^/]+)\/?(.*)$/.exec(url);
  if (match) return `s3://${match[3]}/${match[4]}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Names

/** SageMaker resource names (jobs, endpoints, models): `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`. */
export const RESOURCE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Why `name` is not a valid SageMaker job/endpoint name, or undefined. */
export function resourceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 63) return `it is ${name.length} characters long; at most 63 are allowed`;
  const bad = [...new Set(name.replace(/[a-zA-Z0-9-]/g, ''))];
  if (bad.length > 0) {
    const suggestion = name.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    return `it contains ${bad.map(ch => (ch === ' ' ? 'a space' : `"${ch}"`)).join(', ')}: only letters, digits and hyphens are allowed${suggestion && RESOURCE_NAME.test(suggestion) ? ` (e.g. "${suggestion}")` : ''}`;
  }
  if (name.startsWith('-') || name.endsWith('-')) return 'it must start and end with a letter or digit, not a hyphen';
  return RESOURCE_NAME.test(name) ? undefined : 'only letters, digits and hyphens are allowed, starting and ending with a letter or digit';
}

export const LOCAL_INSTANCE_TYPES = ['local', 'local_gpu'];
export const INSTANCE_TYPE_SHAPE = /^ml\.[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9-]+$/;

/** Why `type` is not an instance type, or undefined. */
export function instanceTypeProblem(type: string): string | undefined {
  if (LOCAL_INSTANCE_TYPES.includes(type) || INSTANCE_TYPE_SHAPE.test(type)) return undefined;
  const trimmed = type.trim();
  if (trimmed !== type) return `remove the spaces around "${trimmed}"`;
  const lower = type.toLowerCase();
  if (lower !== type && (LOCAL_INSTANCE_TYPES.includes(lower) || INSTANCE_TYPE_SHAPE.test(lower))) return `instance types are lowercase: "${lower}"`;
  if (/^(local[-_ ]?gpu|localgpu|gpu_local)$/i.test(type)) return 'for local mode on a GPU write "local_gpu"';
  if (/^[a-z][a-z0-9-]*\.[0-9]*(nano|micro|small|medium|large|xlarge|metal)$/.test(lower)) return `SageMaker instance types start with "ml.": "ml.${lower}"`;
  if (/^ml-[a-z0-9-]+[.-][0-9]*x?large$/.test(lower)) return `write the parts separated by dots, e.g. "${lower.replace(/^ml-/, 'ml.').replace(/-(\d*x?large)$/, '.$1')}"`;
  if (/^ml\.[a-z0-9]+$/.test(lower)) return `add the size, e.g. "${lower}.xlarge"`;
  return 'use an ml.* instance type such as "ml.m5.xlarge", or "local" / "local_gpu" for local mode';
}

export function isLocalInstanceType(type: unknown): boolean {
  return typeof type === 'string' && LOCAL_INSTANCE_TYPES.includes(type);
}

/** IAM role ARN (any partition; paths allowed). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;
/** IAM role name. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
