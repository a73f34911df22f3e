import * as vscode from 'vscode';
import type { TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { LogTails } from './logTails';

/** Tail Logs on a training job or endpoint of the trees, a job name, or a job picked from those listed. */
export async function tailLogs(target: unknown, tails: LogTails, jobs: { resources: readonly TrainingJobSummary[] }): Promise<void> {
  if (typeof target === 'string') {
    void tails.tailJob(target);
    return;
  }
  const node = target as { kind?: string; resource?: { TrainingJobName?: string; EndpointName?: string } } | undefined;
  if (node?.kind === 'resource' && node.resource?.TrainingJobName) {
    void tails.tailJob(node.resource.TrainingJobName);
    return;
  }
  if (node?.kind === 'resource' && node.resource?.EndpointName) {
    void tails.tailEndpoint(node.resource.EndpointName);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    jobs.resources.map(job => ({ label: job.TrainingJobName ?? '', description: job.TrainingJobStatus })),
    { title: 'SageMaker: Tail Logs', placeHolder: jobs.resources.length ? 'Training job' : 'Open the Training Jobs view to list jobs first' });
  if (picked?.label) void tails.tailJob(picked.label);
}
