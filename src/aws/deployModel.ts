/**
 * Carrying out a deploy plan, as `Model.deploy()` does: (repack the model with its code,) CreateModel,
 * CreateEndpointConfig, CreateEndpoint (or UpdateEndpoint for an existing endpoint); then waiting until the
 * endpoint is InService with DescribeEndpoint. Lives in the AWS bundle (exported by src/aws/index.ts); every
 * call goes through the connection's clients.
 *
 * Cancelling (the signal) before CreateEndpoint stops there and says what was created; once the endpoint is
 * being created, cancelling only stops the waiting: the endpoint is not deleted.
 */
import { type DescribeEndpointCommandOutput, type UpdateEndpointInput } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from './clientFactory';
import { isNotFoundError } from '../core/connection/errors';
import { ensureBucket } from './bucket';
import { parseS3Url } from '../core/estimator/channels';
import type { DeployPlan } from '../core/deploy/plan';
import { repackModel } from './repack';

export type DeployStep = 'repack' | 'model' | 'endpoint-config' | 'endpoint' | 'update-endpoint';

export type EndpointDescription = Omit<DescribeEndpointCommandOutput, '$metadata'>;

export interface CreateResourcesOptions {
  signal?: AbortSignal;
  /** Called as each step starts. */
  onStep?: (step: DeployStep, detail: string) => void;
  /** The account of the default bucket (created, as the SDK does, when a repacked model goes there). */
  account?: string;
  region?: string;
}

export interface CreatedResources {
  model: string;
  /** Whether the model existed already and was reused (the SDK's "Using already existing model"). */
  modelReused: boolean;
  endpointConfig: string;
  endpoint: string;
  updated: boolean;
}

/** A deploy that failed at a step; `created` says what exists now. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
  constructor(
    readonly step: DeployStep,
    readonly summary: string,
    readonly created: string[],
    override readonly cause?: unknown,
    readonly errorType?: string,
  ) {
    super(summary);
  }
}

export class DeployCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(readonly created: string[]) {
    super(created.length > 0
      ? `Deploy cancelled; already created: ${created.join(', ')}.`
      : 'Deploy cancelled; nothing was created.');
  }
}

const errorName = (error: unknown): string => (error as { name?: string })?.name ?? 'Error';
const errorMessage = (error: unknown): string => (error as Error)?.message ?? String(error);

/** Whether an endpoint exists, and its description when it does. */
export async function findEndpoint(clients: AwsClients, name: string): Promise<EndpointDescription | undefined> {
  try {
    const { $metadata: _m, ...endpoint } = await clients.sageMaker().describeEndpoint({ EndpointName: name });
    return endpoint;
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

/** Creates the model, the endpoint config and the endpoint (or updates the endpoint) of a plan. */
export async function createEndpointResources(
  clients: AwsClients,
  plan: DeployPlan & { update?: UpdateEndpointInput },
  options: CreateResourcesOptions = {},
): Promise<CreatedResources> {
  const { signal, onStep } = options;
  const created: string[] = [];
  const sm = clients.sageMaker();
  const check = () => {
    if (signal?.aborted) throw new DeployCancelledError(created);
  };
  const step = async <T>(name: DeployStep, detail: string, run: () => Promise<T>): Promise<T> => {
    check();
    onStep?.(name, detail);
    try {
      return await run();
    } catch (error) {
      if (signal?.aborted) throw new DeployCancelledError(created);
      if (error instanceof DeployError) throw error;
      throw new DeployError(name, `${detail} failed: ${errorName(error) !== 'Error' ? `${errorName(error)}: ` : ''}${errorMessage(error)}`, [...created], error, errorName(error));
    }
  };

  if (plan.repack) {
    const repack = plan.repack;
    await step('repack', `Repacking the model with its code into ${repack.target}`, async () => {
      const { bucket } = parseS3Url(repack.target);
      if (options.account && options.region && bucket === `sagemaker-${options.region}-${options.account}`) {
        await ensureBucket(clients.s3(), bucket, options.account, options.region);
      }
      await repackModel(clients, repack, signal);
    });
    created.push(`repacked model ${repack.target}`);
  }

  let modelReused = false;
  await step('model', `Creating model ${plan.modelName}`, async () => {
    try {
      await sm.createModel(plan.model, signal ? { abortSignal: signal } : {});
    } catch (error) {
      // Session.create_model: an existing model of that name is used as it is.
      if (/Cannot create already existing model/i.test(errorMessage(error))) modelReused = true;
      else throw error;
    }
  });
  if (!modelReused) created.push(`model ${plan.modelName}`);

  await step('endpoint-config', `Creating endpoint configuration ${plan.endpointConfigName}`, () =>
    sm.createEndpointConfig(plan.endpointConfig, signal ? { abortSignal: signal } : {}));
  created.push(`endpoint configuration ${plan.endpointConfigName}`);

  if (plan.update) {
    const update = plan.update;
    await step('update-endpoint', `Updating endpoint ${plan.endpointName}`, () => sm.updateEndpoint(update));
  } else {
    await step('endpoint', `Creating endpoint ${plan.endpointName}`, () => sm.createEndpoint(plan.endpoint));
  }
  return { model: plan.modelName, modelReused, endpointConfig: plan.endpointConfigName, endpoint: plan.endpointName, updated: !!plan.update };
}

export type WaitOutcome = 'in-service' | 'failed' | 'cancelled' | 'stopped';

export interface WaitResult {
  outcome: WaitOutcome;
  /** The last description read (absent when cancelled before the first read). */
  endpoint?: EndpointDescription;
  polls: number;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Between DescribeEndpoint calls (default 10 s; the SDK's waiter uses 30 s). */
  pollMs?: number;
  onStatus?: (endpoint: EndpointDescription) => void;
}

const IN_PROGRESS = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack']);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Reads the endpoint until it is no longer being created or updated. Cancelling returns `cancelled` at once;
 * the endpoint itself is left as it is.
 */
export async function waitForEndpoint(clients: AwsClients, name: string, options: WaitOptions = {}): Promise<WaitResult> {
  const { signal, pollMs = 10_000, onStatus } = options;
  let last: EndpointDescription | undefined;
  let polls = 0;
  for (;;) {
    if (signal?.aborted) return { outcome: 'cancelled', ...(last ? { endpoint: last } : {}), polls };
    try {
      const { $metadata: _m, ...endpoint } = await clients.sageMaker().describeEndpoint({ EndpointName: name }, signal ? { abortSignal: signal } : {});
      last = endpoint;
    } catch (error) {
      if (signal?.aborted) return { outcome: 'cancelled', ...(last ? { endpoint: last } : {}), polls };
      throw error;
    }
    polls++;
    onStatus?.(last);
    const status = last.EndpointStatus ?? '';
    if (status === 'InService') return { outcome: 'in-service', endpoint: last, polls };
    if (status === 'Failed') return { outcome: 'failed', endpoint: last, polls };
    if (!IN_PROGRESS.has(status)) return { outcome: 'stopped', endpoint: last, polls };
    await sleep(pollMs, signal);
  }
}
