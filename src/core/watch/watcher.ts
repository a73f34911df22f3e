/**
 * Watched jobs: which training jobs are watched (a list kept in VS Code's global state, so it survives restarts),
 * how often each is asked about (one DescribeTrainingJob per watched job per interval, less often while the window
 * is not focused), and the one "job ended" event per job. Pure: the describe call, the clock and the focus are
 * injected; the glue turns events into notifications and the status bar count.
 */
import type { Clock } from '../logs/types';
import { TERMINAL_TRAINING_JOB_STATUSES } from '../facts';

export interface WatchedJob {
  name: string;
  /** When it was put on the list (ms since the epoch). */
  since: number;
  /** The user stopped it from here: its end raises no notification. */
  stoppedHere?: boolean;
}

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
    return [{ name: e.name, since: e.since, ...(e.stoppedHere ? { stoppedHere: true } : {}) }];
  });
}

export interface JobWatcherOptions {
  clock: Clock;
  describe(name: string, signal: AbortSignal): Promise<WatchedJobStatus>;
  /** Whether the window is focused now. */
  focused(): boolean;
  /** The list changed (to save it). */
  onChange(jobs: WatchedJob[]): void;
  /** A watched job reached a terminal status (once per job). */
  onEnd(end: JobEnd): void;
  tuning?: Partial<WatchTuning>;
  initial?: WatchedJob[];
}

export class JobWatcher {
  private jobs: WatchedJob[];
  private readonly statuses = new Map<string, string>();
  private readonly t: WatchTuning;
  private unfocusedRounds = 0;
  describeCalls = 0;

  constructor(private readonly o: JobWatcherOptions) {
    this.jobs = [...(o.initial ?? [])];
    this.t = { ...DEFAULT_WATCH_TUNING, ...o.tuning };
  }

  list(): readonly WatchedJob[] {
    return this.jobs;
  }

  has(name: string): boolean {
    return this.jobs.some(j => j.name === name);
  }

  /** Jobs on the list whose last known status is not terminal (the status bar count). */
  get runningCount(): number {
    return this.jobs.filter(j => !TERMINAL_TRAINING_JOB_STATUSES.has(this.statuses.get(j.name) ?? 'InProgress')).length;
  }

  watch(name: string): void {
    if (this.has(name)) return;
    this.jobs.push({ name, since: this.o.clock.now() });
    this.o.onChange(this.jobs);
  }

  unwatch(name: string): void {
    const before = this.jobs.length;
    this.jobs = this.jobs.filter(j => j.name !== name);
    if (this.jobs.length !== before) this.o.onChange(this.jobs);
  }

  /** The user stopped the job from here: its end is not announced. */
  stoppedHere(name: string): void {
    const job = this.jobs.find(j => j.name === name);
    if (!job || job.stoppedHere) return;
    job.stoppedHere = true;
    this.o.onChange(this.jobs);
  }

  /** The wait before the next round: the focused interval, or a growing one while the window is not focused. */
  nextDelayMs(): number {
    if (this.o.focused()) {
      this.unfocusedRounds = 0;
      return this.t.focusedIntervalMs;
    }
    return Math.min(this.t.unfocusedMaxMs, this.t.unfocusedIntervalMs * 2 ** Math.min(this.unfocusedRounds++, 20));
  }

  /** One DescribeTrainingJob per watched job; a job that ended is announced once and leaves the list. */
  async round(signal: AbortSignal): Promise<void> {
    for (const job of [...this.jobs]) {
      if (signal.aborted) return;
      let status: WatchedJobStatus;
      try {
        this.describeCalls++;
        status = await this.o.describe(job.name, signal);
      } catch {
        continue; // asked again next round (an expired session pauses the caller's describe, see CredentialPause)
      }
      this.statuses.set(job.name, status.status);
      if (!TERMINAL_TRAINING_JOB_STATUSES.has(status.status) || !this.has(job.name)) continue;
      this.unwatch(job.name);
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
    if (status.failureReason) text += ` ${status.failureReason}`;
    if (errorLines.length) text += ` Last errors: ${errorLines.join(' | ')}`;
  }
  const actions = ['Open Job', 'Show Logs', ...(status.status === 'Completed' ? ['Deploy'] : []), 'Save as estimator.json'];
  return { text, actions };
}
