import type { TailTuning } from './tuning';
import type { LogEvent } from './types';

/**
 * How long after CloudWatch ingests a line a Live Tail update carries it, learned from the events' ingestionTime
 * (CloudWatch's clock) and the time each update arrives (this machine's clock), so that it also absorbs the skew
 * between the two clocks.
 *
 * Each non-empty update gives `arrival − newest ingestionTime in it`: never less than the delay of the update's
 * cut-off (everything ingested up to the cut-off is in the update), so the smallest recent value is the closest
 * safe estimate; `liveDeliveryMs` is added for the jitter between updates. Until an update has been measured, a
 * whole update interval is allowed.
 */
export class DeliveryDelay {
  private samples: Array<{ at: number; delayMs: number }> = [];

  constructor(private readonly t: TailTuning) {}

  observe(arrivedAt: number, events: LogEvent[]): void {
    let newest = -Infinity;
    for (const e of events) if (e.ingestionTime !== undefined && e.ingestionTime > newest) newest = e.ingestionTime;
    if (newest === -Infinity) return;
    this.samples.push({ at: arrivedAt, delayMs: arrivedAt - newest });
    const from = arrivedAt - this.t.liveDeliveryWindowMs;
    let drop = 0;
    while (drop < this.samples.length - 1 && this.samples[drop]!.at < from) drop++;
    if (drop) this.samples.splice(0, drop);
  }

  /** The allowance at `now`, bounded by ±maxHoldbackMs (a clock far off is not followed further). */
  allowanceMs(now: number): number {
    const recent = this.samples.filter(s => s.at >= now - this.t.liveDeliveryWindowMs);
    if (recent.length === 0) return this.t.liveUpdateEveryMs + this.t.liveDeliveryMs;
    const learned = Math.min(...recent.map(s => s.delayMs)) + this.t.liveDeliveryMs;
    return Math.max(-this.t.maxHoldbackMs, Math.min(this.t.maxHoldbackMs, learned));
  }
}
