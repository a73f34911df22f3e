/**
 * The x axis of a metric chart, chosen from the job rather than from the points alone: a cloud job's points are
 * placed at their time since the job started, on an axis as long as the job has run (so three points logged
 * within a millisecond do not get a millisecond axis); a local job's at their step (the point's number); and a
 * single value is shown as a value, not as a chart (a one-point time axis spans years).
 * media/jobPage/chartAxis.js is the webview's copy; a unit test checks that both agree. Pure.
 */

/** What the chart knows of its job (from the page's view). */
export interface AxisJob {
  local: boolean;
  /** Training start (else creation), ms since the epoch. */
  start?: number;
  /** Training end, ms since the epoch; undefined while the job runs. */
  end?: number;
  done: boolean;
  now: number;
}

export type ChartAxis =
  | { kind: 'empty' }
  | { kind: 'value' }
  /** x = the point's number (1, 2, …); the scale from 1 to `max`. */
  | { kind: 'step'; min: number; max: number }
  /** x = seconds since `origin`; the scale from `min` to `max` seconds. */
  | { kind: 'elapsed'; origin: number; min: number; max: number };

/**
 * The axis for a series with timestamps `t` (ms, ascending): the whole series, or its overview (overview.ts: its
 * first and last points and some between) with `count` the points of the whole series.
 */
export function chartAxis(t: ArrayLike<number>, job: AxisJob, count = t.length): ChartAxis {
  const n = t.length;
  if (n === 0 || count === 0) return { kind: 'empty' };
  if (count === 1) return { kind: 'value' };
  if (job.local) return { kind: 'step', min: 1, max: count };
  const origin = job.start ?? t[0]!;
  const jobEnd = job.end ?? (job.done ? t[n - 1]! : job.now);
  const min = Math.min(0, (t[0]! - origin) / 1000);
  const max = Math.max((t[n - 1]! - origin) / 1000, (jobEnd - origin) / 1000, min + 1);
  return { kind: 'elapsed', origin, min, max };
}

/** The x values of the points on that axis; `index`: each point's index in the whole series (default: its own). */
export function axisValues(t: ArrayLike<number>, axis: ChartAxis, index?: ArrayLike<number>): number[] {
  const out = new Array<number>(axis.kind === 'step' || axis.kind === 'elapsed' ? t.length : 0);
  for (let k = 0; k < out.length; k++) out[k] = axis.kind === 'step' ? (index ? index[k]! : k) + 1 : (t[k]! - (axis as { origin: number }).origin) / 1000;
  return out;
}

/**
 * The x scale's range for uPlot's `range(u, min, max)` on an axis with `min` and `max`: an explicit zoom (a
 * drag-select, setScale) as asked, within the axis; uPlot's own auto-range (min and max exactly the data's first
 * and last x: a double-click, new data) or none: the whole axis, the job's span, not the points' own.
 */
export function xScaleRange(
  axis: { min: number; max: number }, min: number | null | undefined, max: number | null | undefined,
  dataFirst: number | undefined, dataLast: number | undefined,
): [number, number] {
  const whole: [number, number] = [axis.min, axis.max];
  if (min == null || max == null || !(max > min) || (min === dataFirst && max === dataLast)) return whole;
  const lo = Math.max(min, axis.min);
  const hi = Math.min(max, axis.max);
  return hi > lo ? [lo, hi] : whole;
}

/** `45s`, `12m 5s`, `3h 20m`: a time since the job's start, on the axis and next to a single value. */
export function formatElapsed(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  if (s < 60) return `${sign}${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  if (h === 0) return `${sign}${m}m${s ? ` ${s}s` : ''}`;
  return `${sign}${h}h${m ? ` ${m}m` : ''}`;
}
