/**
 * The estimate on the command line, for `plan --estimate` and for `fit` (which prints it and refuses a launch whose
 * worst case is above `--max-cost`). Prices are cached per region in $XDG_CACHE_HOME/sagemaker-estimator (else
 * ~/.cache/sagemaker-estimator) with their date, as the extension caches them in its global storage. Prices read
 * through `--endpoint-url` (an emulator, a proxy) are not cached: they would later be taken for AWS's own.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AwsClients } from '../aws/clientFactory';
import { fetchSageMakerPrices } from '../aws/prices';
import { listLiveWarmPools } from '../aws/warmPools';
import { estimateTraining, type TrainingEstimate } from '../core/costs/estimate';
import { formatUsd, trainingEstimateLines } from '../core/costs/format';
import { jsonFilePriceStore, pricesFor } from '../core/costs/priceSource';
import { asksForWarmPool, warmPoolWarnings } from '../core/costs/warmPoolReuse';
import type { TrainingJobPlan } from '../core/estimator/request';
import { awsProblemText, type GlobalValues } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

/** An unreachable price list must not hold a launch long: after this the estimate says "unknown". */
const PRICE_FETCH_TIMEOUT_MS = 15_000;

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
    store: clients.settings.endpointUrl ? noPriceStore : jsonFilePriceStore(priceCacheFolder(env), fs),
    fetch: r => fetchSageMakerPrices(clients, r, AbortSignal.timeout(PRICE_FETCH_TIMEOUT_MS)),
    now: new Date(),
  });
  const estimate = estimateTraining(plan.request, region, answer.prices);
  const lines = trainingEstimateLines(estimate, answer.offline && !!answer.prices);
  // Why, and what to do, as for any other AWS call of the command line.
  if (answer.error && !answer.prices) lines.push(`The price list could not be read: ${awsProblemText('read the price list', new Error(answer.error), clients.settings.profile)}`);
  return { estimate, lines };
}

/** For `fit --max-cost USD`: the refusal to print, or undefined to go ahead (an unknown total is refused: it cannot be held to a limit). */
export function maxCostRefusal(estimate: TrainingEstimate, maxCostUsd: number): string | undefined {
  const total = estimate.totalWorstCaseUsd;
  if (total === undefined) return `the worst-case cost is unknown (no price for ${estimate.unknownPrices.join(', ') || estimate.region}), so --max-cost ${formatUsd(maxCostUsd)} cannot be checked; nothing was launched.`;
  if (total > maxCostUsd) return `the worst case is ${formatUsd(total)}, above --max-cost ${formatUsd(maxCostUsd)}; nothing was launched. Lower max_run or the instance count, or raise --max-cost.`;
  return undefined;
}

const noPriceStore = { read: async () => undefined, write: async () => undefined };

/** `--max-cost USD` as a number; a UsageError (exit 2) for anything but a non-negative amount. */
export function parseMaxCost(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const usd = Number(text.trim().replace(/^\$/, ''));
  if (text.trim() === '' || !Number.isFinite(usd) || usd < 0) {
    throw new UsageError(`--max-cost "${text}" is not an amount in US dollars: give a non-negative number such as 25 or 2.50.`);
  }
  return usd;
}

/**
 * `fit`'s look at the cost before anything is uploaded or created: prints the estimate (stderr; not with --json or
 * --quiet) and, with `--max-cost`, refuses a worst case above it or one that cannot be known. Returns the exit code
 * of a refusal (1, after one line saying why), or undefined to go ahead.
 */
export async function fitCostGate(
  clients: AwsClients, plan: TrainingJobPlan, region: string, values: GlobalValues & { 'max-cost'?: string | undefined }, io: CliIo,
): Promise<number | undefined> {
  const maxCost = parseMaxCost(values['max-cost']);
  const { estimate, lines } = await cliEstimate(clients, plan, region, io.env);
  if (!values.json && !values.quiet) {
    io.stderr.write(`Estimated cost (on-demand):\n${lines.map(line => `  ${line}\n`).join('')}`);
    for (const warning of await cliWarmPoolWarnings(clients, plan)) io.stderr.write(`Warning: ${warning}\n`);
  }
  if (maxCost === undefined) return undefined;
  const refusal = maxCostRefusal(estimate, maxCost);
  if (refusal === undefined) return undefined;
  io.stderr.write(`sagemaker-estimator: ${plan.jobName}: ${refusal}\n`);
  return 1;
}

/** The live warm pools this job asks to keep but cannot reuse; a listing that fails is said in one line, not fatal. */
async function cliWarmPoolWarnings(clients: AwsClients, plan: TrainingJobPlan): Promise<string[]> {
  if (!asksForWarmPool(plan.request)) return [];
  try {
    return warmPoolWarnings(plan.request, await listLiveWarmPools(clients, AbortSignal.timeout(PRICE_FETCH_TIMEOUT_MS)));
  } catch (error) {
    return [`the live warm pools could not be listed (${error instanceof Error ? error.message : String(error)}), so their reuse was not checked.`];
  }
}
