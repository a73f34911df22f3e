/**
 * When a launch should look for live warm pools, and what it says about them. A job reuses a pool only when it
 * asks for one itself (KeepAlivePeriodInSeconds > 0) with the same instance type and count; a job that asks for one
 * while another is still alive on other instances starts cold and leaves that pool billed until it expires. Listing
 * pools calls AWS, so it happens only at launch and preview time (never while typing): see `src/aws/warmPools.ts`.
 */
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import type { EstimatorSpec } from '../estimator/types';
import { warmPoolChecks, type LiveWarmPool } from './checks';

/** Whether this request asks for a warm pool on SageMaker instances (not local mode, not instance groups). */
export function asksForWarmPool(request: CreateTrainingJobRequest): boolean {
  const resources = request.ResourceConfig;
  return !!resources && (resources.KeepAlivePeriodInSeconds ?? 0) > 0 && !!resources.InstanceType
    && !resources.InstanceType.startsWith('local') && !resources.InstanceGroups?.length;
}

/** One warning per request that would leave live pools unused (none when it does not ask for a pool itself). */
export function warmPoolWarnings(request: CreateTrainingJobRequest, livePools: readonly LiveWarmPool[]): string[] {
  if (!asksForWarmPool(request)) return [];
  const resources = request.ResourceConfig!;
  const spec: EstimatorSpec = { instance_type: resources.InstanceType!, instance_count: resources.InstanceCount ?? 1 };
  return warmPoolChecks(spec, livePools).map(check => check.message);
}
