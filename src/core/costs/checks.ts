/**
 * Checks before launch: the mistakes that burn money or leak secrets, found on the estimator and its plan before
 * anything is created or uploaded. Each is a warning at the field concerned (the launch still goes ahead: the user
 * may mean it). Pure but for reading sizes of the files the plan would pack.
 */
import type { TrainingJobPlan } from '../estimator/request';
import type { EstimatorSpec, JsonPath } from '../estimator/types';
import { isOffered, type RegionPrices } from './prices';
import { sourceDirChecks } from './sourceDirChecks';

export interface CostCheck {
  code: string;
  path: JsonPath;
  message: string;
  /** A quick fix that sets (or adds) one field of estimator.json. */
  fix?: { title: string; path: JsonPath; value: unknown };
}

/** Spot jobs whose `max_wait` leaves less than this share of `max_run` to wait for capacity are warned about. */
export const MIN_SPOT_WAIT_SHARE = 0.1;

/** Framework estimators that run the script once per instance unless a `distribution` says how to spread it. */
const NEEDS_DISTRIBUTION = new Set(['pytorch', 'tensorflow', 'huggingface', 'mxnet']);

/** Instance families with NVIDIA GPUs (Trainium and Inferentia use their own images, not the GPU ones). */
const GPU_FAMILY = /^ml\.(p\d|g\d)/;

export function spotChecks(spec: EstimatorSpec, plan: TrainingJobPlan | undefined): CostCheck[] {
  if (!spec.use_spot_instances) return [];
  const checks: CostCheck[] = [];
  if (!spec.checkpoint_s3_uri) {
    const fix = suggestedCheckpointUri(plan);
    checks.push({
      code: 'spot-without-checkpoints',
      path: ['use_spot_instances'],
      message: 'use_spot_instances: without "checkpoint_s3_uri" an interrupted spot job restarts from zero (and is billed again). '
        + 'Set checkpoint_s3_uri and save checkpoints to /opt/ml/checkpoints in the script.',
      ...(fix ? { fix: { title: `Set checkpoint_s3_uri to ${fix}`, path: ['checkpoint_s3_uri'], value: fix } } : {}),
    });
  }
  const maxRun = plan?.request.StoppingCondition?.MaxRuntimeInSeconds ?? spec.max_run;
  const maxWait = plan?.request.StoppingCondition?.MaxWaitTimeInSeconds ?? spec.max_wait;
  if (maxRun !== undefined && maxWait !== undefined && maxWait >= maxRun && maxWait - maxRun < maxRun * MIN_SPOT_WAIT_SHARE) {
    checks.push({
      code: 'spot-max-wait-close',
      path: ['max_wait'],
      message: `max_wait (${maxWait} s) leaves ${maxWait - maxRun} s beyond max_run (${maxRun} s) to wait for spot capacity: `
        + 'one interruption or a slow start stops the job unfinished. Give max_wait room, e.g. twice max_run.',
      fix: { title: `Set max_wait to ${maxRun * 2} (twice max_run)`, path: ['max_wait'], value: maxRun * 2 },
    });
  }
  return checks;
}

/** `s3://<bucket of output_path>/<job name prefix>/checkpoints/`, when the plan knows the output bucket. */
function suggestedCheckpointUri(plan: TrainingJobPlan | undefined): string | undefined {
  const output = plan?.request.OutputDataConfig?.S3OutputPath;
  const bucket = output ? /^s3:\/\/([^/]+)/.exec(output)?.[1] : undefined;
  return bucket ? `s3://${bucket}/checkpoints/` : undefined;
}

function imageUriOf(spec: EstimatorSpec, plan: TrainingJobPlan | undefined): string | undefined {
  return plan?.request.AlgorithmSpecification?.TrainingImage ?? (typeof spec.image_uri === 'string' ? spec.image_uri : undefined);
}

/** A framework image built for GPUs: the DLC tags say `-gpu-` (or name a CUDA version, `cu121`). */
export function isGpuImage(imageUri: string): boolean {
  const tag = imageUri.slice(imageUri.lastIndexOf(':') + 1);
  return /(^|-)gpu(-|$)/.test(tag) || /(^|-)cu\d{2,3}(-|$)/.test(tag);
}

export function hasGpu(instanceType: string, prices: RegionPrices | undefined): boolean {
  const fromList = prices?.training[instanceType]?.gpus;
  return fromList !== undefined ? fromList > 0 : GPU_FAMILY.test(instanceType);
}

export function instanceChecks(spec: EstimatorSpec, plan: TrainingJobPlan | undefined, prices: RegionPrices | undefined): CostCheck[] {
  const checks: CostCheck[] = [];
  const instanceType = spec.instance_type;
  if (!instanceType || instanceType.startsWith('local')) return checks;
  const region = prices?.region;
  if (isOffered(prices, 'training', instanceType) === false) {
    checks.push({
      code: 'instance-not-offered',
      path: ['instance_type'],
      message: `instance_type: ${instanceType} has no training price in ${region}, so SageMaker does not offer it there. `
        + 'Pick an instance type offered in the region, or another region.',
    });
  }
  const image = imageUriOf(spec, plan);
  if (image && isGpuImage(image) && !hasGpu(instanceType, prices)) {
    checks.push({
      code: 'gpu-image-on-cpu',
      path: ['instance_type'],
      message: `instance_type: ${instanceType} has no GPU, but the image ${image} is built for GPUs: the job pays for an image that cannot use its hardware, `
        + 'and many GPU images fail at start without a GPU. Use a GPU instance (ml.g5.xlarge, ml.p3.2xlarge, ...) or the CPU image.',
    });
  }
  if ((spec.instance_count ?? 1) > 1 && spec.framework && NEEDS_DISTRIBUTION.has(spec.framework) && !spec.distribution) {
    checks.push({
      code: 'multi-instance-without-distribution',
      path: ['instance_count'],
      message: `instance_count: ${spec.instance_count} instances of a ${spec.framework} job without "distribution" each run the script on their own `
        + '(paid for, rarely what was meant) unless the script sets up distributed training itself. '
        + 'Add a "distribution" (e.g. {"torch_distributed": {"enabled": true}}) or use one instance.',
    });
  }
  return checks;
}

/** A warm pool still alive from an earlier job (ListTrainingJobs, WarmPoolStatusEquals=Available). */
export interface LiveWarmPool {
  jobName: string;
  instanceType: string;
  instanceCount: number;
}

/**
 * A warm pool is reused only by a job with the same instance type and count (and role, network, ...): a pool the
 * next job cannot take is billed until it expires. Warns about live pools this job would not reuse.
 */
export function warmPoolChecks(spec: EstimatorSpec, livePools: readonly LiveWarmPool[]): CostCheck[] {
  const instanceType = spec.instance_type;
  const count = spec.instance_count ?? 1;
  if (!instanceType || instanceType.startsWith('local')) return [];
  const unusable = livePools.filter(pool => pool.instanceType !== instanceType || pool.instanceCount !== count);
  if (unusable.length === 0) return [];
  return [{
    code: 'warm-pool-not-reusable',
    path: ['instance_type'],
    message: `A warm pool this job cannot reuse is still billed: ${unusable.map(p => `${p.jobName} (${p.instanceType} × ${p.instanceCount})`).join(', ')}; `
      + `this job asks for ${instanceType} × ${count}. Match its instance type and count, or end the pool (UpdateTrainingJob with KeepAlivePeriodInSeconds 0).`,
  }];
}

/** Every check that needs no live AWS state: spot, instances (with the region's price list), the source_dir. */
export function preLaunchChecks(spec: EstimatorSpec, plan: TrainingJobPlan | undefined, prices: RegionPrices | undefined): CostCheck[] {
  return [...spotChecks(spec, plan), ...instanceChecks(spec, plan, prices), ...(plan ? sourceDirChecks(plan) : [])];
}
