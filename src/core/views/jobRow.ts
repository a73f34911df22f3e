/**
 * The words of a training job's row in the Training Jobs view (cloud and local). The description is what fits
 * at the sidebar's default width: the status first and short (the secondary status while the job runs, its
 * duration once it ended). The tooltip's first line is the whole line: status, secondary status, time, instances.
 *
 * Neither depends on the clock while the job runs (a running job says when it started, not for how long): a
 * row whose job did not change reads the same on every refresh, so the tree does not redraw it, and its open
 * tooltip stays open.
 */
import { formatDuration } from '../format';

export interface JobRowFacts {
  /** TrainingJobStatus: InProgress, Completed, Failed, Stopping, Stopped. */
  status: string | undefined;
  /** SecondaryStatus: Starting, Downloading, Training, Uploading, ... */
  secondaryStatus?: string | undefined;
  /** Milliseconds since the epoch. */
  creationTime?: number | undefined;
  /** When it ended (TrainingEndTime), for a job that ended. */
  endTime?: number | undefined;
  /** "ml.m5.xlarge × 2", "2 instance groups". */
  instances?: string | undefined;
}

const RUNNING = new Set(['InProgress', 'Stopping']);

/** "Training", "Stopping", "Completed · 12m 03s", "Failed · 40s". */
export function jobRowDescription(job: JobRowFacts): string {
  const status = job.status ?? 'unknown';
  if (RUNNING.has(status)) return status === 'InProgress' && job.secondaryStatus && job.secondaryStatus !== status ? job.secondaryStatus : status;
  const took = job.creationTime !== undefined && job.endTime !== undefined ? formatDuration(job.endTime - job.creationTime) : undefined;
  return took ? `${status} · ${took}` : status;
}

/** "InProgress (Training) · started 2026-11-25 10:00:03 UTC · ml.m5.xlarge × 1": the tooltip's first line. */
export function jobRowSummary(job: JobRowFacts): string {
  const status = job.status ?? 'unknown';
  const secondary = job.secondaryStatus && job.secondaryStatus !== status ? ` (${job.secondaryStatus})` : '';
  const time = RUNNING.has(status)
    ? job.creationTime !== undefined ? `started ${utc(job.creationTime)}` : undefined
    : job.creationTime !== undefined && job.endTime !== undefined ? `took ${formatDuration(job.endTime - job.creationTime)}` : undefined;
  return [`${status}${secondary}`, time, job.instances].filter(Boolean).join(' · ');
}

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
