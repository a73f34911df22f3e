/**
 * The estimate on the command line, for `plan --estimate` and for `fit` (which prints it and refuses a launch whose
 * worst case is above `--max-cost`). Prices are cached per region in $XDG_CACHE_HOME/sagemaker-estimator (else
 * ~/.cache/sagemaker-estimator) with their date, as the extension caches them in its global storage.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AwsClients } from '../aws/clientFactory';
import { fetchSageMakerPrices } from '../aws/prices';
import { estimateTraining, type TrainingEstimate } from '../core/costs/estimate';
import { formatUsd, trainingEstimateLines } from '../core/costs/format';
import { jsonFilePriceStore, pricesFor } from '../core/costs/priceSource';
import type { TrainingJobPlan } from '../core/estimator/request';

export function priceCacheFolder(env: Record<string, string | undefined>): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'sagemaker-estimator');
}

export interface CliEstimate {
  estimate: TrainingEstimate;
  /** The lines to print (stderr, so that stdout stays the request's JSON). */
  lines: string[];
}

export async function cliEstimate(clients: AwsClients, plan: TrainingJobPlan, region: string, env: Record<string, string | undefined>): Promise<CliEstimate> {
  const answer = await pricesFor(region, {
    store: jsonFilePriceStore(priceCacheFolder(env), fs),
    fetch: r => fetchSageMakerPrices(clients, r),
    now: new Date(),
  });
  const estimate = estimateTraining(plan.request, region, answer.prices);
  const lines = trainingEstimateLines(estimate, answer.offline && !!answer.prices);
  if (answer.error && !answer.prices) lines.push(`The price list could not be read: ${answer.error}`);
  return { estimate, lines };
}

/** For `fit --max-cost USD`: the refusal to print, or undefined to go ahead (an unknown total is refused: it cannot be held to a limit). */
export function maxCostRefusal(estimate: TrainingEstimate, maxCostUsd: number): string | undefined {
  const total = estimate.totalWorstCaseUsd;
  if (total === undefined) return `the worst-case cost is unknown (no price for ${estimate.unknownPrices.join(', ') || estimate.region}), so --max-cost ${formatUsd(maxCostUsd)} cannot be checked; nothing was launched.`;
  if (total > maxCostUsd) return `the worst case is ${formatUsd(total)}, above --max-cost ${formatUsd(maxCostUsd)}; nothing was launched. Lower max_run or the instance count, or raise --max-cost.`;
  return undefined;
}
