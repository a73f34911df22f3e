import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadEstimator } from '../core/estimator/load';

/** `estimator.json` and `*.estimator.json`, wherever they are. */
export function isEstimatorFile(uri: vscode.Uri): boolean {
  const name = path.posix.basename(uri.path);
  return name === 'estimator.json' || name.endsWith('.estimator.json');
}

export const ESTIMATOR_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/estimator.json' },
  { pattern: '**/*.estimator.json' },
];

/** Validates a document's current text, with the variables of its workspace folder and this process's environment. */
export function loadEstimatorDocument(document: vscode.TextDocument, region?: string) {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
  return loadEstimator(document.getText(), {
    fileName: document.uri.fsPath,
    env: process.env,
    ...(folder ? { workspaceFolder: folder } : {}),
    ...(region ? { region } : {}),
  });
}
