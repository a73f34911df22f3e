/**
 * Writing estimators fast: the New Estimator wizard, Save as estimator.json on a training job, and the
 * getting-started walkthrough's command. The snippets (snippets/*.code-snippets) and the walkthrough
 * (media/walkthrough/) are contributions of package.json and need no code.
 */
import * as vscode from 'vscode';
import type { Connection } from '../platform/connection';
import { newEstimator, type NewEstimatorArgs } from './newEstimator';
import { saveJobAsEstimator, type SaveJobAsEstimatorOptions } from './saveAsEstimator';

export interface AuthoringDeps {
  /** The extension's AWS connection (Save as reads the job through it). */
  connection: Connection;
}

/** The walkthrough of package.json's contributes.walkthroughs, as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH_ID = 'sagemaker-estimator.sagemaker-estimator#sagemaker.gettingStarted';

/** Registers `sagemaker.newEstimator`, `sagemaker.saveJobAsEstimator` and `sagemaker.openWalkthrough`. */
export function registerAuthoring(context: vscode.ExtensionContext, deps: AuthoringDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('sagemaker.newEstimator', (args?: NewEstimatorArgs | vscode.Uri) =>
      // From a folder's context menu the argument is that folder.
      newEstimator(args instanceof vscode.Uri ? { folder: args } : args && typeof args === 'object' ? args : undefined)),
    vscode.commands.registerCommand('sagemaker.saveJobAsEstimator', (target?: unknown, options?: SaveJobAsEstimatorOptions) =>
      saveJobAsEstimator(deps.connection, target, options)),
    vscode.commands.registerCommand('sagemaker.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
  );
}
