/**
 * The de-duplication window: which lines were already taken, for the recent past only.
 *
 * A line is identified by (timestamp, stream, hash of the message). FilterLogEvents gives each event an id, Live
 * Tail does not, so both paths meet on that identity; identical lines written in the same millisecond are told apart
 * by counting: each path's occurrences are counted (poll: distinct event ids; live: deliveries) and a line is taken
 * once per occurrence the busier path has seen. Entries are grouped by second and dropped once they are older than
 * the window's cutoff (the tail's watermark minus its overlap), and never more than `maxEntries` are kept: when the
 * cap bites, the oldest seconds go and `floor` moves up; the tailer never reads before `floor` again, so a line can
 * never be shown twice.
 *
 * The entries live in typed arrays (slots, reused once freed) indexed by an open-addressing hash table: no JS
 * object, string or boxed number is kept per line. A backfill passes a million lines through the window; objects
 * kept per line would each outlive a young-generation collection or two, and V8 grows its young generation with what
 * survives. An event id is kept as a 53-bit hash of it: two different events of the same line identity (timestamp,
 * stream, message hash) would have to share that hash for one of them to be dropped.
 */

/** FNV-1a, 32 bits, over the UTF-16 code units, mixed with the length. */
export function hashMessage(text: string): number {
  let h = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An event id as a 53-bit integer: FNV-1a (32 bits) above 21 bits of a second, independent hash. */
export function hashEventId(id: string): number {
  let a = 0x811c9dc5 ^ id.length;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2097152 + ((b >>> 0) >>> 11);
}

const bucketOf = (ts: number): number => Math.floor(ts / 1000);
const TWO_32 = 4294967296;
const NONE = -1;
const FIRST_CAPACITY = 1024;

/** (ms within the second) × 1024 + stream (low 10 bits), then the hash (mixed with the stream's high bits). */
function keyOf(ts: number, stream: number, hash: number): number {
  const ms = ts - bucketOf(ts) * 1000;
  return (ms * 1024 + (stream & 1023)) * TWO_32 + ((hash ^ Math.imul(stream >>> 10, 0x9e3779b1)) >>> 0);
}

/** Where a line identity starts probing the table (murmur3's finaliser over its parts). */
function homeOf(ts: number, stream: number, hash: number): number {
  let h = hash ^ Math.imul(ts >>> 0, 0x9e3779b1) ^ Math.imul((ts / TWO_32) | 0, 0xc2b2ae35) ^ Math.imul(stream + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One second of entries: the first slot of its chain (linked through `next`), and how many. */
interface Second {
  head: number;
  size: number;
}

export class SeenWindow {
  // Per slot: the line's identity, its first event id's hash, the distinct ids and Live Tail deliveries seen, and
  // the occurrences taken (shown, or queued to be shown); `next` chains a second's slots, and the free ones.
  private ts = new Float64Array(0);
  private stream = new Int32Array(0);
  private hash = new Uint32Array(0);
  private firstId = new Float64Array(0);
  private ids = new Uint32Array(0);
  private live = new Uint32Array(0);
  private taken = new Uint32Array(0);
  private next = new Int32Array(0);
  /** Open addressing, linear probing: slot + 1, 0 for empty; twice the slots, so at most half full. */
  private table = new Int32Array(0);
  /** The event ids after the first of a slot (identical lines written in the same millisecond: rare). */
  private readonly moreIds = new Map<number, number[]>();
  private readonly seconds = new Map<number, Second>();
  private free = NONE;
  private used = 0;
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
    const slot = this.slotOf(ts, stream, hash);
    let occurrences: number;
    if (eventId !== undefined) {
      const id = hashEventId(eventId);
      if (this.ids[slot] === 0) {
        this.firstId[slot] = id;
      } else if (this.firstId[slot] === id) {
        return false;
      } else {
        const more = this.moreIds.get(slot);
        if (more?.includes(id)) return false;
        if (more) more.push(id);
        else this.moreIds.set(slot, [id]);
      }
      occurrences = ++this.ids[slot]!;
    } else {
      occurrences = ++this.live[slot]!;
    }
    if (occurrences <= this.taken[slot]!) return false;
    this.taken[slot]!++;
    return true;
  }

  /** The slot of a line identity, a new (empty) one if the window does not hold it. */
  private slotOf(ts: number, stream: number, hash: number): number {
    const found = this.find(ts, stream, hash);
    if (found !== NONE) return found;
    if (this.free === NONE && this.used === this.ts.length) this.grow();
    let slot: number;
    if (this.free !== NONE) {
      slot = this.free;
      this.free = this.next[slot]!;
    } else {
      slot = this.used++;
    }
    this.ts[slot] = ts;
    this.stream[slot] = stream;
    this.hash[slot] = hash;
    this.ids[slot] = 0;
    this.live[slot] = 0;
    this.taken[slot] = 0;
    const b = bucketOf(ts);
    const second = this.seconds.get(b);
    if (second) {
      this.next[slot] = second.head;
      second.head = slot;
      second.size++;
    } else {
      this.next[slot] = NONE;
      this.seconds.set(b, { head: slot, size: 1 });
    }
    this.place(slot);
    if (++this.count > this.peak) this.peak = this.count;
    return slot;
  }

  private find(ts: number, stream: number, hash: number): number {
    const { table } = this;
    if (table.length === 0) return NONE;
    const mask = table.length - 1;
    for (let i = homeOf(ts, stream, hash) & mask; ; i = (i + 1) & mask) {
      const entry = table[i]!;
      if (entry === 0) return NONE;
      const slot = entry - 1;
      if (this.ts[slot] === ts && this.hash[slot] === hash && this.stream[slot] === stream) return slot;
    }
  }

  private place(slot: number): void {
    const { table } = this;
    const mask = table.length - 1;
    let i = homeOf(this.ts[slot]!, this.stream[slot]!, this.hash[slot]!) & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  /** Twice the slots (once per doubling of the window's size, not per line); the table rebuilt for them. */
  private grow(): void {
    const capacity = Math.max(FIRST_CAPACITY, this.ts.length * 2);
    const widen = <T extends Float64Array | Int32Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const wider = make(capacity);
      wider.set(old);
      return wider;
    };
    this.ts = widen(this.ts, n => new Float64Array(n));
    this.stream = widen(this.stream, n => new Int32Array(n));
    this.hash = widen(this.hash, n => new Uint32Array(n));
    this.firstId = widen(this.firstId, n => new Float64Array(n));
    this.ids = widen(this.ids, n => new Uint32Array(n));
    this.live = widen(this.live, n => new Uint32Array(n));
    this.taken = widen(this.taken, n => new Uint32Array(n));
    this.next = widen(this.next, n => new Int32Array(n));
    this.table = new Int32Array(capacity * 2);
    for (const second of this.seconds.values()) {
      for (let slot = second.head; slot !== NONE; slot = this.next[slot]!) this.place(slot);
    }
  }

  /** Takes a slot out of the table (backward-shift deletion: no tombstones) and onto the free list. */
  private release(slot: number): void {
    const { table } = this;
    const mask = table.length - 1;
    let i = homeOf(this.ts[slot]!, this.stream[slot]!, this.hash[slot]!) & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const other = table[j]! - 1;
      const home = homeOf(this.ts[other]!, this.stream[other]!, this.hash[other]!) & mask;
      // The entry at j may move back to the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        table[i] = table[j]!;
        i = j;
      }
    }
    table[i] = 0;
    this.moreIds.delete(slot);
    this.next[slot] = this.free;
    this.free = slot;
  }

  private dropSecond(b: number): void {
    const second = this.seconds.get(b)!;
    for (let slot = second.head; slot !== NONE;) {
      const after = this.next[slot]!;
      this.release(slot);
      slot = after;
    }
    this.count -= second.size;
    this.seconds.delete(b);
  }

  /**
   * Forgets the lines older than `cutoff` (whole seconds only), then enforces the cap, never on the seconds from
   * `keepFrom` on (what the read in flight may hand out again).
   */
  prune(cutoff: number, keepFrom = Infinity): void {
    const last = bucketOf(cutoff) - 1; // seconds wholly below the cutoff
    for (const b of [...this.seconds.keys()]) if (b <= last) this.dropSecond(b);
    this.enforceCap(keepFrom);
  }

  private enforceCap(keepFrom = Infinity): void {
    while (this.count > this.maxEntries && this.seconds.size > 0) {
      let oldest = Infinity;
      for (const b of this.seconds.keys()) if (b < oldest) oldest = b;
      if (oldest >= bucketOf(keepFrom)) return;
      this.dropSecond(oldest);
      this.floor = Math.max(this.floor, (oldest + 1) * 1000);
    }
  }

  /** Entries with from <= ts <= to, as [ts, stream, hash, taken], less `pending` occurrences not shown yet. */
  export(from: number, to: number, pending: Map<number, number>): Array<[number, number, number, number]> {
    const out: Array<[number, number, number, number]> = [];
    for (const [b, second] of this.seconds) {
      if (b < bucketOf(from) || b > bucketOf(to)) continue;
      for (let slot = second.head; slot !== NONE; slot = this.next[slot]!) {
        const ts = this.ts[slot]!;
        if (ts < from || ts > to) continue;
        const stream = this.stream[slot]!;
        const hash = this.hash[slot]!;
        const n = this.taken[slot]! - (pending.get(keyOf(ts, stream, hash)) ?? 0);
        if (n > 0) out.push([ts, stream, hash, n]);
      }
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Restores entries saved by `export` (occurrences already shown; no event ids or deliveries counted yet). */
  restore(entries: Array<[number, number, number, number]>): void {
    for (const [ts, stream, hash, n] of entries) {
      const slot = this.slotOf(ts, stream, hash);
      this.ids[slot] = 0;
      this.live[slot] = 0;
      this.taken[slot] = n;
      this.moreIds.delete(slot);
    }
    this.enforceCap();
  }

  static key(ts: number, stream: number, hash: number): number {
    return keyOf(ts, stream, hash);
  }
}
