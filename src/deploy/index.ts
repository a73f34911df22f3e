/**
 * "SageMaker: Deploy Model…": `deployTrainingJob` (deployTrainingJob.ts) does the work; `createDeploy` binds it to
 * the extension's services once, and the command table (src/commands/commandTable.ts) runs it.
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
}

export interface DeployApi {
  /** "SageMaker: Deploy Model…" on a training job by name (else one picked). Undefined when the user backed out. */
  deploy(jobName: string | undefined, options?: DeployOptions): Promise<DeployOutcome | undefined>;
}

export function createDeploy(_context: vscode.ExtensionContext, deps: DeployDeps): DeployApi {
  const services: DeployServices = {
    connection: deps.connection,
    ...(deps.endpoints ? { endpoints: deps.endpoints } : {}),
    log: () => deps.log ?? sageMakerLog(),
  };
  return { deploy: (jobName, options) => deployTrainingJob(services, jobName, options) };
}
