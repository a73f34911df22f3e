/**
 * Ordering. Lines are held back in a small buffer and shown in timestamp order once nothing older can still arrive:
 * after a complete poll started at T, everything ingested before T has been read, so every line with a timestamp
 * before T - H is final, where H (the hold-back) covers the ingestion lag (ingestionTime - timestamp) seen over the
 * last minutes: H = 1.25 × max lag + 50 ms, and more while the lag cannot be known yet (the first seconds, and
 * instances that have not written yet). Against an emulator H is ~100-250 ms; with the batching agent of SageMaker
 * instances it grows to cover the agent's flush interval. A line that arrives later than H anyway is still shown,
 * once, flagged `late`, and H grows to cover it. The final read shows everything.
 *
 * The buffer also owns what the tail knows of each stream and the de-duplication window, because taking a line
 * (is it new? how late did it come?) and showing it (is it older than the watermark?) both need them; the cursor
 * is made from the same state.
 */
import { hashMessage, SeenWindow } from './dedupe';
import type { LineTally } from './lateLines';
import { withoutNewline, type TailTarget } from './format';
import type { TailTuning } from './tuning';
import type { Clock, LogEvent, LogSink, TailCursor } from './types';

interface Held {
  ts: number;
  seq: number;
  /** -1: a status line (`message` is its text). */
  stream: number;
  message: string;
  hash: number;
  eventId: string | undefined;
  live: boolean;
}

export interface StreamInfo {
  name: string;
  host: string;
  /** The newest timestamp of a line taken from this stream (an agent sends its stream in order: those before came). */
  newestTs: number;
  /** Ingestion batches (distinct seconds of ingestion) seen, up to 2. */
  batches: number;
  lastIngestSecond: number;
  firstSeenAt: number;
}

/** During a poll's run: each stream's newest timestamp before the run, and the streams whose lines came late. */
export interface RunStreams {
  before: Map<number, number>;
  late: Set<number>;
  lateLagMs: number;
}

const byTime = (a: Held, b: Held): number => a.ts - b.ts || a.seq - b.seq;

export class OrderingBuffer {
  readonly seen: SeenWindow;
  readonly streams: StreamInfo[] = [];
  private readonly streamIndex = new Map<string, number>();
  /** Streams that have delivered fewer than two batches. */
  private warming = 0;
  private pending: Held[] = [];
  private seq = 0;
  /** Newest timestamp of a line shown. */
  private newestShown = -Infinity;
  /** Every line with a timestamp up to here has been read (and shown, or is being shown). */
  private lastThreshold = -Infinity;
  /** The largest ingestion lag seen, by second of ingestion (or of observation, for late lines). */
  private readonly lags = new Map<number, number>();
  /** The oldest line taken: how long the tail has been able to observe ingestion lags. */
  private firstTs = Infinity;
  /** The newest ingestion time of a line taken (CloudWatch's clock): saved in the cursor. */
  private ingestedBy = -Infinity;
  /** Resumed from a cursor: below `floor`, lines ingested up to `ingestedBy` were read by the tail that saved it. */
  private resumed?: { floor: number; ingestedBy: number };
  /** Set by the reader for the length of one run over the whole job (polled lines only). */
  runStreams?: RunStreams;
  /**
   * Where the FilterLogEvents run in flight started reading: the window keeps the lines from there on until it ends,
   * so that Live Tail lines shown meanwhile (which move the watermark) are still known when the run's pages come.
   */
  readingFrom = Infinity;
  private shown = 0;
  /** Lines taken (new, not read before): whether a poll found lines, i.e. whether they flow. */
  linesTaken = 0;
  /** Every line taken, per stream and second, for the late-line check at the end (lateLines.ts). */
  tally?: LineTally;
  readonly counts = { duplicates: 0, lateLines: 0, pendingPeak: 0 };

  constructor(
    private readonly target: TailTarget, private readonly sink: LogSink, private readonly clock: Clock,
    private readonly t: TailTuning, private hostsExpected: number,
  ) {
    this.seen = new SeenWindow(t.maxSeen);
  }

  get watermark(): number { return this.newestShown; }
  get linesShown(): number { return this.shown; }
  get pendingCount(): number { return this.pending.length; }
  get expectedHosts(): number { return this.hostsExpected; }

  /** More instances than first thought (the job says so): the hold-back waits for the ones not heard from. */
  expectHosts(count: number): void {
    if (count > this.hostsExpected) this.hostsExpected = count;
  }

  streamOf(name: string): number {
    let index = this.streamIndex.get(name);
    if (index === undefined) {
      index = this.streams.push({ name, host: this.target.hostOf(name), newestTs: -Infinity, batches: 0, lastIngestSecond: NaN, firstSeenAt: this.clock.now() }) - 1;
      this.warming++;
      this.streamIndex.set(name, index);
    }
    return index;
  }

  /** Takes new lines into the ordering buffer; learns the ingestion lag from them. */
  accept(events: LogEvent[], live: boolean): void {
    let lateness = 0;
    const h = this.lastThreshold > -Infinity ? this.holdback() : 0;
    let second = NaN;
    let secondLag = 0;
    for (const e of events) {
      const ts = e.timestamp;
      if (this.resumed && ts < this.resumed.floor && !(e.ingestionTime !== undefined && e.ingestionTime > this.resumed.ingestedBy)) {
        this.counts.duplicates++; // read (and shown) by the tail that saved the cursor
        continue;
      }
      const stream = this.streamOf(e.logStreamName);
      const hash = hashMessage(e.message);
      if (!this.seen.take(ts, stream, hash, live ? undefined : e.eventId)) {
        this.counts.duplicates++;
        continue;
      }
      const info = this.streams[stream]!;
      this.linesTaken++;
      this.tally?.add(info.name, ts, e.message);
      if (this.runStreams && !live) {
        if (!this.runStreams.before.has(stream)) this.runStreams.before.set(stream, info.newestTs);
        if (e.ingestionTime !== undefined && e.ingestionTime - ts > this.runStreams.lateLagMs) this.runStreams.late.add(stream);
      }
      if (ts > info.newestTs) info.newestTs = ts;
      if (e.ingestionTime !== undefined) {
        if (e.ingestionTime > this.ingestedBy) this.ingestedBy = e.ingestionTime;
        const s = Math.floor(e.ingestionTime / 1000);
        if (info.batches < 2 && s !== info.lastIngestSecond) {
          info.lastIngestSecond = s;
          if (++info.batches === 2) this.warming--;
        }
        if (s !== second) {
          if (secondLag > 0) this.observeLag(second, secondLag);
          second = s;
          secondLag = 0;
        }
        if (e.ingestionTime - ts > secondLag) secondLag = e.ingestionTime - ts;
      }
      if (ts < this.firstTs) this.firstTs = ts;
      // Late, and not for a long ingestion lag (that is learnt above): the clocks disagree, say.
      if (ts <= this.lastThreshold && this.lastThreshold - ts > lateness && !(e.ingestionTime !== undefined && e.ingestionTime - ts > h)) {
        lateness = this.lastThreshold - ts;
      }
      // Every field in the literal: one added later would give each held line a second, out-of-object store.
      this.pending.push({ ts, seq: this.seq++, stream, message: e.message, hash, eventId: live ? undefined : e.eventId, live });
    }
    if (secondLag > 0) this.observeLag(second, secondLag);
    if (this.pending.length > this.counts.pendingPeak) this.counts.pendingPeak = this.pending.length;
    // A line later than the hold-back allowed: the hold-back grows to cover it if it happens again.
    if (lateness > 0) this.observeLag(Math.floor(this.clock.now() / 1000), (h + lateness) / this.t.lagFactor);
  }

  private observeLag(second: number, lag: number): void {
    if (lag > (this.lags.get(second) ?? 0)) this.lags.set(second, lag);
  }

  /**
   * The ingestion lag to cover: the largest of the per-second maxima seen in the last `lagWindowMs`, unless it is
   * an outlier (more than twice the second largest, once ten seconds of lags are known): a line ingested a minute
   * late does not hold every line back for minutes, it is shown late, once.
   */
  private lagEstimate(): number {
    const cutoff = Math.floor((this.clock.now() - this.t.lagWindowMs) / 1000);
    let first = 0;
    let second = 0;
    for (const [s, lag] of this.lags) {
      if (s < cutoff) {
        this.lags.delete(s);
        continue;
      }
      if (lag > first) {
        second = first;
        first = lag;
      } else if (lag > second) {
        second = lag;
      }
    }
    return first > 2 * second && this.lags.size >= 10 ? second : first;
  }

  /** Whether a stream first seen in the last 5 × newHostHoldbackMs (30 s) has delivered only one batch so far. */
  private hostWarming(): boolean {
    if (this.warming === 0) return false;
    const recent = this.clock.now() - 5 * this.t.newHostHoldbackMs;
    for (const info of this.streams) {
      if (info.batches >= 2) continue;
      if (info.firstSeenAt >= recent) return true;
      info.batches = 2; // quiet since: not warming any more
    }
    this.warming = 0;
    return false;
  }

  /**
   * How far behind its start a poll reads: the learned ingestion lag with its margin. A line that comes later than
   * this is found by its stream's backlog read (reader.ts), so the new-host wait of `holdback()` is not read behind.
   */
  ingestionAllowance(): number {
    return Math.min(this.t.maxHoldbackMs, Math.ceil(this.t.lagFactor * this.lagEstimate()) + this.t.minHoldbackMs);
  }

  /** H: how far behind the last complete read lines stay held, to be shown in timestamp order. */
  holdback(): number {
    const lag = this.lagEstimate();
    let h = Math.ceil(this.t.lagFactor * lag) + this.t.minHoldbackMs;
    // Early on only the lines with short lags can have arrived: the estimate is trusted once the tail has
    // watched for three times the lag it saw (a full flush cycle of a batching agent); until then nothing newer
    // than the first line is shown.
    const watched = this.clock.now() - this.firstTs;
    if (watched < 3 * lag) h = Math.max(h, watched);
    // An instance that has not written yet may deliver its first batch a whole agent flush late; one that has
    // delivered a single batch so far has not shown its flush cycle yet.
    if (this.streams.length < this.hostsExpected || this.hostWarming()) h = Math.max(h, Math.min(watched, this.t.newHostHoldbackMs));
    return Math.min(this.t.maxHoldbackMs, h);
  }

  /** Status lines take their place among the log lines by time, and show as soon as the lines around them do. */
  holdStatuses(lines: { ts: number; message: string }[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.pending.push({ ts: line.ts, seq: this.seq++, stream: -1, message: line.message, hash: 0, eventId: undefined, live: false });
    this.emit(this.lastThreshold);
  }

  /** Shows, in timestamp order, every held line up to `threshold`. */
  emit(threshold: number): void {
    if (threshold > this.lastThreshold) this.lastThreshold = threshold;
    if (this.pending.length === 0) return;
    const ready: Held[] = [];
    const rest: Held[] = [];
    for (const h of this.pending) (h.ts <= threshold ? ready : rest).push(h);
    if (ready.length === 0) return;
    this.pending = rest;
    this.show(ready);
  }

  /**
   * Bounded memory on huge backfills: pages come in time order, so what is older than the last page (its oldest
   * line at `pageOldest`) is final.
   */
  spill(threshold: number, pageOldest: number): void {
    const limit = Math.min(threshold, pageOldest - 1);
    const ready: Held[] = [];
    const rest: Held[] = [];
    for (const h of this.pending) (h.ts <= limit ? ready : rest).push(h);
    if (rest.length > 2 * this.t.maxPending) {
      rest.sort(byTime);
      ready.push(...rest.splice(0, rest.length - this.t.maxPending));
    }
    if (ready.length === 0) return;
    this.pending = rest;
    this.show(ready);
  }

  private show(ready: Held[]): void {
    ready.sort(byTime);
    const hosts = Math.max(this.hostsExpected, this.streams.length);
    for (const h of ready) {
      if (h.stream < 0) {
        this.sink.status(h.message, { kind: 'transition', timestamp: h.ts });
        continue;
      }
      const late = h.ts < this.newestShown;
      if (late) this.counts.lateLines++;
      else this.newestShown = h.ts;
      const stream = this.streams[h.stream]!;
      this.shown++;
      const message = withoutNewline(h.message);
      const source = h.live ? 'live' : 'poll';
      // One object a line (no spread of a second one): a backfill shows a million of them.
      this.sink.line(h.eventId !== undefined
        ? { timestamp: h.ts, host: stream.host, stream: stream.name, message, hosts, source, late, eventId: h.eventId }
        : { timestamp: h.ts, host: stream.host, stream: stream.name, message, hosts, source, late });
    }
    if (this.newestShown !== -Infinity) this.seen.prune(Math.min(this.newestShown - this.t.overlapMs, this.readingFrom), this.readingFrom);
  }

  /** The window's lines (held ones included, as not yet shown) and the watermark, for a later tail to continue. */
  cursor(statuses: string[]): TailCursor {
    if (this.newestShown === -Infinity) {
      return { version: 1, watermark: 0, floor: 0, streams: [], seen: [], statuses, lines: this.shown };
    }
    const held = new Map<number, number>();
    for (const h of this.pending) {
      if (h.stream < 0) continue;
      const key = SeenWindow.key(h.ts, h.stream, h.hash);
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    const from = this.newestShown - this.t.cursorWindowMs;
    const entries = this.seen.export(from, this.newestShown, held);
    const names: string[] = [];
    const remap = new Map<number, number>();
    const seen = entries.map(([ts, stream, hash, n]): [number, number, number, number] => {
      let index = remap.get(stream);
      if (index === undefined) {
        index = names.push(this.streams[stream]!.name) - 1;
        remap.set(stream, index);
      }
      return [ts, index, hash, n];
    });
    return {
      version: 1, watermark: this.newestShown, floor: Math.max(this.seen.floor, from), streams: names, seen,
      statuses, lines: this.shown,
      ...(this.ingestedBy > -Infinity ? { ingestedBy: this.ingestedBy } : {}),
    };
  }

  /** Continues where a cursor left off; whether it had shown lines (then there is nothing to wait for). */
  restore(cursor: TailCursor): boolean {
    this.shown = cursor.lines;
    if (!(cursor.watermark > 0)) return false;
    this.newestShown = cursor.watermark;
    this.lastThreshold = cursor.watermark;
    if (typeof cursor.ingestedBy === 'number') {
      // Reads go back as far as a fresh tail's; below the floor, ingestion times tell the lines already read.
      this.resumed = { floor: cursor.floor, ingestedBy: cursor.ingestedBy };
      this.ingestedBy = cursor.ingestedBy;
    } else {
      this.seen.floor = cursor.floor;
    }
    const indices = cursor.streams.map(name => this.streamOf(name));
    this.seen.restore(cursor.seen.map(([ts, stream, hash, n]) => [ts, indices[stream]!, hash, n]));
    for (const [ts, stream] of cursor.seen) {
      const info = this.streams[indices[stream]!]!;
      if (ts > info.newestTs) info.newestTs = ts;
    }
    return true;
  }
}
