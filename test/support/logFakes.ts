/**
 * Deterministic stand-ins for the tailer's world, shared by the unit tests and the bench: a fake clock and its
 * driver, a fake CloudWatch Logs (ingestion delay, paging, throttling, dropped connections, repeated tokens,
 * Live Tail), a fake training job, and a recording sink. Nothing here is used by the extension at run time.
 */
import type {
  Clock, CountLinesInput, DescribeLogStreamsInput, DescribeLogStreamsOutput, FilterLogEventsInput, FilterLogEventsOutput, JobStatus, JobStatusApi, LiveTailInput, LiveTailUpdate,
  LogEvent, LogSink, LogsApi, StatusMeta, StatusTransition, TailedLine, TailSummary,
} from '../../src/core/logs/types';
import { formatLogLine } from '../../src/core/logs/format';

/** mulberry32: a seeded PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Virtual time: `sleep` waits for the driver (`runWithClock`) to move time to it. */
export class FakeClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.UTC(2026, 10, 25, 10, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise(resolve => {
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve: () => undefined };
      const onAbort = () => { this.remove(timer); resolve(); };
      timer.resolve = () => { signal?.removeEventListener('abort', onAbort); resolve(); };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private remove(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Moves time to the earliest timer and fires it; false when none is waiting. */
  fireNext(): boolean {
    if (this.timers.length === 0) return false;
    let best = 0;
    for (let i = 1; i < this.timers.length; i++) {
      const t = this.timers[i]!;
      const b = this.timers[best]!;
      if (t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
    }
    const [timer] = this.timers.splice(best, 1);
    if (timer!.at > this.time) this.time = timer!.at;
    timer!.resolve();
    return true;
  }

  get waiting(): number {
    return this.timers.length;
  }
}

const settle = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

/**
 * Runs `work` to completion under `clock`: lets every promise settle, then fires the next timer, and so on.
 * `onStep` runs between steps (to abort at a given virtual time, for example).
 */
export async function runWithClock<T>(clock: FakeClock, work: Promise<T>, options: { maxSteps?: number; onStep?: () => void } = {}): Promise<T> {
  let done = false;
  let value: T | undefined;
  let failure: unknown;
  let failed = false;
  work.then(v => { done = true; value = v; }, e => { done = true; failed = true; failure = e; });
  const maxSteps = options.maxSteps ?? 5_000_000;
  for (let step = 0; ; step++) {
    await settle();
    if (done) {
      if (failed) throw failure;
      return value as T;
    }
    options.onStep?.();
    if (step >= maxSteps) throw new Error(`runWithClock: still running after ${maxSteps} steps`);
    if (!clock.fireNext()) {
      await settle();
      if (!done) throw new Error('runWithClock: the work is waiting, but not on the clock');
    }
  }
}

/** A line as the fake's writer produced it: written at `ts`, visible to readers (ingested) at `visibleAt`. */
export interface FakeLine {
  stream: string;
  ts: number;
  message: string;
  visibleAt: number;
}

interface Stored extends FakeLine {
  id: string;
}

export type FakeFault = 'throttle' | 'drop' | 'repeat-token' | 'duplicate-page' | 'server-error' | 'credentials' | 'invalid-token' | 'not-found';

export interface FakeCloudWatchOptions {
  clock: Clock;
  logGroupName: string;
  /** Events per FilterLogEvents page (CloudWatch: 10,000). */
  pageSize?: number;
  /** Virtual time each call takes. */
  latencyMs?: number;
  /** Probability per FilterLogEvents call of each fault. */
  faultRates?: Partial<Record<'throttle' | 'drop' | 'repeat-token' | 'duplicate-page' | 'server-error', number>>;
  seed?: number;
  /** Offer Live Tail: true, false (no startLiveTail), or 'unsupported' (it throws UnknownOperationException). */
  liveTail?: boolean | 'unsupported';
  liveUpdateMs?: number;
  /** Live Tail samples an update with more lines than this. */
  liveSampleAbove?: number;
  /** The group exists from this time (default: when the first line becomes visible). */
  groupCreatedAt?: number;
  /**
   * Refuse every FilterLogEvents nextToken (InvalidParameterException) from this time on, as CloudWatch does with a
   * token it no longer honours. (A stream exists, for DescribeLogStreams, from when its first line is ingested.)
   */
  refuseTokensFrom?: number;
  /**
   * CloudWatch Logs Insights' per-stream line counts (countLines): on (default), absent (false), or 'denied'
   * (AccessDeniedException, as for a role without logs:StartQuery).
   */
  insights?: boolean | 'denied';
}

const awsError = (name: string, message: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });

export function faultError(kind: FakeFault): Error {
  switch (kind) {
    case 'throttle': return awsError('ThrottlingException', 'Rate exceeded');
    case 'drop': return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    case 'server-error': return awsError('ServiceUnavailableException', 'Service unavailable', { $metadata: { httpStatusCode: 503 } });
    case 'credentials': return awsError('ExpiredTokenException', 'The security token included in the request is expired');
    case 'invalid-token': return awsError('InvalidParameterException', 'The specified nextToken is invalid.');
    case 'not-found': return awsError('ResourceNotFoundException', 'The specified log group does not exist.');
    default: return new Error(kind);
  }
}

/** CloudWatch Logs for one log group, in memory, with what goes wrong in the real one. */
export class FakeCloudWatch implements LogsApi {
  readonly calls = { filterLogEvents: 0, startLiveTail: 0, describeLogStreams: 0, countLines: 0 };
  countLines?: (input: CountLinesInput, signal?: AbortSignal) => Promise<Map<string, number>>;
  /** Fail the FilterLogEvents calls for exactly these streams (`logStreamNames`) with this error. */
  failStreamReads?: Error;
  readonly faults: Record<string, number> = {};
  startLiveTail?: (input: LiveTailInput, signal: AbortSignal) => AsyncIterable<LiveTailUpdate>;
  /** Make the live session running at this time fail (it throws SessionStreamingException), once. */
  liveFailAt = Infinity;
  /** Make the live session running at this time go silent (no update until aborted), once. */
  liveSilentAt = Infinity;
  /** A session ends after this long (it throws SessionTimeoutException, as the SDK does at Live Tail's 3-hour limit). */
  liveSessionLimitMs = Infinity;
  /** Throw this error from the next StartLiveTail calls (each once), before the session starts. */
  readonly liveStartErrors: Error[] = [];

  private byTime: Stored[] = [];
  private byVisible: Stored[] = [];
  private dirty = false;
  private nextId = 0;
  private forced: FakeFault[] = [];
  private readonly random: () => number;
  private firstVisible = Infinity;
  private lastPage: LogEvent[] = [];

  constructor(private readonly o: FakeCloudWatchOptions) {
    this.random = seededRandom(o.seed ?? 1);
    if (o.liveTail) this.startLiveTail = (input, signal) => this.live(input, signal);
    if (o.insights !== false) this.countLines = (input, signal) => this.count(input, o.insights === 'denied', signal);
  }

  /** Insights' `stats count(*) by @logStream` over the lines ingested by now. */
  private async count(input: CountLinesInput, denied: boolean, signal?: AbortSignal): Promise<Map<string, number>> {
    this.calls.countLines++;
    if (this.o.latencyMs) await this.o.clock.sleep(this.o.latencyMs, signal);
    if (denied) throw awsError('AccessDeniedException', 'User is not authorized to perform: logs:StartQuery');
    const now = this.o.clock.now();
    const counts = new Map<string, number>();
    for (const e of this.byTime) {
      if (e.visibleAt > now || e.ts < input.startTime || e.ts > input.endTime || !e.stream.startsWith(input.logStreamNamePrefix)) continue;
      counts.set(e.stream, (counts.get(e.stream) ?? 0) + 1);
    }
    return counts;
  }

  add(lines: Iterable<FakeLine>): void {
    for (const line of lines) {
      if (line.visibleAt < line.ts) throw new Error('a line cannot be ingested before it is written');
      const stored: Stored = { ...line, id: String(this.nextId++).padStart(12, '0') };
      this.byTime.push(stored);
      this.byVisible.push(stored);
      if (line.visibleAt < this.firstVisible) this.firstVisible = line.visibleAt;
    }
    this.dirty = true;
  }

  get size(): number {
    return this.byTime.length;
  }

  /** The next calls fail with these faults, in order. */
  failNext(...faults: FakeFault[]): void {
    this.forced.push(...faults);
  }

  private sortIfNeeded(): void {
    if (!this.dirty) return;
    this.byTime.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));
    this.byVisible.sort((a, b) => a.visibleAt - b.visibleAt || (a.id < b.id ? -1 : 1));
    this.dirty = false;
  }

  private groupExists(now: number): boolean {
    return now >= (this.o.groupCreatedAt ?? this.firstVisible);
  }

  private pickFault(): FakeFault | undefined {
    if (this.forced.length) return this.forced.shift();
    for (const [kind, rate] of Object.entries(this.o.faultRates ?? {})) if (rate && this.random() < rate) return kind as FakeFault;
    return undefined;
  }

  /** First index in byTime at or after (ts, id). */
  private lowerBound(ts: number, id = ''): number {
    let lo = 0;
    let hi = this.byTime.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.byTime[mid]!;
      if (e.ts < ts || (e.ts === ts && e.id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async filterLogEvents(input: FilterLogEventsInput, signal?: AbortSignal): Promise<FilterLogEventsOutput> {
    this.calls.filterLogEvents++;
    if (this.o.latencyMs) await this.o.clock.sleep(this.o.latencyMs, signal);
    const fault = this.pickFault();
    if (fault) this.faults[fault] = (this.faults[fault] ?? 0) + 1;
    if (fault && fault !== 'repeat-token' && fault !== 'duplicate-page') throw faultError(fault);
    const now = this.o.clock.now();
    if (!this.groupExists(now)) throw faultError('not-found');
    if (input.nextToken && now >= (this.o.refuseTokensFrom ?? Infinity)) {
      this.faults['invalid-token'] = (this.faults['invalid-token'] ?? 0) + 1;
      throw faultError('invalid-token');
    }
    if (input.logStreamNames?.length && this.failStreamReads) throw this.failStreamReads;
    this.sortIfNeeded();
    const limit = Math.min(input.limit ?? 10_000, this.o.pageSize ?? 10_000);
    let i: number;
    if (input.nextToken) {
      const [ts, id] = input.nextToken.split(':');
      i = this.lowerBound(Number(ts), id);
      if (i < this.byTime.length && this.byTime[i]!.id === id) i++;
    } else {
      i = this.lowerBound(input.startTime ?? 0);
    }
    const prefix = input.logStreamNamePrefix ?? '';
    const names = input.logStreamNames?.length ? new Set(input.logStreamNames) : undefined;
    const events: LogEvent[] = [];
    let last: Stored | undefined;
    for (; i < this.byTime.length && events.length < limit; i++) {
      const e = this.byTime[i]!;
      if (e.ts > now || (input.endTime !== undefined && e.ts > input.endTime)) break;
      if (e.visibleAt > now || (names ? !names.has(e.stream) : !e.stream.startsWith(prefix))) continue;
      events.push({ logStreamName: e.stream, timestamp: e.ts, message: e.message, eventId: e.id, ingestionTime: e.visibleAt });
      last = e;
    }
    const more = events.length >= limit && i < this.byTime.length && this.byTime[i]!.ts <= now;
    let nextToken = more && last ? `${last.ts}:${last.id}` : undefined;
    let page = events;
    if (fault === 'repeat-token' && input.nextToken) nextToken = input.nextToken;
    if (fault === 'duplicate-page') page = [...this.lastPage, ...events];
    this.lastPage = events;
    return { events: page, ...(nextToken ? { nextToken } : {}) };
  }

  /** DescribeLogStreams: the streams with a line ingested by now, 50 a page, by name. */
  async describeLogStreams(input: DescribeLogStreamsInput, signal?: AbortSignal): Promise<DescribeLogStreamsOutput> {
    this.calls.describeLogStreams++;
    if (this.o.latencyMs) await this.o.clock.sleep(this.o.latencyMs, signal);
    const now = this.o.clock.now();
    if (!this.groupExists(now)) throw faultError('not-found');
    const streams = new Map<string, { creationTime: number; lastEventTimestamp: number; lastIngestionTime: number }>();
    for (const e of this.byTime) {
      if (e.visibleAt > now || !e.stream.startsWith(input.logStreamNamePrefix)) continue;
      const s = streams.get(e.stream);
      if (!s) streams.set(e.stream, { creationTime: e.visibleAt, lastEventTimestamp: e.ts, lastIngestionTime: e.visibleAt });
      else {
        s.creationTime = Math.min(s.creationTime, e.visibleAt);
        s.lastEventTimestamp = Math.max(s.lastEventTimestamp, e.ts);
        s.lastIngestionTime = Math.max(s.lastIngestionTime, e.visibleAt);
      }
    }
    const names = [...streams.keys()].sort();
    const from = input.nextToken ? Number(input.nextToken) : 0;
    const page = names.slice(from, from + 50);
    return {
      logStreams: page.map(name => ({ logStreamName: name, ...streams.get(name)! })),
      ...(from + 50 < names.length ? { nextToken: String(from + 50) } : {}),
    };
  }

  private async *live(input: LiveTailInput, signal: AbortSignal): AsyncGenerator<LiveTailUpdate> {
    this.calls.startLiveTail++;
    const clock = this.o.clock;
    if (this.o.latencyMs) await clock.sleep(this.o.latencyMs, signal);
    if (this.o.liveTail === 'unsupported') throw awsError('UnknownOperationException', 'Unknown operation StartLiveTail');
    const startError = this.liveStartErrors.shift();
    if (startError) throw startError;
    if (!this.groupExists(clock.now())) throw faultError('not-found');
    let from = clock.now();
    const endsAt = from + this.liveSessionLimitMs;
    yield { started: true, events: [] };
    const every = this.o.liveUpdateMs ?? 1000;
    const sampleAbove = this.o.liveSampleAbove ?? 500;
    while (!signal.aborted) {
      await clock.sleep(every, signal);
      if (signal.aborted) return;
      const to = clock.now();
      if (to >= this.liveFailAt) {
        this.liveFailAt = Infinity;
        throw awsError('SessionStreamingException', 'The session was interrupted');
      }
      if (to >= this.liveSilentAt) {
        this.liveSilentAt = Infinity;
        await clock.sleep(Infinity, signal);
        return;
      }
      if (to >= endsAt) throw awsError('SessionTimeoutException', 'Session timed out after 3 hours');
      this.sortIfNeeded();
      let lo = 0;
      let hi = this.byVisible.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.byVisible[mid]!.visibleAt <= from) lo = mid + 1;
        else hi = mid;
      }
      const events: LogEvent[] = [];
      for (let i = lo; i < this.byVisible.length && this.byVisible[i]!.visibleAt <= to; i++) {
        const e = this.byVisible[i]!;
        if (e.stream.startsWith(input.logStreamNamePrefix)) events.push({ logStreamName: e.stream, timestamp: e.ts, message: e.message, ingestionTime: e.visibleAt });
      }
      from = to;
      const sampled = events.length > sampleAbove;
      yield { events: sampled ? events.filter((_, k) => k % Math.ceil(events.length / sampleAbove) === 0) : events, sampled };
    }
  }
}

export interface FakeJobOptions {
  clock: Clock;
  creationTime: number;
  transitions: Array<{ status: string; at: number; message?: string }>;
  /** When the job reaches `finalStatus` (Infinity: never). */
  endAt: number;
  finalStatus?: 'Completed' | 'Failed' | 'Stopped';
  failureReason?: string;
  billableSeconds?: number;
  trainingTimeSeconds?: number;
  instanceCount?: number;
  spot?: boolean;
}

/** DescribeTrainingJob for a job whose story is written in advance. */
export class FakeJob implements JobStatusApi {
  calls = 0;
  private forced: Error[] = [];

  constructor(private readonly o: FakeJobOptions) {}

  failNext(...errors: Error[]): void {
    this.forced.push(...errors);
  }

  async describe(): Promise<JobStatus> {
    this.calls++;
    const error = this.forced.shift();
    if (error) throw error;
    const now = this.o.clock.now();
    const ended = now >= this.o.endAt;
    const transitions: StatusTransition[] = this.o.transitions.filter(t => t.at <= now).map((t, i, all) => ({
      status: t.status, startTime: t.at, ...(all[i + 1] ? { endTime: all[i + 1]!.at } : {}), ...(t.message ? { message: t.message } : {}),
    }));
    const job: JobStatus = {
      status: ended ? this.o.finalStatus ?? 'Completed' : 'InProgress',
      secondaryStatusTransitions: transitions,
      instanceCount: this.o.instanceCount ?? 1,
      spot: this.o.spot ?? false,
      creationTime: this.o.creationTime,
    };
    if (ended) {
      job.endTime = this.o.endAt;
      if (this.o.failureReason) job.failureReason = this.o.failureReason;
      if (this.o.billableSeconds !== undefined) job.billableSeconds = this.o.billableSeconds;
      if (this.o.trainingTimeSeconds !== undefined) job.trainingTimeSeconds = this.o.trainingTimeSeconds;
    }
    return job;
  }
}

/** Keeps everything the tailer shows. */
export class RecordingSink implements LogSink {
  /** Each line as the output channel shows it (`text`), and as the tailer emitted it (`meta`). */
  readonly lines: Array<{ text: string; meta: TailedLine }> = [];
  readonly statuses: Array<{ text: string; meta: StatusMeta }> = [];
  /** Lines and statuses, in the order shown. */
  readonly output: string[] = [];
  summary?: TailSummary;
  ends = 0;

  constructor(private readonly clock?: Clock, readonly shownAt: number[] = []) {}

  line(line: TailedLine): void {
    const text = formatLogLine(line);
    this.lines.push({ text, meta: line });
    this.output.push(text);
    if (this.clock) this.shownAt.push(this.clock.now());
  }

  status(text: string, meta: StatusMeta): void {
    this.statuses.push({ text, meta });
    this.output.push(text);
  }

  end(summary: TailSummary): void {
    this.ends++;
    this.summary = summary;
    this.output.push(summary.text);
  }
}

/**
 * Lines as SageMaker's CloudWatch agent ingests them: each stream writes `count` lines from `start`, one every
 * `spacingMs` on average (bursty: several lines in the same millisecond), and the agent flushes its buffer every
 * `flushEveryMs` (a random phase per stream); a flush is split in two requests that land in either order up to
 * `reorderMs` apart, `jitterMs` after the flush. Messages are "<stream> <seq>".
 */
export function agentLines(options: {
  streams: string[];
  count: number;
  start: number | number[];
  spacingMs: number;
  flushEveryMs: number;
  jitterMs: number;
  reorderMs: number;
  seed: number;
  message?: (stream: string, seq: number) => string;
}): FakeLine[] {
  const random = seededRandom(options.seed);
  const out: FakeLine[] = [];
  options.streams.forEach((stream, s) => {
    let ts = Array.isArray(options.start) ? options.start[s]! : options.start;
    const phase = Math.floor(random() * options.flushEveryMs);
    let batch: Array<{ ts: number; seq: number }> = [];
    let flushAt = ts + phase;
    const flush = () => {
      if (batch.length === 0) return;
      const half = Math.ceil(batch.length / 2);
      const swap = random() < 0.5;
      const base = flushAt + Math.floor(random() * options.jitterMs);
      const second = Math.floor(random() * options.reorderMs);
      batch.forEach((line, k) => {
        const inFirst = k < half;
        const visibleAt = base + ((inFirst === swap) ? second : 0);
        out.push({ stream, ts: line.ts, visibleAt, message: options.message ? options.message(stream, line.seq) : `${stream} ${line.seq}` });
      });
      batch = [];
    };
    for (let seq = 0; seq < options.count; seq++) {
      // bursts: a third of the lines share the previous line's millisecond
      if (seq > 0 && random() >= 1 / 3) ts += Math.max(1, Math.round(random() * 2 * options.spacingMs));
      while (ts > flushAt) {
        flush();
        flushAt += options.flushEveryMs;
      }
      batch.push({ ts, seq });
    }
    flush();
  });
  return out;
}
