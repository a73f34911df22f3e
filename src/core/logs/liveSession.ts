/**
 * Live Tail. Where StartLiveTail is available, a session (same prefix as the polls) delivers lines within about a
 * second, and polling slows to a backfill and safety net (`livePollIntervalMs`). A session does not deliver what
 * was ingested before it started, so it covers the tail only after a complete poll that started once it had
 * delivered.
 *
 * Sessions end: the 3-hour limit (SessionTimeoutException), a dropped stream (SessionStreamingException, a network
 * error), a server close. The SDK's event-stream deserializer THROWS those exceptions from the async iterator, so
 * they are caught around the iteration. Each end starts a new session (at once after a long healthy session, else
 * after a capped backoff) and a poll bridges the gap; a session that sends nothing for `liveWatchdogMs` (Live Tail
 * sends an update every second) is aborted and started again. A sampled update (over 500 lines a second) stops the
 * session covering the tail until a poll that started after it has read the sampled window. Only AccessDenied,
 * an unsupported operation and an invalid parameter turn Live Tail off for the rest of the tail (said once).
 *
 * How long after an update a line may still come (the delivery allowance) is learned from the events' ingestionTime.
 *
 * Each session owns its AbortController (as aws-toolkit-vscode's live-tail session does): stopping the tail, turning
 * Live Tail off, the watchdog or the final read ends exactly that session's stream.
 */
import { backoffDelay } from './clock';
import type { TailContext } from './context';
import { classifyLogsError } from './errors';
import { DeliveryDelay } from './liveDelivery';
import type { LogEvent } from './types';

/** What a session does to the rest of the tail. */
export interface LiveHooks {
  /** Takes delivered lines into the ordering buffer. */
  accept(events: LogEvent[]): void;
  /** Shows what the latest update made final, while the session covers the tail. */
  release(): void;
  /** The next poll is due at `at`: from then on it reads what the session did not deliver. */
  pollAt(at: number): void;
  /** The next poll is due by `at`: it reads what a session that ended (or sampled) did not deliver. */
  pollBy(at: number): void;
  /** Whether the tail has finished (nothing more is read or shown). */
  ended(): boolean;
}

/** How a session ended: `clean` (the 3-hour limit, a server close), `transient` (retry), `permanent` (stop Live Tail). */
export type LiveEnd = { kind: 'clean' } | { kind: 'transient'; reason: string } | { kind: 'permanent'; reason: string };

const CLEAN_END = new Set(['SessionTimeoutException']);
const PERMANENT_NAMES = new Set(['InvalidParameterException', 'ValidationException', 'AccessDeniedException', 'AccessDenied']);

/** What a StartLiveTail error means for Live Tail: only access, support and parameter errors are permanent. */
export function classifyLiveTailEnd(error: unknown): LiveEnd {
  const name = (typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined) ?? '';
  if (CLEAN_END.has(name)) return { kind: 'clean' };
  const problem = classifyLogsError(error);
  if (PERMANENT_NAMES.has(name) || problem.kind === 'unsupported' || problem.kind === 'credentials') return { kind: 'permanent', reason: problem.message };
  return { kind: 'transient', reason: problem.message };
}

/** One StartLiveTail stream. */
class LiveSession {
  private readonly abort = new AbortController();
  running = true;
  /** Whether a complete poll has read what was ingested before this session's first update (and its last sample). */
  covering = false;
  startedAt?: number;
  /** When the last sampled update came: only a poll started after it makes the session cover the tail again. */
  sampledAt = -Infinity;
  lastUpdateAt = -Infinity;
  /** The latest sign of life: the request, or an update. The watchdog aborts a session silent for too long. */
  lastActivityAt: number;
  /** Aborted by the watchdog (then a transient end), not by the tail. */
  silent = false;

  constructor(private readonly ctx: TailContext, private readonly hooks: LiveHooks, private readonly owner: LiveTail) {
    this.lastActivityAt = ctx.clock.now();
  }

  start(): void {
    const { ctx, abort } = this;
    const onAbort = () => abort.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    void (async () => {
      let end: LiveEnd = { kind: 'clean' };
      try {
        await this.iterate();
      } catch (error) {
        end = classifyLiveTailEnd(error);
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        const stoppedByTail = abort.signal.aborted && !this.silent;
        abort.abort();
        this.running = false;
        this.covering = false;
        if (this.silent) end = { kind: 'transient', reason: `Live Tail sent nothing for ${Math.round(ctx.t.liveWatchdogMs / 1000)} s` };
        if (!this.hooks.ended() && !stoppedByTail) this.owner.sessionEnded(this, end);
      }
    })();
  }

  private async iterate(): Promise<void> {
    const { ctx, hooks, abort, owner } = this;
    const updates = ctx.logs.startLiveTail!.call(ctx.logs, { logGroupName: ctx.target.logGroupName, logStreamNamePrefix: ctx.target.streamPrefix }, abort.signal);
    for await (const update of updates) {
      if (hooks.ended() || abort.signal.aborted) return;
      const now = ctx.clock.now();
      this.lastActivityAt = now;
      if (this.startedAt === undefined) {
        // Lines ingested before now are not delivered by this session: one poll from now on covers them.
        this.startedAt = now;
        hooks.pollAt(now);
      }
      this.lastUpdateAt = now;
      if (update.events.length) {
        owner.counts.liveEvents += update.events.length;
        owner.delivery.observe(now, update.events);
        hooks.accept(update.events);
      }
      if (update.sampled) {
        owner.counts.liveSampled++;
        // Some lines of this window are missing: a poll started after this update reads them.
        this.sampledAt = now;
        if (this.covering) hooks.pollBy(now);
        this.covering = false;
        continue;
      }
      hooks.release();
    }
  }

  stop(silent = false): void {
    this.silent = silent;
    this.abort.abort();
  }
}

/** The Live Tail sessions of one tail, one at a time, and whether Live Tail is still wanted. */
export class LiveTail {
  private session?: LiveSession;
  private disabled = false;
  /** Transient ends in a row: the backoff before the next session grows with them. */
  private failures = 0;
  /** When the next session may start. */
  restartAt = -Infinity;
  /** Why the tail went back to polling alone. */
  fallbackReason?: string;
  readonly delivery: DeliveryDelay;
  readonly counts = { liveSessions: 0, liveEvents: 0, liveSampled: 0, liveRestarts: 0, liveWatchdogAborts: 0 };

  constructor(private readonly ctx: TailContext, private readonly hooks: LiveHooks, private readonly wanted: boolean) {
    this.delivery = new DeliveryDelay(ctx.t);
  }

  get running(): boolean {
    return this.session?.running === true;
  }

  get covering(): boolean {
    return this.session?.covering === true;
  }

  /** Whether a session will be started again (so the loop wakes for it). */
  get waitingToRestart(): boolean {
    return this.wanted && !this.disabled && !this.running && this.restartAt > -Infinity;
  }

  /** Lines the session has delivered are final up to this, less the hold-back and `deliveryAllowanceMs()`. */
  get lastUpdateAt(): number {
    return this.session?.lastUpdateAt ?? -Infinity;
  }

  /** How long before an update a line may have been ingested and still be missing from it. */
  deliveryAllowanceMs(): number {
    return this.delivery.allowanceMs(this.ctx.clock.now());
  }

  /**
   * Starts a session once the log group exists, when none runs, Live Tail is still wanted and any backoff is over;
   * aborts a running session that has been silent past the watchdog.
   */
  startIfDue(groupExists: boolean): void {
    const now = this.ctx.clock.now();
    const session = this.session;
    if (session?.running && !session.silent && now - session.lastActivityAt >= this.ctx.t.liveWatchdogMs) {
      this.counts.liveWatchdogAborts++;
      session.stop(true);
      return;
    }
    if (!this.wanted || this.disabled || this.running || !groupExists || !this.ctx.logs.startLiveTail || now < this.restartAt) return;
    this.session = new LiveSession(this.ctx, this.hooks, this);
    this.counts.liveSessions++;
    this.session.start();
  }

  /** A complete poll that started at `startedAt`: a session that has delivered since (and not sampled since) covers the tail. */
  pollCompleted(startedAt: number): void {
    const session = this.session;
    if (session?.running && session.startedAt !== undefined && startedAt >= session.startedAt && startedAt >= session.sampledAt) session.covering = true;
  }

  /** A session ended by itself (not by the tail): start another, or turn Live Tail off; a poll bridges the gap. */
  sessionEnded(session: LiveSession, end: LiveEnd): void {
    const now = this.ctx.clock.now();
    if (end.kind === 'permanent') {
      this.disable(end.reason);
      return;
    }
    const { t, random } = this.ctx;
    // A session that delivered for a while was healthy: the next one starts at once after a clean end.
    const healthy = session.startedAt !== undefined && now - session.startedAt >= t.liveHealthyMs;
    if (healthy) this.failures = 0;
    const delay = end.kind === 'clean' && healthy ? 0 : backoffDelay(this.failures++, random, t.backoffBaseMs, t.liveRetryMaxMs);
    this.restartAt = now + delay;
    this.counts.liveRestarts++;
    this.hooks.pollBy(now);
  }

  disable(reason: string): void {
    const first = !this.disabled;
    this.disabled = true;
    this.fallbackReason = reason;
    if (this.session) this.session.covering = false;
    this.session?.stop();
    if (first) this.ctx.sink.status(`--- Live Tail is off for this tail (${reason}); polling CloudWatch Logs instead.`, { kind: 'info' });
    this.hooks.pollBy(this.ctx.clock.now());
  }

  stop(): void {
    this.session?.stop();
  }
}
