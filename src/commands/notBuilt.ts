import * as vscode from 'vscode';

/** Commands whose feature is not built yet say so plainly instead of failing silently. */
export function notBuilt(title: string): () => Promise<void> {
  return async () => {
    await vscode.window.showInformationMessage(`SageMaker: "${title}" is not built yet in this version of the extension.`);
  };
}
