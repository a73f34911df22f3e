/**
 * What a training job or an endpoint costs, from the request and injected prices. Pure: no clock (times come in),
 * no price list calls. A price that is not known makes the sum unknown (`undefined`), never a guess.
 *
 * Training: SageMaker bills each instance per second from start to end of training (not the time waiting for spot
 * capacity), so the worst case is `max_run` × price per hour × instances. Managed spot training is billed at most
 * that, and "up to" 90% less (AWS's own figure; the real saving shows only afterwards, as BillableTimeInSeconds
 * below TrainingTimeInSeconds). A warm pool (`KeepAlivePeriodInSeconds`) keeps the instances, billed, after the job.
 */
import { hourlyPrice, type RegionPrices } from './prices';

/** AWS's "up to 90%" for managed spot training: shown as a bound, never as the saving. */
export const SPOT_SAVING_UP_TO = 0.9;

/** The fields of a CreateTrainingJob request (or a DescribeTrainingJob answer) the estimate reads. */
export interface TrainingCostInput {
  ResourceConfig?: {
    InstanceType?: string;
    InstanceCount?: number;
    KeepAlivePeriodInSeconds?: number;
    InstanceGroups?: { InstanceType?: string; InstanceCount?: number }[];
  };
  StoppingCondition?: { MaxRuntimeInSeconds?: number; MaxWaitTimeInSeconds?: number };
  EnableManagedSpotTraining?: boolean;
}

export interface InstanceLine {
  instanceType: string;
  count: number;
  /** Price of one instance; undefined when unknown. */
  usdPerHour?: number;
}

export interface TrainingEstimate {
  region: string;
  instances: InstanceLine[];
  /** All instances together; undefined when any price is unknown. */
  usdPerHour?: number;
  maxRunSeconds: number;
  /** `max_run` × usdPerHour: the most the training can be billed. */
  worstCaseUsd?: number;
  spot?: { maxWaitSeconds?: number; worstCaseAtUpToSavingUsd?: number };
  warmPool?: { seconds: number; usd?: number };
  /** Worst case plus warm pool: what the confirmation threshold is compared with. */
  totalWorstCaseUsd?: number;
  /** Instance types without a price in the list. */
  unknownPrices: string[];
  /** When the prices were read, and whether they came from the cache without a refresh (offline). */
  pricesFetchedAt?: string;
}

/** The SDK's default `max_run`: one day. */
const DEFAULT_MAX_RUN_SECONDS = 86_400;

function instanceLines(input: TrainingCostInput, prices: RegionPrices | undefined, use: 'training' | 'hosting'): InstanceLine[] {
  const resources = input.ResourceConfig ?? {};
  const groups = resources.InstanceGroups?.length
    ? resources.InstanceGroups
    : [{ InstanceType: resources.InstanceType, InstanceCount: resources.InstanceCount ?? 1 }];
  return groups.map(group => {
    const instanceType = group.InstanceType ?? '(no instance type)';
    const usdPerHour = hourlyPrice(prices, use, instanceType);
    return { instanceType, count: group.InstanceCount ?? 1, ...(usdPerHour !== undefined ? { usdPerHour } : {}) };
  });
}

function sumPerHour(lines: InstanceLine[]): number | undefined {
  let total = 0;
  for (const line of lines) {
    if (line.usdPerHour === undefined) return undefined;
    total += line.usdPerHour * line.count;
  }
  return total;
}

const times = (usdPerHour: number | undefined, seconds: number) => (usdPerHour === undefined ? undefined : (usdPerHour * seconds) / 3600);

export function estimateTraining(input: TrainingCostInput, region: string, prices: RegionPrices | undefined): TrainingEstimate {
  const instances = instanceLines(input, prices, 'training');
  const usdPerHour = sumPerHour(instances);
  const maxRunSeconds = input.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUN_SECONDS;
  const worstCaseUsd = times(usdPerHour, maxRunSeconds);
  const estimate: TrainingEstimate = {
    region,
    instances,
    maxRunSeconds,
    unknownPrices: [...new Set(instances.filter(i => i.usdPerHour === undefined).map(i => i.instanceType))],
    ...(usdPerHour !== undefined ? { usdPerHour } : {}),
    ...(worstCaseUsd !== undefined ? { worstCaseUsd } : {}),
    ...(prices ? { pricesFetchedAt: prices.fetchedAt } : {}),
  };
  if (input.EnableManagedSpotTraining) {
    const maxWaitSeconds = input.StoppingCondition?.MaxWaitTimeInSeconds;
    estimate.spot = {
      ...(maxWaitSeconds !== undefined ? { maxWaitSeconds } : {}),
      ...(worstCaseUsd !== undefined ? { worstCaseAtUpToSavingUsd: worstCaseUsd * (1 - SPOT_SAVING_UP_TO) } : {}),
    };
  }
  const keepAlive = input.ResourceConfig?.KeepAlivePeriodInSeconds;
  if (keepAlive) {
    const usd = times(usdPerHour, keepAlive);
    estimate.warmPool = { seconds: keepAlive, ...(usd !== undefined ? { usd } : {}) };
  }
  if (worstCaseUsd !== undefined && (!estimate.warmPool || estimate.warmPool.usd !== undefined)) {
    estimate.totalWorstCaseUsd = worstCaseUsd + (estimate.warmPool?.usd ?? 0);
  }
  return estimate;
}

/** The fields of DescribeTrainingJob the cost of a running or finished job needs. */
export interface TrainingJobCostInput extends TrainingCostInput {
  TrainingJobStatus?: string;
  TrainingStartTime?: Date;
  TrainingEndTime?: Date;
  BillableTimeInSeconds?: number;
  TrainingTimeInSeconds?: number;
}

export interface JobCost {
  usd?: number;
  /** True while the job runs (the cost grows). */
  running: boolean;
  /** Managed spot: the share of the on-demand cost saved (0..1), from billable vs training seconds. */
  spotSaving?: number;
}

/**
 * A finished job: BillableTimeInSeconds × price × instances (spot's billable time is already the reduced one).
 * A running job: the seconds since training started × price × instances (nothing before instances start).
 */
export function trainingJobCost(job: TrainingJobCostInput, prices: RegionPrices | undefined, now: Date): JobCost {
  const usdPerHour = sumPerHour(instanceLines(job, prices, 'training'));
  const running = job.TrainingJobStatus === 'InProgress' || job.TrainingJobStatus === 'Stopping';
  if (running) {
    const seconds = job.TrainingStartTime ? Math.max(0, (now.getTime() - job.TrainingStartTime.getTime()) / 1000) : 0;
    const usd = times(usdPerHour, seconds);
    return { running, ...(usd !== undefined ? { usd } : {}) };
  }
  if (job.BillableTimeInSeconds === undefined) return { running };
  // BillableTimeInSeconds is wall-clock per instance: the count multiplies it (sumPerHour already does).
  const usd = times(usdPerHour, job.BillableTimeInSeconds);
  const spotSaving = job.EnableManagedSpotTraining && job.TrainingTimeInSeconds
    ? Math.max(0, 1 - job.BillableTimeInSeconds / job.TrainingTimeInSeconds)
    : undefined;
  return { running, ...(usd !== undefined ? { usd } : {}), ...(spotSaving !== undefined ? { spotSaving } : {}) };
}

/** The fields of DescribeEndpoint the hourly cost needs (`ProductionVariants[].CurrentInstanceCount`). */
export interface EndpointCostInput {
  CreationTime?: Date;
  ProductionVariants?: {
    InstanceType?: string;
    CurrentInstanceCount?: number;
    DesiredInstanceCount?: number;
    CurrentServerlessConfig?: { MemorySizeInMB?: number };
  }[];
}

export interface EndpointCost {
  usdPerHour?: number;
  /** Hours since creation × usdPerHour, at the current size. */
  sinceCreationUsd?: number;
  hoursInService?: number;
  /** Serverless variants are billed per request, not per hour: their memory, for a per GB-second figure. */
  serverlessMemoryMb: number[];
  unknownPrices: string[];
}

export function endpointCost(endpoint: EndpointCostInput, prices: RegionPrices | undefined, now: Date): EndpointCost {
  const lines: InstanceLine[] = [];
  const serverlessMemoryMb: number[] = [];
  for (const variant of endpoint.ProductionVariants ?? []) {
    if (variant.CurrentServerlessConfig?.MemorySizeInMB) {
      serverlessMemoryMb.push(variant.CurrentServerlessConfig.MemorySizeInMB);
      continue;
    }
    const instanceType = variant.InstanceType ?? '(no instance type)';
    const usdPerHour = hourlyPrice(prices, 'hosting', instanceType);
    lines.push({ instanceType, count: variant.CurrentInstanceCount ?? variant.DesiredInstanceCount ?? 1, ...(usdPerHour !== undefined ? { usdPerHour } : {}) });
  }
  const usdPerHour = lines.length > 0 ? sumPerHour(lines) : undefined;
  const hoursInService = endpoint.CreationTime ? Math.max(0, (now.getTime() - endpoint.CreationTime.getTime()) / 3_600_000) : undefined;
  const sinceCreationUsd = usdPerHour !== undefined && hoursInService !== undefined ? usdPerHour * hoursInService : undefined;
  return {
    serverlessMemoryMb,
    unknownPrices: [...new Set(lines.filter(l => l.usdPerHour === undefined).map(l => l.instanceType))],
    ...(usdPerHour !== undefined ? { usdPerHour } : {}),
    ...(sinceCreationUsd !== undefined ? { sinceCreationUsd } : {}),
    ...(hoursInService !== undefined ? { hoursInService } : {}),
  };
}

/** Serverless inference: memory (GB) × compute seconds × price per GB-second; undefined without a price. */
export function serverlessCost(memorySizeInMb: number, computeSeconds: number, prices: RegionPrices | undefined): number | undefined {
  const perGbSecond = prices?.serverlessUsdPerGbSecond;
  if (perGbSecond === undefined) return undefined;
  return (memorySizeInMb / 1024) * computeSeconds * perGbSecond;
}
