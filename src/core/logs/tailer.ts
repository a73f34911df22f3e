/**
 * The CloudWatch Logs tailer for SageMaker training jobs and endpoints. Pure: CloudWatch, the job's status, the clock
 * and randomness are injected (see types.ts), so the whole of it runs deterministically under a fake clock.
 *
 * Reading. Every poll is ONE FilterLogEvents run over the whole job (logStreamNamePrefix "<job>/", paged with
 * nextToken), whatever the number of instances: streams that appear later (more instances starting, instance groups)
 * are in it without being looked for. CloudWatch can ingest a line after lines with later timestamps, so polls read
 * back: a deep poll (every 30 s, and the first and final ones) from `overlapMs` (90 s) before the watermark (the
 * newest timestamp shown), the others from a few seconds (max(5 s, 3 hold-backs)) before the previous complete
 * poll; what is read again is dropped by the de-duplication window (dedupe.ts). So a line CloudWatch ingests up to
 * a minute after its timestamp is still shown (flagged `late` when it comes after later lines). Where Live Tail is available, a
 * StartLiveTail session (same prefix) delivers lines within about a second, and polling slows to a backfill and
 * safety net (every 15 s).
 *
 * Completeness. An instance's agent sends its stream in order, so lines that arrive later than the read-back come
 * as a backlog: a stall, or a stream created minutes after the instance started writing. A run that takes a line
 * ingested more than half its read-back late reads that stream alone again from its newest line taken before
 * (one call, only then). At the end, the final run shows every line from its start on, and each stream whose newest
 * line taken is older than that start (and every stream, when the final run could not finish; DescribeLogStreams
 * names the streams no read returned) is read from that line on: one call a stream, once. A stream that still
 * cannot be read is named in one `incomplete` status line with the AWS CLI command that re-reads it. Not covered:
 * a lone line ingested over a minute late while the lines written after it on the same stream arrived on time
 * (CloudWatch has no query by ingestion time; only re-reading the whole log would find it). A resumed tail reads
 * back as far as a fresh one; below the cursor's window it takes only the lines ingested after the cursor was saved.
 *
 * Ordering. Lines are held back in a small buffer and shown in timestamp order once nothing older can still arrive:
 * after a complete poll started at T, everything ingested before T has been read, so every line with a timestamp
 * before T - H is final, where H (the hold-back) covers the ingestion lag (ingestionTime - timestamp) seen over the
 * last minutes: H = 1.25 × max lag + 50 ms, and more while the lag cannot be known yet (the first seconds, and
 * instances that have not written yet). Against an emulator H is ~100-250 ms; with the batching agent of SageMaker
 * instances it grows to cover the agent's flush interval. A line that arrives later than H anyway is still shown,
 * once, flagged `late`, and H grows to cover it. The final read shows everything.
 *
 * Failures. Throttling and network errors back off exponentially with jitter and retry the same request (same
 * nextToken); a repeated or refused nextToken restarts the run from the newest timestamp it read; a poll that could
 * not finish shows nothing new (its lines wait for the next complete poll), so nothing is lost and, by the window,
 * nothing is shown twice.
 * Credential errors stop the tail with one message.
 */
import { backoffDelay, systemClock } from './clock';
import { hashMessage, SeenWindow } from './dedupe';
import { classifyLogsError, type LogsError } from './errors';
import { withoutNewline, formatOutcome, formatTransition, formatUtc, type TailTarget } from './format';
import { TERMINAL_TRAINING_JOB_STATUSES } from '../facts';
import type { Clock, JobStatus, JobStatusApi, LogEvent, LogSink, LogsApi, TailCursor, TailSummary } from './types';

export interface TailTuning {
  /** Between FilterLogEvents runs while polling. */
  pollIntervalMs: number;
  /** Between FilterLogEvents runs while Live Tail delivers (backfill and safety net). */
  livePollIntervalMs: number;
  /** While Live Tail runs, how often the loop checks for due polls (lines are released as each update arrives). */
  liveFlushMs: number;
  /**
   * How long before a Live Tail update was received a line may have been ingested and still be missing from it
   * (the update after it carries it): lines are final up to that update's time minus this and the hold-back.
   */
  liveDeliveryMs: number;
  /** Between DescribeTrainingJob calls. */
  statusIntervalMs: number;
  /**
   * How far before the watermark a deep poll reads again, for lines CloudWatch ingests late: a line ingested up to
   * `overlapMs - deepPollEveryMs` after its timestamp is always read (later ones, up to `overlapMs`, usually).
   */
  overlapMs: number;
  /** How often a poll is deep (reads back `overlapMs`); the others read back from the previous complete poll. */
  deepPollEveryMs: number;
  /**
   * How far before the previous complete poll's start the other polls read (at least; three hold-backs when more):
   * what an ingestion lag up to that long can have added since.
   */
  shortOverlapMs: number;
  minHoldbackMs: number;
  /** The hold-back covers this many times the largest ingestion lag seen (plus minHoldbackMs). */
  lagFactor: number;
  maxHoldbackMs: number;
  /** Hold-back while some expected hosts have not written yet (their first batch may come a flush late). */
  newHostHoldbackMs: number;
  /** How long an observed ingestion lag keeps the hold-back up. */
  lagWindowMs: number;
  /** After a terminal status, wait this long before the final read (CloudWatch ingests the last lines late). */
  finalGraceMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Cap of the de-duplication window (lines). */
  maxSeen: number;
  /** Lines held in the ordering buffer before the oldest are shown early (huge backfills). */
  maxPending: number;
  /** FilterLogEvents `limit` (the service's default, 10,000, when unset). */
  pageLimit?: number;
  cursorEveryMs: number;
  /** How much of the window a cursor carries (seconds before its watermark a resumed tail re-reads). */
  cursorWindowMs: number;
  /** Unclassified errors in a row before the tail stops. */
  maxOtherErrors: number;
  /** Failed calls in a row before a "retrying" status is shown (once per outage). */
  retryNoticeAfter: number;
}

export const DEFAULT_TUNING: Readonly<TailTuning> = {
  pollIntervalMs: 2_000,
  livePollIntervalMs: 15_000,
  liveFlushMs: 250,
  liveDeliveryMs: 250,
  statusIntervalMs: 5_000,
  overlapMs: 90_000,
  deepPollEveryMs: 30_000,
  shortOverlapMs: 5_000,
  minHoldbackMs: 50,
  lagFactor: 1.25,
  maxHoldbackMs: 30_000,
  newHostHoldbackMs: 6_000,
  lagWindowMs: 300_000,
  finalGraceMs: 5_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxSeen: 250_000,
  maxPending: 50_000,
  cursorEveryMs: 5_000,
  cursorWindowMs: 15_000,
  maxOtherErrors: 5,
  retryNoticeAfter: 3,
};

export interface TailOptions {
  target: TailTarget;
  logs: LogsApi;
  sink: LogSink;
  /** The job's status: transitions, terminal status and the summary. None for endpoints (the tail runs until aborted). */
  status?: JobStatusApi;
  clock?: Clock;
  /** In [0, 1), for backoff jitter. */
  random?: () => number;
  signal?: AbortSignal;
  /** Continue a tail saved with `cursor()` / `onCursor`. */
  cursor?: TailCursor;
  /** Called with the cursor every `cursorEveryMs` while lines are shown, and at the end. */
  onCursor?: (cursor: TailCursor) => void;
  /** Where a fresh tail starts reading (ms since the epoch). Default: 5 minutes before the job's creation, else all. */
  startTime?: number;
  /** Hosts expected (instances); more than one shows "[host] " before each line from the start. */
  expectedHosts?: number;
  /** Use Live Tail when `logs.startLiveTail` exists (default true). */
  liveTail?: boolean;
  formatTime?: (ms: number) => string;
  tuning?: Partial<TailTuning>;
  /**
   * Appended to the line that says which streams may be incomplete, after the AWS CLI command that re-reads them:
   * how else to re-read them where the tail runs (e.g. 'or run "SageMaker: Tail Logs" on the job again').
   */
  rereadHint?: string;
}

export interface TailStats {
  mode: 'poll' | 'live';
  filterLogEventsCalls: number;
  pages: number;
  /** Complete polls that read back the whole overlap. */
  deepPolls: number;
  describeCalls: number;
  liveSessions: number;
  liveEvents: number;
  liveSampled: number;
  liveFallback?: string;
  /** FilterLogEvents calls for single streams: a stream's late backlog, the completeness check at the end. */
  streamReads: number;
  lines: number;
  duplicates: number;
  lateLines: number;
  retries: number;
  throttled: number;
  repeatedTokens: number;
  streams: number;
  seenWindow: number;
  seenWindowPeak: number;
  pending: number;
  pendingPeak: number;
  holdbackMs: number;
}

interface Held {
  ts: number;
  seq: number;
  /** -1: a status line (`message` is its text). */
  stream: number;
  message: string;
  hash: number;
  eventId?: string;
  live: boolean;
}

interface StreamInfo {
  name: string;
  host: string;
  /** The newest timestamp of a line taken from this stream (an agent sends its stream in order: those before came). */
  newestTs: number;
  /** Ingestion batches (distinct seconds of ingestion) seen, up to 2. */
  batches: number;
  lastIngestSecond: number;
  firstSeenAt: number;
}

type PollResult = 'ok' | 'missing' | 'incomplete' | 'stopped';

const MAX_RESTARTS = 3;
const byTime = (a: Held, b: Held): number => a.ts - b.ts || a.seq - b.seq;

export class LogTailer {
  private readonly target: TailTarget;
  private readonly logs: LogsApi;
  private readonly sink: LogSink;
  private readonly statusApi?: JobStatusApi;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly signal: AbortSignal;
  private readonly t: TailTuning;
  private readonly formatTime: (ms: number) => string;
  private readonly onCursor?: (cursor: TailCursor) => void;
  private readonly seen: SeenWindow;

  private readonly streams: StreamInfo[] = [];
  /** Streams that have delivered fewer than two batches. */
  private warming = 0;
  private readonly streamIndex = new Map<string, number>();
  private pending: Held[] = [];
  private seq = 0;
  /** Newest timestamp of a line shown. */
  private watermark = -Infinity;
  /** Every line with a timestamp up to here has been read (and shown, or is being shown). */
  private lastThreshold = -Infinity;
  private initialStart: number;
  private expectedHosts: number;
  /** The largest ingestion lag seen, by second of ingestion (or of observation, for late lines). */
  private lags = new Map<number, number>();
  /** The oldest line taken: how long the tail has been able to observe ingestion lags. */
  private firstTs = Infinity;

  private job?: JobStatus;
  private readonly statusesShown = new Set<string>();
  private terminal = false;
  private finalAt = Infinity;
  private nextStatusAt = 0;
  private statusFailures = 0;
  private nextPollAt = 0;

  private failuresInRow = 0;
  private otherErrors = 0;
  private noticeShown = false;
  private waitingShown = false;
  private fatal?: LogsError;
  private ended = false;
  private running = false;

  private readonly liveWanted: boolean;
  private liveDisabled = false;
  private liveRunning = false;
  private liveCovering = false;
  private liveStartedAt?: number;
  private lastLiveUpdateAt = -Infinity;
  private liveAbort?: AbortController;

  private linesShown = 0;
  private lastCursorAt = -Infinity;
  private linesAtCursor = -1;
  private readonly s: Omit<TailStats, 'mode' | 'streams' | 'seenWindow' | 'seenWindowPeak' | 'pending' | 'holdbackMs' | 'lines'> = {
    filterLogEventsCalls: 0, pages: 0, deepPolls: 0, describeCalls: 0, liveSessions: 0, liveEvents: 0, liveSampled: 0,
    duplicates: 0, lateLines: 0, retries: 0, throttled: 0, repeatedTokens: 0, pendingPeak: 0, streamReads: 0,
  };

  /** The newest ingestion time of a line taken (CloudWatch's clock): saved in the cursor. */
  private ingestedBy = -Infinity;
  /** Resumed from a cursor: below `floor`, lines ingested up to `ingestedBy` were read by the tail that saved it. */
  private resumed?: { floor: number; ingestedBy: number };
  /** During a poll's run: each stream's newest timestamp before the run, and the streams whose lines came late. */
  private runStreams?: { before: Map<number, number>; late: Set<number>; lateLagMs: number };
  /** Streams that could not be read in full, from where. */
  private readonly unread = new Map<number, { from: number; reason: string }>();
  private readonly rereadHint?: string;

  constructor(options: TailOptions) {
    this.target = options.target;
    this.logs = options.logs;
    this.sink = options.sink;
    this.statusApi = options.status;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.signal = options.signal ?? new AbortController().signal;
    this.t = { ...DEFAULT_TUNING, ...options.tuning };
    this.formatTime = options.formatTime ?? formatUtc;
    this.onCursor = options.onCursor;
    this.seen = new SeenWindow(this.t.maxSeen);
    this.initialStart = options.startTime ?? 0;
    this.expectedHosts = options.expectedHosts ?? 1;
    this.liveWanted = options.liveTail !== false && typeof this.logs.startLiveTail === 'function';
    if (options.rereadHint) this.rereadHint = options.rereadHint;
    if (options.cursor) this.restore(options.cursor);
  }

  /** Tails until the job's final read, an abort or a fatal error; the summary is also given to `sink.end`. */
  async run(): Promise<TailSummary> {
    if (this.running) throw new Error('This tail is already running.');
    this.running = true;
    try {
      if (this.statusApi) await this.describe(true);
      for (;;) {
        if (this.signal.aborted) return this.finish('aborted');
        if (this.fatal) return this.finish('error');
        if (this.statusApi && !this.terminal && this.clock.now() >= this.nextStatusAt) {
          await this.describe(false);
          continue;
        }
        if (this.terminal && this.clock.now() >= this.finalAt) {
          await this.finalRead();
          return this.finish(this.fatal ? 'error' : this.signal.aborted ? 'aborted' : 'ended');
        }
        if (this.liveWanted && !this.liveDisabled && !this.liveRunning && this.sawGroup) this.startLive();
        if (this.clock.now() >= this.nextPollAt) {
          const started = this.clock.now();
          const result = await this.poll(false);
          if (result === 'ok' && this.liveRunning && this.liveStartedAt !== undefined && started >= this.liveStartedAt) this.liveCovering = true;
          this.nextPollAt = started + (this.liveCovering ? this.t.livePollIntervalMs : this.t.pollIntervalMs);
          continue;
        }
        if (this.liveCovering) this.emit(this.lastLiveUpdateAt - this.holdback() - this.t.liveDeliveryMs);
        this.maybeCursor(false);
        const now = this.clock.now();
        let wake = this.nextPollAt;
        if (this.statusApi && !this.terminal) wake = Math.min(wake, this.nextStatusAt);
        if (this.terminal) wake = Math.min(wake, this.finalAt);
        if (this.liveRunning) wake = Math.min(wake, now + this.t.liveFlushMs);
        await this.clock.sleep(Math.max(0, wake - now), this.signal);
      }
    } finally {
      this.liveAbort?.abort();
      this.running = false;
    }
  }

  /** Where the tail is: give it to a later tail's `cursor` option to continue without repeating a line. */
  cursor(): TailCursor {
    if (this.watermark === -Infinity) {
      return { version: 1, watermark: 0, floor: 0, streams: [], seen: [], statuses: [...this.statusesShown], lines: this.linesShown };
    }
    const held = new Map<number, number>();
    for (const h of this.pending) {
      if (h.stream < 0) continue;
      const key = SeenWindow.key(h.ts, h.stream, h.hash);
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    const from = this.watermark - this.t.cursorWindowMs;
    const entries = this.seen.export(from, this.watermark, held);
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
      version: 1, watermark: this.watermark, floor: Math.max(this.seen.floor, from), streams: names, seen,
      statuses: [...this.statusesShown], lines: this.linesShown,
      ...(this.ingestedBy > -Infinity ? { ingestedBy: this.ingestedBy } : {}),
    };
  }

  stats(): TailStats {
    return {
      ...this.s,
      mode: this.liveCovering ? 'live' : 'poll',
      ...(this.liveFallbackReason ? { liveFallback: this.liveFallbackReason } : {}),
      lines: this.linesShown,
      streams: this.streams.length,
      seenWindow: this.seen.size,
      seenWindowPeak: this.seen.peak,
      pending: this.pending.length,
      holdbackMs: this.holdback(),
    };
  }

  // ---------------------------------------------------------------- reading

  private sawGroup = false;
  private liveFallbackReason?: string;

  private lastCompletePoll = -Infinity;
  private lastDeepPoll = -Infinity;
  /** Where the last run over the whole job started reading. */
  private lastRunStart = -Infinity;

  /**
   * Where a poll starts reading. A deep poll (the first ones, the final read, and every `deepPollEveryMs`) from
   * `overlapMs` before the watermark; the others from just before the previous complete poll: every line ingested
   * since then has a timestamp after that, but for lags beyond the short overlap, which the deep polls catch.
   */
  private queryStart(deep: boolean): number {
    const deepStart = Math.max(this.watermark === -Infinity ? -Infinity : this.watermark - this.t.overlapMs, this.seen.floor, this.initialStart, 0);
    if (deep) return deepStart;
    return Math.max(deepStart, this.lastCompletePoll - Math.max(this.t.shortOverlapMs, 3 * this.holdback()));
  }

  /** One FilterLogEvents run over the whole job, paged; shows what it made final. */
  private async poll(final: boolean): Promise<PollResult> {
    const pollStart = this.clock.now();
    const deep = final || this.watermark === -Infinity || this.lastCompletePoll === -Infinity || pollStart - this.lastDeepPoll >= this.t.deepPollEveryMs;
    const runStart = this.queryStart(deep);
    this.lastRunStart = runStart;
    // A line taken with an ingestion lag over half this run's read-back says its stream's lines arrive late: the
    // ones written before the run's start may have arrived with it (an agent that stalled, an instance whose
    // stream was created late): that stream is read again from its newest line taken before the run (readStream).
    const lateLagMs = runStart > 0 ? (pollStart - runStart) / 2 : Infinity;
    this.runStreams = { before: new Map(), late: new Set(), lateLagMs };
    const result = await this.readRun(final, pollStart, runStart, { logStreamNamePrefix: this.target.streamPrefix });
    const late = this.runStreams;
    this.runStreams = undefined;
    if (typeof result === 'object') return 'incomplete';
    if (result !== 'ok') return result;
    for (const stream of late.late) {
      const before = late.before.get(stream) ?? -Infinity;
      if (before < runStart) await this.readStream(stream, before, runStart - 1);
    }
    if (this.linesShown === 0 && this.pending.length === 0) this.showWaiting(final);
    this.lastCompletePoll = pollStart;
    if (deep) this.lastDeepPoll = pollStart;
    if (deep) this.s.deepPolls++;
    this.emit(final ? Infinity : pollStart - this.holdback());
    return 'ok';
  }

  /**
   * Pages through one FilterLogEvents query. A refused or repeated nextToken restarts it from the newest timestamp
   * read so far (nothing before it is read again; what is, the window drops), from the start only when no line got
   * past that millisecond.
   */
  private async readRun(
    final: boolean, pollStart: number, runStart: number, which: { logStreamNamePrefix: string; logStreamNames?: string[]; endTime?: number },
  ): Promise<PollResult | { refused: string }> {
    let startTime = runStart;
    let newest = -Infinity;
    let token: string | undefined;
    const used = new Set<string>();
    let restarts = 0;
    let attempt = 0;
    const restart = (): boolean => {
      if (newest > startTime) {
        startTime = newest;
      } else if (++restarts > MAX_RESTARTS) {
        return false;
      }
      token = undefined;
      used.clear();
      return true;
    };
    for (;;) {
      if (this.signal.aborted || this.fatal) return 'stopped';
      let out;
      try {
        this.s.filterLogEventsCalls++;
        if (which.logStreamNames) this.s.streamReads++;
        out = await this.logs.filterLogEvents({
          logGroupName: this.target.logGroupName,
          ...which,
          ...(startTime > 0 ? { startTime } : {}),
          ...(token !== undefined ? { nextToken: token } : {}),
          ...(this.t.pageLimit ? { limit: this.t.pageLimit } : {}),
        }, this.signal);
      } catch (error) {
        if (this.signal.aborted) return 'stopped';
        const problem = classifyLogsError(error);
        if (problem.kind === 'not-found' && !which.logStreamNames) {
          this.callSucceeded();
          this.showWaiting(final);
          this.emit(pollStart - this.holdback()); // no group: no line exists yet; statuses may show
          return 'missing';
        }
        if (problem.kind === 'credentials') {
          this.fatal = problem;
          return 'stopped';
        }
        if (problem.kind === 'invalid-token') {
          if (!restart()) return { refused: `the read was refused (${problem.message})` };
          continue;
        }
        if (which.logStreamNames && (problem.kind === 'not-found' || problem.kind === 'other' || problem.kind === 'unsupported')) {
          return { refused: `the read failed (${problem.message})` };
        }
        if ((problem.kind === 'other' || problem.kind === 'unsupported') && ++this.otherErrors > this.t.maxOtherErrors) {
          this.fatal = problem;
          return 'stopped';
        }
        this.s.retries++;
        if (problem.kind === 'throttled') this.s.throttled++;
        if (++this.failuresInRow >= this.t.retryNoticeAfter && !this.noticeShown) {
          this.noticeShown = true;
          this.sink.status(`--- CloudWatch Logs: ${problem.message}; retrying…`, { kind: 'retrying' });
        }
        await this.clock.sleep(backoffDelay(attempt++, this.random, this.t.backoffBaseMs, this.t.backoffMaxMs), this.signal);
        continue;
      }
      this.callSucceeded();
      this.sawGroup = true;
      this.s.pages++;
      if (out.events.length) {
        this.accept(out.events, false);
        for (const e of out.events) if (e.timestamp > newest) newest = e.timestamp;
      }
      if (!out.nextToken) return 'ok';
      if (out.nextToken === token || used.has(out.nextToken)) {
        this.s.repeatedTokens++;
        if (!restart()) return { refused: 'CloudWatch kept repeating a paging token' };
        continue;
      }
      used.add(out.nextToken);
      token = out.nextToken;
      if (this.pending.length > this.t.maxPending && !which.logStreamNames) this.spill(final ? Infinity : pollStart - this.holdback(), out.events);
    }
  }

  /**
   * Reads one stream from `from` (its newest line taken, or the start for a stream never read) to `to`; what it
   * cannot read is remembered (`unread`) for the check at the end, and said if that fails too.
   */
  private async readStream(stream: number, from: number, to?: number): Promise<boolean> {
    const name = this.streams[stream]!.name;
    // The window knows the lines from its cutoff on; below it the line at `from` was shown already: start after it.
    const cutoff = this.watermark === -Infinity ? -Infinity : Math.max(this.watermark - this.t.overlapMs, this.seen.floor);
    const start = from === -Infinity ? Math.max(this.initialStart, 0) : from >= cutoff ? from : from + 1;
    if (to !== undefined && start > to) return true;
    const result = await this.readRun(false, this.clock.now(), start, {
      logStreamNamePrefix: this.target.streamPrefix, logStreamNames: [name], ...(to !== undefined ? { endTime: to } : {}),
    });
    if (result === 'ok') {
      const gap = this.unread.get(stream);
      if (gap && gap.from >= from) this.unread.delete(stream);
      return true;
    }
    if (typeof result === 'object') {
      const gap = this.unread.get(stream);
      this.unread.set(stream, { from: Math.min(gap?.from ?? Infinity, from === -Infinity ? start : from), reason: result.refused });
    }
    return false;
  }

  /**
   * Per-stream completeness at the end. The final run read every line from its start on; a stream whose newest
   * line taken is older than that (an instance that stopped writing early, a stream created late with its backlog,
   * one no read returned) is read again from that line, and so is every stream when the final run could not finish.
   * DescribeLogStreams names the streams no read has returned, and a stream whose last event it reports newer than
   * the newest line taken (written since the final run) is read too. One call a stream at most, once.
   */
  private async checkStreams(coveredFrom: number): Promise<void> {
    const lastEvent = new Map<number, number>();
    if (this.logs.describeLogStreams) {
      let token: string | undefined;
      try {
        do {
          const out = await this.logs.describeLogStreams({
            logGroupName: this.target.logGroupName, logStreamNamePrefix: this.target.streamPrefix, ...(token ? { nextToken: token } : {}),
          }, this.signal);
          for (const info of out.logStreams) {
            if (!info.logStreamName) continue;
            const stream = this.streamOf(info.logStreamName);
            if (info.lastEventTimestamp !== undefined) lastEvent.set(stream, info.lastEventTimestamp);
          }
          token = out.nextToken;
        } while (token);
      } catch {
        // Without the list, the streams read so far are checked.
      }
    }
    for (let i = 0; i < this.streams.length; i++) {
      if (this.signal.aborted || this.fatal) return;
      const info = this.streams[i]!;
      const gap = this.unread.get(i);
      const behind = info.newestTs < coveredFrom || (lastEvent.get(i) ?? -Infinity) > info.newestTs;
      if (behind || gap) await this.readStream(i, Math.min(info.newestTs, gap?.from ?? Infinity));
    }
  }

  /** One line: which streams may be incomplete, why, and the command that re-reads them. */
  private sayIncomplete(): TailSummary['incomplete'] {
    if (this.unread.size === 0) return undefined;
    const gaps = [...this.unread].sort((a, b) => a[0] - b[0]).map(([stream, gap]) => ({ name: this.streams[stream]!.name, ...gap }));
    const names = gaps.map(g => g.name);
    const short = names.map(n => (n.startsWith(this.target.streamPrefix) ? n.slice(this.target.streamPrefix.length) : n));
    const from = Math.min(...gaps.map(g => g.from));
    const reason = gaps[0]!.reason;
    const command = `aws logs filter-log-events --log-group-name ${this.target.logGroupName} --log-stream-names ${names.join(' ')}` +
      `${from > 0 && from < Infinity ? ` --start-time ${from}` : ''} --output text`;
    this.sink.status(
      `--- ${short.join(', ')} may be incomplete: ${reason}. Re-read ${names.length === 1 ? 'it' : 'them'} with: ${command}${this.rereadHint ? `, ${this.rereadHint}` : ''}`,
      { kind: 'incomplete' });
    return { streams: names, reason };
  }

  private callSucceeded(): void {
    this.failuresInRow = 0;
    this.otherErrors = 0;
    this.noticeShown = false;
  }

  private showWaiting(final: boolean): void {
    if (this.waitingShown || final || this.linesShown > 0) return;
    this.waitingShown = true;
    this.sink.status('waiting for the first log lines…', { kind: 'waiting' });
  }

  private async finalRead(): Promise<void> {
    this.liveAbort?.abort();
    const result = await this.poll(true);
    if (result === 'ok' || result === 'incomplete') await this.checkStreams(result === 'ok' ? this.lastRunStart : Infinity);
    this.emit(Infinity);
  }

  private streamOf(name: string): number {
    let index = this.streamIndex.get(name);
    if (index === undefined) {
      index = this.streams.push({ name, host: this.target.hostOf(name), newestTs: -Infinity, batches: 0, lastIngestSecond: NaN, firstSeenAt: this.clock.now() }) - 1;
      this.warming++;
      this.streamIndex.set(name, index);
    }
    return index;
  }

  /** Takes new lines into the ordering buffer; learns the ingestion lag from them. */
  private accept(events: LogEvent[], live: boolean): void {
    let lateness = 0;
    const h = this.lastThreshold > -Infinity ? this.holdback() : 0;
    let second = NaN;
    let secondLag = 0;
    for (const e of events) {
      if (!live && e.eventId !== undefined && this.seen.knows(e.timestamp, e.eventId)) {
        this.s.duplicates++;
        continue;
      }
      const ts = e.timestamp;
      if (this.resumed && ts < this.resumed.floor && !(e.ingestionTime !== undefined && e.ingestionTime > this.resumed.ingestedBy)) {
        this.s.duplicates++; // read (and shown) by the tail that saved the cursor
        continue;
      }
      const stream = this.streamOf(e.logStreamName);
      const hash = hashMessage(e.message);
      if (!this.seen.take(ts, stream, hash, live ? undefined : e.eventId)) {
        this.s.duplicates++;
        continue;
      }
      const info = this.streams[stream]!;
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
      const held: Held = { ts, seq: this.seq++, stream, message: e.message, hash, live };
      if (!live && e.eventId !== undefined) held.eventId = e.eventId;
      this.pending.push(held);
    }
    if (secondLag > 0) this.observeLag(second, secondLag);
    if (this.pending.length > this.s.pendingPeak) this.s.pendingPeak = this.pending.length;
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

  /** H: how far behind the last complete read lines stay held, to be shown in timestamp order. */
  private holdback(): number {
    const lag = this.lagEstimate();
    let h = Math.ceil(this.t.lagFactor * lag) + this.t.minHoldbackMs;
    // Early on only the lines with short lags can have arrived: the estimate is trusted once the tail has
    // watched for three times the lag it saw (a full flush cycle of a batching agent); until then nothing newer
    // than the first line is shown.
    const watched = this.clock.now() - this.firstTs;
    if (watched < 3 * lag) h = Math.max(h, watched);
    // An instance that has not written yet may deliver its first batch a whole agent flush late; one that has
    // delivered a single batch so far has not shown its flush cycle yet.
    if (this.streams.length < this.expectedHosts || this.hostWarming()) h = Math.max(h, Math.min(watched, this.t.newHostHoldbackMs));
    return Math.min(this.t.maxHoldbackMs, h);
  }

  // ---------------------------------------------------------------- showing

  /** Shows, in timestamp order, every held line up to `threshold`. */
  private emit(threshold: number): void {
    if (threshold > this.lastThreshold) this.lastThreshold = threshold;
    if (this.pending.length === 0) return;
    const ready: Held[] = [];
    const rest: Held[] = [];
    for (const h of this.pending) (h.ts <= threshold ? ready : rest).push(h);
    if (ready.length === 0) return;
    this.pending = rest;
    this.show(ready);
  }

  /** Bounded memory on huge backfills: pages come in time order, so what is older than the last page is final. */
  private spill(threshold: number, page: LogEvent[]): void {
    let pageMin = Infinity;
    for (const e of page) if (e.timestamp < pageMin) pageMin = e.timestamp;
    const limit = Math.min(threshold, pageMin - 1);
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
    const hosts = Math.max(this.expectedHosts, this.streams.length);
    for (const h of ready) {
      if (h.stream < 0) {
        this.sink.status(h.message, { kind: 'transition', timestamp: h.ts });
        continue;
      }
      const late = h.ts < this.watermark;
      if (late) this.s.lateLines++;
      else this.watermark = h.ts;
      const stream = this.streams[h.stream]!;
      this.linesShown++;
      this.sink.line({
        timestamp: h.ts, host: stream.host, stream: stream.name, message: withoutNewline(h.message), hosts, source: h.live ? 'live' : 'poll', late,
        ...(h.eventId !== undefined ? { eventId: h.eventId } : {}),
      });
    }
    if (this.watermark !== -Infinity) this.seen.prune(this.watermark - this.t.overlapMs);
  }

  private maybeCursor(force: boolean): void {
    if (!this.onCursor) return;
    const now = this.clock.now();
    if (!force && (now - this.lastCursorAt < this.t.cursorEveryMs || this.linesShown === this.linesAtCursor)) return;
    this.lastCursorAt = now;
    this.linesAtCursor = this.linesShown;
    this.onCursor(this.cursor());
  }

  private restore(cursor: TailCursor): void {
    for (const status of cursor.statuses) this.statusesShown.add(status);
    this.linesShown = cursor.lines;
    if (!(cursor.watermark > 0)) return;
    this.watermark = cursor.watermark;
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
    this.waitingShown = true;
  }

  // ---------------------------------------------------------------- job status

  private async describe(first: boolean): Promise<void> {
    this.s.describeCalls++;
    let job: JobStatus;
    try {
      job = await this.statusApi!.describe(this.signal);
    } catch (error) {
      if (this.signal.aborted) return;
      const problem = classifyLogsError(error);
      if (problem.kind === 'credentials') {
        this.fatal = problem;
      } else if (problem.kind === 'not-found') {
        this.fatal = { kind: 'not-found', message: `${this.target.kind === 'endpoint' ? 'Endpoint' : 'Training job'} ${this.target.name} was not found: ${problem.message}` };
      } else {
        // The log lines keep coming; the status is asked again later.
        this.nextStatusAt = this.clock.now() + backoffDelay(this.statusFailures++, this.random, this.t.backoffBaseMs, this.t.backoffMaxMs);
      }
      return;
    }
    const now = this.clock.now();
    this.statusFailures = 0;
    this.nextStatusAt = now + this.t.statusIntervalMs;
    this.job = job;
    if (job.instanceCount > this.expectedHosts) this.expectedHosts = job.instanceCount;
    if (first && this.initialStart === 0 && job.creationTime) this.initialStart = job.creationTime - 5 * 60_000;
    let added = false;
    for (const transition of job.secondaryStatusTransitions) {
      const key = `${transition.status}|${transition.message ?? ''}`;
      if (this.statusesShown.has(key)) continue;
      this.statusesShown.add(key);
      this.pending.push({ ts: transition.startTime, seq: this.seq++, stream: -1, message: formatTransition(transition, this.formatTime), hash: 0, live: false });
      added = true;
    }
    if (added) this.emit(this.lastThreshold);
    if (TERMINAL_TRAINING_JOB_STATUSES.has(job.status) && !this.terminal) {
      this.terminal = true;
      const endedLongAgo = first && job.endTime !== undefined && now - job.endTime >= this.t.finalGraceMs;
      this.finalAt = endedLongAgo ? now : now + this.t.finalGraceMs;
    }
  }

  // ---------------------------------------------------------------- Live Tail

  private startLive(): void {
    const start = this.logs.startLiveTail;
    if (!start) return;
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    this.signal.addEventListener('abort', onAbort, { once: true });
    this.liveAbort = abort;
    this.liveRunning = true;
    this.liveCovering = false;
    this.liveStartedAt = undefined;
    this.s.liveSessions++;
    void (async () => {
      try {
        const updates = start.call(this.logs, { logGroupName: this.target.logGroupName, logStreamNamePrefix: this.target.streamPrefix }, abort.signal);
        for await (const update of updates) {
          if (this.ended || abort.signal.aborted) break;
          if (this.liveStartedAt === undefined) {
            // Lines ingested before now are not delivered by this session: one poll from now on covers them.
            this.liveStartedAt = this.clock.now();
            this.nextPollAt = this.liveStartedAt;
          }
          this.lastLiveUpdateAt = this.clock.now();
          if (update.events.length) {
            this.s.liveEvents += update.events.length;
            this.accept(update.events, true);
          }
          if (update.sampled) {
            this.s.liveSampled++;
            this.disableLive('Live Tail sent a sample (more than 500 lines a second); polling instead');
            break;
          }
          if (this.liveCovering) this.emit(this.lastLiveUpdateAt - this.holdback() - this.t.liveDeliveryMs);
        }
      } catch (error) {
        if (!this.ended && !abort.signal.aborted) this.disableLive(classifyLogsError(error).message);
      } finally {
        this.signal.removeEventListener('abort', onAbort);
        abort.abort();
        if (this.liveAbort === abort) {
          this.liveRunning = false;
          this.liveCovering = false;
          // A session that ended (3-hour limit) is started again by the loop; a poll bridges the gap.
          if (!this.ended) this.nextPollAt = Math.min(this.nextPollAt, this.clock.now());
        }
      }
    })();
  }

  private disableLive(reason: string): void {
    this.liveDisabled = true;
    this.liveFallbackReason = reason;
    this.liveCovering = false;
    this.liveAbort?.abort();
    this.nextPollAt = Math.min(this.nextPollAt, this.clock.now());
  }

  // ---------------------------------------------------------------- the end

  private finish(reason: TailSummary['reason']): TailSummary {
    this.ended = true;
    this.liveAbort?.abort();
    if (reason !== 'aborted') this.emit(Infinity); // lines read and held are shown: no more reads will order them
    let text: string;
    const summary: Partial<TailSummary> = {};
    if (reason === 'ended') {
      const incomplete = this.sayIncomplete();
      if (incomplete) summary.incomplete = incomplete;
    }
    if (reason === 'error') {
      const problem = this.fatal!;
      text = `--- The log tail stopped: ${problem.message}${problem.nextStep ? ` ${problem.nextStep}` : ''}`;
      summary.error = { kind: problem.kind, message: problem.message, ...(problem.nextStep ? { nextStep: problem.nextStep } : {}) };
    } else if (reason === 'ended' && this.job) {
      const outcome = formatOutcome(this.job);
      text = outcome.text;
      summary.status = this.job.status;
      if (this.job.failureReason) summary.failureReason = this.job.failureReason;
      if (this.job.billableSeconds !== undefined) summary.billableSeconds = this.job.billableSeconds;
      summary.instanceCount = this.job.instanceCount;
      if (outcome.spotSavingsPercent !== undefined) summary.spotSavingsPercent = outcome.spotSavingsPercent;
    } else {
      text = `--- Log tail stopped (${this.linesShown} lines shown).`;
    }
    const cursor = this.cursor();
    const result: TailSummary = { reason, text, lines: this.linesShown, cursor, ...summary };
    this.onCursor?.(cursor);
    this.sink.end(result);
    return result;
  }
}

/** Runs a tail to its end: `new LogTailer(options).run()`. */
export function tailLogs(options: TailOptions): Promise<TailSummary> {
  return new LogTailer(options).run();
}
