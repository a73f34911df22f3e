import { ListEndpointsCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from './clientFactory';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** One page of training jobs, newest first. */
export async function listTrainingJobsPage(clients: AwsClients, nextToken?: string, pageSize = 50): Promise<Page<TrainingJobSummary>> {
  const out = await clients.sageMaker().send(new ListTrainingJobsCommand({
    SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: pageSize, ...(nextToken ? { NextToken: nextToken } : {}),
  }));
  return { items: out.TrainingJobSummaries ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}

/** One page of endpoints, newest first. */
export async function listEndpointsPage(clients: AwsClients, nextToken?: string, pageSize = 50): Promise<Page<EndpointSummary>> {
  const out = await clients.sageMaker().send(new ListEndpointsCommand({
    SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: pageSize, ...(nextToken ? { NextToken: nextToken } : {}),
  }));
  return { items: out.Endpoints ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}
