/**
 * The account's live warm pools in the client's region: ListTrainingJobs with WarmPoolStatusEquals=Available (its
 * summaries carry WarmPoolStatus but not the instances), then DescribeTrainingJob of each for ResourceConfig.
 * Called only at launch and preview time of a job that asks for a warm pool itself.
 */
import type { AwsClients } from './clientFactory';
import type { LiveWarmPool } from '../core/costs/checks';
import { untilAborted } from './untilAborted';

/** An account rarely keeps more than a few pools alive; past this many the rest are left out (one Describe each). */
const MAX_POOLS = 20;

/** Rejects with the signal's reason once it aborts, even while the SDK still waits on credentials (untilAborted.ts). */
export function listLiveWarmPools(clients: AwsClients, signal?: AbortSignal): Promise<LiveWarmPool[]> {
  return untilAborted(signal, listPools(clients, signal));
}

async function listPools(clients: AwsClients, signal: AbortSignal | undefined): Promise<LiveWarmPool[]> {
  const api = clients.sageMaker();
  const options = signal ? { abortSignal: signal } : undefined;
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.listTrainingJobs({
      WarmPoolStatusEquals: 'Available', SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100,
      ...(nextToken ? { NextToken: nextToken } : {}),
    }, options);
    for (const summary of page.TrainingJobSummaries ?? []) {
      if (summary.TrainingJobName && summary.WarmPoolStatus?.Status === 'Available') names.push(summary.TrainingJobName);
    }
    nextToken = page.NextToken;
  } while (nextToken && names.length < MAX_POOLS);
  const pools: LiveWarmPool[] = [];
  for (const jobName of names.slice(0, MAX_POOLS)) {
    const job = await api.describeTrainingJob({ TrainingJobName: jobName }, options);
    const resources = job.ResourceConfig;
    if (job.WarmPoolStatus?.Status !== 'Available' || !resources?.InstanceType) continue;
    pools.push({ jobName, instanceType: resources.InstanceType, instanceCount: resources.InstanceCount ?? 1 });
  }
  return pools;
}
