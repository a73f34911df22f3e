/** How a deploy ends for the user: the failure message (with the estimator file to fix), or the endpoint's state. */
import * as vscode from 'vscode';
import type { CreatedResources, WaitResult } from '../aws/deployModel';
import { endpointLogsConsoleUrl } from '../core/facts';
import type { DeployPlan } from '../core/deploy/plan';
import type { DeployOutcome } from './deployTrainingJob';
import { endpointNode } from './questions';

const SHOW_LOGS = 'Show Logs';
const OPEN_LOGS = 'Open Logs in Console';
const INVOKE = 'Invoke Endpoint';
export const SHOW_ENDPOINTS = 'Show Endpoints';
const OPEN_ESTIMATOR = 'Open estimator.json';

export function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Logs and shows the failure, with a button to the estimator file when that is what needs fixing. */
export async function showFailure(log: vscode.LogOutputChannel, message: string, estimatorUri?: vscode.Uri): Promise<void> {
  const buttons = estimatorUri ? [OPEN_ESTIMATOR] : [];
  log.error(message);
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === OPEN_ESTIMATOR && estimatorUri) await vscode.window.showTextDocument(estimatorUri);
}

export interface WaitEnd {
  waited: WaitResult;
  created: CreatedResources;
  plan: DeployPlan;
  jobName: string;
  region: string;
  /** When the deploy started (ms since the epoch). */
  started: number;
}

/** Tells the user how waiting ended (in service, failed, stopped waiting, another state), with the next step. */
export function reportWaitOutcome(log: vscode.LogOutputChannel, { waited, created, plan, jobName, region, started }: WaitEnd): DeployOutcome {
  const seconds = (Date.now() - started) / 1000;
  const name = created.endpoint;
  const base = { plan, created, seconds, ...(waited.endpoint ? { endpoint: waited.endpoint } : {}) };
  switch (waited.outcome) {
    case 'in-service':
      log.info(`Deploy ${jobName}: endpoint ${name} InService after ${elapsed(seconds * 1000)}.`);
      void vscode.window.showInformationMessage(`SageMaker: endpoint ${name} is in service (${plan.capacity}), after ${elapsed(seconds * 1000)}.`, INVOKE, SHOW_ENDPOINTS)
        .then(choice => {
          if (choice === INVOKE) void vscode.commands.executeCommand('sagemaker.invokeEndpoint', name);
          if (choice === SHOW_ENDPOINTS) void vscode.commands.executeCommand('sagemaker.endpoints.focus');
        });
      return { outcome: 'in-service', ...base };
    case 'failed': {
      const reason = waited.endpoint?.FailureReason ?? 'SageMaker gave no reason';
      log.error(`Deploy ${jobName}: endpoint ${name} Failed: ${reason}`);
      void vscode.window.showErrorMessage(`SageMaker: endpoint ${name} failed: ${reason}`, SHOW_LOGS, OPEN_LOGS).then(choice => {
        if (choice === SHOW_LOGS) void vscode.commands.executeCommand('sagemaker.tailLogs', endpointNode(name, 'Failed'));
        if (choice === OPEN_LOGS) void vscode.env.openExternal(vscode.Uri.parse(endpointLogsConsoleUrl(region, name)));
      });
      return { outcome: 'failed', ...base };
    }
    case 'cancelled': {
      const status = waited.endpoint?.EndpointStatus ?? (created.updated ? 'Updating' : 'Creating');
      const message = `SageMaker: stopped waiting for endpoint ${name}. It is still ${status} and was not deleted`
        + `${plan.serverless ? '' : ' (its instances are billed once it is in service)'}: delete it from the Endpoints view if you do not want it.`;
      log.info(message);
      void vscode.window.showInformationMessage(message, SHOW_ENDPOINTS).then(c => { if (c === SHOW_ENDPOINTS) void vscode.commands.executeCommand('sagemaker.endpoints.focus'); });
      return { outcome: 'wait-cancelled', ...base };
    }
    default: {
      const message = `SageMaker: endpoint ${name} is ${waited.endpoint?.EndpointStatus ?? 'in an unexpected state'}.`;
      void vscode.window.showWarningMessage(message, SHOW_LOGS).then(c => { if (c === SHOW_LOGS) void vscode.commands.executeCommand('sagemaker.tailLogs', endpointNode(name)); });
      return { outcome: 'stopped', ...base };
    }
  }
}
