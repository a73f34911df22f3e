/**
 * The job's status beside its lines: DescribeTrainingJob every `statusIntervalMs` (while lines flow, the job is
 * training and its status rarely changes: `statusFlowingFactor` times less often, and at once when they stop)
 * gives the secondary status
 * transitions to show among the lines (each once, also across resumed tails), the instance count the hold-back
 * waits for, and the terminal status after which the final read comes (`finalGraceMs` later, for the lines
 * CloudWatch ingests last). A failing status call does not stop the lines: it is asked again after a backoff.
 */
import { backoffDelay } from './clock';
import type { TailContext } from './context';
import { classifyLogsError } from './errors';
import { formatTransition } from './format';
import { TERMINAL_TRAINING_JOB_STATUSES } from '../facts';
import type { JobStatus, JobStatusApi } from './types';

/** A status read: the job, and the transitions not shown yet, as status lines at their time. */
export interface StatusNews {
  job: JobStatus;
  transitions: { ts: number; message: string }[];
}

export class StatusPoller {
  /** The last status read: the summary at the end is made from it. */
  job?: JobStatus;
  /** Transitions shown (status|message), saved in the cursor. */
  readonly shown = new Set<string>();
  terminal = false;
  /** When the final read is due, once the job is terminal. */
  finalAt = Infinity;
  nextAt = 0;
  private failures = 0;
  describeCalls = 0;
  /** Whether lines flow (the job trains): the status is asked `statusFlowingFactor` times less often. */
  private flowing = false;
  /** Until the first line, the status is asked as seldom as while lines flow (the SDK's 30 s). */
  waitingForLines = true;

  /** Without an api (endpoints) it only keeps the transitions a resumed tail's cursor says were shown. */
  constructor(private readonly ctx: TailContext, private readonly api: JobStatusApi | undefined, private readonly formatTime: (ms: number) => string) {}

  /** Whether the status is asked at all (and so whether a terminal status ends the tail). */
  get polling(): boolean {
    return this.api !== undefined;
  }

  /** Whether lines flow now; when they stop, the status is asked at once (the job may be ending). */
  linesFlowing(flowing: boolean): void {
    if (this.flowing && !flowing) this.nextAt = Math.min(this.nextAt, this.ctx.clock.now());
    this.flowing = flowing;
  }

  /** Reads the status; undefined when it could not (then the tail stops, `ctx.fatal`, or asks again later). */
  async describe(first: boolean): Promise<StatusNews | undefined> {
    const { ctx } = this;
    this.describeCalls++;
    let job: JobStatus;
    try {
      job = await this.api!.describe(ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) return undefined;
      const problem = classifyLogsError(error);
      if (problem.kind === 'credentials') {
        ctx.fatal = problem;
      } else if (problem.kind === 'expired') {
        // Said once (by the shared pause); asked again when the reads are, every minute.
        ctx.pause.announce(error);
        this.nextAt = ctx.clock.now() + ctx.t.credentialRetryMs;
      } else if (problem.kind === 'not-found') {
        ctx.fatal = { kind: 'not-found', message: `${ctx.target.kind === 'endpoint' ? 'Endpoint' : 'Training job'} ${ctx.target.name} was not found: ${problem.message}` };
      } else {
        // The log lines keep coming; the status is asked again later.
        this.nextAt = ctx.clock.now() + backoffDelay(this.failures++, ctx.random, ctx.t.backoffBaseMs, ctx.t.backoffMaxMs);
      }
      return undefined;
    }
    const now = ctx.clock.now();
    ctx.pause.succeeded();
    this.failures = 0;
    this.nextAt = now + ctx.t.statusIntervalMs * (this.flowing || this.waitingForLines ? ctx.t.statusFlowingFactor : 1);
    this.job = job;
    const transitions: StatusNews['transitions'] = [];
    for (const transition of job.secondaryStatusTransitions) {
      const key = `${transition.status}|${transition.message ?? ''}`;
      if (this.shown.has(key)) continue;
      this.shown.add(key);
      transitions.push({ ts: transition.startTime, message: formatTransition(transition, this.formatTime) });
    }
    if (TERMINAL_TRAINING_JOB_STATUSES.has(job.status) && !this.terminal) {
      this.terminal = true;
      const endedLongAgo = first && job.endTime !== undefined && now - job.endTime >= ctx.t.finalGraceMs;
      this.finalAt = endedLongAgo ? now : now + ctx.t.finalGraceMs;
    }
    return { job, transitions };
  }
}
