/**
 * The de-duplication window: which lines were already taken, for the recent past only.
 *
 * A line is identified by (timestamp, stream, hash of the message). FilterLogEvents gives each event an id, Live
 * Tail does not, so both paths meet on that identity; identical lines written in the same millisecond are told apart
 * by counting: each path's occurrences are counted (poll: distinct event ids; live: deliveries) and a line is taken
 * once per occurrence the busier path has seen. Entries are bucketed by second and dropped once they are older than
 * the window's cutoff (the tail's watermark minus its overlap), and never more than `maxEntries` are kept: when the
 * cap bites, the oldest seconds go and `floor` moves up; the tailer never reads before `floor` again, so a line can
 * never be shown twice.
 *
 * Keys are numbers (millisecond within the second, stream, 32-bit hash packed in 52 bits): no string per line.
 */

interface Entry {
  /** Event ids seen by polling (one string in the common case). */
  ids?: string | string[];
  /** Occurrences delivered by Live Tail. */
  live: number;
  /** Occurrences taken (shown, or queued to be shown). */
  n: number;
  ts: number;
  stream: number;
  hash: number;
}

interface Bucket {
  entries: Map<number, Entry>;
  /** Every event id seen in this second: re-read lines are recognised without hashing them. */
  ids: Set<string>;
}

/** FNV-1a, 32 bits, over the UTF-16 code units, mixed with the length. */
export function hashMessage(text: string): number {
  let h = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const bucketOf = (ts: number): number => Math.floor(ts / 1000);
const TWO_32 = 4294967296;

/** (ms within the second) × 1024 + stream (low 10 bits), then the hash (mixed with the stream's high bits). */
function keyOf(ts: number, stream: number, hash: number): number {
  const ms = ts - bucketOf(ts) * 1000;
  return (ms * 1024 + (stream & 1023)) * TWO_32 + ((hash ^ Math.imul(stream >>> 10, 0x9e3779b1)) >>> 0);
}

export class SeenWindow {
  private readonly buckets = new Map<number, Bucket>();
  private count = 0;
  /** Lines older than this are outside the window: the tailer does not read before it. */
  floor = -Infinity;
  /** The most entries ever held at once (for the memory test and the bench). */
  peak = 0;

  constructor(private maxEntries: number) {}

  /**
   * A lower cap from now on (a final read's backfill: what it shows is never read again but for the streams'
   * checks, which start after their newest line below the floor). Applied at the next prune.
   */
  capAt(maxEntries: number): void {
    this.maxEntries = Math.min(this.maxEntries, maxEntries);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Whether this occurrence is new (to be shown). `eventId` for polled events; without one, a Live Tail delivery.
   * Lines below `floor` are not tracked (nothing before the floor is read again) and are taken.
   */
  take(ts: number, stream: number, hash: number, eventId: string | undefined): boolean {
    if (ts < this.floor) return true;
    const bucket = this.bucket(ts);
    if (eventId !== undefined) bucket.ids.add(eventId);
    const key = keyOf(ts, stream, hash);
    let entry = bucket.entries.get(key);
    if (!entry) {
      // `ids` from the start: set later, it would give each entry a second, out-of-object property store.
      entry = { ids: undefined, live: 0, n: 0, ts, stream, hash };
      bucket.entries.set(key, entry);
      if (++this.count > this.peak) this.peak = this.count;
    }
    let occurrences: number;
    if (eventId !== undefined) {
      const ids = entry.ids;
      if (ids === undefined) entry.ids = eventId;
      else if (typeof ids === 'string') {
        if (ids === eventId) return false;
        entry.ids = [ids, eventId];
      } else {
        if (ids.includes(eventId)) return false;
        ids.push(eventId);
      }
      occurrences = typeof entry.ids === 'string' ? 1 : entry.ids!.length;
    } else {
      occurrences = ++entry.live;
    }
    if (occurrences <= entry.n) return false;
    entry.n++;
    return true;
  }

  /** Whether a polled event id was already seen: the cheap check before hashing the message. */
  knows(ts: number, eventId: string): boolean {
    return ts >= this.floor && this.buckets.get(bucketOf(ts))?.ids.has(eventId) === true;
  }

  private bucket(ts: number): Bucket {
    const b = bucketOf(ts);
    let bucket = this.buckets.get(b);
    if (!bucket) {
      bucket = { entries: new Map(), ids: new Set() };
      this.buckets.set(b, bucket);
    }
    return bucket;
  }

  /**
   * Forgets the lines older than `cutoff` (whole seconds only), then enforces the cap, never on the seconds from
   * `keepFrom` on (what the read in flight may hand out again).
   */
  prune(cutoff: number, keepFrom = Infinity): void {
    const last = bucketOf(cutoff) - 1; // buckets wholly below the cutoff
    for (const [b, bucket] of this.buckets) {
      if (b <= last) {
        this.count -= bucket.entries.size;
        this.buckets.delete(b);
      }
    }
    this.enforceCap(keepFrom);
  }

  private enforceCap(keepFrom = Infinity): void {
    while (this.count > this.maxEntries && this.buckets.size > 0) {
      let oldest = Infinity;
      for (const b of this.buckets.keys()) if (b < oldest) oldest = b;
      if (oldest >= bucketOf(keepFrom)) return;
      this.count -= this.buckets.get(oldest)!.entries.size;
      this.buckets.delete(oldest);
      this.floor = Math.max(this.floor, (oldest + 1) * 1000);
    }
  }

  /** Entries with from <= ts <= to, as [ts, stream, hash, taken], less `pending` occurrences not shown yet. */
  export(from: number, to: number, pending: Map<number, number>): Array<[number, number, number, number]> {
    const out: Array<[number, number, number, number]> = [];
    for (const [b, bucket] of this.buckets) {
      if (b < bucketOf(from) || b > bucketOf(to)) continue;
      for (const [key, e] of bucket.entries) {
        if (e.ts < from || e.ts > to) continue;
        const n = e.n - (pending.get(key) ?? 0);
        if (n > 0) out.push([e.ts, e.stream, e.hash, n]);
      }
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Restores entries saved by `export` (occurrences already shown). */
  restore(entries: Array<[number, number, number, number]>): void {
    for (const [ts, stream, hash, n] of entries) {
      const bucket = this.bucket(ts);
      const key = keyOf(ts, stream, hash);
      if (!bucket.entries.has(key)) this.count++;
      bucket.entries.set(key, { live: 0, n, ts, stream, hash });
    }
    this.peak = Math.max(this.peak, this.count);
    this.enforceCap();
  }

  static key(ts: number, stream: number, hash: number): number {
    return keyOf(ts, stream, hash);
  }
}
