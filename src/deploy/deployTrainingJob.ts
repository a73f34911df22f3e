/**
 * The `sagemaker.deploy` handler: a Completed training job becomes a model, an endpoint configuration and an
 * endpoint, as `estimator.deploy()` makes them, with the `deploy` section of its estimator file or what the user
 * picks; then a cancellable progress notification waits until the endpoint is InService. Each step either gives
 * the next one what it needs or ends the command with its outcome (already shown to the user).
 */
import * as vscode from 'vscode';
import type { EndpointSummary, UpdateEndpointInput } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from '../aws/clientFactory';
import type { CreatedResources, DeployStep, EndpointDescription } from '../aws/deployModel';
import type { EndpointDetails, TrainingJobDetails } from '../aws/resources';
import { hasCapacity } from '../core/deploy/choices';
import { buildDeployPlan, deployBaseName, DeployPlanError, toUpdatePlan, type DeployPlan } from '../core/deploy/plan';
import { nameFromBase } from '../core/estimator/jobName';
import type { DeploySpec, EstimatorSpec } from '../core/estimator/types';
import type { Connection } from '../platform/connection';
import type { PagedResourceTree } from '../views/pagedTree';
import { loadAws } from '../platform/loadAws';
import { elapsed, reportWaitOutcome, showFailure, SHOW_ENDPOINTS } from './outcome';
import { askDeploySpec, findEstimator, loadEstimatorFile, pickJob } from './questions';

/** What the deploy command needs from the extension. */
export interface DeployServices {
  connection: Connection;
  /** Refreshed once the endpoint's resources are created. */
  endpoints?: PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;
  log: () => vscode.LogOutputChannel;
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

/** A step's result: what the next step needs, or the command's end (undefined when the user backed out). */
type Step<T> = { next: T } | { end: DeployOutcome | undefined };

/** The job being deployed, and where. */
interface DeployRun {
  services: DeployServices;
  options: DeployOptions;
  jobName: string;
  clients: AwsClients;
  job: TrainingJobDetails;
  region: string;
  account: string;
  now: Date;
}

type EstimatorFile = { uri: vscode.Uri; spec: EstimatorSpec };
type FinalPlan = DeployPlan & { update?: UpdateEndpointInput };

/** Deploys a training job (by name, else picked). Undefined when the user backed out. */
export async function deployTrainingJob(services: DeployServices, requestedJob: string | undefined, options: DeployOptions = {}): Promise<DeployOutcome | undefined> {
  const jobName = requestedJob ?? (await pickJob(services.connection))?.name;
  if (!jobName) return undefined;
  const read = await readJob(services, jobName, options);
  if ('end' in read) return read.end;
  const run = read.next;
  const estimator = await chooseEstimator(run);
  if ('end' in estimator) return estimator.end;
  const planned = await planDeploy(run, estimator.next);
  if ('end' in planned) return planned.end;
  const final = await updateOrConfirm(run, planned.next, estimator.next);
  if ('end' in final) return final.end;
  return createAndWait(run, final.next);
}

/** The job (Completed, or the command stops), the region and the account. */
async function readJob(services: DeployServices, jobName: string, options: DeployOptions): Promise<Step<DeployRun>> {
  const { connection } = services;
  const clients = connection.aws();
  const aws = loadAws();
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
    return { end: { outcome: 'error', message } };
  }
  if (job.TrainingJobStatus !== 'Completed') {
    const message = `SageMaker: training job ${jobName} is ${job.TrainingJobStatus}: only a Completed training job has a model to deploy.`;
    void vscode.window.showWarningMessage(message);
    return { end: { outcome: 'refused', message } };
  }
  return { next: { services, options, jobName, clients, job, region, account, now: options.now ?? new Date() } };
}

/** The estimator file: given, none, or found in the workspace. */
async function chooseEstimator(run: DeployRun): Promise<Step<EstimatorFile | undefined>> {
  const { options, region } = run;
  let estimator: EstimatorFile | undefined;
  try {
    if (options.estimator) estimator = { uri: options.estimator, spec: await loadEstimatorFile(options.estimator, region) };
    else if (options.estimator === undefined && !options.deploy) estimator = await findEstimator(run.job, region);
  } catch (error) {
    const message = `SageMaker: ${(error as Error).message}`;
    await showFailure(run.services.log(), message, options.estimator || undefined);
    return { end: { outcome: 'error', message } };
  }
  if (estimator) run.services.log().info(`Deploy ${run.jobName}: using ${vscode.workspace.asRelativePath(estimator.uri)}`);
  return { next: estimator };
}

/** The deploy() arguments (given, the file's, or asked) planned into the CreateModel/EndpointConfig/Endpoint calls. */
async function planDeploy(run: DeployRun, estimator: EstimatorFile | undefined): Promise<Step<DeployPlan>> {
  const { options, job, jobName } = run;
  let spec: DeploySpec | undefined = options.deploy ?? estimator?.spec.deploy;
  if (!options.deploy) {
    spec = await askDeploySpec(spec, nameFromBase(deployBaseName(job, estimator?.spec), run.now), jobName);
    if (!spec) return { end: undefined };
  }
  try {
    return { next: buildDeployPlan(job, estimator?.spec, { region: run.region, account: run.account, deploy: spec ?? {}, now: run.now }) };
  } catch (error) {
    const message = `SageMaker: cannot deploy ${jobName}: ${(error as Error).message}`;
    await showFailure(run.services.log(), message, estimator && (error as DeployPlanError).path?.length ? estimator.uri : undefined);
    return { end: { outcome: 'refused', message } };
  }
}

/** An endpoint of that name already: offer to update it. Else confirm when nothing was asked. */
async function updateOrConfirm(run: DeployRun, plan: DeployPlan, estimator: EstimatorFile | undefined): Promise<Step<FinalPlan>> {
  const { options, jobName, services } = run;
  let existing: EndpointDescription | undefined;
  try {
    existing = await loadAws().findEndpoint(run.clients, plan.endpointName);
  } catch (error) {
    const problem = services.connection.reportFailure(error);
    const message = `SageMaker: could not check endpoint ${plan.endpointName}. ${problem.message} ${problem.nextStep}`;
    void vscode.window.showErrorMessage(message);
    return { end: { outcome: 'error', plan, message } };
  }
  if (existing) {
    const updateButton = 'Update Endpoint';
    const answer = options.update !== undefined ? (options.update ? updateButton : undefined) : await vscode.window.showWarningMessage(
      `Endpoint ${plan.endpointName} exists (${existing.EndpointStatus}). Update it to serve ${jobName}?`,
      { modal: true, detail: `A new model and endpoint configuration are created, then the endpoint switches to them (${plan.capacity}) without downtime.` },
      updateButton);
    if (answer !== updateButton) {
      const message = `SageMaker: endpoint ${plan.endpointName} exists and was not updated; nothing was created.`;
      if (options.update === false) void vscode.window.showWarningMessage(message);
      return { end: { outcome: 'refused', plan, message } };
    }
    if (existing.EndpointStatus !== 'InService' && existing.EndpointStatus !== 'Failed') {
      const message = `SageMaker: endpoint ${plan.endpointName} is ${existing.EndpointStatus}: it can be updated once it is InService.`;
      void vscode.window.showWarningMessage(message);
      return { end: { outcome: 'refused', plan, message } };
    }
    return { next: toUpdatePlan(plan, run.now) };
  }
  if (!options.confirmed && estimator && hasCapacity(estimator.spec.deploy) && !options.deploy) {
    // Nothing was asked: confirm before creating billed resources.
    const deployButton = 'Deploy';
    const answer = await vscode.window.showInformationMessage(
      `Deploy ${jobName} to endpoint ${plan.endpointName} (${plan.capacity})?`,
      { modal: true, detail: `With the deploy section of ${vscode.workspace.asRelativePath(estimator.uri)}. ${plan.serverless ? 'Serverless endpoints are billed per request.' : 'Instances are billed while the endpoint exists.'}` },
      deployButton);
    if (answer !== deployButton) return { end: undefined };
  }
  return { next: plan };
}

/** Creates the resources under a cancellable notification, then waits (when `deploy.wait`) until InService. */
function createAndWait(run: DeployRun, finalPlan: FinalPlan): Thenable<DeployOutcome> {
  const { services, options, jobName } = run;
  services.log().info(`Deploy ${jobName} -> ${finalPlan.endpointName}: ${JSON.stringify({ CreateModel: finalPlan.model, CreateEndpointConfig: finalPlan.endpointConfig, [finalPlan.update ? 'UpdateEndpoint' : 'CreateEndpoint']: finalPlan.update ?? finalPlan.endpoint })}`);
  const started = Date.now();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying ${jobName}`, cancellable: true },
    async (progress, token): Promise<DeployOutcome> => {
      const controller = new AbortController();
      const cancel = () => controller.abort();
      const sub = token.onCancellationRequested(cancel);
      options.signal?.addEventListener('abort', cancel, { once: true });
      const report = (message: string) => progress.report({ message });
      try {
        const created = await createResources(run, finalPlan, controller.signal, report);
        if ('end' in created) return created.end;
        return await waitInService(run, finalPlan, created.next, { signal: controller.signal, report, started });
      } catch (error) {
        const problem = services.connection.reportFailure(error);
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

/** CreateModel, CreateEndpointConfig and CreateEndpoint (or UpdateEndpoint); a cancel or failure ends the command. */
async function createResources(run: DeployRun, finalPlan: FinalPlan, signal: AbortSignal, report: (message: string) => void): Promise<{ next: CreatedResources } | { end: DeployOutcome }> {
  const { services, jobName } = run;
  try {
    return {
      next: await loadAws().createEndpointResources(run.clients, finalPlan, {
        signal, account: run.account, region: run.region,
        onStep: (_step: DeployStep, detail: string) => report(`${detail}…`),
      }),
    };
  } catch (error) {
    const e = error as { name?: string; message?: string; created?: string[] };
    if (e.name === 'AbortError') {
      const message = `SageMaker: ${e.message}`;
      void vscode.window.showInformationMessage(message);
      return { end: { outcome: 'cancelled', plan: finalPlan, message } };
    }
    services.connection.reportFailure((error as { cause?: unknown }).cause ?? error);
    const message = `SageMaker: deploying ${jobName} failed. ${e.message ?? String(error)}${e.created?.length ? ` Already created: ${e.created.join(', ')}.` : ''}`;
    await showFailure(services.log(), message);
    return { end: { outcome: 'error', plan: finalPlan, message } };
  } finally {
    services.endpoints?.refresh();
  }
}

/** Waits until the endpoint is InService (or failed, or the user stops waiting), unless `deploy.wait` is false. */
async function waitInService(
  run: DeployRun, finalPlan: FinalPlan, created: CreatedResources, waiting: { signal: AbortSignal; report: (message: string) => void; started: number },
): Promise<DeployOutcome> {
  const { services, jobName } = run;
  const { started } = waiting;
  services.log().info(`Deploy ${jobName}: ${created.updated ? 'updating' : 'creating'} endpoint ${created.endpoint}${created.modelReused ? ` (existing model ${created.model} reused)` : ''}.`);
  if (!finalPlan.wait) {
    void vscode.window.showInformationMessage(`SageMaker: endpoint ${created.endpoint} is being ${created.updated ? 'updated' : 'created'} (deploy.wait is false: not waiting).`, SHOW_ENDPOINTS)
      .then(c => { if (c === SHOW_ENDPOINTS) void vscode.commands.executeCommand('sagemaker.endpoints.focus'); });
    return { outcome: 'created', plan: finalPlan, created, seconds: (Date.now() - started) / 1000 };
  }
  const verb = created.updated ? 'Updating' : 'Creating';
  waiting.report(`${verb} endpoint ${created.endpoint}: waiting until it is InService (Cancel stops waiting, not the endpoint)…`);
  const waited = await loadAws().waitForEndpoint(run.clients, created.endpoint, {
    signal: waiting.signal,
    pollMs: run.options.pollMs ?? 10_000,
    onStatus: endpoint => waiting.report(`Endpoint ${created.endpoint}: ${endpoint.EndpointStatus} (${elapsed(Date.now() - started)})…`),
  });
  services.endpoints?.refresh();
  return reportWaitOutcome(services.log(), { waited, created, plan: finalPlan, jobName, region: run.region, started });
}
