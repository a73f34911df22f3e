/** Every subcommand once: its usage line, what `help <command>` says about it, and the function that runs it. */
import { DEPLOY_PLAN_USAGE, deployPlanCommand } from './deployPlan';
import { DESCRIBE_HELP, DESCRIBE_USAGE, describeCommand } from './describe';
import { EXPORT_HELP, EXPORT_USAGE, exportCommand } from './export';
import { FIT_HELP, FIT_USAGE, fitCommand } from './fit';
import { IMAGE_URI_USAGE, imageUriCommand } from './imageUri';
import type { CliIo } from './io';
import { INVOKE_HELP, INVOKE_USAGE, invokeCommand } from './invoke';
import { DEPLOY_HELP, DEPLOY_USAGE, deployCommand } from './deploy';
import { DELETE_ENDPOINT_HELP, DELETE_ENDPOINT_USAGE, deleteEndpointCommand } from './deleteEndpoint';
import { LIST_HELP, LIST_USAGE, listCommand } from './list';
import { LOGS_HELP, LOGS_USAGE, logsCommand } from './logs';
import { PLAN_USAGE, planCommand } from './plan';
import { SERVE_USAGE, serveCommand } from './serve';
import { STOP_HELP, STOP_USAGE, stopCommand } from './stop';
import { TRAIN_USAGE, trainCommand } from './train';
import { WAIT_HELP, WAIT_USAGE, waitCommand } from './wait';
import { UPLOAD_DATA_HELP, UPLOAD_DATA_USAGE, uploadDataCommand } from './uploadData';

export interface CliCommand {
  name: string;
  usage: string;
  help: string;
  run(argv: string[], io: CliIo): Promise<number> | number;
}

export const COMMANDS: readonly CliCommand[] = [
  { name: 'plan', usage: PLAN_USAGE, run: planCommand,
    help: `Print the CreateTrainingJob request the estimator file becomes (local inputs and source_dir at the S3 URIs
they will be uploaded to), without sending anything. Without --account, the account comes from STS GetCallerIdentity.` },
  { name: 'fit', usage: FIT_USAGE, help: FIT_HELP, run: fitCommand },
  { name: 'logs', usage: LOGS_USAGE, help: LOGS_HELP, run: logsCommand },
  { name: 'describe', usage: DESCRIBE_USAGE, help: DESCRIBE_HELP, run: describeCommand },
  { name: 'list', usage: LIST_USAGE, help: LIST_HELP, run: listCommand },
  { name: 'stop', usage: STOP_USAGE, help: STOP_HELP, run: stopCommand },
  { name: 'wait', usage: WAIT_USAGE, help: WAIT_HELP, run: waitCommand },
  { name: 'deploy-plan', usage: DEPLOY_PLAN_USAGE, run: deployPlanCommand,
    help: `Print the CreateModel, CreateEndpointConfig and CreateEndpoint requests that deploying a completed training
job sends (as estimator.deploy() does), without sending them. The job is read with DescribeTrainingJob (or
--job-file); deploy() arguments come from the estimator's "deploy" section and the options.` },
  { name: 'deploy', usage: DEPLOY_USAGE, help: DEPLOY_HELP, run: deployCommand },
  { name: 'delete-endpoint', usage: DELETE_ENDPOINT_USAGE, help: DELETE_ENDPOINT_HELP, run: deleteEndpointCommand },
  { name: 'image-uri', usage: IMAGE_URI_USAGE, run: imageUriCommand,
    help: 'Print the image URI that sagemaker.image_uris.retrieve() gives.' },
  { name: 'train', usage: TRAIN_USAGE, run: trainCommand,
    help: `Run a local-mode estimator ("instance_type": "local") on this machine, printing its logs; exit 0 when the
job is Completed, 1 when it is Failed or Stopped. The job folder is .sagemaker/local/<job>/.` },
  { name: 'serve', usage: SERVE_USAGE, run: serveCommand,
    help: 'Serve a Completed local job on 127.0.0.1 (GET /ping, POST /invocations) until Ctrl-C.' },
  { name: 'invoke', usage: INVOKE_USAGE, help: INVOKE_HELP, run: invokeCommand },
  { name: 'export', usage: EXPORT_USAGE, help: EXPORT_HELP, run: exportCommand },
  { name: 'upload-data', usage: UPLOAD_DATA_USAGE, help: UPLOAD_DATA_HELP, run: uploadDataCommand },
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find(c => c.name === name);
}
