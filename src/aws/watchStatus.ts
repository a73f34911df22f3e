/** The one Describe call per watched job or endpoint and round (src/core/watch/watcher.ts), as the watcher reads it. */
import type { WatchedJob, WatchedJobStatus } from '../core/watch/watcher';
import { isNotFoundError } from '../core/connection/errors';
import type { AwsClients } from './clientFactory';

/** DescribeTrainingJob or DescribeEndpoint (not its config: one call); undefined when SageMaker no longer knows the name. */
export async function watchedJobStatus(clients: AwsClients, job: WatchedJob): Promise<WatchedJobStatus | undefined> {
  try {
    if (job.kind === 'endpoint') {
      const e = await clients.sageMaker().describeEndpoint({ EndpointName: job.name });
      return {
        status: e.EndpointStatus ?? 'Unknown',
        ...(e.FailureReason ? { failureReason: e.FailureReason } : {}),
        ...(e.CreationTime ? { creationTime: e.CreationTime.getTime() } : {}),
        ...(e.LastModifiedTime ? { endTime: e.LastModifiedTime.getTime() } : {}),
      };
    }
    const d = await clients.sageMaker().describeTrainingJob({ TrainingJobName: job.name });
    return {
      status: d.TrainingJobStatus ?? 'Unknown',
      ...(d.FailureReason ? { failureReason: d.FailureReason } : {}),
      ...(d.CreationTime ? { creationTime: d.CreationTime.getTime() } : {}),
      ...((d.TrainingEndTime ?? d.LastModifiedTime) ? { endTime: (d.TrainingEndTime ?? d.LastModifiedTime)!.getTime() } : {}),
      ...(d.BillableTimeInSeconds !== undefined ? { billableSeconds: d.BillableTimeInSeconds } : {}),
      ...(d.ResourceConfig?.InstanceCount !== undefined ? { instanceCount: d.ResourceConfig.InstanceCount } : {}),
    };
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}
