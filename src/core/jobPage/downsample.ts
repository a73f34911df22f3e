/**
 * Downsampling for drawing: a series of any length becomes at most 4 points per pixel column (the first,
 * lowest, highest and last of the column, in time order), so a line chart of 100,000 points looks exactly like
 * the full one at that width while drawing a few thousand. The full series stays in the page model.
 * media/jobPage/downsample.js is the same algorithm for the webview; a unit test checks they agree.
 */

export interface Downsampled {
  t: number[];
  v: (number | null)[];
}

/**
 * `t` ascending. Values that are not finite (NaN, ±Infinity) become null (a gap) and
 * never count as a column's lowest or highest. `buckets` is the plot's width in pixels; `[tMin, tMax]` the visible range
 * (defaults to the whole series). Series of at most 4 × buckets points come back unchanged.
 */
export function downsampleMinMax(t: readonly number[], v: readonly number[], buckets: number, tMin?: number, tMax?: number): Downsampled {
  const n = Math.min(t.length, v.length);
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 4 * b) return { t: t.slice(0, n), v: v.slice(0, n).map(x => (Number.isFinite(x) ? x : null)) };
  const lo = tMin ?? t[0]!;
  const hi = tMax ?? t[n - 1]!;
  const span = hi - lo || 1;
  const outT: number[] = [];
  const outV: (number | null)[] = [];
  let i = 0;
  // Points before the range: keep the last one, so the line enters the plot from the left.
  while (i < n && t[i]! < lo) i++;
  if (i > 0) { outT.push(t[i - 1]!); outV.push(finite(v[i - 1]!)); }
  while (i < n && t[i]! <= hi) {
    const bucket = Math.min(b - 1, Math.floor(((t[i]! - lo) / span) * b));
    const first = i;
    let minI = -1;
    let maxI = -1;
    let j = i;
    for (; j < n && t[j]! <= hi; j++) {
      if (Math.min(b - 1, Math.floor(((t[j]! - lo) / span) * b)) !== bucket) break;
      const x = v[j]!;
      if (!Number.isFinite(x)) continue;
      if (minI < 0 || x < v[minI]!) minI = j;
      if (maxI < 0 || x > v[maxI]!) maxI = j;
    }
    const last = j - 1;
    const picks = [first, minI, maxI, last].filter(k => k >= 0).sort((a, c) => a - c);
    let prev = -1;
    for (const k of picks) {
      if (k === prev) continue;
      prev = k;
      outT.push(t[k]!);
      outV.push(finite(v[k]!));
    }
    i = j;
  }
  if (i < n) { outT.push(t[i]!); outV.push(finite(v[i]!)); }
  return { t: outT, v: outV };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
