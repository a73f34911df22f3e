/**
 * Every subcommand once: its name, and its module loaded on demand (its usage line, what `help <command>` says
 * about it, the function that runs it). The modules are loaded with import() so that the bundle splits at each
 * command: `plan` evaluates the estimator core only, not the AWS SDK the other commands use.
 */
import type { CliIo } from './io';

export interface LoadedCliCommand {
  usage: string;
  help: string;
  run(argv: string[], io: CliIo): Promise<number> | number;
}

export interface CliCommand {
  name: string;
  /** One line for the overview of all commands (`help`); `help <command>` prints the whole text. */
  summary: string;
  load(): Promise<LoadedCliCommand>;
}

const PLAN_HELP = `Print the CreateTrainingJob request the estimator file becomes (local inputs and source_dir at the S3 URIs
they will be uploaded to), without sending anything. Without --account, the account comes from STS GetCallerIdentity.`;
const DEPLOY_PLAN_HELP = `Print the CreateModel, CreateEndpointConfig and CreateEndpoint requests that deploying a completed training
job sends (as estimator.deploy() does), without sending them. The job is read with DescribeTrainingJob (or
--job-file); deploy() arguments come from the estimator's "deploy" section and the options.`;
const IMAGE_URI_HELP = 'Print the image URI that sagemaker.image_uris.retrieve() gives.';
const TRAIN_HELP = `Run a local-mode estimator ("instance_type": "local") on this machine, printing its logs; exit 0 when the
job is Completed, 1 when it is Failed or Stopped. The job folder is .sagemaker/local/<job>/.`;
const SERVE_HELP = 'Serve a Completed local job on 127.0.0.1 (GET /ping, POST /invocations) until Ctrl-C.';

export const COMMANDS: readonly CliCommand[] = [
  { name: 'plan', summary: 'Print the CreateTrainingJob request an estimator file becomes, without sending anything.',
    load: async () => { const m = await import('./plan'); return { usage: m.PLAN_USAGE, help: PLAN_HELP, run: m.planCommand }; } },
  { name: 'fit', summary: "Launch an estimator's training job and follow it to its end, as fit(wait=True, logs=True) does.",
    load: async () => { const m = await import('./fit'); return { usage: m.FIT_USAGE, help: m.FIT_HELP, run: m.fitCommand }; } },
  { name: 'logs', summary: "Print a training job's CloudWatch logs (every instance, in time order), or an endpoint's.",
    load: async () => { const m = await import('./logs'); return { usage: m.LOGS_USAGE, help: m.LOGS_HELP, run: m.logsCommand }; } },
  { name: 'describe', summary: "Print DescribeTrainingJob's reply (or DescribeEndpoint's) as JSON.",
    load: async () => {
      const m = await import('./describe');
      return { usage: m.DESCRIBE_USAGE, help: m.DESCRIBE_HELP, run: m.describeCommand };
    } },
  { name: 'list', summary: 'List training jobs, newest first.',
    load: async () => { const m = await import('./list'); return { usage: m.LIST_USAGE, help: m.LIST_HELP, run: m.listCommand }; } },
  { name: 'stop', summary: 'Stop a training job (StopTrainingJob).',
    load: async () => { const m = await import('./stop'); return { usage: m.STOP_USAGE, help: m.STOP_HELP, run: m.stopCommand }; } },
  { name: 'wait', summary: 'Wait until a training job ends, printing its status transitions and the end summary.',
    load: async () => { const m = await import('./wait'); return { usage: m.WAIT_USAGE, help: m.WAIT_HELP, run: m.waitCommand }; } },
  { name: 'deploy-plan', summary: 'Print the requests that deploying a completed training job sends, without sending them.',
    load: async () => {
      const m = await import('./deployPlan');
      return { usage: m.DEPLOY_PLAN_USAGE, help: DEPLOY_PLAN_HELP, run: m.deployPlanCommand };
    } },
  { name: 'deploy', summary: 'Deploy a Completed training job to an endpoint, as estimator.deploy() does.',
    load: async () => { const m = await import('./deploy'); return { usage: m.DEPLOY_USAGE, help: m.DEPLOY_HELP, run: m.deployCommand }; } },
  { name: 'delete-endpoint', summary: 'Delete an endpoint (DeleteEndpoint), and on request its configuration and models.',
    load: async () => {
      const m = await import('./deleteEndpoint');
      return { usage: m.DELETE_ENDPOINT_USAGE, help: m.DELETE_ENDPOINT_HELP, run: m.deleteEndpointCommand };
    } },
  { name: 'image-uri', summary: 'Print the image URI that sagemaker.image_uris.retrieve() gives.',
    load: async () => {
      const m = await import('./imageUri');
      return { usage: m.IMAGE_URI_USAGE, help: IMAGE_URI_HELP, run: m.imageUriCommand };
    } },
  { name: 'train', summary: 'Run a local-mode estimator on this machine, printing its logs.',
    load: async () => { const m = await import('./train'); return { usage: m.TRAIN_USAGE, help: TRAIN_HELP, run: m.trainCommand }; } },
  { name: 'serve', summary: 'Serve a Completed local job on 127.0.0.1 (GET /ping, POST /invocations) until Ctrl-C.',
    load: async () => { const m = await import('./serve'); return { usage: m.SERVE_USAGE, help: SERVE_HELP, run: m.serveCommand }; } },
  { name: 'invoke', summary: "Send one request to an endpoint, local or SageMaker, and print the reply's body.",
    load: async () => {
      const m = await import('./invoke');
      return { usage: m.INVOKE_USAGE, help: m.INVOKE_HELP, run: m.invokeCommand };
    } },
  { name: 'export', summary: 'Print the Python (SDK v2, SDK v3 or boto3) that does what an estimator file does.',
    load: async () => {
      const m = await import('./export');
      return { usage: m.EXPORT_USAGE, help: m.EXPORT_HELP, run: m.exportCommand };
    } },
  { name: 'upload-data', summary: 'Upload a file or a folder to S3, as sagemaker_session.upload_data() does, and print its S3 URI.',
    load: async () => {
      const m = await import('./uploadData');
      return { usage: m.UPLOAD_DATA_USAGE, help: m.UPLOAD_DATA_HELP, run: m.uploadDataCommand };
    } },
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find(c => c.name === name);
}
