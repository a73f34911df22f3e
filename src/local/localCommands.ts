/** What the trees' commands do on the Local group's jobs and endpoints (the command table picks these for local targets). */
import * as vscode from 'vscode';
import type { LocalEndpointDescription, LocalJobDescription } from '../core/local';
import type { LocalMode } from './localMode';

interface AutomationOptions {
  confirmed?: boolean;
}

export async function stopLocalTrainingJob(local: LocalMode, name: string, options?: AutomationOptions): Promise<void> {
  const stop = 'Stop Job';
  const answer = options?.confirmed ? stop
    : await vscode.window.showWarningMessage(`Stop local training job ${name}?`, { modal: true, detail: 'Its process and every process it started are ended.' }, stop);
  if (answer === stop) await local.stop(name);
}

export async function stopLocalEndpoint(local: LocalMode, name: string, options?: AutomationOptions): Promise<void> {
  const stop = 'Stop Endpoint';
  const answer = options?.confirmed ? stop
    : await vscode.window.showWarningMessage(`Stop local endpoint ${name}?`, { modal: true, detail: 'Its server on this machine is stopped.' }, stop);
  if (answer === stop) await local.deleteEndpoint(name);
}

export async function showLocalJobDetails(job: LocalJobDescription): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(`${job.JobDir}/job.json`));
  await vscode.window.showTextDocument(document, { preview: true });
}

/** A local endpoint is invoked only while its server (ours) is InService; says why not. */
export function isInvokable(endpoint: LocalEndpointDescription): boolean {
  if (endpoint.EndpointStatus === 'InService') return true;
  void vscode.window.showWarningMessage(`SageMaker: local endpoint ${endpoint.EndpointName} is not running: ${endpoint.FailureReason ?? endpoint.EndpointStatus}`);
  return false;
}
