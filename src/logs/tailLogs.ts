import * as vscode from 'vscode';
import type { TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { LocalJobDescription } from '../core/local';
import { CLOUD_GROUP, LOCAL_GROUP } from '../platform/remotePicker';
import type { LogTails } from './logTails';

type Picked = vscode.QuickPickItem & { job?: { where: 'local' | 'cloud'; name: string } };

/**
 * Tail Logs (true when a log is shown) of a training job or endpoint by name; without one, of a job picked from this machine's local jobs
 * and those the Training Jobs view lists, each in its own group (a local job's log is its channel: `showLocalLog`).
 */
export async function tailLogs(
  tails: LogTails, listed: readonly TrainingJobSummary[], target: { kind: 'trainingJob' | 'endpoint'; name: string } | undefined,
  local?: { jobs(): LocalJobDescription[]; showLog(jobName: string): void },
): Promise<boolean> {
  if (target?.kind === 'endpoint') {
    void tails.tailEndpoint(target.name);
    return true;
  }
  if (target) {
    void tails.tailJob(target.name);
    return true;
  }
  const localJobs: Picked[] = (local?.jobs() ?? []).map(job => ({
    label: job.TrainingJobName, description: `local · ${job.TrainingJobStatus}`, job: { where: 'local', name: job.TrainingJobName },
  }));
  const cloudJobs: Picked[] = listed.map(job => ({
    label: job.TrainingJobName ?? '', description: job.TrainingJobStatus, job: { where: 'cloud', name: job.TrainingJobName ?? '' },
  }));
  const items: Picked[] = [
    ...(localJobs.length ? [{ label: LOCAL_GROUP, kind: vscode.QuickPickItemKind.Separator }, ...localJobs] : []),
    ...(cloudJobs.length ? [{ label: CLOUD_GROUP, kind: vscode.QuickPickItemKind.Separator }, ...cloudJobs] : []),
  ];
  const picked = (await vscode.window.showQuickPick(items, {
    title: 'SageMaker: Tail Logs',
    placeHolder: items.length ? 'Training job' : 'No local jobs, and none listed: open the Training Jobs view to list SageMaker jobs first',
  }))?.job;
  if (picked?.where === 'local') local?.showLog(picked.name);
  else if (picked?.name) void tails.tailJob(picked.name);
  return !!picked?.name;
}
