/**
 * The host's copy of the overviews a job page holds (what `lastModel()` reports): each update applied as the page
 * applies it, everything from its `from` on replaced. Kept in typed arrays; an update from point 0 (an init, an
 * overview sent whole again) is kept by reference, not copied: the host never writes a posted message's arrays,
 * and spreading thousands of points into plain arrays was a measurable part of posting the init.
 */
import type { OverviewUpdate } from './overview';

export interface MirroredOverview {
  name: string;
  /** Points of the whole series. */
  count: number;
  t: Float64Array;
  v: Float64Array;
}

const EMPTY = new Float64Array(0);

/** The first `kept` values of `old`, then `added` (`added` itself when nothing is kept). */
function spliced(old: Float64Array, kept: number, added: Float64Array): Float64Array {
  if (kept === 0) return added;
  const out = new Float64Array(kept + added.length);
  out.set(old.subarray(0, kept));
  out.set(added, kept);
  return out;
}

/** Applies `update` to the mirror's overview of its series (added at the end when it is new). */
export function applyOverviewUpdate(mirror: MirroredOverview[], update: OverviewUpdate): void {
  let target = mirror.find(s => s.name === update.name);
  if (!target) mirror.push(target = { name: update.name, count: 0, t: EMPTY, v: EMPTY });
  const kept = Math.min(target.t.length, update.from);
  target.count = update.count;
  target.t = spliced(target.t, kept, update.t);
  target.v = spliced(target.v, kept, update.v);
}
