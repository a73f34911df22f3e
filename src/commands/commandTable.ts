/**
 * The command table: every command id (commandIds.ts) with the one function it runs. registerCommandTable()
 * is the single wrapper around them: it resolves what VS Code passed into a CommandTarget, refuses commands that
 * start or signal processes in an untrusted workspace, and reports every failure the same way (the problem and
 * the next step in a message, the error in the SageMaker log). Features export functions; none registers itself.
 */
import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { DeployApi } from '../deploy';
import { pickJob } from '../deploy/questions';
import type { LocalEndpointDescription } from '../core/local';
import { pickEndpoint, type InvokeApi } from '../invoke';
import type { JobPageApi } from '../jobPage';
import { WALKTHROUGH_ID, newEstimator, saveJobAsEstimator, type NewEstimatorArgs } from '../authoring';
import { copyAsPython } from '../estimator/copyAsPython';
import { previewTrainingJobRequest } from '../estimator/requestPreview';
import { launchFromEstimator, revealLaunchedJob } from '../launch/launchCommand';
import { isInvokable, showLocalJobDetails, stopLocalEndpoint, stopLocalTrainingJob } from '../local/localCommands';
import { localInvocationTarget } from '../local/localInvocationTarget';
import type { LocalMode } from '../local/localMode';
import type { JobOutputs } from '../logs/jobOutputs';
import type { LogTails } from '../logs/logTails';
import { tailLogs } from '../logs/tailLogs';
import { problemText, type Connection } from '../platform/connection';
import { openSettings, selectProfile, selectRegion } from '../platform/connectionCommands';
import { sageMakerLog } from '../platform/extensionLog';
import type { ReadOnlyDocuments } from '../platform/readOnlyDocuments';
import { switchConnection } from '../platform/statusBar';
import { requireTrust } from '../platform/trust';
import type { WalkthroughProgress, WalkthroughStep } from '../platform/walkthroughProgress';
import {
  deleteEndpoint, filterTrainingJobs, openInConsole, setTrainingJobsFilter, showTrainingJobDetails, stopTrainingJob,
  type EndpointTree, type JobTree,
} from '../views/treeCommands';
import type { WatchedJobs } from '../watch/watchedJobs';
import type { CommandId } from './commandIds';
import { resolveInvocation, type CommandTarget } from './target';
import { uploadDataOptionsOf, uploadDataToS3 } from '../upload/uploadDataCommand';

/** What the handlers work with: made once by activate(). */
export interface Services {
  connection: Connection;
  trainingJobs: JobTree;
  trainingJobsView: vscode.TreeView<unknown>;
  endpoints: EndpointTree;
  local: LocalMode;
  outputs: JobOutputs;
  logTails: LogTails;
  deploy: DeployApi;
  invoke: InvokeApi;
  jobPage: JobPageApi;
  documents: ReadOnlyDocuments;
  /** vscode.workspace.isTrusted; a parameter so that tests can run the untrusted path in a trusted window. */
  isTrusted(): boolean;
  walkthrough: WalkthroughProgress;
  watchedJobs: WatchedJobs;
}

interface Command {
  /** Names the action in failure messages: "SageMaker: <title> failed. …". */
  title: string;
  /**
   * Uploads workspace files, or starts or signals a process of this machine: refused in an untrusted workspace,
   * saying why. 'local': only when the target is a local job or endpoint.
   */
  trust?: { action: string; when: 'always' | 'local' };
  /** The walkthrough step it does, marked done when it ran and gave something (the user did not back out). */
  step?: WalkthroughStep;
  run(services: Services, target: CommandTarget, ...rest: any[]): unknown;
}

type Job = Extract<CommandTarget, { kind: 'trainingJob' }>;
type Endpoint = Extract<CommandTarget, { kind: 'endpoint' }>;

/** A target as a job (a bare name counts as one); undefined for anything else. */
const asJob = (t: CommandTarget): Job | undefined =>
  t.kind === 'trainingJob' ? t : t.kind === 'name' ? { kind: 'trainingJob', where: 'cloud', name: t.name, summary: { TrainingJobName: t.name } as TrainingJobSummary } : undefined;
const asEndpoint = (t: CommandTarget): Endpoint | undefined =>
  t.kind === 'endpoint' ? t : t.kind === 'name' ? { kind: 'endpoint', where: 'cloud', name: t.name, summary: { EndpointName: t.name } as EndpointSummary } : undefined;
const fileOf = (t: CommandTarget): vscode.Uri | undefined => (t.kind === 'file' ? t.uri : undefined);
const nameOf = (t: CommandTarget): string | undefined => ('name' in t ? t.name : undefined);

export const COMMAND_TABLE: Record<CommandId, Command> = {
  'sagemaker.refreshTrainingJobs': { title: 'Refresh', run: s => s.trainingJobs.refresh() },
  'sagemaker.refreshTrainingJobs.loadMore': { title: 'Load More', run: s => s.trainingJobs.loadMore() },
  'sagemaker.refreshEndpoints': { title: 'Refresh', run: s => s.endpoints.refresh() },
  'sagemaker.refreshEndpoints.loadMore': { title: 'Load More', run: s => s.endpoints.loadMore() },
  // The walkthrough's Connect step: marked here too, as its onCommand/onContext events are missed when the
  // command runs before VS Code's walkthroughs service exists (test/ui/55-walkthrough.ui.js).
  'sagemaker.selectProfile': { title: 'Select Profile', step: 'connect', run: () => selectProfile() },
  'sagemaker.selectRegion': { title: 'Select Region', step: 'connect', run: () => selectRegion() },
  'sagemaker.switchConnection': { title: 'Switch Connection', run: () => switchConnection() },
  'sagemaker.openSettings': { title: 'Open Settings', run: () => openSettings() },

  'sagemaker.previewTrainingJobRequest': { title: 'Preview Training Job Request', step: 'preview', run: (_s, t) => previewTrainingJobRequest(fileOf(t)) },
  'sagemaker.copyAsPython': { title: 'Copy as Python', run: (s, t) => copyAsPython(s.connection, fileOf(t)) },
  'sagemaker.launchTrainingJob': {
    title: 'Launch Training Job',
    step: 'launch',
    trust: { action: 'Launching a training job', when: 'always' },
    run: async (s, t) => {
      let ranLocally = false;
      let launchedIn: string | undefined;
      const name = await launchFromEstimator(s.connection, fileOf(t), {
        runLocal: (spec, document) => { ranLocally = true; return s.local.train(spec, document); },
        onLaunched: (_job, region) => { launchedIn = region; },
      });
      if (name && !ranLocally) s.watchedJobs.watch(name, 'trainingJob', launchedIn ? { region: launchedIn } : {});
      if (name && !ranLocally) await revealLaunchedJob(s.logTails, s.trainingJobs, s.trainingJobsView, name);
      // Local mode is the walkthrough's other way through its first step ("Connect to AWS, or choose local mode").
      if (name && ranLocally) s.walkthrough.mark('connect');
      return name;
    },
  },

  'sagemaker.showTrainingJobDetails': {
    title: 'Show Details',
    run: (s, t) => {
      const job = asJob(t);
      if (!job) return undefined;
      return job.where === 'local' ? showLocalJobDetails(job.job) : showTrainingJobDetails(s.connection, s.documents, job.name);
    },
  },
  'sagemaker.stopTrainingJob': {
    title: 'Stop Training Job',
    trust: { action: 'Stopping a local training job', when: 'local' },
    run: (s, t, options) => {
      const job = asJob(t);
      if (!job) return undefined;
      if (job.where === 'local') return stopLocalTrainingJob(s.local, job.name, options);
      // Stopped from here: its end is the user's doing, not news.
      return stopTrainingJob(s.connection, s.trainingJobs, job.summary, options).then(stopped => { if (stopped) s.watchedJobs.stoppedHere(job.name); });
    },
  },
  'sagemaker.tailLogs': {
    title: 'Tail Logs',
    step: 'logs',
    run: (s, t) => {
      if (t.kind === 'trainingJob' && t.where === 'local') return (s.local.showLog(t.name), true);
      const job = asJob(t);
      const named = t.kind === 'endpoint' ? { kind: 'endpoint' as const, name: t.name } : job ? { kind: 'trainingJob' as const, name: job.name } : undefined;
      return tailLogs(s.logTails, s.trainingJobs.resources, named, s.local);
    },
  },
  'sagemaker.openJob': {
    title: 'Open Job',
    step: 'logs',
    run: (s, t) => s.jobPage.openJobCommand(t.kind === 'trainingJob' && t.where === 'local' ? { local: true, name: t.name } : nameOf(t)),
  },
  'sagemaker.saveJobAsEstimator': {
    title: 'Save as estimator.json',
    run: (s, t, options) => {
      if (t.kind === 'trainingJob' && t.where === 'local') {
        void vscode.window.showInformationMessage('SageMaker: Save as estimator.json reads a SageMaker training job; a local job ran from an estimator file already.');
        return undefined;
      }
      return saveJobAsEstimator(s.connection, asJob(t)?.name, options);
    },
  },
  'sagemaker.deploy': {
    title: 'Deploy',
    step: 'deploy',
    trust: { action: 'Deploying a local model', when: 'local' },
    run: async (s, t, options) => {
      // From the palette: the same picker and, once picked, the same path (and notifications) as from the tree.
      const job = asJob(t) ?? await pickJob(s.connection, s.local);
      if (!job) return undefined;
      if (job.where === 'local') return s.local.deploy(job.name);
      const outcome = await s.deploy.deploy(job.name, options);
      // Not waited for to the end here (deploy.wait false, or the user stopped waiting): watched like a job.
      if (outcome?.outcome === 'created' || outcome?.outcome === 'wait-cancelled') s.watchedJobs.watch(outcome.created.endpoint, 'endpoint');
      return outcome;
    },
  },

  'sagemaker.invokeEndpoint': {
    title: 'Invoke Endpoint',
    step: 'invoke',
    trust: { action: 'Invoking a local endpoint', when: 'local' },
    run: async (s, t) => {
      const endpoint = asEndpoint(t) ?? await pickEndpoint(s.connection, 'Invoke Endpoint', s.local);
      if (endpoint?.where === 'local') return invokableHere(s, endpoint.endpoint) ? s.invoke.openInvokePanel(localInvocationTarget(endpoint.endpoint)) : undefined;
      return endpoint ? s.invoke.invokeEndpoint(endpoint.name) : undefined;
    },
  },
  'sagemaker.invokeEndpointWithFile': {
    title: 'Invoke Endpoint with File',
    step: 'invoke',
    trust: { action: 'Invoking a local endpoint', when: 'local' },
    run: async (s, t, options) => {
      const endpoint = asEndpoint(t) ?? await pickEndpoint(s.connection, 'Invoke Endpoint with File', s.local);
      if (endpoint?.where === 'local') return invokableHere(s, endpoint.endpoint) ? s.invoke.invokeWithFile(localInvocationTarget(endpoint.endpoint), options) : undefined;
      return endpoint ? s.invoke.invokeEndpointWithFile(endpoint.name, options) : undefined;
    },
  },
  'sagemaker.deleteEndpoint': {
    title: 'Delete Endpoint',
    trust: { action: 'Stopping a local endpoint', when: 'local' },
    run: (s, t, options) => {
      const endpoint = asEndpoint(t);
      if (!endpoint) return undefined;
      return endpoint.where === 'local' ? stopLocalEndpoint(s.local, endpoint.name, options) : deleteEndpoint(s.connection, s.endpoints, endpoint.summary, options);
    },
  },

  'sagemaker.copyName': { title: 'Copy Name', run: (_s, t) => { const name = nameOf(t); return name ? vscode.env.clipboard.writeText(name) : undefined; } },
  'sagemaker.uploadData': {
    title: 'Upload Data to S3',
    trust: { action: 'Uploading workspace data to S3', when: 'always' },
    run: (s, t, options: unknown) => {
      // upload_data takes one path: several explorer items are not uploaded as if only the clicked one were chosen.
      if (Array.isArray(options) && options.length > 1) {
        return void vscode.window.showErrorMessage(`SageMaker: Upload Data to S3 takes one file or folder (as upload_data does), and ${options.length} are selected. Select one, or put them in a folder and upload that.`);
      }
      return uploadDataToS3(s.connection, fileOf(t), uploadDataOptionsOf(options));
    },
  },
  'sagemaker.copyArn': {
    title: 'Copy ARN',
    run: (_s, t) => {
      const arn = t.kind === 'trainingJob' && t.where === 'cloud' ? t.summary.TrainingJobArn : t.kind === 'endpoint' && t.where === 'cloud' ? t.summary.EndpointArn : undefined;
      return arn ? vscode.env.clipboard.writeText(arn) : undefined;
    },
  },
  'sagemaker.openInConsole': {
    title: 'Open in Console',
    run: (s, t) => (t.kind === 'trainingJob' || t.kind === 'endpoint') && t.where === 'cloud' ? openInConsole(s.connection, t.kind, t.name) : undefined,
  },
  'sagemaker.filterTrainingJobs': { title: 'Filter Training Jobs', run: s => filterTrainingJobs(s.trainingJobs, s.trainingJobsView) },
  'sagemaker.clearTrainingJobsFilter': { title: 'Clear Filter', run: s => setTrainingJobsFilter(s.trainingJobs, s.trainingJobsView, {}) },

  'sagemaker.newEstimator': {
    title: 'New Estimator',
    step: 'create',
    // From a folder's context menu the argument is that folder; scripts pass the wizard's answers.
    run: (_s, t) => newEstimator(t.kind === 'file' ? { folder: t.uri } : t.kind === 'arguments' ? (t.value as NewEstimatorArgs) : undefined),
  },
  'sagemaker.openWalkthrough': { title: 'Open Walkthrough', run: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false) },

  'sagemaker.watchTrainingJob': { title: 'Watch', run: (s, t) => watchCommand(s, t, true) },
  'sagemaker.unwatchTrainingJob': { title: 'Stop Watching', run: (s, t) => watchCommand(s, t, false) },
  'sagemaker.showWatchedJobs': { title: 'Show Watched Jobs', run: s => s.watchedJobs.pick() },
};

/** Watch or stop watching a SageMaker training job (a local job ends in this window's own output). */
function watchCommand(s: Services, t: CommandTarget, watch: boolean): boolean {
  const job = asJob(t);
  if (!job || job.where !== 'cloud') return false;
  if (watch) s.watchedJobs.watch(job.name);
  else s.watchedJobs.unwatch(job.name);
  s.trainingJobs.refresh();
  return true;
}

/** Registers every command of the table with the one wrapper. */
export function registerCommandTable(context: vscode.ExtensionContext, services: Services): void {
  for (const id of Object.keys(COMMAND_TABLE) as CommandId[]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(services, id, args)));
  }
}

/** One run of a command as VS Code calls it: (target or targets, ...options). */
export async function runCommand(services: Services, id: CommandId, args: unknown[]): Promise<unknown> {
  const command: Command = COMMAND_TABLE[id];
  const { targets, rest } = resolveInvocation(args);
  let result: unknown;
  for (const target of targets) {
    if (command.trust && (command.trust.when === 'always' || isLocal(target)) && !requireTrust(command.trust.action, services.isTrusted())) return undefined;
    try {
      result = await command.run(services, target, ...rest);
      if (command.step && didSomething(result)) services.walkthrough.mark(command.step);
    } catch (error) {
      reportFailure(services.connection, command.title, target, error);
      return undefined;
    }
  }
  return result;
}

/** What a command gave back says the user did it: not when backed out of (undefined, false) or refused (a deploy's outcome). */
const didSomething = (result: unknown): boolean =>
  result !== undefined && result !== false && !['error', 'refused', 'cancelled'].includes((result as { outcome?: string } | null)?.outcome ?? '');

/** A local endpoint picked from the palette needs the trust the table checks for one picked in the tree. */
const invokableHere = (s: Services, endpoint: LocalEndpointDescription): boolean =>
  requireTrust('Invoking a local endpoint', s.isTrusted()) && isInvokable(endpoint);

/** Local jobs and endpoints are processes of this machine: touching them needs trust, cloud resources do not. */
const isLocal = (target: CommandTarget): boolean => (target.kind === 'trainingJob' || target.kind === 'endpoint') && target.where === 'local';

function reportFailure(connection: Connection, title: string, target: CommandTarget, error: unknown): void {
  const problem = connection.reportFailure(error);
  const subject = 'name' in target ? ` (${target.name})` : '';
  sageMakerLog().error(`${title}${subject} failed:`, error instanceof Error ? error : String(error));
  void problemText(problem, connection.settings().profile).then(text => vscode.window.showErrorMessage(`SageMaker: ${title}${subject} failed. ${text}`));
}
