import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../platform/loadAws';
import type { Connection } from '../platform/connection';
import { sageMakerConsoleUrl } from '../core/connection/console';
import type { EndpointDetails, TrainingJobDetails, TrainingJobFilter } from '../aws/resources';
import type { ReadOnlyDocuments } from '../platform/readOnlyDocuments';
import type { PagedResourceTree, ResourceNode } from './pagedTree';

type JobTree = PagedResourceTree<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter>;
type EndpointTree = PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;

/** Lets other extensions and scripts run a destructive command without the modal question. */
export interface AutomationOptions {
  confirmed?: boolean;
}

/** A tree node's resource, whichever tree it comes from. */
function resourceOf(node: unknown): (TrainingJobSummary & EndpointSummary) | undefined {
  const candidate = node as ResourceNode<TrainingJobSummary & EndpointSummary> | undefined;
  return candidate?.kind === 'resource' ? candidate.resource : undefined;
}

function failed(action: string, connection: Connection, error: unknown): void {
  const problem = connection.reportFailure(error);
  void vscode.window.showErrorMessage(`SageMaker: ${action} failed. ${problem.message} ${problem.nextStep}`);
}

/** What the tree's resource commands need: the connection, both trees, and the read-only documents. */
export interface ResourceServices {
  connection: Connection;
  jobs: JobTree;
  endpoints: EndpointTree;
  documents: ReadOnlyDocuments;
}

/** `sagemaker.showTrainingJobDetails`: the DescribeTrainingJob answer in a read-only editor. */
export async function showTrainingJobDetails({ connection, documents }: ResourceServices, node: unknown): Promise<void> {
  const job = resourceOf(node);
  if (!job?.TrainingJobName) return;
  try {
    const details = await loadAws().describeTrainingJob(connection.aws(), job.TrainingJobName);
    await documents.show(`${job.TrainingJobName}.DescribeTrainingJob.json`, `${JSON.stringify(details, null, 2)}\n`);
  } catch (error) {
    failed(`Describing ${job.TrainingJobName}`, connection, error);
  }
}

/** `sagemaker.stopTrainingJob`, after a modal question (unless `confirmed`). */
export async function stopTrainingJob({ connection, jobs }: ResourceServices, node: unknown, options?: AutomationOptions): Promise<void> {
  const job = resourceOf(node);
  if (!job?.TrainingJobName) return;
  const stop = 'Stop Job';
  const answer = options?.confirmed ? stop : await vscode.window.showWarningMessage(
    `Stop training job ${job.TrainingJobName}?`, { modal: true, detail: 'SageMaker stops the instances; the model saved so far is uploaded. This cannot be undone.' }, stop);
  if (answer !== stop) return;
  try {
    await loadAws().stopTrainingJob(connection.aws(), job.TrainingJobName);
    await jobs.reload(job);
  } catch (error) {
    failed(`Stopping ${job.TrainingJobName}`, connection, error);
  }
}

/** `sagemaker.deleteEndpoint`: the endpoint, and on request its configuration and model too. */
export async function deleteEndpoint({ connection, endpoints }: ResourceServices, node: unknown, options?: AutomationOptions & { alsoConfigAndModel?: boolean }): Promise<void> {
  const endpoint = resourceOf(node);
  if (!endpoint?.EndpointName) return;
  const onlyEndpoint = 'Delete Endpoint';
  const everything = 'Delete Endpoint, Config and Model';
  const answer = options?.confirmed ? (options.alsoConfigAndModel ? everything : onlyEndpoint) : await vscode.window.showWarningMessage(`Delete endpoint ${endpoint.EndpointName}?`, {
    modal: true,
    detail: 'It stops serving at once and stops billing. Its endpoint configuration and model can go too, or stay for a later deploy.',
  }, onlyEndpoint, everything);
  if (!answer) return;
  try {
    const details = endpoints.detailsOf(endpoint) ?? await loadAws().describeEndpoint(connection.aws(), endpoint.EndpointName);
    const deleted = await loadAws().deleteEndpoint(connection.aws(), details, answer === everything);
    endpoints.refresh();
    const extra = [deleted.config && `config ${deleted.config}`, ...deleted.models.map(m => `model ${m}`)].filter(Boolean).join(', ');
    void vscode.window.showInformationMessage(`SageMaker: deleted endpoint ${deleted.endpoint}${extra ? ` and ${extra}` : ''}.`);
  } catch (error) {
    failed(`Deleting ${endpoint.EndpointName}`, connection, error);
  }
}

/** `sagemaker.copyName`: a job's or an endpoint's name to the clipboard. */
export async function copyName(node: unknown): Promise<void> {
  const resource = resourceOf(node);
  const name = resource?.TrainingJobName ?? resource?.EndpointName;
  if (name) await vscode.env.clipboard.writeText(name);
}

/** `sagemaker.copyArn`: a job's or an endpoint's ARN to the clipboard. */
export async function copyArn(node: unknown): Promise<void> {
  const resource = resourceOf(node);
  const arn = resource?.TrainingJobArn ?? resource?.EndpointArn;
  if (arn) await vscode.env.clipboard.writeText(arn);
}

/** `sagemaker.openInConsole`: the resource's page in the SageMaker console of the connection's region. */
export async function openInConsole({ connection }: ResourceServices, node: unknown): Promise<void> {
  const resource = resourceOf(node);
  if (!resource) return;
  try {
    const region = await connection.aws().region();
    const url = resource.TrainingJobName
      ? sageMakerConsoleUrl(region, 'trainingJob', resource.TrainingJobName)
      : sageMakerConsoleUrl(region, 'endpoint', resource.EndpointName!);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  } catch (error) {
    failed('Opening the console', connection, error);
  }
}

/** `sagemaker.filterTrainingJobs`: a status, then part of the name. */
export async function filterTrainingJobs({ jobs }: ResourceServices): Promise<void> {
  const statuses = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;
  const status = await vscode.window.showQuickPick(
    [{ label: 'Any status', status: undefined }, ...statuses.map(s => ({ label: s, status: s }))],
    { title: 'Filter training jobs (1/2): status', placeHolder: jobs.filter.status ?? 'Any status' });
  if (!status) return;
  const name = await vscode.window.showInputBox({
    title: 'Filter training jobs (2/2): name contains', value: jobs.filter.nameContains ?? '', placeHolder: 'part of the job name (empty: any)',
  });
  if (name === undefined) return;
  jobs.setFilter({ ...(name.trim() ? { nameContains: name.trim() } : {}), ...(status.status ? { status: status.status } : {}) });
}

/** The tree's resource commands, by command id. */
export function resourceCommands(connection: Connection, jobs: JobTree, endpoints: EndpointTree, documents: ReadOnlyDocuments): Record<string, (...args: any[]) => unknown> {
  const services: ResourceServices = { connection, jobs, endpoints, documents };
  return {
    'sagemaker.showTrainingJobDetails': (node: unknown) => showTrainingJobDetails(services, node),
    'sagemaker.stopTrainingJob': (node: unknown, options?: AutomationOptions) => stopTrainingJob(services, node, options),
    'sagemaker.deleteEndpoint': (node: unknown, options?: AutomationOptions & { alsoConfigAndModel?: boolean }) => deleteEndpoint(services, node, options),
    'sagemaker.copyName': (node: unknown) => copyName(node),
    'sagemaker.copyArn': (node: unknown) => copyArn(node),
    'sagemaker.openInConsole': (node: unknown) => openInConsole(services, node),
    'sagemaker.filterTrainingJobs': () => filterTrainingJobs(services),
    'sagemaker.clearTrainingJobsFilter': () => jobs.setFilter({}),
  };
}
