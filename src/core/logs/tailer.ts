/**
 * The CloudWatch Logs tailer for SageMaker training jobs and endpoints. Pure: CloudWatch, the job's status, the clock
 * and randomness are injected (see types.ts), so the whole of it runs deterministically under a fake clock.
 *
 * The tail is a loop over parts that own their state: reader.ts (paged FilterLogEvents runs, retries), completeness.ts
 * (stream backlogs and the check at the end), orderingBuffer.ts (de-duplication, hold-back, timestamp order, the
 * cursor), statusPoller.ts (DescribeTrainingJob) and liveSession.ts (StartLiveTail). This file decides what is due
 * next (a status call, a poll, the final read) and runs one at a time, so the parts never race each other over the
 * buffer (a Live Tail session alone runs beside them); it also says how the tail ended.
 */
import { CredentialPause } from '../connection/credentialPause';
import { systemClock } from './clock';
import type { TailContext } from './context';
import { formatOutcome, formatUtc, type TailTarget } from './format';
import { LiveTail } from './liveSession';
import { checkLateLines, LineTally, type LateLineCheck } from './lateLines';
import { OrderingBuffer } from './orderingBuffer';
import { LogReader } from './reader';
import { StatusPoller } from './statusPoller';
import { DEFAULT_TUNING, type TailTuning } from './tuning';
import type { JobStatusApi, LogSink, LogsApi, Clock, TailCursor, TailSummary } from './types';

export { DEFAULT_TUNING, type TailTuning } from './tuning';

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
  /** The AWS profile, named in the message shown while its session is expired. */
  profile?: string;
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
  /** Sessions that ended by themselves and were started again; of them, aborted by the watchdog. */
  liveRestarts: number;
  liveWatchdogAborts: number;
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
  /** The check at the end for lines ingested too late for any read: whether CloudWatch counted, what it found. */
  lateLineCheck: { counted: boolean; streamsReread: number; found: number; unresolved: number } | undefined;
}

export class LogTailer {
  private readonly ctx: TailContext;
  private readonly buffer: OrderingBuffer;
  private readonly reader: LogReader;
  private readonly status: StatusPoller;
  private readonly live: LiveTail;
  private readonly onCursor?: (cursor: TailCursor) => void;
  private nextPollAt = 0;
  private ended = false;
  private running = false;
  private lastCursorAt = -Infinity;
  private linesAtCursor = -1;
  private readonly tally = new LineTally();
  /** A resumed tail took every line from the second after its cursor's watermark on; a fresh one from its start. */
  private readonly tookAllFrom?: number;
  private readonly rereadHint?: string;
  private lateCheck?: LateLineCheck;

  constructor(options: TailOptions) {
    const t = { ...DEFAULT_TUNING, ...options.tuning };
    const clock = options.clock ?? systemClock;
    const pause = new CredentialPause({
      clock, checkEveryMs: t.credentialRetryMs, ...(options.profile ? { profile: options.profile } : {}),
      onPause: notice => options.sink.status(`--- ${notice.text}`, { kind: 'paused' }),
    });
    this.ctx = {
      target: options.target, logs: options.logs, sink: options.sink, clock,
      random: options.random ?? Math.random, signal: options.signal ?? new AbortController().signal, t, pause,
    };
    this.onCursor = options.onCursor;
    this.buffer = new OrderingBuffer(options.target, options.sink, this.ctx.clock, t, options.expectedHosts ?? 1);
    this.buffer.tally = this.tally;
    if (options.rereadHint) this.rereadHint = options.rereadHint;
    this.reader = new LogReader(this.ctx, this.buffer, options.startTime ?? 0, options.rereadHint || undefined);
    this.status = new StatusPoller(this.ctx, options.status, options.formatTime ?? formatUtc);
    const liveWanted = options.liveTail !== false && typeof options.logs.startLiveTail === 'function';
    this.live = new LiveTail(this.ctx, {
      accept: events => this.buffer.accept(events, true),
      release: () => this.releaseLive(),
      pollAt: at => { this.nextPollAt = at; },
      pollBy: at => { this.nextPollAt = Math.min(this.nextPollAt, at); },
      ended: () => this.ended,
    }, liveWanted);
    if (options.cursor) {
      for (const status of options.cursor.statuses) this.status.shown.add(status);
      if (this.buffer.restore(options.cursor)) {
        this.reader.waitingShown = true;
        this.tookAllFrom = options.cursor.watermark + 1;
      }
    }
  }

  /** Tails until the job's final read, an abort or a fatal error; the summary is also given to `sink.end`. */
  async run(): Promise<TailSummary> {
    if (this.running) throw new Error('This tail is already running.');
    this.running = true;
    const { ctx, status } = this;
    try {
      if (status.polling) await this.describe(true);
      for (;;) {
        if (ctx.signal.aborted) return this.finish('aborted');
        if (ctx.fatal) return this.finish('error');
        if (status.polling && !status.terminal && ctx.clock.now() >= status.nextAt) {
          await this.describe(false);
          continue;
        }
        if (status.terminal && ctx.clock.now() >= status.finalAt) {
          await this.finalRead();
          return this.finish(ctx.fatal ? 'error' : ctx.signal.aborted ? 'aborted' : 'ended');
        }
        this.live.startIfDue(this.reader.sawGroup);
        if (ctx.clock.now() >= this.nextPollAt) {
          const started = ctx.clock.now();
          const result = await this.reader.poll(false, false, this.live.running);
          if (result === 'ok') this.live.pollCompleted(started);
          this.status.linesFlowing(started - this.reader.lastLinesAt < 2 * ctx.t.pollIntervalMs);
          this.nextPollAt = started + this.pollEvery();
          continue;
        }
        this.releaseLive();
        this.maybeCursor();
        const now = ctx.clock.now();
        await ctx.clock.sleep(Math.max(0, this.wakeAt(now) - now), ctx.signal);
      }
    } finally {
      this.live.stop();
      this.running = false;
    }
  }

  /** Between polls: slower beside Live Tail, and until the first line (the job starting; see waitingPollFactor). */
  private pollEvery(): number {
    const { t } = this.ctx;
    if (this.live.covering) return t.livePollIntervalMs;
    const waiting = this.buffer.linesTaken === 0 && this.buffer.linesShown === 0;
    if (!waiting) this.status.waitingForLines = false;
    return waiting ? t.pollIntervalMs * t.waitingPollFactor : t.pollIntervalMs;
  }

  /** The earliest of what is due next: a poll, a status call, the final read, Live Tail lines to show. */
  private wakeAt(now: number): number {
    const { status } = this;
    let wake = this.nextPollAt;
    if (status.polling && !status.terminal) wake = Math.min(wake, status.nextAt);
    if (status.terminal) wake = Math.min(wake, status.finalAt);
    if (this.live.running) wake = Math.min(wake, now + this.ctx.t.liveFlushMs);
    if (this.live.waitingToRestart) wake = Math.min(wake, Math.max(now, this.live.restartAt));
    return wake;
  }

  /** Whether the tail waits for an expired AWS session to be renewed. */
  get paused(): boolean {
    return this.ctx.pause.paused;
  }

  /** Tries the calls paused by an expired session again now (the "Retry" action). */
  retryNow(): void {
    this.ctx.pause.retryNow();
  }

  /** Where the tail is: give it to a later tail's `cursor` option to continue without repeating a line. */
  cursor(): TailCursor {
    return this.buffer.cursor([...this.status.shown]);
  }

  stats(): TailStats {
    const { buffer, reader, live } = this;
    return {
      ...reader.counts, describeCalls: this.status.describeCalls, ...live.counts, ...buffer.counts,
      mode: live.covering ? 'live' : 'poll',
      ...(live.fallbackReason ? { liveFallback: live.fallbackReason } : {}),
      lines: buffer.linesShown,
      streams: buffer.streams.length,
      seenWindow: buffer.seen.size,
      seenWindowPeak: buffer.seen.peak,
      pending: buffer.pendingCount,
      holdbackMs: buffer.holdback(),
      lateLineCheck: this.lateCheck ? { counted: this.lateCheck.counted, streamsReread: this.lateCheck.streamsReread, found: this.lateCheck.found, unresolved: this.lateCheck.unresolved } : undefined,
    };
  }

  /** While Live Tail covers the tail, its lines are final up to its latest update less the hold-back. */
  private releaseLive(): void {
    if (this.live.covering) this.buffer.emit(this.live.lastUpdateAt - this.buffer.holdback() - this.live.deliveryAllowanceMs());
  }

  private async describe(first: boolean): Promise<void> {
    const news = await this.status.describe(first);
    if (!news) return;
    const { job } = news;
    this.buffer.expectHosts(job.instanceCount);
    if (first && this.reader.initialStart === 0 && job.creationTime) this.reader.initialStart = job.creationTime - 5 * 60_000;
    this.buffer.holdStatuses(news.transitions);
  }

  /**
   * The final read: from where the polls stopped when Logs Insights will count each stream's lines afterwards (the
   * count finds any line that came later than the reads), else deep (`overlapMs` back), as it is when the count
   * fails: then the window is read again and the streams checked once more.
   */
  private async finalRead(): Promise<void> {
    this.live.stop();
    const counts = typeof this.ctx.logs.countLines === 'function';
    const result = await this.finalRun(!counts);
    if (result === 'ok' || result === 'incomplete') {
      this.lateCheck = await checkLateLines(this.ctx, this.buffer, this.tally, this.tookAllFrom ?? this.reader.initialStart,
        this.reader.completeness.unreadStreams(), this.rereadHint);
      if (counts && !this.lateCheck.counted && !this.ctx.signal.aborted && !this.ctx.fatal) await this.finalRun(true);
    }
  }

  /**
   * The final run and the streams' check. A deep run covers every stream from its start; after a short one, which
   * the polls' settled windows precede, only the streams DescribeLogStreams says have newer lines are read again
   * (the count at the end finds the lines of the others that came late).
   */
  private async finalRun(deep: boolean): Promise<string> {
    const result = await this.reader.poll(true, deep);
    if (result === 'ok' || result === 'incomplete') {
      await this.reader.completeness.checkStreams(result !== 'ok' ? Infinity : deep ? this.reader.lastRunStart : -Infinity);
    }
    this.buffer.emit(Infinity);
    return result;
  }

  private maybeCursor(): void {
    if (!this.onCursor) return;
    const now = this.ctx.clock.now();
    const lines = this.buffer.linesShown;
    if (now - this.lastCursorAt < this.ctx.t.cursorEveryMs || lines === this.linesAtCursor) return;
    this.lastCursorAt = now;
    this.linesAtCursor = lines;
    this.onCursor(this.cursor());
  }

  private finish(reason: TailSummary['reason']): TailSummary {
    this.ended = true;
    this.live.stop();
    if (reason !== 'aborted') this.buffer.emit(Infinity); // lines read and held are shown: no more reads will order them
    const summary: Partial<TailSummary> = {};
    if (reason === 'ended') {
      const incomplete = this.reader.completeness.sayIncomplete();
      const late = this.lateCheck?.incompleteStreams ?? [];
      if (incomplete) summary.incomplete = { ...incomplete, streams: [...new Set([...incomplete.streams, ...late])] };
      else if (late.length > 0) summary.incomplete = { streams: late, reason: 'lines that reached CloudWatch late could not be told apart from the lines shown' };
    }
    const text = this.endText(reason, summary);
    const lines = this.buffer.linesShown;
    const cursor = this.cursor();
    const result: TailSummary = { reason, text, lines, cursor, ...summary };
    this.onCursor?.(cursor);
    this.ctx.sink.end(result);
    return result;
  }

  /** The last line of the tail: the error that stopped it, the job's outcome, or how many lines it showed. */
  private endText(reason: TailSummary['reason'], summary: Partial<TailSummary>): string {
    const job = this.status.job;
    if (reason === 'error') {
      const problem = this.ctx.fatal!;
      summary.error = { kind: problem.kind, message: problem.message, ...(problem.nextStep ? { nextStep: problem.nextStep } : {}) };
      return `--- The log tail stopped: ${problem.message}${problem.nextStep ? ` ${problem.nextStep}` : ''}`;
    }
    if (reason === 'ended' && job) {
      const outcome = formatOutcome(job);
      summary.status = job.status;
      if (job.failureReason) summary.failureReason = job.failureReason;
      if (job.billableSeconds !== undefined) summary.billableSeconds = job.billableSeconds;
      summary.instanceCount = job.instanceCount;
      if (outcome.spotSavingsPercent !== undefined) summary.spotSavingsPercent = outcome.spotSavingsPercent;
      return outcome.text;
    }
    return `--- Log tail stopped (${this.buffer.linesShown} lines shown).`;
  }
}

/** Runs a tail to its end: `new LogTailer(options).run()`. */
export function tailLogs(options: TailOptions): Promise<TailSummary> {
  return new LogTailer(options).run();
}
