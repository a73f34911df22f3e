/**
 * Live Tail. Where StartLiveTail is available, a session (same prefix as the polls) delivers lines within about a
 * second, and polling slows to a backfill and safety net (`livePollIntervalMs`). A session does not deliver what
 * was ingested before it started, so it covers the tail only after a complete poll that started once it had
 * delivered. A session that ends (the 3-hour limit, a dropped stream) is started again, a poll bridging the gap;
 * one that fails or sends a sample (over 500 lines a second) turns Live Tail off for the rest of the tail.
 *
 * Each session owns its AbortController (as aws-toolkit-vscode's live-tail session does): stopping the tail, turning
 * Live Tail off or the final read ends exactly that session's stream.
 */
import type { TailContext } from './context';
import { classifyLogsError } from './errors';
import type { LogEvent } from './types';

/** What a session does to the rest of the tail. */
export interface LiveHooks {
  /** Takes delivered lines into the ordering buffer. */
  accept(events: LogEvent[]): void;
  /** Shows what the latest update made final, while the session covers the tail. */
  release(): void;
  /** The next poll is due at `at`: from then on it reads what the session did not deliver. */
  pollAt(at: number): void;
  /** The next poll is due by `at`: it reads what a session that ended did not deliver. */
  pollBy(at: number): void;
  /** Whether the tail has finished (nothing more is read or shown). */
  ended(): boolean;
}

/** One StartLiveTail stream. */
class LiveSession {
  private readonly abort = new AbortController();
  running = true;
  /** Whether a complete poll has read what was ingested before this session's first update. */
  covering = false;
  startedAt?: number;
  lastUpdateAt = -Infinity;

  constructor(private readonly ctx: TailContext, private readonly hooks: LiveHooks, private readonly owner: LiveTail) {}

  start(): void {
    const { ctx, hooks, abort } = this;
    const startLiveTail = ctx.logs.startLiveTail!;
    const onAbort = () => abort.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    void (async () => {
      try {
        const updates = startLiveTail.call(ctx.logs, { logGroupName: ctx.target.logGroupName, logStreamNamePrefix: ctx.target.streamPrefix }, abort.signal);
        for await (const update of updates) {
          if (hooks.ended() || abort.signal.aborted) break;
          if (this.startedAt === undefined) {
            // Lines ingested before now are not delivered by this session: one poll from now on covers them.
            this.startedAt = ctx.clock.now();
            hooks.pollAt(this.startedAt);
          }
          this.lastUpdateAt = ctx.clock.now();
          if (update.events.length) {
            this.owner.counts.liveEvents += update.events.length;
            hooks.accept(update.events);
          }
          if (update.sampled) {
            this.owner.counts.liveSampled++;
            this.owner.disable('Live Tail sent a sample (more than 500 lines a second); polling instead');
            break;
          }
          hooks.release();
        }
      } catch (error) {
        if (!hooks.ended() && !abort.signal.aborted) this.owner.disable(classifyLogsError(error).message);
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        abort.abort();
        this.running = false;
        this.covering = false;
        // A session that ended (3-hour limit) is started again by the loop; a poll bridges the gap.
        if (!hooks.ended()) hooks.pollBy(ctx.clock.now());
      }
    })();
  }

  stop(): void {
    this.abort.abort();
  }
}

/** The Live Tail sessions of one tail, one at a time, and whether Live Tail is still wanted. */
export class LiveTail {
  private session?: LiveSession;
  private disabled = false;
  /** Why the tail went back to polling alone. */
  fallbackReason?: string;
  readonly counts = { liveSessions: 0, liveEvents: 0, liveSampled: 0 };

  constructor(private readonly ctx: TailContext, private readonly hooks: LiveHooks, private readonly wanted: boolean) {}

  get running(): boolean {
    return this.session?.running === true;
  }

  get covering(): boolean {
    return this.session?.covering === true;
  }

  /** Lines the session has delivered are final up to this, less the hold-back and `liveDeliveryMs`. */
  get lastUpdateAt(): number {
    return this.session?.lastUpdateAt ?? -Infinity;
  }

  /** Starts a session once the log group exists, when none runs and Live Tail is still wanted. */
  startIfDue(groupExists: boolean): void {
    if (!this.wanted || this.disabled || this.running || !groupExists || !this.ctx.logs.startLiveTail) return;
    this.session = new LiveSession(this.ctx, this.hooks, this);
    this.counts.liveSessions++;
    this.session.start();
  }

  /** A complete poll that started at `startedAt`: from the session's first update on, the session covers the tail. */
  pollCompleted(startedAt: number): void {
    const session = this.session;
    if (session?.running && session.startedAt !== undefined && startedAt >= session.startedAt) session.covering = true;
  }

  disable(reason: string): void {
    this.disabled = true;
    this.fallbackReason = reason;
    if (this.session) this.session.covering = false;
    this.session?.stop();
    this.hooks.pollBy(this.ctx.clock.now());
  }

  stop(): void {
    this.session?.stop();
  }
}
