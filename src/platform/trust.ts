import * as vscode from 'vscode';

/** Uploading or running workspace content needs a trusted workspace; says why when it is not. */
export function requireTrust(action: string, isTrusted: boolean = vscode.workspace.isTrusted): boolean {
  if (isTrusted) return true;
  void vscode.window.showWarningMessage(
    `SageMaker: ${action} needs a trusted workspace, since it uploads or runs files from it. Trust this folder to continue.`,
    'Manage Workspace Trust',
  ).then(choice => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
