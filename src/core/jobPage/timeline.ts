/** A job's secondary status transitions as a timeline with durations (the current one runs until `now`). */
import { formatDuration } from '../format';

export interface TransitionLike {
  Status?: string;
  StartTime?: Date | string | number;
  EndTime?: Date | string | number;
  StatusMessage?: string;
}

export interface TimelineEntry {
  status: string;
  message: string;
  /** Milliseconds since the epoch. */
  start: number;
  end?: number;
  durationMs: number;
  durationText: string;
  /** Still going (no end time yet, and the job is not done). */
  current: boolean;
}

export function toMillis(value: Date | string | number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Durations: a transition's end time, else the next one's start, else (for the last one of a running job)
 * `now`; a terminal status (Completed, Failed, Stopped…) that has no end lasts zero.
 */
export function timelineOf(transitions: readonly TransitionLike[] | undefined, now: number, jobDone: boolean): TimelineEntry[] {
  const list = (transitions ?? []).filter(t => t && typeof t.Status === 'string' && toMillis(t.StartTime) !== undefined);
  return list.map((t, i) => {
    const start = toMillis(t.StartTime)!;
    const next = list[i + 1] ? toMillis(list[i + 1]!.StartTime) : undefined;
    const ownEnd = toMillis(t.EndTime);
    const last = i === list.length - 1;
    const end = ownEnd ?? next ?? (last && jobDone ? start : undefined);
    const current = end === undefined;
    const durationMs = Math.max(0, (end ?? now) - start);
    return {
      status: t.Status!,
      message: t.StatusMessage ?? '',
      start,
      ...(end !== undefined ? { end } : {}),
      durationMs,
      durationText: formatDuration(durationMs),
      current,
    };
  });
}
