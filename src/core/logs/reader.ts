/**
 * Reading. Every poll is ONE FilterLogEvents run over the whole job (logStreamNamePrefix "<job>/", paged with
 * nextToken), whatever the number of instances: streams that appear later (more instances starting, instance groups)
 * are in it without being looked for. CloudWatch can ingest a line after lines with later timestamps, so polls read
 * back: a deep poll (every 5 minutes, and the first and final ones) from `overlapMs` (90 s) before the watermark (the
 * newest timestamp shown), the others from max(1 s, one hold-back: the largest ingestion lag seen, with a margin)
 * before the previous complete poll; what is read again is dropped by the de-duplication window (dedupe.ts). A line
 * taken with a lag over half a run's read-back has its stream re-read from before the run, and a job's final read
 * checks every stream (completeness.ts, lateLines.ts): so each line is fetched little more than once, and a line
 * CloudWatch ingests late is still shown (flagged `late` when it comes after later lines).
 *
 * Failures. Throttling and network errors back off exponentially with jitter and retry the same request (same
 * nextToken); a repeated or refused nextToken restarts the run from the newest timestamp it read; a poll that could
 * not finish shows nothing new (its lines wait for the next complete poll), so nothing is lost and, by the window,
 * nothing is shown twice. Credential errors stop the tail with one message.
 */
import { backoffDelay } from './clock';
import { StreamCompleteness } from './completeness';
import type { PollResult, ReadScope, RunResult, TailContext } from './context';
import { classifyLogsError } from './errors';
import type { OrderingBuffer } from './orderingBuffer';
import type { FilterLogEventsOutput } from './types';

const MAX_RESTARTS = 3;

/** Where a run is in its pages. A refused or repeated token restarts it from the newest timestamp read. */
class PagedRun {
  newest = -Infinity;
  token: string | undefined;
  readonly used = new Set<string>();
  attempt = 0;
  private restarts = 0;

  constructor(public startTime: number) {}

  /** Nothing before the newest timestamp read is read again (what is, the window drops); false: give up. */
  restart(): boolean {
    if (this.newest > this.startTime) {
      this.startTime = this.newest;
    } else if (++this.restarts > MAX_RESTARTS) {
      return false;
    }
    this.token = undefined;
    this.used.clear();
    return true;
  }
}

export class LogReader {
  readonly completeness: StreamCompleteness;
  /** Where a fresh tail starts reading: the option, else (once the job is known) 5 minutes before its creation. */
  initialStart: number;
  /** Whether FilterLogEvents has found the log group: Live Tail cannot start before. */
  sawGroup = false;
  private lastCompletePoll = -Infinity;
  private lastDeepPoll = -Infinity;
  /** Where the last run over the whole job started reading. */
  lastRunStart = -Infinity;
  private failuresInRow = 0;
  private otherErrors = 0;
  private noticeShown = false;
  /** Said once, and not at all for a resumed tail that has shown lines. */
  waitingShown = false;
  readonly counts = { filterLogEventsCalls: 0, pages: 0, deepPolls: 0, streamReads: 0, retries: 0, throttled: 0, repeatedTokens: 0 };

  constructor(private readonly ctx: TailContext, private readonly buffer: OrderingBuffer, initialStart: number, rereadHint?: string) {
    this.initialStart = initialStart;
    this.completeness = new StreamCompleteness(ctx, buffer, this, rereadHint);
  }

  /**
   * Where a poll starts reading. A deep poll (the first ones, the final read, and every `deepPollEveryMs`) from
   * `overlapMs` before the watermark; the others from just before the previous complete poll: every line ingested
   * since then has a timestamp after that, but for lags beyond the short overlap, which the deep polls catch.
   */
  private queryStart(deep: boolean): number {
    const { t } = this.ctx;
    const watermark = this.buffer.watermark;
    const deepStart = Math.max(watermark === -Infinity ? -Infinity : watermark - t.overlapMs, this.buffer.seen.floor, this.initialStart, 0);
    if (deep) return deepStart;
    return Math.max(deepStart, this.lastCompletePoll - Math.max(t.shortOverlapMs, this.buffer.holdback()));
  }

  /**
   * A stream silent for a while (but not for good) while others write may be an agent that stalled: its backlog will
   * arrive with old timestamps, behind the short read-back. Deep polls come often then, to find it while it arrives.
   */
  private someStreamSilent(): boolean {
    const { t } = this.ctx;
    const watermark = this.buffer.watermark;
    return this.buffer.streams.some(s => s.newestTs < watermark - t.silentStreamMs && s.newestTs >= watermark - t.silentStreamForgetMs);
  }

  /** One FilterLogEvents run over the whole job, paged; shows what it made final. */
  async poll(final: boolean): Promise<PollResult> {
    const pollStart = this.ctx.clock.now();
    const deepEvery = this.someStreamSilent() ? this.ctx.t.silentDeepPollEveryMs : this.ctx.t.deepPollEveryMs;
    const deep = final || this.buffer.watermark === -Infinity || this.lastCompletePoll === -Infinity || pollStart - this.lastDeepPoll >= deepEvery;
    const runStart = this.queryStart(deep);
    this.lastRunStart = runStart;
    // A line taken with an ingestion lag over half this run's read-back says its stream's lines arrive late: the
    // ones written before the run's start may have arrived with it (an agent that stalled, an instance whose
    // stream was created late): that stream is read again from its newest line taken before the run (readStream).
    const lateLagMs = runStart > 0 ? (pollStart - runStart) / 2 : Infinity;
    this.buffer.runStreams = { before: new Map(), late: new Set(), lateLagMs };
    const result = await this.readRun(final, pollStart, runStart, { logStreamNamePrefix: this.ctx.target.streamPrefix });
    const late = this.buffer.runStreams;
    this.buffer.runStreams = undefined;
    if (typeof result === 'object') return 'incomplete';
    if (result !== 'ok') return result;
    for (const stream of late.late) {
      const before = late.before.get(stream) ?? -Infinity;
      if (before < runStart) await this.completeness.readStream(stream, before, runStart - 1);
    }
    if (this.buffer.linesShown === 0 && this.buffer.pendingCount === 0) this.showWaiting(final);
    this.lastCompletePoll = pollStart;
    if (deep) this.lastDeepPoll = pollStart;
    if (deep) this.counts.deepPolls++;
    this.buffer.emit(final ? Infinity : pollStart - this.buffer.holdback());
    return 'ok';
  }

  /** Pages through one FilterLogEvents query, retrying what can be retried (see the header). */
  async readRun(final: boolean, pollStart: number, runStart: number, scope: ReadScope): Promise<RunResult> {
    const before = this.buffer.readingFrom;
    this.buffer.readingFrom = Math.min(before, runStart);
    try {
      return await this.pagedRun(final, pollStart, runStart, scope);
    } finally {
      this.buffer.readingFrom = before;
    }
  }

  private async pagedRun(final: boolean, pollStart: number, runStart: number, scope: ReadScope): Promise<RunResult> {
    const { ctx, buffer } = this;
    const run = new PagedRun(runStart);
    for (;;) {
      if (ctx.signal.aborted || ctx.fatal) return 'stopped';
      let out: FilterLogEventsOutput;
      try {
        this.counts.filterLogEventsCalls++;
        if (scope.logStreamNames) this.counts.streamReads++;
        out = await ctx.logs.filterLogEvents({
          logGroupName: ctx.target.logGroupName,
          ...scope,
          ...(run.startTime > 0 ? { startTime: run.startTime } : {}),
          ...(run.token !== undefined ? { nextToken: run.token } : {}),
          ...(ctx.t.pageLimit ? { limit: ctx.t.pageLimit } : {}),
        }, ctx.signal);
      } catch (error) {
        const outcome = await this.readFailed(error, run, final, pollStart, scope);
        if (outcome === 'again') continue;
        return outcome;
      }
      this.callSucceeded();
      this.sawGroup = true;
      this.counts.pages++;
      if (out.events.length) {
        buffer.accept(out.events, false);
        for (const e of out.events) if (e.timestamp > run.newest) run.newest = e.timestamp;
      }
      if (!out.nextToken) return 'ok';
      if (out.nextToken === run.token || run.used.has(out.nextToken)) {
        this.counts.repeatedTokens++;
        if (!run.restart()) return { refused: 'CloudWatch kept repeating a paging token' };
        continue;
      }
      run.used.add(out.nextToken);
      run.token = out.nextToken;
      if (buffer.pendingCount > ctx.t.maxPending && !scope.logStreamNames) buffer.spill(final ? Infinity : pollStart - buffer.holdback(), out.events);
    }
  }

  /** What a failed call means for the run: its end, or 'again' (after a restart, or a backoff). */
  private async readFailed(error: unknown, run: PagedRun, final: boolean, pollStart: number, scope: ReadScope): Promise<RunResult | 'again'> {
    const { ctx } = this;
    if (ctx.signal.aborted) return 'stopped';
    const problem = classifyLogsError(error);
    if (problem.kind === 'not-found' && !scope.logStreamNames) {
      this.callSucceeded();
      this.showWaiting(final);
      this.buffer.emit(pollStart - this.buffer.holdback()); // no group: no line exists yet; statuses may show
      return 'missing';
    }
    if (problem.kind === 'credentials') {
      ctx.fatal = problem;
      return 'stopped';
    }
    if (problem.kind === 'expired') {
      // The same request (same nextToken) once the session is renewed: nothing is read again or lost.
      await ctx.pause.hold(error, ctx.signal);
      return 'again';
    }
    if (problem.kind === 'invalid-token') {
      return run.restart() ? 'again' : { refused: `the read was refused (${problem.message})` };
    }
    if (scope.logStreamNames && (problem.kind === 'not-found' || problem.kind === 'other' || problem.kind === 'unsupported')) {
      return { refused: `the read failed (${problem.message})` };
    }
    if ((problem.kind === 'other' || problem.kind === 'unsupported') && ++this.otherErrors > ctx.t.maxOtherErrors) {
      ctx.fatal = problem;
      return 'stopped';
    }
    this.counts.retries++;
    if (problem.kind === 'throttled') this.counts.throttled++;
    if (++this.failuresInRow >= ctx.t.retryNoticeAfter && !this.noticeShown) {
      this.noticeShown = true;
      ctx.sink.status(`--- CloudWatch Logs: ${problem.message}; retrying…`, { kind: 'retrying' });
    }
    await ctx.clock.sleep(backoffDelay(run.attempt++, ctx.random, ctx.t.backoffBaseMs, ctx.t.backoffMaxMs), ctx.signal);
    return 'again';
  }

  private callSucceeded(): void {
    this.ctx.pause.succeeded();
    this.failuresInRow = 0;
    this.otherErrors = 0;
    this.noticeShown = false;
  }

  private showWaiting(final: boolean): void {
    if (this.waitingShown || final || this.buffer.linesShown > 0) return;
    this.waitingShown = true;
    this.ctx.sink.status('waiting for the first log lines…', { kind: 'waiting' });
  }
}
