import { endpointLogGroup, TRAINING_JOBS_LOG_GROUP } from '../facts';
import type { JobStatus, LogLine, StatusTransition } from './types';

/** Which log group and streams a tail reads, and how a stream is shown. */
export interface TailTarget {
  kind: 'training-job' | 'endpoint';
  name: string;
  logGroupName: string;
  /** Every stream of the job (or endpoint) starts with it; FilterLogEvents' and Live Tail's logStreamNamePrefix. */
  streamPrefix: string;
  /** The host shown before a line when there is more than one: "algo-2", "AllTraffic/i-0abc". */
  hostOf(stream: string): string;
}


/** /aws/sagemaker/TrainingJobs, streams `<job>/algo-<n>-<epoch>` (one per instance, as each container starts). */
export function trainingJobTarget(jobName: string): TailTarget {
  const prefix = `${jobName}/`;
  return {
    kind: 'training-job',
    name: jobName,
    logGroupName: TRAINING_JOBS_LOG_GROUP,
    streamPrefix: prefix,
    hostOf: stream => {
      const rest = stream.startsWith(prefix) ? stream.slice(prefix.length) : stream;
      return rest.replace(/-\d{9,}$/, '');
    },
  };
}

/** /aws/sagemaker/Endpoints/<name>, streams `<variant>/<instance-id>`. */
export function endpointTarget(endpointName: string): TailTarget {
  return {
    kind: 'endpoint',
    name: endpointName,
    logGroupName: endpointLogGroup(endpointName),
    streamPrefix: '',
    hostOf: stream => stream,
  };
}

/** "2026-11-25 10:00:03" in UTC. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A message without its trailing newline (CloudWatch keeps the one the program printed). */
export function withoutNewline(message: string): string {
  let end = message.length;
  if (end > 0 && message.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && message.charCodeAt(end - 1) === 13) end--;
  return end === message.length ? message : message.slice(0, end);
}

/** A line as the output channel shows it: "[host] " before it when the job has more than one host. */
export function formatLogLine(line: { message: string; host: string; hosts?: number }): string {
  return (line.hosts ?? 1) > 1 ? `[${line.host}] ${line.message}` : line.message;
}

/**
 * A line as one JSON object (the command line's `logs --json`, one per line: JSON Lines), with what CloudWatch says
 * of it: when it was written (milliseconds since the epoch), the host and the stream.
 */
export function formatLogLineJson(line: LogLine): string {
  return JSON.stringify({ timestamp: line.timestamp, host: line.host, stream: line.stream, message: line.message });
}

/** "--- 2026-11-25 10:00:03 Training: Training image download completed. Training in progress." */
export function formatTransition(transition: StatusTransition, formatTime: (ms: number) => string = formatUtc): string {
  return `--- ${transitionText(transition, formatTime)}`;
}

/** A transition without the "--- " that marks the tail's own lines (local jobs add it with their other notes). */
export function transitionText(transition: StatusTransition, formatTime: (ms: number) => string = formatUtc): string {
  const message = transition.message?.trim();
  return `${formatTime(transition.startTime)} ${transition.status}${message ? `: ${message}` : ''}`;
}


export interface JobOutcome {
  text: string;
  spotSavingsPercent?: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * "--- Completed. Billable 123 s × 2 instances (246 instance-seconds). Spot savings 60% (123 of 307 s billed)."
 * "--- Failed: AlgorithmError: ... Billable 10 s × 1 instance (10 instance-seconds)."
 */
export function formatOutcome(job: JobStatus): JobOutcome {
  const reason = job.failureReason?.trim();
  let text = reason ? `--- ${job.status}: ${reason.replace(/\.?$/, '.')}` : `--- ${job.status}.`;
  let spotSavingsPercent: number | undefined;
  if (job.billableSeconds !== undefined) {
    const n = Math.max(1, job.instanceCount);
    text += ` Billable ${job.billableSeconds} s × ${plural(n, 'instance')} (${job.billableSeconds * n} instance-seconds).`;
    if (job.spot && job.trainingTimeSeconds) {
      spotSavingsPercent = Math.round((1 - job.billableSeconds / job.trainingTimeSeconds) * 100);
      text += ` Spot savings ${spotSavingsPercent}% (${job.billableSeconds} of ${job.trainingTimeSeconds} s billed).`;
    }
  }
  return { text, ...(spotSavingsPercent !== undefined ? { spotSavingsPercent } : {}) };
}
