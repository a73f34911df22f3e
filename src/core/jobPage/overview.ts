/**
 * The overview of a metric series that the job page draws: the series cut into at most `maxBuckets` buckets of
 * `bucketSize` consecutive points (a power of two, the smallest that fits), each kept as its first, lowest,
 * highest and last point (in time order, each once). It is kept up to date as points arrive: an appended point
 * touches only the last bucket; when the buckets would overflow, neighbours merge in pairs (bounded work, at most
 * `maxBuckets`); a late point (inserted before the end) rebuilds from its bucket on. The result is always the
 * overview built from scratch for the same points (unit-tested), so its size is bounded (≤ 4 × maxBuckets points)
 * and every bucket's extremes are in it. Only the buckets that changed since the last update are sent.
 */

/** Buckets of an overview: at most 8,192 points go to the page per series, enough for a 2,048 px wide chart. */
export const OVERVIEW_BUCKETS = 2048;
/** The fewest buckets a page's resolution asks for (a chart is at least 200 px wide). */
export const MIN_OVERVIEW_BUCKETS = 64;

/**
 * The buckets of an overview drawn `pixels` device pixels wide: one bucket per pixel at most (even, as overviews
 * want), within MIN_OVERVIEW_BUCKETS and OVERVIEW_BUCKETS; OVERVIEW_BUCKETS when the width is not known (0).
 */
export function overviewBucketsFor(pixels: number): number {
  if (!(pixels > 0) || !Number.isFinite(pixels)) return OVERVIEW_BUCKETS;
  const even = 2 * Math.floor(pixels / 2);
  return Math.min(OVERVIEW_BUCKETS, Math.max(MIN_OVERVIEW_BUCKETS, even));
}

/** Overview points from point `from` on (the page replaces everything after `from - 1`); `count` raw points in all. */
export interface OverviewUpdate {
  name: string;
  count: number;
  from: number;
  /** Milliseconds since the epoch, ascending. */
  t: Float64Array;
  /** Values; not finite ones (NaN, ±Infinity) as they came. */
  v: Float64Array;
  /**
   * Each point's index in the whole series (the step of a local job's chart is index + 1). 32 bits are enough (a
   * series of 2^32 points would take 64 GiB in the host) and make the messages a sixth smaller than 64-bit
   * indices: less for VS Code to copy, compress (its connection to the workbench deflates every message) and
   * hand to the webview.
   */
  i: Uint32Array;
}

/**
 * The points an overview reads: the first `length` of `t` and `v` (which may be longer: a store's buffers with
 * room to grow, swapped for bigger ones as the series grows; read again at each sync).
 */
export interface SeriesPoints {
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
  readonly length: number;
}

/** Two plain arrays as the points of an overview (their common length). */
export function pointsOf(t: ArrayLike<number>, v: ArrayLike<number>): SeriesPoints {
  return { t, v, get length() { return Math.min(t.length, v.length); } };
}

/**
 * Whether a page whose overviews have `current` buckets should get them again at `wanted` (its width changed):
 * finer when it grew by more than a quarter (a rebuild reads every point: not at each pixel of a drag), coarser
 * when it shrank to half or less (fewer points to send and draw).
 */
export function resolutionChanges(current: number, wanted: number): boolean {
  return wanted > current * 1.25 || wanted * 2 <= current;
}

export class SeriesOverview {
  private bucketSize = 1;
  private buckets = 0;
  private first: Float64Array;
  private last: Float64Array;
  /** Index of the bucket's lowest finite value (the earliest of equal ones), -1 when it has none. */
  private low: Float64Array;
  private high: Float64Array;
  /** Raw points folded into the buckets (the rest are appended at the next sync). */
  private built = 0;
  private staleFrom = Number.POSITIVE_INFINITY;
  private dirtyBucket = 0;
  /** Emptied since the last update: the page is owed one even though no bucket changed. */
  private emptied = false;

  /** `points` are the series' own (kept by reference, read at each sync). */
  constructor(private readonly points: SeriesPoints, private max = OVERVIEW_BUCKETS) {
    checkBuckets(max);
    this.first = new Float64Array(max);
    this.last = new Float64Array(max);
    this.low = new Float64Array(max);
    this.high = new Float64Array(max);
  }

  get maxBuckets(): number {
    return this.max;
  }

  /**
   * Changes the bucket count (a page of another width): fewer merges neighbours in pairs until they fit (work in
   * proportion to the buckets, not the points); more rebuilds from the points (work in proportion to them). Either
   * way the result is the overview built from scratch with `maxBuckets`, and the next update is the whole of it.
   */
  setMaxBuckets(maxBuckets: number): void {
    checkBuckets(maxBuckets);
    if (maxBuckets === this.max) return;
    this.sync();
    const finer = maxBuckets > this.max;
    this.max = maxBuckets;
    if (finer) {
      if (maxBuckets > this.first.length) {
        this.first = new Float64Array(maxBuckets);
        this.last = new Float64Array(maxBuckets);
        this.low = new Float64Array(maxBuckets);
        this.high = new Float64Array(maxBuckets);
      }
      this.bucketSize = 1;
      this.buckets = 0;
      this.built = 0;
      this.sync();
    } else {
      while (this.buckets > maxBuckets) this.mergePairs(this.points.v);
    }
    this.dirtyBucket = 0;
    this.emptied = true;
  }

  /** Points each bucket holds (the last one may hold fewer). */
  get pointsPerBucket(): number {
    return this.bucketSize;
  }

  get bucketCount(): number {
    return this.buckets;
  }

  /** The series changed from raw index `index` on (a point was inserted there): rebuilt from it at the next sync. */
  invalidate(index: number): void {
    if (index < this.staleFrom) this.staleFrom = index;
  }

  /** The series was emptied. */
  reset(): void {
    this.bucketSize = 1;
    this.buckets = 0;
    this.built = 0;
    this.staleFrom = Number.POSITIVE_INFINITY;
    this.dirtyBucket = 0;
    this.emptied = true;
  }

  /**
   * A point was appended: folded in now (constant work) so that a page opening later costs no fold of the whole
   * series; after a late point the rebuild waits for the next sync, so a burst of late points costs one rebuild.
   */
  appended(): void {
    if (this.staleFrom === Number.POSITIVE_INFINITY) this.sync();
  }

  /** Folds in what changed since the last sync: appended points, and everything from the first stale one. */
  sync(): void {
    if (this.staleFrom < this.built) {
      this.buckets = Math.floor(this.staleFrom / this.bucketSize);
      this.built = this.buckets * this.bucketSize;
      this.dirtyBucket = Math.min(this.dirtyBucket, this.buckets);
    }
    this.staleFrom = Number.POSITIVE_INFINITY;
    const n = this.points.length;
    if (this.built < n) this.foldUpTo(n, this.points.v);
  }

  /**
   * Folds in the points from `built` to `n`: first the merges they will need (the bucket size the points end at
   * is the smallest that fits them, whatever order they come in), then bucket by bucket, each bucket's points in
   * one tight loop (a 1-million-point backfill in a few milliseconds, not a call per point).
   */
  private foldUpTo(n: number, v: ArrayLike<number>): void {
    while (Math.ceil(n / this.bucketSize) > this.max) this.mergePairs(v);
    const size = this.bucketSize;
    let index = this.built;
    const touched = Math.floor(index / size);
    if (touched < this.dirtyBucket) this.dirtyBucket = touched;
    while (index < n) {
      const b = Math.floor(index / size);
      const end = Math.min(n, (b + 1) * size);
      let low: number;
      let high: number;
      if (b === this.buckets) {
        this.buckets++;
        this.first[b] = index;
        low = -1;
        high = -1;
      } else {
        low = this.low[b]!;
        high = this.high[b]!;
      }
      let lowValue = low < 0 ? 0 : v[low]!;
      let highValue = high < 0 ? 0 : v[high]!;
      // The earliest of equal values is kept (strict comparisons); values that are not finite count for neither.
      for (; index < end; index++) {
        const x = v[index]!;
        if (!Number.isFinite(x)) continue;
        if (low < 0 || x < lowValue) { low = index; lowValue = x; }
        if (high < 0 || x > highValue) { high = index; highValue = x; }
      }
      this.low[b] = low;
      this.high[b] = high;
      this.last[b] = end - 1;
    }
    this.built = n;
  }

  /** Doubles the bucket size: bucket j becomes buckets 2j and 2j + 1 together. */
  private mergePairs(v: ArrayLike<number>): void {
    const pairs = Math.ceil(this.buckets / 2);
    for (let j = 0; j < pairs; j++) {
      const a = 2 * j;
      const b = a + 1;
      const hasB = b < this.buckets;
      this.first[j] = this.first[a]!;
      this.last[j] = hasB ? this.last[b]! : this.last[a]!;
      const lowA = this.low[a]!;
      const lowB = hasB ? this.low[b]! : -1;
      this.low[j] = lowA < 0 ? lowB : lowB < 0 ? lowA : v[lowB]! < v[lowA]! ? lowB : lowA;
      const highA = this.high[a]!;
      const highB = hasB ? this.high[b]! : -1;
      this.high[j] = highA < 0 ? highB : highB < 0 ? highA : v[highB]! > v[highA]! ? highB : highA;
    }
    this.buckets = pairs;
    this.bucketSize *= 2;
    this.dirtyBucket = 0;
  }

  /** The raw indices bucket `b` contributes, ascending, each once (1 to 4 of them). */
  private picks(b: number, into: number[]): number {
    const f = this.first[b]!;
    const l = this.last[b]!;
    let lo = this.low[b]!;
    let hi = this.high[b]!;
    if (lo > hi) [lo, hi] = [hi, lo];
    let k = 0;
    into[k++] = f;
    if (lo > f && lo < l) into[k++] = lo;
    if (hi > f && hi < l && hi !== lo) into[k++] = hi;
    if (l !== f) into[k++] = l;
    return k;
  }

  /** The whole overview (after a sync), marking it sent. */
  all(name: string): OverviewUpdate {
    this.sync();
    this.dirtyBucket = 0;
    this.emptied = true;
    return this.takeUpdate(name)!;
  }

  /** What changed since the last update (after a sync), or undefined when nothing did. */
  takeUpdate(name: string): OverviewUpdate | undefined {
    this.sync();
    const fromBucket = this.dirtyBucket;
    if (fromBucket >= this.buckets && !this.emptied) return undefined;
    this.emptied = false;
    const scratch: number[] = [0, 0, 0, 0];
    let from = 0;
    for (let b = 0; b < fromBucket; b++) from += this.picks(b, scratch);
    let size = 0;
    for (let b = fromBucket; b < this.buckets; b++) size += this.picks(b, scratch);
    const update: OverviewUpdate = { name, count: this.built, from, t: new Float64Array(size), v: new Float64Array(size), i: new Uint32Array(size) };
    const { t, v } = this.points;
    let out = 0;
    for (let b = fromBucket; b < this.buckets; b++) {
      const k = this.picks(b, scratch);
      for (let p = 0; p < k; p++, out++) {
        const index = scratch[p]!;
        update.t[out] = t[index]!;
        update.v[out] = v[index]!;
        update.i[out] = index;
      }
    }
    this.dirtyBucket = this.buckets;
    return update;
  }
}

/** Throws unless `maxBuckets` can be an overview's bucket count (an even whole number >= 2). */
export function checkBuckets(maxBuckets: number): void {
  if (!Number.isInteger(maxBuckets) || maxBuckets < 2 || maxBuckets % 2 !== 0) throw new Error(`SeriesOverview: maxBuckets must be an even whole number >= 2, not ${maxBuckets}`);
}

/** The overview of a whole series built from scratch (what the incremental one must always equal). */
export function overviewOf(name: string, t: ArrayLike<number>, v: ArrayLike<number>, maxBuckets = OVERVIEW_BUCKETS): OverviewUpdate {
  return new SeriesOverview(pointsOf(t, v), maxBuckets).all(name);
}

/**
 * The overview of raw points `first` to `last` (inclusive) alone, built from scratch (work in proportion to the
 * range): what a zoomed-in chart draws. Indices are the whole series' own.
 */
export function rangeOverview(name: string, t: ArrayLike<number>, v: ArrayLike<number>, first: number, last: number, maxBuckets = OVERVIEW_BUCKETS): OverviewUpdate {
  const end = Math.min(last + 1, t.length, v.length);
  const start = Math.min(first, end);
  let size = 1;
  while (Math.ceil((end - start) / size) > maxBuckets) size *= 2;
  const picked: number[] = [];
  for (let b = start; b < end; b += size) {
    const stop = Math.min(end, b + size);
    let low = -1;
    let high = -1;
    for (let k = b; k < stop; k++) {
      const x = v[k]!;
      if (!Number.isFinite(x)) continue;
      if (low < 0 || x < v[low]!) low = k;
      if (high < 0 || x > v[high]!) high = k;
    }
    const [a, c] = low <= high ? [low, high] : [high, low];
    picked.push(b);
    if (a > b && a < stop - 1) picked.push(a);
    if (c > b && c < stop - 1 && c !== a) picked.push(c);
    if (stop - 1 !== b) picked.push(stop - 1);
  }
  const update: OverviewUpdate = { name, count: Math.min(t.length, v.length), from: 0, t: new Float64Array(picked.length), v: new Float64Array(picked.length), i: new Uint32Array(picked.length) };
  picked.forEach((index, k) => { update.t[k] = t[index]!; update.v[k] = v[index]!; update.i[k] = index; });
  return update;
}
