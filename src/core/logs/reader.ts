/**
 * Reading. Every poll is ONE FilterLogEvents run over the whole job (logStreamNamePrefix "<job>/", paged with
 * nextToken), whatever the number of instances: streams that appear later (more instances starting, instance groups)
 * are in it without being looked for. A poll reads the settled window only: from where the previous complete poll
 * stopped to its start less the ingestion allowance learned from `ingestionTime - timestamp` (orderingBuffer.ts), so
 * each line is normally fetched once, and shown as soon as it is read (held only while an expected host has not shown
 * its agent's flush cycle yet, so that its first batch is not shown out of order). A line that arrives
 * later than the allowance is found three ways: a run that takes a line ingested later than the previous poll's
 * allowance reads that line's stream again from its newest line taken before (an agent sends its stream in order:
 * the lines before it may have come late too); a deep poll reads back `overlapMs` (90 s) before the watermark (every
 * 30 s when nothing else would find a lone late line, every 10 minutes when Logs Insights counts each stream's lines
 * at the end, lateLines.ts); and the end of the tail checks every stream (completeness.ts, lateLines.ts). What is
 * read again is dropped by the de-duplication window (dedupe.ts).
 *
 * Failures. Throttling and network errors back off exponentially with jitter and retry the same request (same
 * nextToken); a repeated or refused nextToken restarts the run from the newest timestamp it read; a poll that could
 * not finish shows nothing new (its lines wait for the next complete poll, which reads from where the last complete
 * one stopped), so nothing is lost and, by the window, nothing is shown twice. Credential errors stop the tail with
 * one message.
 */
import { backoffDelay } from './clock';
import { StreamCompleteness } from './completeness';
import type { PollResult, ReadScope, RunResult, TailContext } from './context';
import { classifyLogsError } from './errors';
import type { OrderingBuffer } from './orderingBuffer';
import type { FilterLogEventsOutput, LogEvent } from './types';

const MAX_RESTARTS = 3;

/** What a run keeps of a page it read: where to go on from, and its oldest line (the page itself is let go). */
interface PageRead {
  nextToken: string | undefined;
  oldest: number;
}

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
  /** Where the previous complete poll's settled window ended: the next poll reads from just after it. */
  private settledTo = -Infinity;
  /** How far behind its start the poll that last moved `settledTo` stopped: a line read later than that came late. */
  private lastAllowance = Infinity;
  /** Silent streams read (probeSilent), up to where. */
  private readonly probedTo = new Map<number, number>();
  /** When a poll last took new lines: while lines flow the status is asked less often (statusPoller.ts). */
  lastLinesAt = -Infinity;
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

  /** Whether Logs Insights will count each stream's lines at the end: then a lone late line is found there. */
  private get countsAtEnd(): boolean {
    return typeof this.ctx.logs.countLines === 'function';
  }

  /**
   * Where a poll starts reading. A deep poll (the first one, and every `deepPollEveryMs`, or `sparseDeepPollEveryMs`
   * when Insights counts at the end) from `overlapMs` before the watermark; the others from just after the previous
   * complete poll's settled window: every line ingested since then has a timestamp after it, but for lags beyond
   * that poll's allowance, which the late-stream reads, the deep polls and the checks at the end catch.
   */
  private queryStart(deep: boolean): number {
    const { t } = this.ctx;
    const watermark = this.buffer.watermark;
    const deepStart = Math.max(watermark === -Infinity ? -Infinity : watermark - t.overlapMs, this.buffer.seen.floor, this.initialStart, 0);
    if (deep || this.settledTo === -Infinity) return deepStart;
    return Math.max(deepStart, this.settledTo + 1);
  }

  /** Whether a poll now is deep: the first, a final read that asks for it, and every deep-poll period. */
  private isDeep(pollStart: number, final: boolean, deepFinal: boolean): boolean {
    if (final) return deepFinal || this.settledTo === -Infinity;
    const every = this.countsAtEnd ? this.ctx.t.sparseDeepPollEveryMs : this.ctx.t.deepPollEveryMs;
    return this.buffer.watermark === -Infinity || this.lastCompletePoll === -Infinity || pollStart - this.lastDeepPoll >= every;
  }

  /**
   * One FilterLogEvents run over the whole job, paged, over the settled window (up to the poll's start less the
   * ingestion allowance; a final read: everything); shows what it made final. `deepFinal`: the final read reads back
   * `overlapMs` (when nothing counts the lines at the end, or the count failed). `open`: read up to now (Live Tail).
   */
  async poll(final: boolean, deepFinal = false, open = false): Promise<PollResult> {
    const pollStart = this.ctx.clock.now();
    if (final) this.buffer.seen.capAt(this.ctx.t.maxSeenFinal);
    const deep = this.isDeep(pollStart, final, deepFinal);
    const runStart = this.queryStart(deep);
    // Beside Live Tail a poll reads up to now: the lines ingested before a session started are in no update.
    const settle = final || open ? Infinity : pollStart - this.buffer.ingestionAllowance();
    this.lastRunStart = runStart;
    const takenBefore = this.buffer.linesTaken;
    // A line taken with an ingestion lag over what the poll that settled its window left unread (that window's
    // allowance) says its stream's lines arrive late: the ones written before the run's start may have arrived with it (an
    // agent that stalled, an instance whose stream was created late): that stream is read again from its newest
    // line taken before (readBacklogs).
    const lateLagMs = this.lastAllowance;
    this.buffer.runStreams = { before: new Map(), late: new Set(), lateLagMs };
    const scope = { logStreamNamePrefix: this.ctx.target.streamPrefix, ...(settle < Infinity ? { endTime: Math.max(settle, runStart) } : {}) };
    const result = await this.readRun(final, pollStart, runStart, scope, final ? Infinity : Math.min(settle, pollStart - this.buffer.holdback()));
    const late = this.buffer.runStreams;
    this.buffer.runStreams = undefined;
    if (typeof result === 'object') return 'incomplete';
    if (result !== 'ok') return result;
    await this.completeness.readBacklogs([...late.late].map(stream => ({ stream, from: late.before.get(stream) ?? -Infinity })), runStart);
    if (!final) await this.probeSilent(pollStart, late.late, runStart);
    if (this.buffer.linesShown === 0 && this.buffer.pendingCount === 0) this.showWaiting(final);
    this.lastCompletePoll = pollStart;
    // What the run read is settled up to its start less the ingestion allowance as it is now: the lines just read
    // may have shown a longer lag (the first ones do), and the next poll reads again from there.
    const settled = Math.min(settle, pollStart - this.buffer.ingestionAllowance());
    if (settled > this.settledTo && settled < Infinity) {
      // The window up to `settled` is read as it was at `pollStart`: a line of it ingested since came that late.
      this.settledTo = settled;
      this.lastAllowance = pollStart - settled;
    }
    if (this.buffer.linesTaken > takenBefore) this.lastLinesAt = pollStart;
    if (deep) this.lastDeepPoll = pollStart;
    if (deep) this.counts.deepPolls++;
    // Shown at once up to the settled boundary, less the hold-back while some hosts have not shown their flush
    // cycle yet (their first batch may come later, older than the lines of the others).
    this.buffer.emit(final ? Infinity : Math.min(this.settledTo, pollStart - this.buffer.holdback()));
    return 'ok';
  }

  /**
   * Without a count at the end, a stalled agent's backlog that comes with no later line (its instance stopped
   * writing meanwhile) is behind every settled window: while a stream is silent, DescribeLogStreams (no events
   * fetched) says whether it has newer lines, and then it is read from its newest line taken.
   */
  private async probeSilent(now: number, readNow: ReadonlySet<number>, runStart: number): Promise<void> {
    if (this.countsAtEnd || !this.ctx.logs.describeLogStreams) return;
    const silent = this.silentStreams(now, readNow);
    if (silent.length === 0) return;
    const lastEvent = await this.completeness.lastEvents();
    // Read up to the run's start once (what comes later is the polls'), again only once the polls have moved on.
    const newer = silent.filter(s => (lastEvent.get(s.stream) ?? -Infinity) > s.from && (this.probedTo.get(s.stream) ?? -Infinity) < runStart);
    for (const s of newer) this.probedTo.set(s.stream, runStart);
    await this.completeness.readBacklogs(newer, runStart);
  }

  /** The streams silent for a while (`silentAfterMs` to `silentForMs`). */
  private silentStreams(now: number, readNow: ReadonlySet<number>): Array<{ stream: number; from: number }> {
    const { t } = this.ctx;
    const streams = this.buffer.streams;
    const silent: Array<{ stream: number; from: number }> = [];
    streams.forEach((info, stream) => {
      if (!readNow.has(stream) && info.newestTs < now - t.silentAfterMs && info.newestTs >= now - t.silentForMs) silent.push({ stream, from: info.newestTs });
    });
    return silent;
  }

  /** Pages through one FilterLogEvents query, retrying what can be retried (see the header). */
  async readRun(final: boolean, pollStart: number, runStart: number, scope: ReadScope, showUpTo?: number): Promise<RunResult> {
    const before = this.buffer.readingFrom;
    this.buffer.readingFrom = Math.min(before, runStart);
    try {
      return await this.pagedRun(final, pollStart, runStart, scope, showUpTo ?? (final ? Infinity : pollStart - this.buffer.holdback()), before);
    } finally {
      this.buffer.readingFrom = before;
    }
  }

  /**
   * Pages through one run. The window keeps what the run may hand out again (the previous page, on a repeated page
   * or a restart from the newest timestamp read), not the whole run: a backfill's keys do not pile up.
   */
  private async pagedRun(final: boolean, pollStart: number, runStart: number, scope: ReadScope, showUpTo: number, readingBefore: number): Promise<RunResult> {
    const { ctx } = this;
    const run = new PagedRun(runStart);
    for (;;) {
      if (ctx.signal.aborted || ctx.fatal) return 'stopped';
      this.counts.filterLogEventsCalls++;
      if (scope.logStreamNames) this.counts.streamReads++;
      // The page is asked for and taken in a call of its own: once it returns, nothing here (no variable, no
      // pending promise job) holds the page's events while its lines are shown, and the allocations of showing them
      // do not copy the page through a young-generation collection.
      const page = await this.readPage(run, scope, readingBefore);
      if ('failed' in page) {
        const outcome = await this.readFailed(page.failed, run, final, pollStart, scope);
        if (outcome === 'again') continue;
        return outcome;
      }
      const { nextToken } = page;
      if (!nextToken) return 'ok';
      if (nextToken === run.token || run.used.has(nextToken)) {
        this.counts.repeatedTokens++;
        if (!run.restart()) return { refused: 'CloudWatch kept repeating a paging token' };
        continue;
      }
      run.used.add(nextToken);
      run.token = nextToken;
      if (!scope.logStreamNames) this.showPageLines(final, pollStart, showUpTo, run.newest, page.oldest);
    }
  }

  /** One FilterLogEvents call of a run; its page's lines taken into the buffer, or the error it failed with. */
  private async readPage(run: PagedRun, scope: ReadScope, readingBefore: number): Promise<PageRead | { failed: unknown }> {
    const { ctx } = this;
    let out: FilterLogEventsOutput;
    try {
      out = await ctx.logs.filterLogEvents({
        logGroupName: ctx.target.logGroupName,
        ...scope,
        ...(run.startTime > 0 ? { startTime: run.startTime } : {}),
        ...(run.token !== undefined ? { nextToken: run.token } : {}),
        ...(ctx.t.pageLimit ? { limit: ctx.t.pageLimit } : {}),
      }, ctx.signal);
    } catch (error) {
      return { failed: error };
    }
    this.callSucceeded();
    this.sawGroup = true;
    this.counts.pages++;
    return { nextToken: out.nextToken, oldest: this.takePage(out.events, run, readingBefore) };
  }

  /** Takes a page's lines into the buffer; its oldest timestamp (Infinity for an empty page). */
  private takePage(events: LogEvent[], run: PagedRun, readingBefore: number): number {
    if (events.length === 0) return Infinity;
    this.buffer.accept(events, false);
    let oldest = Infinity;
    for (const e of events) {
      if (e.timestamp > run.newest) run.newest = e.timestamp;
      if (e.timestamp < oldest) oldest = e.timestamp;
    }
    // Only this page can be handed out again (a repeated page; a restart reads from the newest line on): the
    // window keeps it, and lets the pages before it go.
    this.buffer.readingFrom = Math.min(readingBefore, oldest);
    return oldest;
  }

  /**
   * Shows what a page of a run over the whole job made final before the next page is asked for: a backfill holds
   * no page of lines across a call (lines kept that long outlive V8's young-generation collections, and its young
   * generation grows to hold them). FilterLogEvents returns the events of a run "sorted by event timestamp, the
   * timestamp when the event was ingested by CloudWatch Logs, and the ID of the PutLogEvents request"
   * (https://docs.aws.amazon.com/cli/latest/reference/logs/filter-log-events.html; boto3's and the other SDKs'
   * FilterLogEvents documentation carry the same sentence from the API model): a later page holds no line older than the
   * newest line read, so the lines older than it are final up to the poll's settled bound; those at its millisecond
   * wait, as lines of that millisecond may follow. Were an older line to come anyway, it is shown once, flagged late.
   */
  private showPageLines(final: boolean, pollStart: number, showUpTo: number, newest: number, pageOldest: number): void {
    const { buffer } = this;
    // The bound as the poll would set it at its end, with the ingestion lag learnt so far (a poll's own lines may
    // raise it): no line is shown earlier than the end of a poll would have shown it.
    const settledBound = final ? Infinity : Math.min(showUpTo, pollStart - buffer.ingestionAllowance(), pollStart - buffer.holdback());
    buffer.emit(Math.min(settledBound, newest - 1));
    if (buffer.pendingCount > this.ctx.t.maxPending) buffer.spill(showUpTo, pageOldest);
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
