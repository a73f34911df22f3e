/**
 * SageMaker: Launch Training Job. Validates the estimator file, resolves region and account, builds the plan
 * (the request Preview shows), then uploads and creates the job under a cancellable progress notification.
 *
 * The AWS SDK (and the tar packer) stay in the lazily loaded AWS bundle: this file imports only types and pure
 * helpers from src/core/launch, and calls `loadAws().launchTrainingJob`.
 */
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { EstimatorSpec } from '../core/estimator/types';
import { loadAws } from '../platform/loadAws';
import { requireTrust } from '../platform/trust';
import { problemText, type Connection } from '../platform/connection';
import type { AwsClients } from '../aws/clientFactory';
import { sageMakerConsoleUrl, sageMakerQuotasUrl } from '../core/facts';
import { classifyAwsError } from '../core/connection/errors';
import { numberLiteralsFromJson } from '../core/estimator/hyperparameters';
import { generatedNameNote } from '../core/estimator/jobName';
import { buildTrainingJobRequest, type TrainingJobPlan } from '../core/estimator/request';
import { checkedRequestProblems } from '../core/estimator/plan';
import { isAbortError, isLaunchError, type LaunchErrorKind } from '../core/launch/errors';
import type { LaunchResult } from '../aws/launchTrainingJob';

/** What the AWS bundle (src/aws/index.ts) exports for the launch. */
import { describeProgress, percentIncrement, type LaunchProgress } from '../core/launch/progress';
import { loadEstimatorDocument } from '../estimator/estimatorDocuments';
import { targetEstimator } from '../estimator/requestPreview';
import { confirmLaunchCost, estimatePlan } from '../costs/estimateText';
import { planWarmPoolWarnings } from '../costs/warmPoolText';
import { regionSetting } from '../platform/settings';

const SHOW_PROBLEMS = 'Show Problems';
const SELECT_PROFILE = 'Select Profile';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_FIELD = 'Show in estimator.json';
const SERVICE_QUOTAS = 'Open Service Quotas';
const SHOW_JOBS = 'Show Training Jobs';
const OPEN_CONSOLE = 'Open in AWS Console';

const CREDENTIAL_KINDS: ReadonlySet<LaunchErrorKind> = new Set(['no-credentials', 'expired-token', 'access-denied', 'no-region', 'unreachable']);

/** Estimator files being launched right now (a second launch of the same file waits for the first). */
const inFlight = new Set<string>();

export interface LaunchFromEstimatorOptions {
  /** Cancels the launch like the notification's Cancel button (for tests and callers with their own cancel). */
  signal?: AbortSignal;
  /** Runs an estimator whose instance type is local or local_gpu on this machine. */
  runLocal?: (spec: EstimatorSpec, document: vscode.TextDocument) => Promise<string | undefined>;
  /** Told where the job was created (the estimator's region may not be the connection's): the watch list records it. */
  onLaunched?: (jobName: string, region: string) => void;
}

/**
 * Launches the estimator file `uri` (else the active editor's). Returns the training job's name once
 * CreateTrainingJob succeeded; undefined when the launch was refused, cancelled or failed (after saying why).
 */
export async function launchFromEstimator(
  connection: Connection,
  uri: vscode.Uri | undefined,
  options: LaunchFromEstimatorOptions = {},
): Promise<string | undefined> {
  const estimator = targetEstimator(uri);
  if (!estimator) {
    void vscode.window.showWarningMessage('SageMaker: open an estimator.json (or *.estimator.json) to launch its training job.');
    return undefined;
  }
  if (!requireTrust('Launching a training job')) return undefined;
  const key = estimator.toString();
  if (inFlight.has(key)) {
    void vscode.window.showWarningMessage(`SageMaker: ${vscode.workspace.asRelativePath(estimator)} is already being launched; wait for it or cancel it.`);
    return undefined;
  }
  inFlight.add(key);
  try {
    return await launch(connection, estimator, options);
  } finally {
    inFlight.delete(key);
  }
}

async function launch(connection: Connection, estimator: vscode.Uri, options: LaunchFromEstimatorOptions): Promise<string | undefined> {
  const document = await vscode.workspace.openTextDocument(estimator);
  const file = vscode.workspace.asRelativePath(estimator);
  const settingsRegion = regionSetting();
  const loaded = loadEstimatorDocument(document, settingsRegion);
  if (!loaded.spec) {
    const count = loaded.diagnostics.filter(d => d.severity === 'error').length;
    void vscode.window.showErrorMessage(`SageMaker: ${path.basename(estimator.fsPath)} has ${count} problem${count === 1 ? '' : 's'}; fix them to launch.`, SHOW_PROBLEMS)
      .then(choice => { if (choice === SHOW_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems'); });
    return undefined;
  }
  const spec = loaded.spec;
  if (spec.instance_type === 'local' || spec.instance_type === 'local_gpu') {
    if (options.runLocal) return options.runLocal(spec, document);
    void vscode.window.showInformationMessage(`SageMaker: local mode ("instance_type": "${spec.instance_type}") is not available here, so nothing was launched.`);
    return undefined;
  }

  // Region: the file's, else the setting, else what the profile or the environment says.
  const base = connection.aws();
  let region = spec.region || settingsRegion;
  try {
    region ||= await base.region();
  } catch (error) {
    await showAwsProblem(error, base.settings.profile);
    return undefined;
  }
  // Clients in the job's region (the file may name another region than the connection's).
  const clientRegion = base.settings.region || (await base.region().catch(() => undefined));
  const clients: AwsClients = clientRegion === region ? base : loadAws().createAwsClients({ ...base.settings, region });
  try {
    let account: string;
    try {
      account = await loadAws().resolveAccount(clients);
    } catch (error) {
      await showAwsProblem(error, clients.settings.profile);
      return undefined;
    }

    const plan = planForLaunch(document, spec, file, { region, account, baseDir: path.dirname(estimator.fsPath) });
    if (!plan) return undefined;
    if (!(await confirmLaunchCost(plan.jobName, await estimatePlan(plan, region), await planWarmPoolWarnings(clients, plan, region, 'launch')))) {
      void vscode.window.showInformationMessage(`SageMaker: ${plan.jobName} was not launched.`);
      return undefined;
    }

    let result: LaunchResult;
    try {
      result = await withLaunchProgress(clients, plan, account, region, options.signal);
    } catch (error) {
      if (isAbortError(error)) {
        void vscode.window.showInformationMessage(`SageMaker: launch of ${plan.jobName} cancelled; no training job was created.`);
      } else if (isLaunchError(error)) {
        const buttons = CREDENTIAL_KINDS.has(error.kind) ? [SELECT_PROFILE, OPEN_SETTINGS] : error.kind === 'quota' ? [SERVICE_QUOTAS] : [];
        showLaunchFailure(`SageMaker: ${error.message}`, buttons, error.field ? { document, field: error.field } : undefined, region);
      } else {
        showLaunchFailure(`SageMaker: launching ${plan.jobName} failed: ${(error as Error)?.message ?? String(error)}`, []);
      }
      return undefined;
    }

    connection.markConnected();
    void vscode.commands.executeCommand('sagemaker.refreshTrainingJobs');
    showLaunched(result, region, !!clients.settings.endpointUrl, generatedNameNote(spec, 'launch'));
    options.onLaunched?.(result.jobName, region);
    return result.jobName;
  } finally {
    if (clients !== base) clients.destroy();
  }
}

/** The request to send, or undefined after saying at which field planning, or the API model's check, refused it. */
function planForLaunch(document: vscode.TextDocument, spec: EstimatorSpec, file: string,
  context: { region: string; account: string; baseDir: string }): TrainingJobPlan | undefined {
  let plan: TrainingJobPlan;
  try {
    plan = buildTrainingJobRequest(spec, { ...context, numberLiterals: numberLiteralsFromJson(document.getText()) });
  } catch (error) {
    const field = (error as { path?: (string | number)[] }).path?.[0];
    showLaunchFailure(`SageMaker: ${file}: ${(error as Error).message}`, [], typeof field === 'string' ? { document, field } : undefined);
    return undefined;
  }
  // What the API would refuse is never sent: the same check as the preview's and the CLI's plan.
  const refused = checkedRequestProblems(plan, spec)[0];
  if (refused) {
    const field = refused.path[0];
    showLaunchFailure(`SageMaker: ${file}: ${refused.message}`, [], typeof field === 'string' ? { document, field } : undefined);
    return undefined;
  }
  return plan;
}

/** "Training job X created", with what the uploads left out, and where to see it. */
function showLaunched(result: LaunchResult, region: string, customEndpoint: boolean, nameNote: string | undefined): void {
  const skipped = result.skipped.length > 0
    ? ` (${result.skipped.length} special file${result.skipped.length === 1 ? '' : 's'} of the code, not regular files, were left out of sourcedir.tar.gz)`
    : '';
  const leftOut = result.leftOut.length > 0
    ? ` ${result.leftOut.length} entr${result.leftOut.length === 1 ? 'y was' : 'ies were'} left out of the uploads: ${result.leftOut[0]}`
    : '';
  const buttons = customEndpoint ? [SHOW_JOBS] : [SHOW_JOBS, OPEN_CONSOLE];
  void vscode.window.showInformationMessage(`SageMaker: Training job ${result.jobName} created${skipped}.${leftOut}${nameNote ? ` ${nameNote}` : ''}`, ...buttons).then(choice => {
    if (choice === SHOW_JOBS) void vscode.commands.executeCommand('sagemaker.trainingJobs.focus');
    if (choice === OPEN_CONSOLE) void vscode.env.openExternal(vscode.Uri.parse(sageMakerConsoleUrl(region, 'trainingJob', result.jobName)));
  });
}

/** Runs the launch under a cancellable notification: "Uploading 3/10 files, 12.5/40.0 MB", then "Creating training job <name>". */
function withLaunchProgress(clients: AwsClients, plan: TrainingJobPlan, account: string, region: string, signal?: AbortSignal): Promise<LaunchResult> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `SageMaker: launching ${plan.jobName}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = (): void => controller.abort();
      const subscription = token.onCancellationRequested(cancel);
      signal?.addEventListener('abort', cancel, { once: true });
      if (signal?.aborted) cancel();
      let lastBytes = 0;
      let lastMessage = '';
      let lastReport = 0;
      const onProgress = (p: LaunchProgress): void => {
        const message = describeProgress(p, plan.jobName);
        const now = Date.now();
        // At most ~10 updates a second while uploading; every phase change at once.
        if (message === lastMessage || (p.phase === 'uploading' && now - lastReport < 100 && p.filesDone < p.filesTotal)) return;
        const increment = percentIncrement(lastBytes, p.bytesDone, p.bytesTotal) * 0.95;
        lastBytes = p.bytesDone;
        lastMessage = message;
        lastReport = now;
        progress.report({ message, ...(increment > 0 ? { increment } : {}) });
      };
      try {
        return await loadAws().launchTrainingJob(clients, plan, { signal: controller.signal, onProgress, account, region });
      } finally {
        subscription.dispose();
        signal?.removeEventListener('abort', cancel);
      }
    },
  ));
}

/** A region or account that could not be resolved: the problem, its next step, and the connection buttons. */
async function showAwsProblem(error: unknown, profile: string | undefined): Promise<void> {
  const problem = classifyAwsError(error, profile);
  showLaunchFailure(`SageMaker: cannot launch: ${await problemText(problem, profile)}`, problem.kind === 'other' ? [] : [SELECT_PROFILE, OPEN_SETTINGS]);
}

/** One error message; its buttons open what the next step needs. */
function showLaunchFailure(message: string, buttons: string[], field?: { document: vscode.TextDocument; field: string }, region?: string): void {
  const all = field ? [SHOW_FIELD, ...buttons] : buttons;
  void vscode.window.showErrorMessage(message, ...all).then(choice => {
    if (choice === SELECT_PROFILE) void vscode.commands.executeCommand('sagemaker.selectProfile');
    if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand('sagemaker.openSettings');
    if (choice === SERVICE_QUOTAS) {
      void vscode.env.openExternal(vscode.Uri.parse(sageMakerQuotasUrl(region ?? 'us-east-1')));
    }
    if (choice === SHOW_FIELD && field) void revealField(field.document, field.field);
  });
}

/** Opens the estimator file with the field's key selected (or at the top when the file does not set it). */
async function revealField(document: vscode.TextDocument, field: string): Promise<void> {
  const root = parseTree(document.getText());
  const node = root ? findNodeAtLocation(root, [field]) : undefined;
  const keyNode = node?.parent?.children?.[0];
  const range = keyNode
    ? new vscode.Range(document.positionAt(keyNode.offset), document.positionAt(keyNode.offset + keyNode.length))
    : new vscode.Range(0, 0, 0, 0);
  await vscode.window.showTextDocument(document, { selection: range });
}

/** After a launch: tail the new job's logs and select it in the Training Jobs view. */
export async function revealLaunchedJob(
  logTails: { tailJob(name: string): Promise<unknown> },
  trainingJobs: { refresh(): void; getChildren(): Promise<unknown>; nodeOf(name: string): unknown },
  view: vscode.TreeView<unknown>,
  name: string,
): Promise<void> {
  void logTails.tailJob(name);
  trainingJobs.refresh();
  // Listing the jobs makes the new one known to the tree before it can be revealed.
  await trainingJobs.getChildren();
  const node = trainingJobs.nodeOf(name);
  if (node) await view.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
}
