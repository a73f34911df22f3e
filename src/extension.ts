import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { openSettings, selectProfile, selectRegion } from './commands/connectionCommands';
import { notBuilt } from './commands/notBuilt';
import { requireTrust } from './commands/trust';
import { Connection } from './connection';
import { EstimatorCodeLensProvider } from './estimator/codeLens';
import { EstimatorDiagnostics } from './estimator/diagnostics';
import { ESTIMATOR_SELECTOR } from './estimator/estimatorDocuments';
import { previewTrainingJobRequest, REQUEST_SCHEME, RequestPreviewProvider } from './estimator/requestPreview';
import { endpointsSource } from './views/endpointsSource';
import { PagedResourceTree } from './views/pagedTree';
import { trainingJobsSource } from './views/trainingJobsSource';

/** What activate() returns: read by the extension's own tests and benchmark. */
export interface ExtensionApi {
  /** Milliseconds from entering activate() to returning from it. */
  readonly activationMs: number;
  readonly trainingJobs: PagedResourceTree<unknown>;
  readonly endpoints: PagedResourceTree<unknown>;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const connection = new Connection();
  const trainingJobs = new PagedResourceTree(connection, trainingJobsSource, 'sagemaker.refreshTrainingJobs');
  const endpoints = new PagedResourceTree(connection, endpointsSource, 'sagemaker.refreshEndpoints');

  const register = (command: string, handler: (...args: any[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(command, handler));

  const requestPreviews = new RequestPreviewProvider(connection);
  context.subscriptions.push(
    connection, trainingJobs, endpoints, requestPreviews,
    vscode.window.registerTreeDataProvider('sagemaker.trainingJobs', trainingJobs),
    vscode.window.registerTreeDataProvider('sagemaker.endpoints', endpoints),
    new EstimatorDiagnostics(),
    vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, requestPreviews),
    vscode.languages.registerCodeLensProvider(ESTIMATOR_SELECTOR, new EstimatorCodeLensProvider()),
  );

  register('sagemaker.refreshTrainingJobs', () => trainingJobs.refresh());
  register('sagemaker.refreshTrainingJobs.loadMore', () => trainingJobs.loadMore());
  register('sagemaker.refreshEndpoints', () => endpoints.refresh());
  register('sagemaker.refreshEndpoints.loadMore', () => endpoints.loadMore());
  register('sagemaker.selectProfile', selectProfile);
  register('sagemaker.selectRegion', selectRegion);
  register('sagemaker.openSettings', openSettings);
  register('sagemaker.previewTrainingJobRequest', previewTrainingJobRequest);
  register('sagemaker.launchTrainingJob', async () => {
    if (requireTrust('Launching a training job')) await notBuilt('Launch Training Job')();
  });

  const pending: Record<string, string> = {
    'sagemaker.newEstimator': 'New Estimator…',
    'sagemaker.showTrainingJobDetails': 'Show Training Job Details',
    'sagemaker.stopTrainingJob': 'Stop Training Job',
    'sagemaker.tailLogs': 'Tail Logs',
    'sagemaker.openJob': 'Open Job',
    'sagemaker.saveJobAsEstimator': 'Save as estimator.json',
    'sagemaker.deploy': 'Deploy Model…',
    'sagemaker.invokeEndpoint': 'Invoke Endpoint',
    'sagemaker.invokeEndpointWithFile': 'Invoke Endpoint with File…',
    'sagemaker.deleteEndpoint': 'Delete Endpoint',
    'sagemaker.copyName': 'Copy Name',
    'sagemaker.copyArn': 'Copy ARN',
    'sagemaker.openInConsole': 'Open in AWS Console',
  };
  for (const [command, title] of Object.entries(pending)) register(command, notBuilt(title));

  return { activationMs: performance.now() - started, trainingJobs, endpoints };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
