/**
 * The full metric series of a job page, kept in time order (late lines are inserted where they belong), with
 * what changed since the last flush so the webview gets only the new points (or a splice from the first
 * point that moved). Each series also keeps its overview (overview.ts), what the page is sent and draws. The
 * points live in typed arrays with room to grow (doubling): an append writes one slot, a backfill is one pass.
 */
import { checkBuckets, OVERVIEW_BUCKETS, rangeOverview, SeriesOverview, type OverviewUpdate, type SeriesPoints } from './overview';

export interface SeriesData {
  name: string;
  /** Milliseconds since the epoch, ascending. */
  t: number[];
  v: number[];
}

/** Points of one series from index `from` on (the webview replaces everything after `from - 1`). */
export interface SeriesUpdate extends SeriesData {
  from: number;
}

/** One series: its first `length` slots of `t` and `v` are its points (what its overview reads). */
interface Entry extends SeriesPoints {
  name: string;
  t: Float64Array;
  v: Float64Array;
  length: number;
  dirtyFrom: number;
  overview: SeriesOverview;
}

const INITIAL_CAPACITY = 64;

export class MetricSeriesStore {
  private readonly series = new Map<string, Entry>();
  private total = 0;

  constructor(names: readonly string[] = [], private overviewBuckets = OVERVIEW_BUCKETS) {
    for (const name of names) this.ensure(name);
  }

  /** The buckets of every overview and zoomed-in detail (the page's resolution: overviewBucketsFor its width). */
  get resolution(): number {
    return this.overviewBuckets;
  }

  /**
   * Sets the buckets of every overview (see SeriesOverview.setMaxBuckets: coarser is cheap, finer reads the points
   * again); the next updates are the overviews whole.
   */
  setResolution(maxBuckets: number): void {
    checkBuckets(maxBuckets);
    for (const s of this.series.values()) s.overview.setMaxBuckets(maxBuckets);
    this.overviewBuckets = maxBuckets;
  }

  get pointCount(): number {
    return this.total;
  }

  /** Adds an empty series (shown as "no values yet"); false when it exists already. */
  declare(name: string): boolean {
    if (this.series.has(name)) return false;
    this.ensure(name);
    return true;
  }

  names(): string[] {
    return [...this.series.keys()];
  }

  private ensure(name: string): Entry {
    let entry = this.series.get(name);
    if (!entry) {
      const created = {
        name, t: new Float64Array(INITIAL_CAPACITY), v: new Float64Array(INITIAL_CAPACITY), length: 0, dirtyFrom: Number.POSITIVE_INFINITY,
      } as Entry;
      created.overview = new SeriesOverview(created, this.overviewBuckets);
      this.series.set(name, entry = created);
    }
    return entry;
  }

  /** Room for `size` points in the series' buffers (their points copied over when they grow). */
  private reserve(s: Entry, size: number): void {
    if (size <= s.t.length) return;
    // Half as much again as asked: a backfill leaves room for the appends that follow it (a copy per growth).
    const capacity = Math.max(size + (size >> 1), 2 * s.t.length);
    const t = new Float64Array(capacity);
    const v = new Float64Array(capacity);
    t.set(s.t.subarray(0, s.length));
    v.set(s.v.subarray(0, s.length));
    s.t = t;
    s.v = v;
  }

  /** Adds a point; equal timestamps keep their arrival order. */
  add(name: string, t: number, v: number): void {
    const s = this.ensure(name);
    this.reserve(s, s.length + 1);
    let index = s.length;
    if (index > 0 && s.t[index - 1]! > t) {
      // Late point: binary search for the first timestamp greater than t.
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s.t[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      index = lo;
      s.t.copyWithin(index + 1, index, s.length);
      s.v.copyWithin(index + 1, index, s.length);
      s.t[index] = t;
      s.v[index] = v;
      s.length++;
      s.overview.invalidate(index);
    } else {
      s.t[index] = t;
      s.v[index] = v;
      s.length++;
      s.overview.appended();
    }
    if (index < s.dirtyFrom) s.dirtyFrom = index;
    this.total++;
  }

  /**
   * Adds many points of one series at once (a backfill): those in time order after its last point in one pass,
   * the overview folding them in as it goes; any that come late are added one by one, as `add` does.
   */
  addMany(name: string, t: ArrayLike<number>, v: ArrayLike<number>): void {
    const s = this.ensure(name);
    const n = Math.min(t.length, v.length);
    const before = s.length;
    this.reserve(s, before + n);
    const ts = s.t;
    const vs = s.v;
    let latest = before > 0 ? ts[before - 1]! : Number.NEGATIVE_INFINITY;
    // The points in order after the last: counted, then copied at once when they are all of them.
    let k = 0;
    for (; k < n; k++) {
      const time = t[k]!;
      if (time < latest) break;
      latest = time;
    }
    if (k === t.length && k === v.length) {
      ts.set(t, before);
      vs.set(v, before);
    } else {
      for (let j = 0; j < k; j++) {
        ts[before + j] = t[j]!;
        vs[before + j] = v[j]!;
      }
    }
    if (k > 0) {
      s.length = before + k;
      if (before < s.dirtyFrom) s.dirtyFrom = before;
      this.total += k;
      s.overview.appended();
    }
    for (; k < n; k++) this.add(name, t[k]!, v[k]!);
  }

  /** Every series, whole (copies). */
  snapshot(): SeriesData[] {
    return [...this.series.values()].map(s => ({ name: s.name, t: Array.from(s.t.subarray(0, s.length)), v: Array.from(s.v.subarray(0, s.length)) }));
  }

  /** Every series' overview, whole (what the page draws; bounded whatever the series' length), marked sent. */
  overviews(): OverviewUpdate[] {
    return [...this.series.values()].map(s => s.overview.all(s.name));
  }

  /** The overview of one series' raw points `first` to `last` alone (a zoomed-in chart), undefined for no such series. */
  detail(name: string, first: number, last: number): OverviewUpdate | undefined {
    const s = this.series.get(name);
    return s ? rangeOverview(name, s.t.subarray(0, s.length), s.v.subarray(0, s.length), first, last, this.overviewBuckets) : undefined;
  }

  /** The overviews' changes since they were last sent: only the buckets the new points touched. */
  overviewUpdates(): OverviewUpdate[] {
    const updates: OverviewUpdate[] = [];
    for (const s of this.series.values()) {
      const update = s.overview.takeUpdate(s.name);
      if (update) updates.push(update);
    }
    return updates;
  }

  /** Marks everything as sent (after a snapshot went to the webview). */
  markFlushed(): void {
    for (const s of this.series.values()) s.dirtyFrom = Number.POSITIVE_INFINITY;
  }

  /** What changed since the last flush, per series; empty when nothing did. */
  flush(): SeriesUpdate[] {
    const updates: SeriesUpdate[] = [];
    for (const s of this.series.values()) {
      if (s.dirtyFrom === Number.POSITIVE_INFINITY) continue;
      const from = s.dirtyFrom;
      updates.push({ name: s.name, from, t: Array.from(s.t.subarray(from, s.length)), v: Array.from(s.v.subarray(from, s.length)) });
      s.dirtyFrom = Number.POSITIVE_INFINITY;
    }
    return updates;
  }

  clear(): void {
    for (const s of this.series.values()) {
      s.length = 0;
      s.dirtyFrom = 0;
      s.overview.reset();
    }
    this.total = 0;
  }
}

/** Applies an update to a series the way the webview does (for tests and the webview's mirror of it). */
export function applySeriesUpdate(target: SeriesData, update: SeriesUpdate): void {
  target.t.length = Math.min(target.t.length, update.from);
  target.v.length = Math.min(target.v.length, update.from);
  for (let i = 0; i < update.t.length; i++) {
    target.t.push(update.t[i]!);
    target.v.push(update.v[i]!);
  }
}
