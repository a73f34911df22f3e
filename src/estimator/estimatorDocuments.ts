import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadEstimator, type LoadEstimatorOptions } from '../core/estimator/load';

/** `estimator.json` and `*.estimator.json`, wherever they are. */
export function isEstimatorFile(uri: vscode.Uri): boolean {
  const name = path.posix.basename(uri.path);
  return name === 'estimator.json' || name.endsWith('.estimator.json');
}

export const ESTIMATOR_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/estimator.json' },
  { pattern: '**/*.estimator.json' },
];

/** How a document's variables resolve: its workspace folder, and the environment VS Code was started from. */
export function estimatorLoadOptions(document: vscode.TextDocument, region?: string): LoadEstimatorOptions {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
  return { fileName: document.uri.fsPath, env: process.env, ...(folder ? { workspaceFolder: folder } : {}), ...(region ? { region } : {}) };
}

/** Validates a document's current text. */
export function loadEstimatorDocument(document: vscode.TextDocument, region?: string) {
  return loadEstimator(document.getText(), estimatorLoadOptions(document, region));
}
