import * as vscode from 'vscode';
import type { TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { LogTails } from './logTails';

/** Tail Logs of a training job or endpoint by name; without one, of a job picked from those the Training Jobs view lists. */
export async function tailLogs(tails: LogTails, listed: readonly TrainingJobSummary[], target: { kind: 'trainingJob' | 'endpoint'; name: string } | undefined): Promise<void> {
  if (target?.kind === 'endpoint') {
    void tails.tailEndpoint(target.name);
    return;
  }
  if (target) {
    void tails.tailJob(target.name);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    listed.map(job => ({ label: job.TrainingJobName ?? '', description: job.TrainingJobStatus })),
    { title: 'SageMaker: Tail Logs', placeHolder: listed.length ? 'Training job' : 'Open the Training Jobs view to list jobs first' });
  if (picked?.label) void tails.tailJob(picked.label);
}
