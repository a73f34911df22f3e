import type {
  DescribeEndpointConfigCommandOutput, DescribeEndpointCommandOutput, DescribeTrainingJobCommandOutput, EndpointSummary,
  TrainingJobStatus, TrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import type { AwsClients } from './clientFactory';
import { isNotFoundError } from '../core/connection/errors';
import { isTerminalStatus } from '../core/facts';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface TrainingJobFilter {
  nameContains?: string;
  status?: TrainingJobStatus;
}

/** One page of training jobs, newest first. */
export async function listTrainingJobsPage(clients: AwsClients, nextToken?: string, filter: TrainingJobFilter = {}, pageSize = 50): Promise<Page<TrainingJobSummary>> {
  const out = await clients.sageMaker().listTrainingJobs({
    SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: pageSize,
    ...(nextToken ? { NextToken: nextToken } : {}),
    ...(filter.nameContains ? { NameContains: filter.nameContains } : {}),
    ...(filter.status ? { StatusEquals: filter.status } : {}),
  });
  return { items: out.TrainingJobSummaries ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}

export type TrainingJobDetails = Omit<DescribeTrainingJobCommandOutput, '$metadata'>;

export async function describeTrainingJob(clients: AwsClients, name: string): Promise<TrainingJobDetails> {
  const { $metadata: _ignored, ...details } = await clients.sageMaker().describeTrainingJob({ TrainingJobName: name });
  return details;
}

/**
 * StopTrainingJob. A job that ended (or began stopping) before the call came is not an error: SageMaker refuses the
 * call (ValidationException), and its status is returned instead, so that a stale "InProgress" or a CI's clean-up
 * step hears "already ended" rather than a refusal to retry. Undefined: the stop was accepted.
 */
export async function stopTrainingJob(clients: AwsClients, name: string): Promise<string | undefined> {
  try {
    await clients.sageMaker().stopTrainingJob({ TrainingJobName: name });
    return undefined;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ValidationException' || isNotFoundError(error)) throw error;
    const status = await clients.sageMaker().describeTrainingJob({ TrainingJobName: name }).then(d => d.TrainingJobStatus, () => undefined);
    if (status === 'Stopping' || isTerminalStatus(status)) return status;
    throw error;
  }
}

/** One page of endpoints, newest first. */
export async function listEndpointsPage(clients: AwsClients, nextToken?: string, pageSize = 50): Promise<Page<EndpointSummary>> {
  const out = await clients.sageMaker().listEndpoints({
    SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: pageSize, ...(nextToken ? { NextToken: nextToken } : {}),
  });
  return { items: out.Endpoints ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}

export interface EndpointDetails {
  endpoint: Omit<DescribeEndpointCommandOutput, '$metadata'>;
  config?: Omit<DescribeEndpointConfigCommandOutput, '$metadata'>;
  /** Invocations (CloudWatch) between two ISO times, when read (see endpointUsage.ts). */
  invocations?: { sum: number; from: string; to: string };
}

/** The endpoint and its config (instance types live in the config, current counts in the endpoint). */
export async function describeEndpoint(clients: AwsClients, name: string): Promise<EndpointDetails> {
  const { $metadata: _e, ...endpoint } = await clients.sageMaker().describeEndpoint({ EndpointName: name });
  if (!endpoint.EndpointConfigName) return { endpoint };
  try {
    const { $metadata: _c, ...config } = await clients.sageMaker().describeEndpointConfig({ EndpointConfigName: endpoint.EndpointConfigName });
    return { endpoint, config };
  } catch {
    return { endpoint }; // the config may have been deleted by hand; the endpoint still shows
  }
}

export interface DeletedEndpoint {
  endpoint: string;
  config?: string;
  models: string[];
}

/** Deletes the endpoint, and when asked its config and the config's models (what the SDK's predictor.delete_* do). */
export async function deleteEndpoint(clients: AwsClients, details: EndpointDetails, alsoConfigAndModels: boolean): Promise<DeletedEndpoint> {
  const sm = clients.sageMaker();
  const name = details.endpoint.EndpointName!;
  await sm.deleteEndpoint({ EndpointName: name });
  const deleted: DeletedEndpoint = { endpoint: name, models: [] };
  if (!alsoConfigAndModels || !details.config?.EndpointConfigName) return deleted;
  await sm.deleteEndpointConfig({ EndpointConfigName: details.config.EndpointConfigName });
  deleted.config = details.config.EndpointConfigName;
  for (const model of new Set((details.config.ProductionVariants ?? []).map(v => v.ModelName).filter((m): m is string => !!m))) {
    await sm.deleteModel({ ModelName: model });
    deleted.models.push(model);
  }
  return deleted;
}
