/**
 * Work that outlives an AWS session (a log tail, a wait for a job, a refresh) pauses while the session is expired
 * instead of failing: one message names the profile and the command that renews it, the same call is tried again
 * every `checkEveryMs` (quietly) or at once on `retryNow()` (a "Retry" action), and the work resumes where it was.
 * Pure: the clock is injected, the caller decides what an expired session looks like (`isExpiredTokenError`).
 *
 * The CLI's `fit` / `wait` use it the same way:
 *
 *   const pause = new CredentialPause({ clock: systemClock, profile, onPause: n => console.error(n.text) });
 *   const job = await pause.run(() => describeTrainingJob(clients, name), signal);
 */
import { isExpiredTokenError, renewCommand } from './errors';
import type { Clock } from '../logs/types';

export interface PauseNotice {
  profile?: string;
  /** The command that renews the session, e.g. "aws sso login --profile dev". */
  renewCommand: string;
  /** One line for the user. */
  text: string;
  /** The error that paused the work. */
  error: unknown;
}

export interface CredentialPauseOptions {
  clock: Clock;
  profile?: string;
  /** Between quiet attempts while paused. Default one minute. */
  checkEveryMs?: number;
  /** Called once per outage, when the work first pauses. */
  onPause?(notice: PauseNotice): void;
  /** Called once when a call succeeds again after a pause (say nothing, or dismiss the message). */
  onResume?(): void;
  /** Which errors pause the work (default: an expired token or SSO session). */
  isExpired?(error: unknown): boolean;
}

export class CredentialPause {
  /** Whether work is waiting for the session to be renewed. */
  paused = false;
  /** Outages so far (each announced once). */
  outages = 0;
  private wake?: AbortController;

  constructor(private readonly o: CredentialPauseOptions) {}

  /** Between quiet attempts while paused (for callers that retry on their own schedule). */
  get retryDelayMs(): number {
    return this.o.checkEveryMs ?? 60_000;
  }

  /** The message for an outage. */
  notice(error: unknown): PauseNotice {
    return pauseNotice(error, this.o.profile);
  }

  /** Whether `error` pauses the work. */
  expired(error: unknown): boolean {
    return (this.o.isExpired ?? isExpiredTokenError)(error);
  }

  /**
   * Announces the outage (once) and waits until the next attempt is due: `checkEveryMs`, `retryNow()`, or `signal`.
   * The caller then repeats the same call.
   */
  async hold(error: unknown, signal?: AbortSignal): Promise<void> {
    this.announce(error);
    const wake = new AbortController();
    this.wake = wake;
    const onAbort = () => wake.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.o.clock.sleep(this.o.checkEveryMs ?? 60_000, wake.signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.wake === wake) this.wake = undefined;
    }
  }

  /** Marks the work paused and says so, once per outage (for calls that are retried on their own schedule). */
  announce(error: unknown): void {
    if (this.paused) return;
    this.paused = true;
    this.outages++;
    this.o.onPause?.(this.notice(error));
  }

  /** A call succeeded: a paused outage ends, quietly. */
  succeeded(): void {
    if (!this.paused) return;
    this.paused = false;
    this.o.onResume?.();
  }

  /** Tries the paused call again now (the "Retry" action). */
  retryNow(): void {
    this.wake?.abort();
  }

  /** Runs `call`, pausing (and trying again) while it fails with an expired session; other errors are thrown. */
  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      try {
        const value = await call();
        this.succeeded();
        return value;
      } catch (error) {
        if (!this.expired(error) || signal?.aborted) throw error;
        await this.hold(error, signal);
        if (signal?.aborted) throw error;
      }
    }
  }
}

/** The message for an outage of `profile`'s session (the default profile when none is named). */
export function pauseNotice(error: unknown, profile?: string): PauseNotice {
  const command = renewCommand(profile);
  const who = profile ? `profile "${profile}"` : 'the default profile';
  return {
    ...(profile ? { profile } : {}),
    renewCommand: command,
    error,
    text: `AWS credentials of ${who} have expired. Run "${command}"; paused work resumes by itself (checked every minute).`,
  };
}
