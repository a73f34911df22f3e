/**
 * How costs read, in the preview, the CodeLens, the launch confirmation, the trees and the CLI alike. Unknown
 * stays the word "unknown": a missing price is never shown as $0.
 */
import { formatDuration } from '../format';
import { SPOT_SAVING_UP_TO, type EndpointCost, type JobCost, type TrainingEstimate } from './estimate';

export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return 'unknown';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const hoursText = (seconds: number) => formatDuration(seconds * 1000);

/** One line: "$0.23/h × 2 = $0.46/h; at most $11.04 (max_run 1d 00h)". */
export function trainingEstimateSummary(estimate: TrainingEstimate): string {
  const perInstance = estimate.instances
    .map(i => `${i.instanceType} ${formatUsd(i.usdPerHour)}/h × ${i.count}`)
    .join(' + ');
  let text = `${perInstance} = ${formatUsd(estimate.usdPerHour)}/h; at most ${formatUsd(estimate.worstCaseUsd)} (max_run ${hoursText(estimate.maxRunSeconds)})`;
  if (estimate.spot) text += `; spot: up to ${Math.round(SPOT_SAVING_UP_TO * 100)}% less`;
  if (estimate.warmPool) text += `; warm pool ${hoursText(estimate.warmPool.seconds)} ${formatUsd(estimate.warmPool.usd)}`;
  return text;
}

/** The lines of the estimate for the preview, the confirmation and the CLI (no comment markers). */
export function trainingEstimateLines(estimate: TrainingEstimate, offline = false): string[] {
  // Without a price list every figure below would be "unknown": one line says so, and of what.
  if (!estimate.pricesFetchedAt) {
    const what = estimate.instances.map(i => `${i.instanceType} × ${i.count}`).join(' + ');
    return [`No prices for ${estimate.region}: the price list could not be read and nothing is cached, so the cost of ${what} (max_run ${hoursText(estimate.maxRunSeconds)}) is unknown`];
  }
  const lines = estimate.instances.map(i =>
    `${i.instanceType}: ${formatUsd(i.usdPerHour)} per hour × ${i.count} instance(s)${i.usdPerHour === undefined ? ' (no price in the price list)' : ''}`);
  lines.push(`Per hour: ${formatUsd(estimate.usdPerHour)}; worst case for max_run (${hoursText(estimate.maxRunSeconds)}): ${formatUsd(estimate.worstCaseUsd)}`);
  if (estimate.spot) {
    const wait = estimate.spot.maxWaitSeconds !== undefined ? `max_wait ${hoursText(estimate.spot.maxWaitSeconds)} of wall-clock, ` : '';
    lines.push(`Managed spot: ${wait}billed at most the worst case above and up to ${Math.round(SPOT_SAVING_UP_TO * 100)}% less `
      + `(${formatUsd(estimate.spot.worstCaseAtUpToSavingUsd)} at the full saving); the real saving shows when the job ends`);
  }
  if (estimate.warmPool) {
    lines.push(`Warm pool: the instances stay ${hoursText(estimate.warmPool.seconds)} after the job, billed: ${formatUsd(estimate.warmPool.usd)}`);
  }
  lines.push(`Worst case in all: ${formatUsd(estimate.totalWorstCaseUsd)}`);
  if (estimate.unknownPrices.length > 0) {
    lines.push(`No price found for ${estimate.unknownPrices.join(', ')} in ${estimate.region}: the total is unknown`);
  }
  lines.push(`On-demand prices of ${estimate.region}, read ${estimate.pricesFetchedAt.slice(0, 10)}${offline ? ' (offline: from the cache)' : ''}`);
  return lines;
}

/** A tree row's suffix: "$1.23 so far", "$4.56", "$4.56 (spot saved 62%)", or '' when there is nothing to say. */
export function jobCostSuffix(cost: JobCost): string {
  if (cost.usd === undefined) return '';
  if (cost.running) return `${formatUsd(cost.usd)} so far`;
  return cost.spotSaving !== undefined ? `${formatUsd(cost.usd)} (spot saved ${Math.round(cost.spotSaving * 100)}%)` : formatUsd(cost.usd);
}

/** An endpoint row's suffix: "$0.23/h · $5.52 since creation"; serverless endpoints say so; '' when unknown. */
export function endpointCostSuffix(cost: EndpointCost): string {
  if (cost.usdPerHour === undefined || cost.unknownPrices.length > 0) {
    return cost.serverlessMemoryMb.length > 0 && cost.unknownPrices.length === 0 ? 'serverless: billed per GB-second' : '';
  }
  const parts = [`${formatUsd(cost.usdPerHour)}/h`];
  if (cost.sinceCreationUsd !== undefined) parts.push(`${formatUsd(cost.sinceCreationUsd)} since creation`);
  return parts.join(' · ');
}
