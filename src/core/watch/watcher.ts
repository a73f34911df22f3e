/**
 * Watched jobs: which training jobs are watched (a list kept in VS Code's global state, so it survives restarts),
 * how often each is asked about (one DescribeTrainingJob per watched job per interval, less often while the window
 * is not focused), and the one "job ended" event per job. Pure: the describe call, the clock and the focus are
 * injected; the glue turns events into notifications and the status bar count.
 */
import type { Clock } from '../logs/types';
import type { CredentialPause } from '../connection/credentialPause';
import { TERMINAL_TRAINING_JOB_STATUSES } from '../facts';

/** What is watched: a training job, or an endpoint being created or updated (deployed from here). */
export type WatchedKind = 'trainingJob' | 'endpoint';

/** Statuses after which an endpoint's creation or update is over. */
export const TERMINAL_ENDPOINT_STATUSES: ReadonlySet<string> = new Set(['InService', 'Failed', 'OutOfService']);

const isOver = (kind: WatchedKind | undefined, status: string): boolean =>
  (kind === 'endpoint' ? TERMINAL_ENDPOINT_STATUSES : TERMINAL_TRAINING_JOB_STATUSES).has(status);

export interface WatchedJob {
  name: string;
  /** Absent for a training job (the list's first form, kept so that saved lists still read). */
  kind?: 'endpoint';
  /** When it was put on the list (ms since the epoch). */
  since: number;
  /** The user stopped it from here: its end raises no notification. */
  stoppedHere?: boolean;
  /** Where it runs when not where the connection points (launched into another region): asked about there. */
  region?: string;
  /** The profile it was launched with, when one was chosen. */
  profile?: string;
}

/** Where a watched job runs; absent fields (entries saved before they were recorded) mean the connection's. */
export type WatchedWhere = Pick<WatchedJob, 'region' | 'profile'>;

/** What the watcher needs of DescribeTrainingJob. */
export interface WatchedJobStatus {
  status: string;
  failureReason?: string;
  creationTime?: number;
  endTime?: number;
  billableSeconds?: number;
  instanceCount?: number;
}

export interface JobEnd {
  job: WatchedJob;
  status: WatchedJobStatus;
  /** False for a job the user stopped from here: it ends quietly. */
  notify: boolean;
}

export interface WatchTuning {
  /** Between rounds while the window is focused. */
  focusedIntervalMs: number;
  /** Between rounds while it is not focused (the first unfocused rounds, doubling up to `unfocusedMaxMs`). */
  unfocusedIntervalMs: number;
  unfocusedMaxMs: number;
}

export const DEFAULT_WATCH_TUNING: Readonly<WatchTuning> = { focusedIntervalMs: 30_000, unfocusedIntervalMs: 60_000, unfocusedMaxMs: 300_000 };

/** The list as stored in global state; bad entries (hand-edited state) are dropped. */
export function parseWatchList(value: unknown): WatchedJob[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap(v => {
    const e = v as Partial<WatchedJob>;
    if (typeof e?.name !== 'string' || !e.name || typeof e.since !== 'number') return [];
    return [{
      name: e.name, since: e.since, ...(e.kind === 'endpoint' ? { kind: e.kind } : {}), ...(e.stoppedHere ? { stoppedHere: true } : {}),
      ...(typeof e.region === 'string' && e.region ? { region: e.region } : {}), ...(typeof e.profile === 'string' && e.profile ? { profile: e.profile } : {}),
    }];
  });
}

export interface JobWatcherOptions {
  clock: Clock;
  /** Undefined when the job or endpoint no longer exists (deleted, or another account's): it leaves the list quietly. */
  describe(job: WatchedJob, signal: AbortSignal): Promise<WatchedJobStatus | undefined>;
  /** Whether the window is focused now. */
  focused(): boolean;
  /** The list changed (to save it). */
  onChange(jobs: WatchedJob[]): void;
  /** A watched job reached a terminal status (once per job). */
  onEnd(end: JobEnd): void;
  /** A function when the intervals follow a setting that may change while watching. */
  tuning?: Partial<WatchTuning> | (() => Partial<WatchTuning>);
  initial?: WatchedJob[];
  /**
   * An expired session pauses the watching instead of being retried silently each round: the pause says so once,
   * rounds come every `pause.retryDelayMs` (asking one job) until a call succeeds, and the list is kept meanwhile.
   */
  pause?: CredentialPause;
}

export class JobWatcher {
  private jobs: WatchedJob[];
  private readonly statuses = new Map<string, string>();
  private unfocusedRounds = 0;
  describeCalls = 0;

  constructor(private readonly o: JobWatcherOptions) {
    this.jobs = [...(o.initial ?? [])];
  }

  list(): readonly WatchedJob[] {
    return this.jobs;
  }

  has(name: string, kind: WatchedKind = 'trainingJob'): boolean {
    return this.jobs.some(j => sameEntry(j, name, kind));
  }

  /** The last status read of a watched job or endpoint (undefined before the first round). */
  statusOf(name: string, kind: WatchedKind = 'trainingJob'): string | undefined {
    return this.statuses.get(keyOf(name, kind));
  }

  /** Jobs on the list whose last known status is not terminal (the status bar count). */
  get runningCount(): number {
    return this.jobs.filter(j => !isOver(j.kind, this.statuses.get(keyOf(j.name, j.kind)) ?? 'InProgress')).length;
  }

  watch(name: string, kind: WatchedKind = 'trainingJob', where: WatchedWhere = {}): void {
    if (this.has(name, kind)) return;
    this.jobs.push({
      name, since: this.o.clock.now(), ...(kind === 'endpoint' ? { kind } : {}),
      ...(where.region ? { region: where.region } : {}), ...(where.profile ? { profile: where.profile } : {}),
    });
    this.o.onChange(this.jobs);
  }

  unwatch(name: string, kind: WatchedKind = 'trainingJob'): void {
    const before = this.jobs.length;
    this.jobs = this.jobs.filter(j => !sameEntry(j, name, kind));
    this.statuses.delete(keyOf(name, kind));
    if (this.jobs.length !== before) this.o.onChange(this.jobs);
  }

  /** The user stopped the job from here: its end is not announced. */
  stoppedHere(name: string): void {
    const job = this.jobs.find(j => sameEntry(j, name, 'trainingJob'));
    if (!job || job.stoppedHere) return;
    job.stoppedHere = true;
    this.o.onChange(this.jobs);
  }

  private get t(): WatchTuning {
    return { ...DEFAULT_WATCH_TUNING, ...(typeof this.o.tuning === 'function' ? this.o.tuning() : this.o.tuning) };
  }

  /** The wait before the next round: the focused interval, or a growing one while the window is not focused. */
  nextDelayMs(): number {
    if (this.o.pause?.paused) return this.o.pause.retryDelayMs;
    if (this.o.focused()) {
      this.unfocusedRounds = 0;
      return this.t.focusedIntervalMs;
    }
    return Math.min(this.t.unfocusedMaxMs, this.t.unfocusedIntervalMs * 2 ** Math.min(this.unfocusedRounds++, 20));
  }

  /** One Describe call per watched job or endpoint; one that ended is announced once and leaves the list. */
  async round(signal: AbortSignal): Promise<void> {
    for (const job of [...this.jobs]) {
      if (signal.aborted) return;
      const kind = job.kind ?? 'trainingJob';
      let status: WatchedJobStatus | undefined;
      try {
        this.describeCalls++;
        status = await this.o.describe(job, signal);
        this.o.pause?.succeeded();
      } catch (error) {
        // The other jobs would fail the same way: the round ends, and the job is asked again when the pause's check is due.
        if (this.o.pause?.expired(error)) {
          this.o.pause.announce(error);
          return;
        }
        continue; // asked again next round
      }
      if (!this.has(job.name, kind)) continue; // unwatched while the call was out
      if (!status) {
        this.unwatch(job.name, kind);
        continue;
      }
      this.statuses.set(keyOf(job.name, kind), status.status);
      if (!isOver(kind, status.status)) continue;
      this.unwatch(job.name, kind);
      this.o.onEnd({ job, status, notify: !job.stoppedHere });
    }
  }

  /** Rounds until `signal` aborts, sleeping on the injected clock between them. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.round(signal);
      await this.o.clock.sleep(this.nextDelayMs(), signal);
    }
  }
}

const keyOf = (name: string, kind: WatchedKind | undefined): string => `${kind ?? 'trainingJob'}:${name}`;
const sameEntry = (job: WatchedJob, name: string, kind: WatchedKind): boolean => job.name === name && (job.kind ?? 'trainingJob') === kind;

/** "2 h 5 min", "45 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  return h ? `${h} h ${min} min` : `${min} min ${s % 60} s`;
}

/** The notification for a job that ended: its text and its actions. */
export function jobEndMessage(end: JobEnd, errorLines: string[] = []): { text: string; actions: string[] } {
  const { job, status } = end;
  const duration = status.creationTime !== undefined && status.endTime !== undefined ? `, ran ${formatDuration(status.endTime - status.creationTime)}` : '';
  const billable = status.billableSeconds !== undefined
    ? `, billable ${status.billableSeconds} s${(status.instanceCount ?? 1) > 1 ? ` × ${status.instanceCount} instances` : ''}` : '';
  let text = `Training job ${job.name} ${status.status}${duration}${billable}.`;
  if (status.status === 'Failed') {
    // A reason is SageMaker's text and often ends without a period: one is added so the error lines read apart.
    if (status.failureReason) text += ` ${status.failureReason.trimEnd()}${/[.!?]$/.test(status.failureReason.trimEnd()) ? '' : '.'}`;
    if (errorLines.length) text += ` Last errors: ${errorLines.join(' | ')}`;
  }
  const actions = ['Open Job', 'Show Logs', ...(status.status === 'Completed' ? ['Deploy'] : []), 'Save as estimator.json'];
  return { text, actions };
}

/** What a failed health check usually means, said plainly (SageMaker's own reason only names the check). */
export const PING_FAILURE_HINT = 'This usually means the model container did not answer GET /ping with HTTP 200 on port 8080 within the '
  + 'startup timeout: the inference code failed while loading (an error in model_fn or the handler), a dependency is missing from the '
  + 'container or requirements.txt, the model artifact is not where the code looks for it, or loading takes longer than '
  + 'ContainerStartupHealthCheckTimeoutInSeconds allows.';

const mentionsHealthCheck = (reason: string): boolean => /\bping\b|health[ -]?check/i.test(reason);

/** The notification for an endpoint whose creation or update ended: its text and its actions. */
export function endpointEndMessage(end: JobEnd, errorLines: string[] = []): { text: string; actions: string[] } {
  const { job, status } = end;
  const took = status.creationTime !== undefined && status.endTime !== undefined ? `, after ${formatDuration(status.endTime - status.creationTime)}` : '';
  if (status.status === 'InService') return { text: `Endpoint ${job.name} is InService${took}.`, actions: ['Invoke Endpoint', 'Show Logs'] };
  let text = `Endpoint ${job.name} ${status.status}${took}.`;
  if (status.failureReason) text += ` ${status.failureReason}`;
  if (status.failureReason && mentionsHealthCheck(status.failureReason)) text += ` ${PING_FAILURE_HINT}`;
  if (errorLines.length) text += ` First errors: ${errorLines.join(' | ')}`;
  return { text, actions: ['Show Logs', 'Open in Console'] };
}
