import type { CredentialPause } from '../connection/credentialPause';
import type { LogsError } from './errors';
import type { TailTarget } from './format';
import type { TailTuning } from './tuning';
import type { Clock, LogSink, LogsApi } from './types';

/**
 * What the parts of one tail share: its injected world, and the error that stops it. Any part may meet that error
 * (a read, a status call), and every part must stop reading once it is set.
 */
export interface TailContext {
  readonly target: TailTarget;
  readonly logs: LogsApi;
  readonly sink: LogSink;
  readonly clock: Clock;
  /** In [0, 1), for backoff jitter. */
  readonly random: () => number;
  readonly signal: AbortSignal;
  readonly t: TailTuning;
  /** Where reads and status calls wait while the AWS session is expired (one message, quiet retries). */
  readonly pause: CredentialPause;
  fatal?: LogsError;
}

/** Which streams a FilterLogEvents run reads: the whole job, or one stream (a backlog, the check at the end). */
export interface ReadScope {
  logStreamNamePrefix: string;
  logStreamNames?: string[];
  endTime?: number;
}

/** `refused`: a run over one stream (or the final run) that could not be completed, and why. */
export type RunResult = 'ok' | 'missing' | 'stopped' | { refused: string };
export type PollResult = 'ok' | 'missing' | 'incomplete' | 'stopped';
