/**
 * PEP 440 version parsing and ordering, as `packaging.version.Version` does it. The SageMaker
 * Python SDK compares framework versions with `Version(a) >= Version(b)` (P2 deprecation check,
 * "latest version" lookup); this module gives the same answers, without dependencies.
 */

const VERSION_PATTERN = new RegExp(
  '^\\s*v?' +
    '(?:(?<epoch>[0-9]+)!)?' +
    '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?<pre>[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?' +
    '(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?' +
    '(?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i',
);

/** Sort key parts; `-Infinity`/`Infinity` stand for packaging's NegativeInfinity/Infinity. */
export interface Pep440Version {
  readonly text: string;
  readonly epoch: number;
  readonly release: readonly number[];
  /** [phase rank, number]; phase rank a=0, b=1, rc=2. */
  readonly pre: readonly [number, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
  readonly local: readonly (string | number)[] | null;
}

export class InvalidVersionError extends Error {
  constructor(readonly version: string) {
    super(`Invalid version: '${version}'`);
    this.name = 'InvalidVersion';
  }
}

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

/** Parses a PEP 440 version; throws {@link InvalidVersionError} like `packaging` does. */
export function parseVersion(text: string): Pep440Version {
  const m = VERSION_PATTERN.exec(text);
  if (!m || !m.groups) throw new InvalidVersionError(text);
  const g = m.groups;
  const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
  const pre: [number, number] | null = g.pre_l ? [PRE_RANK[g.pre_l.toLowerCase()] ?? 2, num(g.pre_n)] : null;
  let post: number | null = null;
  if (g.post_n1 !== undefined) post = Number(g.post_n1);
  else if (g.post_l !== undefined) post = num(g.post_n2);
  const dev = g.dev_l !== undefined ? num(g.dev_n) : null;
  const local = g.local
    ? g.local
        .toLowerCase()
        .split(/[-_.]/)
        .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part))
    : null;
  return {
    text,
    epoch: num(g.epoch),
    release: g.release.split('.').map(Number),
    pre,
    post,
    dev,
    local,
  };
}

type KeyPart = number | readonly KeyPart[];

function compareKey(a: KeyPart, b: KeyPart): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const la = typeof a === 'number' ? [a] : a;
  const lb = typeof b === 'number' ? [b] : b;
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const c = compareKey(la[i] as KeyPart, lb[i] as KeyPart);
    if (c !== 0) return c;
  }
  return la.length - lb.length < 0 ? -1 : la.length === lb.length ? 0 : 1;
}

function sortKey(v: Pep440Version): KeyPart[] {
  const release = [...v.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  // packaging: a version with only a dev segment sorts before its pre-releases.
  let pre: KeyPart;
  if (v.pre === null && v.post === null && v.dev !== null) pre = -Infinity;
  else if (v.pre === null) pre = Infinity;
  else pre = [...v.pre];
  const post: KeyPart = v.post === null ? -Infinity : v.post;
  const dev: KeyPart = v.dev === null ? Infinity : v.dev;
  // Local segments: alphanumeric parts sort before numeric ones; none sorts first.
  const local: KeyPart =
    v.local === null
      ? -Infinity
      : v.local.map((part) => (typeof part === 'number' ? [part, 0] : [-Infinity, ...stringRank(part)]));
  return [v.epoch, release, pre, post, dev, local];
}

function stringRank(s: string): number[] {
  return Array.from(s, (ch) => ch.codePointAt(0) ?? 0).concat([-1]);
}

/** `Version(a)` compared with `Version(b)`: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  return compareKey(sortKey(parseVersion(a)), sortKey(parseVersion(b)));
}
