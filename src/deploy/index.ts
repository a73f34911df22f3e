/**
 * "SageMaker: Deploy Model…": a Completed training job (from the Training Jobs view, or picked from the
 * palette) becomes a model, an endpoint configuration and an endpoint, as `estimator.deploy()` makes them,
 * with the `deploy` section of its estimator file or what the user picks; then a cancellable progress
 * notification waits until the endpoint is InService. The extension calls `registerDeploy` once.
 */
import * as vscode from 'vscode';
import { pickRemote } from '../platform/remotePicker';
import type { EndpointSummary, TrainingJobSummary, UpdateEndpointInput } from '@aws-sdk/client-sagemaker';
import type { Connection } from '../platform/connection';
import type { EndpointDetails, TrainingJobDetails, TrainingJobFilter } from '../aws/resources';
import {
  checkInstanceCount, checkInstanceType, checkMaxConcurrency, checkResourceName, DEFAULT_SERVERLESS_CONCURRENCY,
  DEFAULT_SERVERLESS_MEMORY, hasCapacity, HOSTING_INSTANCE_TYPES, SERVERLESS_MEMORY_SIZES, withCapacity,
} from '../core/deploy/choices';
import type { CreatedResources, DeployStep, EndpointDescription, WaitResult } from '../aws/deployModel';
import { endpointLogsConsoleUrl } from '../core/facts';
import { matchEstimators, type EstimatorCandidate } from '../core/deploy/matchEstimator';
import { buildDeployPlan, deployBaseName, DeployPlanError, toUpdatePlan, type DeployPlan } from '../core/deploy/plan';
import { nameFromBase } from '../core/estimator/jobName';
import type { DeploySpec, EstimatorSpec } from '../core/estimator/types';
import { loadEstimatorDocument } from '../estimator/estimatorDocuments';
import { sageMakerLog } from '../platform/extensionLog';
import type { PagedResourceTree, ResourceNode } from '../views/pagedTree';
import { deployAws } from './awsApi';

type JobTree = PagedResourceTree<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter>;
type EndpointTree = PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;

export interface DeployDeps {
  connection: Connection;
  trainingJobs?: JobTree;
  endpoints?: EndpointTree;
  log?: vscode.LogOutputChannel;
  /** Register `sagemaker.deploy` here (default); false when the extension dispatches it itself (see `commands`). */
  registerCommands?: boolean;
}

/** For scripts and tests: what the command would otherwise ask. */
export interface DeployOptions {
  /** deploy() arguments: used instead of the estimator's section and the questions. */
  deploy?: DeploySpec;
  /** The estimator file of the job; `false`: none (the job alone); absent: looked for in the workspace. */
  estimator?: vscode.Uri | false;
  /** Skip the confirmation. */
  confirmed?: boolean;
  /** When the endpoint exists: update it (true), stop (false), or ask (absent). */
  update?: boolean;
  /** Cancels like the notification's Cancel button. */
  signal?: AbortSignal;
  /** Between DescribeEndpoint reads while waiting (default 10 s). */
  pollMs?: number;
  /** The time of the generated names. */
  now?: Date;
}

export type DeployOutcome =
  | { outcome: 'in-service' | 'failed' | 'stopped' | 'wait-cancelled' | 'created'; plan: DeployPlan; created: CreatedResources; endpoint?: EndpointDescription; seconds: number }
  | { outcome: 'cancelled'; plan?: DeployPlan; message: string }
  | { outcome: 'refused' | 'error'; plan?: DeployPlan; message: string };

export interface DeployApi {
  /** Deploys a training job (by name or tree node), as the command does. Undefined when the user backed out. */
  deploy(job: string | unknown, options?: DeployOptions): Promise<DeployOutcome | undefined>;
  /** The command handlers, by command id (registered already unless `registerCommands` was false). */
  readonly commands: Record<string, (...args: any[]) => unknown>;
}

const SHOW_LOGS = 'Show Logs';
const OPEN_LOGS = 'Open Logs in Console';
const INVOKE = 'Invoke Endpoint';
const SHOW_ENDPOINTS = 'Show Endpoints';
const OPEN_ESTIMATOR = 'Open estimator.json';

function jobNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as ResourceNode<TrainingJobSummary> | undefined;
  return node && typeof node === 'object' && node.kind === 'resource' ? node.resource.TrainingJobName : undefined;
}

const endpointNode = (name: string, status?: string): ResourceNode<EndpointSummary> =>
  ({ kind: 'resource', resource: { EndpointName: name, ...(status ? { EndpointStatus: status as EndpointSummary['EndpointStatus'] } : {}) } as EndpointSummary });

function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function registerDeploy(context: vscode.ExtensionContext, deps: DeployDeps): DeployApi {
  const { connection } = deps;
  const log = () => deps.log ?? sageMakerLog();

  function pickJob(): Promise<string | undefined> {
    return pickRemote(connection, {
      title: 'Deploy Model: a completed training job',
      placeholder: 'Training job to deploy',
      noun: 'training jobs',
      empty: 'No completed training jobs in this account and region.',
      matchOnDescription: true,
      list: async () => (await deployAws().listTrainingJobsPage(connection.aws(), undefined, { status: 'Completed' })).items.map(j => ({
        label: j.TrainingJobName!,
        description: j.TrainingEndTime ? `completed ${j.TrainingEndTime.toLocaleString()}` : 'Completed',
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

  async function loadEstimatorFile(uri: vscode.Uri, region: string): Promise<EstimatorSpec> {
    const document = await vscode.workspace.openTextDocument(uri);
    const loaded = loadEstimatorDocument(document, region);
    if (!loaded.spec) throw new DeployPlanError(`${vscode.workspace.asRelativePath(uri)} has problems: fix them (see the Problems view) or deploy without it.`);
    return loaded.spec;
  }

  async function findEstimator(job: TrainingJobDetails, region: string): Promise<{ uri: vscode.Uri; spec: EstimatorSpec } | undefined> {
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
  async function askDeploySpec(base: DeploySpec | undefined, defaultName: string, jobName: string): Promise<DeploySpec | undefined> {
    let spec = base;
    if (!hasCapacity(base)) {
      const kind = await vscode.window.showQuickPick([
        { label: '$(server) Real-time endpoint', description: 'on instances you choose', id: 'instances' as const },
        { label: '$(zap) Serverless endpoint', description: 'billed per request, cold starts', id: 'serverless' as const },
      ], { title: `Deploy ${jobName} (1/3): kind of endpoint` });
      if (!kind) return undefined;
      if (kind.id === 'instances') {
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
        spec = withCapacity(base, { instanceType, count: Number(count) });
      } else {
        const memory = await vscode.window.showQuickPick(SERVERLESS_MEMORY_SIZES.map(m => ({ label: `${m} MB`, memory: m, picked: m === DEFAULT_SERVERLESS_MEMORY, description: m === DEFAULT_SERVERLESS_MEMORY ? 'default' : '' })),
          { title: `Deploy ${jobName} (2/3): serverless memory` });
        if (!memory) return undefined;
        const concurrency = await vscode.window.showInputBox({ title: `Deploy ${jobName} (3/3): max concurrency`, value: String(DEFAULT_SERVERLESS_CONCURRENCY), validateInput: checkMaxConcurrency });
        if (!concurrency) return undefined;
        spec = withCapacity(base, { serverless: { memory: memory.memory, maxConcurrency: Number(concurrency) } });
      }
      if (!spec.endpoint_name) {
        const name = await vscode.window.showInputBox({
          title: `Deploy ${jobName}: endpoint name`, placeHolder: defaultName, prompt: 'Empty: a generated name (the model gets the same one).', validateInput: checkResourceName,
        });
        if (name === undefined) return undefined;
        if (name.trim()) spec = { ...spec, endpoint_name: name.trim() };
      }
    }
    return spec;
  }

  async function showFailure(message: string, estimatorUri?: vscode.Uri): Promise<void> {
    const buttons = estimatorUri ? [OPEN_ESTIMATOR] : [];
    log().error(message);
    const choice = await vscode.window.showErrorMessage(message, ...buttons);
    if (choice === OPEN_ESTIMATOR && estimatorUri) await vscode.window.showTextDocument(estimatorUri);
  }

  async function deploy(arg: string | unknown, options: DeployOptions = {}): Promise<DeployOutcome | undefined> {
    const jobName = jobNameOf(arg) ?? await pickJob();
    if (!jobName) return undefined;
    const clients = connection.aws();
    const aws = deployAws();
    let job: TrainingJobDetails;
    let region: string;
    let account: string;
    try {
      [job, region, account] = await Promise.all([aws.describeTrainingJob(clients, jobName), clients.region(), aws.resolveAccount(clients)]);
      connection.markConnected();
    } catch (error) {
      const problem = connection.reportFailure(error);
      const message = `SageMaker: could not read training job ${jobName}. ${problem.message} ${problem.nextStep}`;
      void vscode.window.showErrorMessage(message);
      return { outcome: 'error', message };
    }
    if (job.TrainingJobStatus !== 'Completed') {
      const message = `SageMaker: training job ${jobName} is ${job.TrainingJobStatus}: only a Completed training job has a model to deploy.`;
      void vscode.window.showWarningMessage(message);
      return { outcome: 'refused', message };
    }

    // The estimator file: given, none, or found in the workspace.
    let estimator: { uri: vscode.Uri; spec: EstimatorSpec } | undefined;
    try {
      if (options.estimator) estimator = { uri: options.estimator, spec: await loadEstimatorFile(options.estimator, region) };
      else if (options.estimator === undefined && !options.deploy) estimator = await findEstimator(job, region);
    } catch (error) {
      const message = `SageMaker: ${(error as Error).message}`;
      await showFailure(message, options.estimator || undefined);
      return { outcome: 'error', message };
    }
    if (estimator) log().info(`Deploy ${jobName}: using ${vscode.workspace.asRelativePath(estimator.uri)}`);

    const now = options.now ?? new Date();
    let spec: DeploySpec | undefined = options.deploy ?? estimator?.spec.deploy;
    if (!options.deploy) {
      spec = await askDeploySpec(spec, nameFromBase(deployBaseName(job, estimator?.spec), now), jobName);
      if (!spec) return undefined;
    }

    let plan: DeployPlan;
    try {
      plan = buildDeployPlan(job, estimator?.spec, { region, account, deploy: spec ?? {}, now });
    } catch (error) {
      const message = `SageMaker: cannot deploy ${jobName}: ${(error as Error).message}`;
      await showFailure(message, estimator && (error as DeployPlanError).path?.length ? estimator.uri : undefined);
      return { outcome: 'refused', message };
    }

    // An endpoint of that name already: offer to update it.
    let existing: EndpointDescription | undefined;
    try {
      existing = await aws.findEndpoint(clients, plan.endpointName);
    } catch (error) {
      const problem = connection.reportFailure(error);
      const message = `SageMaker: could not check endpoint ${plan.endpointName}. ${problem.message} ${problem.nextStep}`;
      void vscode.window.showErrorMessage(message);
      return { outcome: 'error', plan, message };
    }
    let finalPlan: DeployPlan & { update?: UpdateEndpointInput } = plan;
    if (existing) {
      const updateButton = 'Update Endpoint';
      const answer = options.update !== undefined ? (options.update ? updateButton : undefined) : await vscode.window.showWarningMessage(
        `Endpoint ${plan.endpointName} exists (${existing.EndpointStatus}). Update it to serve ${jobName}?`,
        { modal: true, detail: `A new model and endpoint configuration are created, then the endpoint switches to them (${plan.capacity}) without downtime.` },
        updateButton);
      if (answer !== updateButton) {
        const message = `SageMaker: endpoint ${plan.endpointName} exists and was not updated; nothing was created.`;
        if (options.update === false) void vscode.window.showWarningMessage(message);
        return { outcome: 'refused', plan, message };
      }
      if (existing.EndpointStatus !== 'InService' && existing.EndpointStatus !== 'Failed') {
        const message = `SageMaker: endpoint ${plan.endpointName} is ${existing.EndpointStatus}: it can be updated once it is InService.`;
        void vscode.window.showWarningMessage(message);
        return { outcome: 'refused', plan, message };
      }
      finalPlan = toUpdatePlan(plan, now);
    } else if (!options.confirmed && estimator && hasCapacity(estimator.spec.deploy) && !options.deploy) {
      // Nothing was asked: confirm before creating billed resources.
      const deployButton = 'Deploy';
      const answer = await vscode.window.showInformationMessage(
        `Deploy ${jobName} to endpoint ${plan.endpointName} (${plan.capacity})?`,
        { modal: true, detail: `With the deploy section of ${vscode.workspace.asRelativePath(estimator.uri)}. ${plan.serverless ? 'Serverless endpoints are billed per request.' : 'Instances are billed while the endpoint exists.'}` },
        deployButton);
      if (answer !== deployButton) return undefined;
    }

    log().info(`Deploy ${jobName} -> ${finalPlan.endpointName}: ${JSON.stringify({ CreateModel: finalPlan.model, CreateEndpointConfig: finalPlan.endpointConfig, [finalPlan.update ? 'UpdateEndpoint' : 'CreateEndpoint']: finalPlan.update ?? finalPlan.endpoint })}`);
    const started = Date.now();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying ${jobName}`, cancellable: true },
      async (progress, token): Promise<DeployOutcome> => {
        const controller = new AbortController();
        const cancel = () => controller.abort();
        const sub = token.onCancellationRequested(cancel);
        options.signal?.addEventListener('abort', cancel, { once: true });
        try {
          let created: CreatedResources;
          try {
            created = await aws.createEndpointResources(clients, finalPlan, {
              signal: controller.signal, account, region,
              onStep: (_step: DeployStep, detail: string) => progress.report({ message: `${detail}…` }),
            });
          } catch (error) {
            const e = error as { name?: string; message?: string; created?: string[] };
            if (e.name === 'AbortError') {
              const message = `SageMaker: ${e.message}`;
              void vscode.window.showInformationMessage(message);
              return { outcome: 'cancelled', plan: finalPlan, message };
            }
            connection.reportFailure((error as { cause?: unknown }).cause ?? error);
            const message = `SageMaker: deploying ${jobName} failed. ${e.message ?? String(error)}${e.created?.length ? ` Already created: ${e.created.join(', ')}.` : ''}`;
            await showFailure(message);
            return { outcome: 'error', plan: finalPlan, message };
          } finally {
            deps.endpoints?.refresh();
          }
          log().info(`Deploy ${jobName}: ${created.updated ? 'updating' : 'creating'} endpoint ${created.endpoint}${created.modelReused ? ` (existing model ${created.model} reused)` : ''}.`);
          if (!finalPlan.wait) {
            void vscode.window.showInformationMessage(`SageMaker: endpoint ${created.endpoint} is being ${created.updated ? 'updated' : 'created'} (deploy.wait is false: not waiting).`, SHOW_ENDPOINTS)
              .then(c => { if (c === SHOW_ENDPOINTS) void vscode.commands.executeCommand('sagemaker.endpoints.focus'); });
            return { outcome: 'created', plan: finalPlan, created, seconds: (Date.now() - started) / 1000 };
          }
          const verb = created.updated ? 'Updating' : 'Creating';
          progress.report({ message: `${verb} endpoint ${created.endpoint}: waiting until it is InService (Cancel stops waiting, not the endpoint)…` });
          const waited: WaitResult = await aws.waitForEndpoint(clients, created.endpoint, {
            signal: controller.signal,
            pollMs: options.pollMs ?? 10_000,
            onStatus: endpoint => progress.report({ message: `Endpoint ${created.endpoint}: ${endpoint.EndpointStatus} (${elapsed(Date.now() - started)})…` }),
          });
          deps.endpoints?.refresh();
          return await finish(waited, created, finalPlan, jobName, region, started);
        } catch (error) {
          const problem = connection.reportFailure(error);
          const message = `SageMaker: deploying ${jobName} failed while waiting. ${problem.message} ${problem.nextStep}`;
          void vscode.window.showErrorMessage(message);
          return { outcome: 'error', plan: finalPlan, message };
        } finally {
          sub.dispose();
          options.signal?.removeEventListener('abort', cancel);
        }
      },
    );
  }

  async function finish(waited: WaitResult, created: CreatedResources, plan: DeployPlan, jobName: string, region: string, started: number): Promise<DeployOutcome> {
    const seconds = (Date.now() - started) / 1000;
    const name = created.endpoint;
    const base = { plan, created, seconds, ...(waited.endpoint ? { endpoint: waited.endpoint } : {}) };
    switch (waited.outcome) {
      case 'in-service':
        log().info(`Deploy ${jobName}: endpoint ${name} InService after ${elapsed(seconds * 1000)}.`);
        void vscode.window.showInformationMessage(`SageMaker: endpoint ${name} is in service (${plan.capacity}), after ${elapsed(seconds * 1000)}.`, INVOKE, SHOW_ENDPOINTS)
          .then(choice => {
            if (choice === INVOKE) void vscode.commands.executeCommand('sagemaker.invokeEndpoint', name);
            if (choice === SHOW_ENDPOINTS) void vscode.commands.executeCommand('sagemaker.endpoints.focus');
          });
        return { outcome: 'in-service', ...base };
      case 'failed': {
        const reason = waited.endpoint?.FailureReason ?? 'SageMaker gave no reason';
        log().error(`Deploy ${jobName}: endpoint ${name} Failed: ${reason}`);
        void vscode.window.showErrorMessage(`SageMaker: endpoint ${name} failed: ${reason}`, SHOW_LOGS, OPEN_LOGS).then(choice => {
          if (choice === SHOW_LOGS) void vscode.commands.executeCommand('sagemaker.tailLogs', endpointNode(name, 'Failed'));
          if (choice === OPEN_LOGS) void vscode.env.openExternal(vscode.Uri.parse(endpointLogsConsoleUrl(region, name)));
        });
        return { outcome: 'failed', ...base };
      }
      case 'cancelled': {
        const status = waited.endpoint?.EndpointStatus ?? (created.updated ? 'Updating' : 'Creating');
        const message = `SageMaker: stopped waiting for endpoint ${name}. It is still ${status} and was not deleted`
          + `${plan.serverless ? '' : ' (its instances are billed once it is in service)'}: delete it from the Endpoints view if you do not want it.`;
        log().info(message);
        void vscode.window.showInformationMessage(message, SHOW_ENDPOINTS).then(c => { if (c === SHOW_ENDPOINTS) void vscode.commands.executeCommand('sagemaker.endpoints.focus'); });
        return { outcome: 'wait-cancelled', ...base };
      }
      default: {
        const message = `SageMaker: endpoint ${name} is ${waited.endpoint?.EndpointStatus ?? 'in an unexpected state'}.`;
        void vscode.window.showWarningMessage(message, SHOW_LOGS).then(c => { if (c === SHOW_LOGS) void vscode.commands.executeCommand('sagemaker.tailLogs', endpointNode(name)); });
        return { outcome: 'stopped', ...base };
      }
    }
  }

  const commands: Record<string, (...args: any[]) => unknown> = {
    'sagemaker.deploy': (arg?: unknown, options?: DeployOptions) => deploy(arg, options),
  };
  if (deps.registerCommands !== false) {
    for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
  return { deploy, commands };
}
