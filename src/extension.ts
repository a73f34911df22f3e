import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { openSettings, selectProfile, selectRegion } from './commands/connectionCommands';
import { registerAuthoring } from './authoring';
import { isLocalNode, localCommands } from './commands/localCommands';
import { tailLogs } from './commands/tailLogs';
import { resourceCommands } from './commands/resourceCommands';
import { Connection } from './connection';
import { registerDeploy, type DeployApi } from './deploy';
import type { EndpointDetails, TrainingJobDetails, TrainingJobFilter } from './core/aws/resources';
import { EstimatorCodeLensProvider } from './estimator/codeLens';
import { EstimatorDiagnostics } from './estimator/diagnostics';
import { registerInvoke, type InvokeApi } from './invoke';
import { registerJobPage, type JobPageApi } from './jobPage';
import { ESTIMATOR_SELECTOR } from './estimator/estimatorDocuments';
import { launchFromEstimator } from './launch/launchCommand';
import { LocalMode } from './local/localMode';
import { JobOutputs } from './logs/jobOutputs';
import { LogTails } from './logs/logTails';
import { previewTrainingJobRequest, REQUEST_SCHEME, RequestPreviewProvider } from './estimator/requestPreview';
import { ReadOnlyDocuments } from './readOnlyDocuments';
import { ConnectionStatusBar, switchConnection } from './statusBar';
import { endpointsSource } from './views/endpointsSource';
import { localEndpointsSection, localJobsSection } from './views/localSections';
import { PagedResourceTree } from './views/pagedTree';
import { trainingJobsSource } from './views/trainingJobsSource';

/** What activate() returns: read by the extension's own tests and benchmark. */
export interface ExtensionApi {
  /** Milliseconds from entering activate() to returning from it. */
  readonly activationMs: number;
  readonly trainingJobs: PagedResourceTree<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter>;
  readonly endpoints: PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;
  readonly connection: Connection;
  readonly local: LocalMode;
  readonly outputs: JobOutputs;
  readonly logTails: LogTails;
  readonly deploy: DeployApi;
  readonly invoke: InvokeApi;
  readonly jobPage: JobPageApi;
}

const refreshIntervalMs = () => 1000 * (vscode.workspace.getConfiguration('sagemaker').get<number>('refreshIntervalSeconds') ?? 30);

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const connection = new Connection(context.globalState);
  const outputs = new JobOutputs();
  const local = new LocalMode(outputs);
  const logTails = new LogTails(connection, outputs, context.workspaceState);
  const trainingJobs = new PagedResourceTree(connection, trainingJobsSource, 'sagemaker.refreshTrainingJobs', refreshIntervalMs,
    {} as TrainingJobFilter, localJobsSection(local) as never);
  const endpoints = new PagedResourceTree(connection, endpointsSource, 'sagemaker.refreshEndpoints', refreshIntervalMs,
    undefined, localEndpointsSection(local) as never);
  const jobsView = vscode.window.createTreeView('sagemaker.trainingJobs', { treeDataProvider: trainingJobs, showCollapseAll: false });
  const endpointsView = vscode.window.createTreeView('sagemaker.endpoints', { treeDataProvider: endpoints });
  const requestPreviews = new RequestPreviewProvider(connection);
  const documents = new ReadOnlyDocuments();

  context.subscriptions.push(
    connection, outputs, local, logTails, trainingJobs, endpoints, jobsView, endpointsView, requestPreviews, documents,
    jobsView.onDidChangeVisibility(e => trainingJobs.setVisible(e.visible)),
    endpointsView.onDidChangeVisibility(e => endpoints.setVisible(e.visible)),
    new EstimatorDiagnostics(),
    new ConnectionStatusBar(connection),
    vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, requestPreviews),
    vscode.languages.registerCodeLensProvider(ESTIMATOR_SELECTOR, new EstimatorCodeLensProvider()),
  );
  trainingJobs.setVisible(jobsView.visible);
  endpoints.setVisible(endpointsView.visible);
  const showFilter = () => {
    const { nameContains, status } = trainingJobs.filter;
    jobsView.description = nameContains || status ? `filtered: ${[status, nameContains && `"${nameContains}"`].filter(Boolean).join(', ')}` : undefined;
    void vscode.commands.executeCommand('setContext', 'sagemaker.trainingJobsFiltered', !!(nameContains || status));
  };

  const register = (command: string, handler: (...args: any[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(command, handler));

  register('sagemaker.refreshTrainingJobs', () => trainingJobs.refresh());
  register('sagemaker.refreshTrainingJobs.loadMore', () => trainingJobs.loadMore());
  register('sagemaker.refreshEndpoints', () => endpoints.refresh());
  register('sagemaker.refreshEndpoints.loadMore', () => endpoints.loadMore());
  register('sagemaker.selectProfile', selectProfile);
  register('sagemaker.selectRegion', selectRegion);
  register('sagemaker.switchConnection', switchConnection);
  register('sagemaker.openSettings', openSettings);
  register('sagemaker.previewTrainingJobRequest', previewTrainingJobRequest);
  register('sagemaker.launchTrainingJob', async (uri?: unknown) => {
    let ranLocally = false;
    const name = await launchFromEstimator(connection, uri instanceof vscode.Uri ? uri : undefined, {
      runLocal: (spec, document) => { ranLocally = true; return local.train(spec, document); },
    });
    if (name && !ranLocally) {
      void logTails.tailJob(name);
      trainingJobs.refresh();
      // Select the new job in the tree (listing it makes it known to the tree first).
      await trainingJobs.getChildren();
      const node = trainingJobs.nodeOf(name);
      if (node) await jobsView.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
    }
    return name;
  });

  // Deploy and invoke: their commands go through the cloud/local dispatch below.
  const deploy = registerDeploy(context, { connection, trainingJobs, endpoints, registerCommands: false });
  const invoke = registerInvoke(context, { connection, endpoints, registerCommands: false });

  // Tree commands apply to cloud resources and to the Local group's jobs and endpoints alike.
  const cloud: Record<string, (...args: any[]) => unknown> = {
    ...resourceCommands(connection, trainingJobs, endpoints, documents),
    'sagemaker.tailLogs': (target?: unknown) => tailLogs(target, logTails, trainingJobs),
    ...deploy.commands,
    ...invoke.commands,
  };
  const onLocal = localCommands(local, invoke);
  for (const command of new Set([...Object.keys(cloud), ...Object.keys(onLocal)])) {
    register(command, async (node?: unknown, ...rest: unknown[]) => {
      const handler = isLocalNode(node) ? onLocal[command] : cloud[command];
      if (!handler) {
        void vscode.window.showInformationMessage(`SageMaker: this action is not available for ${isLocalNode(node) ? 'local' : 'cloud'} items.`);
        return undefined;
      }
      const result = await handler(node as never, ...(rest as [never]));
      if (command.endsWith('TrainingJobsFilter') || command === 'sagemaker.filterTrainingJobs') showFilter();
      return result;
    });
  }

  // The job page registers sagemaker.openJob (cloud and local jobs alike) and restores its pages after a reload.
  const jobPage = registerJobPage(context, { connection, logTails, local, outputs });
  registerAuthoring(context, { connection });

  logTails.offerResume();
  return { activationMs: performance.now() - started, trainingJobs, endpoints, connection, local, outputs, logTails, deploy, invoke, jobPage };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
