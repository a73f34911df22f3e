import * as vscode from 'vscode';
import type { LocalEndpointDescription, LocalJobDescription } from '../core/local';
import type { InvokeApi } from '../invoke';
import { localInvocationTarget } from '../local/localInvocationTarget';
import type { LocalMode } from '../local/localMode';

type LocalNode = { kind: 'local'; value: LocalJobDescription & LocalEndpointDescription };

export function isLocalNode(node: unknown): node is LocalNode {
  return (node as { kind?: string } | undefined)?.kind === 'local';
}

/** A local endpoint is invoked only in a trusted workspace, and only while its server (ours) is InService. */
function invokable(local: LocalMode, node: LocalNode): boolean {
  if (!local.requireTrust('Invoking a local endpoint')) return false;
  if (node.value.EndpointStatus === 'InService') return true;
  void vscode.window.showWarningMessage(`SageMaker: local endpoint ${node.value.EndpointName} is not running: ${node.value.FailureReason ?? node.value.EndpointStatus}`);
  return false;
}

/** What the tree commands do on the Local group's jobs and endpoints. */
export function localCommands(local: LocalMode, invoke: InvokeApi): Record<string, (node: LocalNode, options?: { confirmed?: boolean }) => unknown> {
  return {
    'sagemaker.stopTrainingJob': async (node, options) => {
      if (!local.requireTrust('Stopping a local training job')) return;
      const name = node.value.TrainingJobName;
      const stop = 'Stop Job';
      const answer = options?.confirmed ? stop
        : await vscode.window.showWarningMessage(`Stop local training job ${name}?`, { modal: true, detail: 'Its process and every process it started are ended.' }, stop);
      if (answer === stop) await local.stop(name);
    },
    'sagemaker.tailLogs': node => local.showLog(node.value.TrainingJobName),
    'sagemaker.deploy': node => local.deploy(node.value.TrainingJobName),
    'sagemaker.deleteEndpoint': async (node, options) => {
      if (!local.requireTrust('Stopping a local endpoint')) return;
      const name = node.value.EndpointName;
      const stop = 'Stop Endpoint';
      const answer = options?.confirmed ? stop
        : await vscode.window.showWarningMessage(`Stop local endpoint ${name}?`, { modal: true, detail: 'Its server on this machine is stopped.' }, stop);
      if (answer === stop) await local.deleteEndpoint(name);
    },
    'sagemaker.invokeEndpoint': node => (invokable(local, node) ? invoke.openInvokePanel(localInvocationTarget(node.value)) : undefined),
    'sagemaker.invokeEndpointWithFile': node => (invokable(local, node) ? invoke.invokeWithFile(localInvocationTarget(node.value)) : undefined),
    'sagemaker.copyName': node => vscode.env.clipboard.writeText(node.value.TrainingJobName ?? node.value.EndpointName),
    'sagemaker.showTrainingJobDetails': async node => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(`${node.value.JobDir}/job.json`));
      await vscode.window.showTextDocument(document, { preview: true });
    },
  };
}
