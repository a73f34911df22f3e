/**
 * What the deploy command asks when the estimator file has no `deploy` section: real-time (instance type and
 * count) or serverless (memory and concurrency), and the endpoint's name. The lists and the checks of the
 * answers; pure, so the questions' rules are unit-tested.
 */
import type { DeploySpec } from '../estimator/types';

export const HOSTING_INSTANCE_TYPES: readonly { type: string; detail: string }[] = [
  { type: 'ml.m5.large', detail: '2 vCPU, 8 GiB: general purpose' },
  { type: 'ml.m5.xlarge', detail: '4 vCPU, 16 GiB: general purpose' },
  { type: 'ml.t2.medium', detail: '2 vCPU, 4 GiB: small and cheap, for tests' },
  { type: 'ml.c5.large', detail: '2 vCPU, 4 GiB: compute optimised' },
  { type: 'ml.c5.xlarge', detail: '4 vCPU, 8 GiB: compute optimised' },
  { type: 'ml.m5.2xlarge', detail: '8 vCPU, 32 GiB: general purpose' },
  { type: 'ml.g4dn.xlarge', detail: '1 NVIDIA T4 GPU, 4 vCPU, 16 GiB' },
  { type: 'ml.g5.xlarge', detail: '1 NVIDIA A10G GPU, 4 vCPU, 16 GiB' },
  { type: 'ml.p3.2xlarge', detail: '1 NVIDIA V100 GPU, 8 vCPU, 61 GiB' },
];

export const SERVERLESS_MEMORY_SIZES: readonly number[] = [1024, 2048, 3072, 4096, 5120, 6144];
export const DEFAULT_SERVERLESS_MEMORY = 2048;
export const DEFAULT_SERVERLESS_CONCURRENCY = 5;

/** Undefined when fine, else what is wrong (for an input box's validation). */
export function checkInstanceType(value: string): string | undefined {
  const v = value.trim();
  if (v === 'local' || v === 'local_gpu') return 'Local mode is not built yet for deploying: use an ml.* instance type.';
  return /^ml\.[a-z0-9-]+\.[a-z0-9-]+$/.test(v) ? undefined : 'Use an ml.* instance type such as ml.m5.large.';
}

export function checkInstanceCount(value: string): string | undefined {
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 1 && n <= 100 ? undefined : 'A whole number from 1 to 100.';
}

export function checkMaxConcurrency(value: string): string | undefined {
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 1 && n <= 200 ? undefined : 'A whole number from 1 to 200.';
}

/** SageMaker's endpoint and model names: letters, digits and hyphens, at most 63. Empty: the generated name. */
export function checkResourceName(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (v.length > 63) return `At most 63 characters (this is ${v.length}).`;
  return /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(v) ? undefined : 'Letters, digits and hyphens, starting and ending with a letter or digit.';
}

/** Whether a deploy section says where to run (instances or serverless), so nothing needs asking. */
export function hasCapacity(deploy: DeploySpec | undefined): boolean {
  if (!deploy) return false;
  if (deploy.serverless_inference_config) return true;
  return typeof deploy.instance_type === 'string' && deploy.instance_type !== '' && deploy.initial_instance_count !== undefined;
}

/** The deploy section with the answers merged in (the answers say where; the section's other arguments stay). */
export function withCapacity(deploy: DeploySpec | undefined, answer: { serverless: { memory: number; maxConcurrency: number } } | { instanceType: string; count: number }): DeploySpec {
  const { instance_type: _t, initial_instance_count: _c, serverless_inference_config: _s, ...rest } = deploy ?? {};
  if ('serverless' in answer) {
    return { ...rest, serverless_inference_config: { memory_size_in_mb: answer.serverless.memory, max_concurrency: answer.serverless.maxConcurrency } };
  }
  return { ...rest, instance_type: answer.instanceType, initial_instance_count: answer.count };
}
