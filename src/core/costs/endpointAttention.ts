/**
 * Endpoints that bill by the hour and may be forgotten: in service longer than `sagemaker.costs.endpointReminderHours`,
 * or idle (no `Invocations` in CloudWatch for `sagemaker.costs.endpointIdleHours`). Pure: the clock, the settings and
 * the invocation counts come in; what goes out is the reasons, the day key of the once-a-day reminder and its text.
 */
import { formatDuration } from '../format';
import { formatUsd } from './format';

export interface EndpointAttentionInput {
  status?: string;
  creationTime?: Date;
  /** Invocations counted between two ISO times; absent when not (yet) read, or the read failed. */
  invocations?: { sum: number; from: string; to: string };
}

export interface AttentionSettings {
  reminderHours: number;
  idleHours: number;
}

export interface EndpointAttention {
  longRunning: boolean;
  idle: boolean;
  /** One short phrase per reason, for the tooltip and the reminder. */
  reasons: string[];
}

const HOUR_MS = 3_600_000;

export function endpointAttention(endpoint: EndpointAttentionInput, settings: AttentionSettings, now: Date): EndpointAttention {
  if (endpoint.status !== 'InService' || !endpoint.creationTime) return { longRunning: false, idle: false, reasons: [] };
  const upMs = now.getTime() - endpoint.creationTime.getTime();
  const reasons: string[] = [];
  const longRunning = upMs > settings.reminderHours * HOUR_MS;
  if (longRunning) reasons.push(`in service ${formatDuration(upMs)} (more than ${settings.reminderHours} h)`);
  const counted = endpoint.invocations;
  // Idle needs the whole window counted, and the endpoint up for all of it (a new endpoint is not idle yet).
  const windowMs = counted ? Date.parse(counted.to) - Date.parse(counted.from) : 0;
  const idle = !!counted && counted.sum === 0 && upMs >= settings.idleHours * HOUR_MS && windowMs >= settings.idleHours * HOUR_MS - 60_000;
  if (idle) reasons.push(`no invocations in the last ${settings.idleHours} h`);
  return { longRunning, idle, reasons };
}

/** The day of `now` in the local time zone (YYYY-MM-DD): the reminder is shown at most once per such day. */
export function reminderDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function reminderDue(lastReminderDay: string | undefined, now: Date): boolean {
  return lastReminderDay !== reminderDay(now);
}

export interface ReminderEntry {
  name: string;
  reasons: string[];
  /** Cost since creation; undefined when a price is unknown. */
  totalUsd?: number;
}

/** "SageMaker: 2 endpoints bill by the hour: a ($5.52 so far: in service 1d 01h (...)), b (...). Delete ...". */
export function reminderText(entries: readonly ReminderEntry[]): string {
  const listed = entries.map(e => `${e.name} (${formatUsd(e.totalUsd)} so far: ${e.reasons.join(', ')})`).join('; ');
  const total = entries.every(e => e.totalUsd !== undefined) ? entries.reduce((sum, e) => sum + e.totalUsd!, 0) : undefined;
  const count = entries.length === 1 ? '1 endpoint bills' : `${entries.length} endpoints bill`;
  return `SageMaker: ${count} by the hour until deleted: ${listed}. Total so far: ${formatUsd(total)}.`;
}
