import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { registerCommandTable, type Services } from './commands/commandTable';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { Connection } from './platform/connection';
import { createDeploy, type DeployApi } from './deploy';
import type { EndpointDetails, TrainingJobDetails, TrainingJobFilter } from './aws/resources';
import { EstimatorCodeLensProvider } from './estimator/codeLens';
import { EstimatorDiagnostics } from './estimator/diagnostics';
import { createInvoke, type InvokeApi } from './invoke';
import { createJobPage, type JobPageApi } from './jobPage';
import { ESTIMATOR_SELECTOR } from './estimator/estimatorDocuments';
import { LocalMode } from './local/localMode';
import { JobOutputs } from './logs/jobOutputs';
import { LogTails } from './logs/logTails';
import { REQUEST_SCHEME, RequestPreviewProvider } from './estimator/requestPreview';
import { ReadOnlyDocuments } from './platform/readOnlyDocuments';
import { ConnectionStatusBar } from './platform/statusBar';
import { refreshIntervalMs } from './platform/settings';
import { WalkthroughProgress } from './platform/walkthroughProgress';
import { endpointsSource } from './views/endpointsSource';
import { localEndpointsSection, localJobsSection } from './views/localSections';
import { PagedResourceTree } from './views/pagedTree';
import { trainingJobsSource } from './views/trainingJobsSource';
import { initPriceService } from './costs/priceService';
import { CostQuickFixes } from './costs/quickFixes';
import { WatchedJobs } from './watch/watchedJobs';
import { EndpointReminder } from './costs/endpointReminder';
import { deleteEndpoint } from './views/treeCommands';
import { cpuStopwatch } from './platform/cpuTime';
import { FirstDiagnosticsClock, type FirstDiagnosticsTiming } from './estimator/firstDiagnostics';
import { coreCodeCache, useCodeCache, type CoreBundle } from './platform/loadCore';
import type { CodeCacheUse } from './platform/codeCache';
import { sageMakerLog } from './platform/extensionLog';
import { estimatorValidations } from './estimator/loadedEstimators';

/** What activate() returns: read by the extension's own tests and benchmark. */
export interface ExtensionApi {
  /** Milliseconds from entering activate() to returning from it. */
  readonly activationMs: number;
  /** The extension host thread's CPU time over the same span (the figure a loaded machine does not inflate). */
  readonly activationCpuMs: number;
  /** From activate()'s start to the diagnostics of the estimator open at activation being set (undefined: none was open). */
  readonly firstDiagnostics: Promise<FirstDiagnosticsTiming | undefined>;
  /** What became of the core bundles' code caches, once those due are written (the benchmark's second start reads them). */
  readonly coreCodeCache: () => Promise<Partial<Record<CoreBundle, CodeCacheUse>>>;
  readonly trainingJobs: PagedResourceTree<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter>;
  readonly endpoints: PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;
  readonly connection: Connection;
  readonly local: LocalMode;
  readonly outputs: JobOutputs;
  readonly logTails: LogTails;
  readonly deploy: DeployApi;
  readonly invoke: InvokeApi;
  readonly jobPage: JobPageApi;
  /** Watched jobs and endpoints: the list, the status bar count, the end notifications. */
  readonly watchedJobs: WatchedJobs;
  /** What the command table's handlers work with (tests run commands on variants of it). */
  readonly services: Services;
  /** The once-a-day reminder of long-running and idle endpoints. */
  readonly endpointReminder: EndpointReminder;
  /** How many times an estimator file was validated: the diagnostics and the CodeLenses of one text share one. */
  readonly estimatorValidations: (uri: vscode.Uri) => number;
}

/** The local mode of the active extension: deactivate() stops the local endpoints it started. */
let activeLocal: LocalMode | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const activationCpu = cpuStopwatch();
  const firstDiagnostics = new FirstDiagnosticsClock(started);
  // Kept on this machine's disk only: a global storage elsewhere (not a file: URI) gets no code cache.
  if (context.globalStorageUri.scheme === 'file') useCodeCache(context.globalStorageUri.fsPath, message => sageMakerLog().warn(message));
  const connection = new Connection(context.globalState);
  const prices = initPriceService(context, connection);
  const outputs = new JobOutputs();
  const local = new LocalMode(outputs);
  activeLocal = local;
  const logTails = new LogTails(connection, outputs, context.workspaceState);
  const trainingJobs = new PagedResourceTree(connection, trainingJobsSource, 'sagemaker.refreshTrainingJobs', refreshIntervalMs,
    {} as TrainingJobFilter, localJobsSection(local));
  const endpoints = new PagedResourceTree(connection, endpointsSource, 'sagemaker.refreshEndpoints', refreshIntervalMs,
    undefined, localEndpointsSection(local));
  const jobsView = vscode.window.createTreeView('sagemaker.trainingJobs', { treeDataProvider: trainingJobs, showCollapseAll: false });
  const endpointsView = vscode.window.createTreeView('sagemaker.endpoints', { treeDataProvider: endpoints });
  const requestPreviews = new RequestPreviewProvider(connection);
  const documents = new ReadOnlyDocuments();
  const codeLenses = new EstimatorCodeLensProvider();

  context.subscriptions.push(
    prices, connection, outputs, local, logTails, trainingJobs, endpoints, jobsView, endpointsView, requestPreviews, documents, codeLenses,
    jobsView.onDidChangeVisibility(e => trainingJobs.setVisible(e.visible)),
    endpointsView.onDidChangeVisibility(e => endpoints.setVisible(e.visible)),
    new EstimatorDiagnostics(firstDiagnostics),
    new ConnectionStatusBar(connection),
    vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, requestPreviews),
    vscode.languages.registerCodeLensProvider(ESTIMATOR_SELECTOR, codeLenses),
    vscode.languages.registerCodeActionsProvider(ESTIMATOR_SELECTOR, new CostQuickFixes(), { providedCodeActionKinds: CostQuickFixes.kinds }),
  );
  // Prices arrive after the trees' first rows: show them once they are there.
  // Redrawn, not re-listed: a price list arriving keeps the pages loaded so far ("Load more") and makes no calls.
  context.subscriptions.push(prices.onDidLoad(() => { trainingJobs.redraw(); endpoints.redraw(); }));
  trainingJobs.setVisible(jobsView.visible);
  endpoints.setVisible(endpointsView.visible);
  const deploy = createDeploy(context, { connection, trainingJobs, endpoints });
  const invoke = createInvoke(context, { connection, endpoints });
  // The job page also restores its pages after a reload.
  const jobPage = createJobPage(context, { connection, logTails, local, outputs });
  const watchedJobs = new WatchedJobs(context.globalState, connection);
  context.subscriptions.push(watchedJobs);
  const services: Services = {
    connection, trainingJobs, trainingJobsView: jobsView as vscode.TreeView<unknown>, endpoints, local, outputs, logTails, deploy, invoke, jobPage, documents,
    isTrusted: () => vscode.workspace.isTrusted,
    walkthrough: new WalkthroughProgress(),
    watchedJobs,
  };
  registerCommandTable(context, services);
  const endpointReminder = new EndpointReminder(endpoints, context.globalState, endpoint => deleteEndpoint(connection, endpoints, endpoint),
    () => vscode.commands.executeCommand('sagemaker.endpoints.focus'));
  context.subscriptions.push(endpointReminder);

  logTails.offerResume();
  return { activationMs: performance.now() - started, activationCpuMs: activationCpu(), firstDiagnostics: firstDiagnostics.result, coreCodeCache, trainingJobs, endpoints, connection, local, outputs, logTails, deploy, invoke, jobPage, watchedJobs, services, endpointReminder, estimatorValidations };
}

/**
 * Everything else is in context.subscriptions. The local endpoints this window started are stopped here, where
 * VS Code waits for the returned promise (a disposable's stop would not be waited for), so none outlives the window.
 */
export function deactivate(): Promise<void> | undefined {
  return activeLocal?.stopStartedEndpoints();
}
