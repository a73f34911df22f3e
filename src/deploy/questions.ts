/**
 * What "Deploy Model…" asks: which completed training job, which estimator file trained it, and where to run
 * the endpoint (instances or serverless) under which name. Each returns undefined when the user backs out.
 */
import * as vscode from 'vscode';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import type { TrainingJobDetails } from '../aws/resources';
import {
  checkInstanceCount, checkInstanceType, checkMaxConcurrency, checkResourceName, DEFAULT_SERVERLESS_CONCURRENCY,
  DEFAULT_SERVERLESS_MEMORY, hasCapacity, HOSTING_INSTANCE_TYPES, SERVERLESS_MEMORY_SIZES, withCapacity,
} from '../core/deploy/choices';
import { matchEstimators, type EstimatorCandidate } from '../core/deploy/matchEstimator';
import { DeployPlanError } from '../core/deploy/plan';
import type { DeploySpec, EstimatorSpec } from '../core/estimator/types';
import { loadEstimatorDocument } from '../estimator/estimatorDocuments';
import type { Connection } from '../platform/connection';
import { pickResource } from '../platform/remotePicker';
import type { LocalJobDescription } from '../core/local';
import type { ResourceNode } from '../views/pagedTree';
import { loadAws } from '../platform/loadAws';

/** A tree node for an endpoint, as the Endpoints view's commands take it. */
export const endpointNode = (name: string, status?: string): ResourceNode<EndpointSummary> =>
  ({ kind: 'resource', resource: { EndpointName: name, ...(status ? { EndpointStatus: status as EndpointSummary['EndpointStatus'] } : {}) } as EndpointSummary });

/** A training job to deploy: a SageMaker one (deployed by deployTrainingJob) or a local one (served on this machine). */
export type JobToDeploy = { where: 'cloud' | 'local'; name: string };

/** The completed training jobs: this machine's (when `local` is given) and the connection's, each in its own group. */
export function pickJob(connection: Connection, local?: { jobs(): LocalJobDescription[]; onDidChangeJobs: vscode.Event<void> }): Promise<JobToDeploy | undefined> {
  return pickResource<JobToDeploy>(connection, {
    title: 'Deploy Model: a completed training job',
    placeholder: 'Training job to deploy',
    noun: 'training jobs',
    empty: local ? 'No completed training jobs, local or in this account and region.' : 'No completed training jobs in this account and region.',
    matchOnDescription: true,
    ...(local ? {
      local: () => local.jobs().filter(j => j.TrainingJobStatus === 'Completed').map(j => ({
        label: j.TrainingJobName, description: `local · completed ${new Date(j.TrainingEndTime ?? j.LastModifiedTime).toLocaleString()}`,
        value: { where: 'local' as const, name: j.TrainingJobName },
      })),
      onDidChangeLocal: local.onDidChangeJobs,
    } : {}),
    list: async () => (await loadAws().listTrainingJobsPage(connection.aws(), undefined, { status: 'Completed' })).items.map(j => ({
      label: j.TrainingJobName!,
      description: j.TrainingEndTime ? `completed ${j.TrainingEndTime.toLocaleString()}` : 'Completed',
      value: { where: 'cloud' as const, name: j.TrainingJobName! },
    })),
  });
}

/** The estimator files of the workspace, loaded (those with problems are left out). */
async function workspaceEstimators(region: string): Promise<EstimatorCandidate<vscode.Uri>[]> {
  const files = await vscode.workspace.findFiles('**/{estimator.json,*.estimator.json}', '**/node_modules/**', 200);
  const out: EstimatorCandidate<vscode.Uri>[] = [];
  for (const uri of files) {
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const loaded = loadEstimatorDocument(document, region);
      if (loaded.spec) out.push({ source: uri, spec: loaded.spec });
    } catch {
      // unreadable: not a candidate
    }
  }
  return out;
}

export async function loadEstimatorFile(uri: vscode.Uri, region: string): Promise<EstimatorSpec> {
  const document = await vscode.workspace.openTextDocument(uri);
  const loaded = loadEstimatorDocument(document, region);
  if (!loaded.spec) throw new DeployPlanError(`${vscode.workspace.asRelativePath(uri)} has problems: fix them (see the Problems view) or deploy without it.`);
  return loaded.spec;
}

/** The workspace's estimator file that trained `job`, asking when several match equally well. */
export async function findEstimator(job: TrainingJobDetails, region: string): Promise<{ uri: vscode.Uri; spec: EstimatorSpec } | undefined> {
  const matches = matchEstimators(job, await workspaceEstimators(region), region);
  if (matches.length === 0) return undefined;
  const best = matches.filter(m => m.score === matches[0]!.score);
  if (best.length === 1) return { uri: best[0]!.source, spec: best[0]!.spec };
  const picked = await vscode.window.showQuickPick(
    [...best.map(m => ({ label: vscode.workspace.asRelativePath(m.source), match: m as typeof m | undefined })), { label: 'None: ask for the deploy settings', match: undefined }],
    { title: `Deploy ${job.TrainingJobName}: which estimator file trained it?` },
  );
  return picked?.match ? { uri: picked.match.source, spec: picked.match.spec } : undefined;
}

/** Asks where to run the endpoint and its name. Undefined when the user backs out. */
export async function askDeploySpec(base: DeploySpec | undefined, defaultName: string, jobName: string): Promise<DeploySpec | undefined> {
  if (hasCapacity(base)) return base;
  const kind = await vscode.window.showQuickPick([
    { label: '$(server) Real-time endpoint', description: 'on instances you choose', id: 'instances' as const },
    { label: '$(zap) Serverless endpoint', description: 'billed per request, cold starts', id: 'serverless' as const },
  ], { title: `Deploy ${jobName} (1/3): kind of endpoint` });
  if (!kind) return undefined;
  const spec = kind.id === 'instances' ? await askInstances(base, jobName) : await askServerless(base, jobName);
  if (!spec || spec.endpoint_name) return spec;
  const name = await vscode.window.showInputBox({
    title: `Deploy ${jobName}: endpoint name`, placeHolder: defaultName, prompt: 'Empty: a generated name (the model gets the same one).', validateInput: checkResourceName,
  });
  if (name === undefined) return undefined;
  return name.trim() ? { ...spec, endpoint_name: name.trim() } : spec;
}

/** A real-time endpoint: the instance type (listed or typed) and count. */
async function askInstances(base: DeploySpec | undefined, jobName: string): Promise<DeploySpec | undefined> {
  const other = { label: '$(edit) Other instance type…', type: '' };
  const type = await vscode.window.showQuickPick([...HOSTING_INSTANCE_TYPES.map(t => ({ label: t.type, description: t.detail, type: t.type })), other],
    { title: `Deploy ${jobName} (2/3): instance type`, placeHolder: 'ml.m5.large' });
  if (!type) return undefined;
  let instanceType = type.type;
  if (!instanceType) {
    const typed = await vscode.window.showInputBox({ title: `Deploy ${jobName}: instance type`, placeHolder: 'ml.m5.large', validateInput: checkInstanceType });
    if (!typed) return undefined;
    instanceType = typed.trim();
  }
  const count = await vscode.window.showInputBox({ title: `Deploy ${jobName} (3/3): instance count`, value: '1', validateInput: checkInstanceCount });
  if (!count) return undefined;
  return withCapacity(base, { instanceType, count: Number(count) });
}

/** A serverless endpoint: its memory and maximum concurrency. */
async function askServerless(base: DeploySpec | undefined, jobName: string): Promise<DeploySpec | undefined> {
  const memory = await vscode.window.showQuickPick(SERVERLESS_MEMORY_SIZES.map(m => ({ label: `${m} MB`, memory: m, picked: m === DEFAULT_SERVERLESS_MEMORY, description: m === DEFAULT_SERVERLESS_MEMORY ? 'default' : '' })),
    { title: `Deploy ${jobName} (2/3): serverless memory` });
  if (!memory) return undefined;
  const concurrency = await vscode.window.showInputBox({ title: `Deploy ${jobName} (3/3): max concurrency`, value: String(DEFAULT_SERVERLESS_CONCURRENCY), validateInput: checkMaxConcurrency });
  if (!concurrency) return undefined;
  return withCapacity(base, { serverless: { memory: memory.memory, maxConcurrency: Number(concurrency) } });
}
