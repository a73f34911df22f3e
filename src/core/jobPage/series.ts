/**
 * The full metric series of a job page, kept in time order (late lines are inserted where they belong), with
 * what changed since the last flush so the webview gets only the new points (or a splice from the first
 * point that moved). Each series also keeps its overview (overview.ts), what the page is sent and draws.
 */
import { OVERVIEW_BUCKETS, rangeOverview, SeriesOverview, type OverviewUpdate } from './overview';

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

interface Entry extends SeriesData {
  dirtyFrom: number;
  overview: SeriesOverview;
}

export class MetricSeriesStore {
  private readonly series = new Map<string, Entry>();
  private total = 0;

  constructor(names: readonly string[] = [], private readonly overviewBuckets = OVERVIEW_BUCKETS) {
    for (const name of names) this.ensure(name);
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
      const t: number[] = [];
      const v: number[] = [];
      entry = { name, t, v, dirtyFrom: Number.POSITIVE_INFINITY, overview: new SeriesOverview(t, v, this.overviewBuckets) };
      this.series.set(name, entry);
    }
    return entry;
  }

  /** Adds a point; equal timestamps keep their arrival order. */
  add(name: string, t: number, v: number): void {
    const s = this.ensure(name);
    let index = s.t.length;
    if (index > 0 && s.t[index - 1]! > t) {
      // Late point: binary search for the first timestamp greater than t.
      let lo = 0;
      let hi = s.t.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s.t[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      index = lo;
      s.t.splice(index, 0, t);
      s.v.splice(index, 0, v);
      s.overview.invalidate(index);
    } else {
      s.t.push(t);
      s.v.push(v);
      s.overview.appended();
    }
    if (index < s.dirtyFrom) s.dirtyFrom = index;
    this.total++;
  }

  /** Every series, whole (copies). */
  snapshot(): SeriesData[] {
    return [...this.series.values()].map(s => ({ name: s.name, t: s.t.slice(), v: s.v.slice() }));
  }

  /** Every series' overview, whole (what the page draws; bounded whatever the series' length), marked sent. */
  overviews(): OverviewUpdate[] {
    return [...this.series.values()].map(s => s.overview.all(s.name));
  }

  /** The overview of one series' raw points `first` to `last` alone (a zoomed-in chart), undefined for no such series. */
  detail(name: string, first: number, last: number): OverviewUpdate | undefined {
    const s = this.series.get(name);
    return s ? rangeOverview(name, s.t, s.v, first, last, this.overviewBuckets) : undefined;
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
      updates.push({ name: s.name, from, t: s.t.slice(from), v: s.v.slice(from) });
      s.dirtyFrom = Number.POSITIVE_INFINITY;
    }
    return updates;
  }

  clear(): void {
    for (const s of this.series.values()) {
      s.t.length = 0;
      s.v.length = 0;
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
