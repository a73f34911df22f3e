/**
 * What the trees' context menus do on cloud training jobs and endpoints: details, stop, delete, copy, console,
 * and the jobs filter. Each takes the resolved target (src/commands/target.ts); failures are thrown and
 * reported once by the command table.
 */
import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../platform/loadAws';
import type { Connection } from '../platform/connection';
import { sageMakerConsoleUrl } from '../core/facts';
import type { EndpointDetails, TrainingJobDetails, TrainingJobFilter } from '../aws/resources';
import type { ReadOnlyDocuments } from '../platform/readOnlyDocuments';
import type { PagedResourceTree } from './pagedTree';

export type JobTree = PagedResourceTree<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter>;
export type EndpointTree = PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;

/** Lets other extensions and scripts run a destructive command without the modal question. */
export interface AutomationOptions {
  confirmed?: boolean;
}

export async function showTrainingJobDetails(connection: Connection, documents: ReadOnlyDocuments, jobName: string): Promise<void> {
  const details = await loadAws().describeTrainingJob(connection.aws(), jobName);
  await documents.show(`${jobName}.DescribeTrainingJob.json`, `${JSON.stringify(details, null, 2)}\n`);
}

/** True once StopTrainingJob was accepted (false when the user kept the job running, or it had ended already). */
export async function stopTrainingJob(connection: Connection, jobs: JobTree, job: TrainingJobSummary, options?: AutomationOptions): Promise<boolean> {
  const name = job.TrainingJobName!;
  const stop = 'Stop Job';
  const answer = options?.confirmed ? stop : await vscode.window.showWarningMessage(
    `Stop training job ${name}?`, { modal: true, detail: 'SageMaker stops the instances; the model saved so far is uploaded. This cannot be undone.' }, stop);
  if (answer !== stop) return false;
  // The row may be older than the job's end: then there is nothing to stop, and the row is brought up to date.
  const already = await loadAws().stopTrainingJob(connection.aws(), name);
  await jobs.reload(job);
  if (already) {
    void vscode.window.showInformationMessage(`SageMaker: training job ${name} ${already === 'Stopping' ? 'is stopping already' : `has ended already (${already})`}: nothing to stop.`);
  }
  return already === undefined;
}

export async function deleteEndpoint(connection: Connection, endpoints: EndpointTree, endpoint: EndpointSummary,
  options?: AutomationOptions & { alsoConfigAndModel?: boolean }): Promise<void> {
  const name = endpoint.EndpointName!;
  const onlyEndpoint = 'Delete Endpoint';
  const everything = 'Delete Endpoint, Config and Model';
  const answer = options?.confirmed ? (options.alsoConfigAndModel ? everything : onlyEndpoint) : await vscode.window.showWarningMessage(`Delete endpoint ${name}?`, {
    modal: true,
    detail: 'It stops serving at once and stops billing. Its endpoint configuration and model can go too, or stay for a later deploy.',
  }, onlyEndpoint, everything);
  if (!answer) return;
  const details = endpoints.detailsOf(endpoint) ?? await loadAws().describeEndpoint(connection.aws(), name);
  const deleted = await loadAws().deleteEndpoint(connection.aws(), details, answer === everything);
  endpoints.refresh();
  const extra = [deleted.config && `config ${deleted.config}`, ...deleted.models.map(m => `model ${m}`)].filter(Boolean).join(', ');
  void vscode.window.showInformationMessage(`SageMaker: deleted endpoint ${deleted.endpoint}${extra ? ` and ${extra}` : ''}.`);
}

export async function openInConsole(connection: Connection, kind: 'trainingJob' | 'endpoint', name: string): Promise<void> {
  const region = await connection.aws().region();
  await vscode.env.openExternal(vscode.Uri.parse(sageMakerConsoleUrl(region, kind, name)));
}

/** Asks for a status and a part of the name, then filters the Training Jobs view and says so in its description. */
export async function filterTrainingJobs(jobs: JobTree, view: vscode.TreeView<unknown>): Promise<void> {
  const statuses = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;
  const status = await vscode.window.showQuickPick(
    [{ label: 'Any status', status: undefined }, ...statuses.map(s => ({ label: s, status: s }))],
    { title: 'Filter training jobs (1/2): status', placeHolder: jobs.filter.status ?? 'Any status' });
  if (!status) return;
  const name = await vscode.window.showInputBox({
    title: 'Filter training jobs (2/2): name contains', value: jobs.filter.nameContains ?? '', placeHolder: 'part of the job name (empty: any)',
  });
  if (name === undefined) return;
  setTrainingJobsFilter(jobs, view, { ...(name.trim() ? { nameContains: name.trim() } : {}), ...(status.status ? { status: status.status } : {}) });
}

export function setTrainingJobsFilter(jobs: JobTree, view: vscode.TreeView<unknown>, filter: TrainingJobFilter): void {
  jobs.setFilter(filter);
  const { nameContains, status } = filter;
  view.description = nameContains || status ? `filtered: ${[status, nameContains && `"${nameContains}"`].filter(Boolean).join(', ')}` : undefined;
  void vscode.commands.executeCommand('setContext', 'sagemaker.trainingJobsFiltered', !!(nameContains || status));
}
