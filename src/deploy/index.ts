/**
 * "SageMaker: Deploy Model…": the feature's command handlers as plain functions of their services
 * (`deployTrainingJob` in deployTrainingJob.ts does the work). `deployCommands` maps command ids to them for the
 * extension's command table; `registerDeploy` is the adapter the extension calls once until that table exists.
 */
import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { EndpointDetails, TrainingJobDetails, TrainingJobFilter } from '../aws/resources';
import type { Connection } from '../platform/connection';
import { sageMakerLog } from '../platform/extensionLog';
import type { PagedResourceTree } from '../views/pagedTree';
import { deployTrainingJob, type DeployOptions, type DeployOutcome, type DeployServices } from './deployTrainingJob';

export { deployTrainingJob, type DeployOptions, type DeployOutcome, type DeployServices } from './deployTrainingJob';

type JobTree = PagedResourceTree<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter>;
type EndpointTree = PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;

export interface DeployDeps {
  connection: Connection;
  trainingJobs?: JobTree;
  endpoints?: EndpointTree;
  log?: vscode.LogOutputChannel;
  /** Register `sagemaker.deploy` here (default); false when the extension dispatches it itself (see `commands`). */
  registerCommands?: boolean;
}

export interface DeployApi {
  /** Deploys a training job (by name or tree node), as the command does. Undefined when the user backed out. */
  deploy(job: string | unknown, options?: DeployOptions): Promise<DeployOutcome | undefined>;
  /** The command handlers, by command id (registered already unless `registerCommands` was false). */
  readonly commands: Record<string, (...args: any[]) => unknown>;
}

/** The deploy feature's commands, by command id. */
export function deployCommands(services: DeployServices): Record<string, (...args: any[]) => unknown> {
  return {
    'sagemaker.deploy': (target?: unknown, options?: DeployOptions) => deployTrainingJob(services, target, options),
  };
}

export function registerDeploy(context: vscode.ExtensionContext, deps: DeployDeps): DeployApi {
  const services: DeployServices = {
    connection: deps.connection,
    ...(deps.endpoints ? { endpoints: deps.endpoints } : {}),
    log: () => deps.log ?? sageMakerLog(),
  };
  const commands = deployCommands(services);
  if (deps.registerCommands !== false) {
    for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
  return { deploy: (job, options) => deployTrainingJob(services, job, options), commands };
}
