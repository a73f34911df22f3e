import { DEPLOY_PLAN_USAGE, deployPlanCommand } from './deployPlan';
import { IMAGE_URI_USAGE, imageUriCommand } from './imageUri';
import type { CliIo } from './io';
import { INVOKE_USAGE, invokeCommand } from './invoke';
import { UsageError } from './options';
import { PLAN_USAGE, planCommand } from './plan';
import { SERVE_USAGE, serveCommand } from './serve';
import { TRAIN_USAGE, trainCommand } from './train';

export type { CliIo } from './io';

const USAGE = `Usage: sagemaker-estimator <command> [options]

Commands:
  ${PLAN_USAGE}
      Print the CreateTrainingJob request the estimator file becomes (local inputs and source_dir at the
      S3 URIs they will be uploaded to). Without --account, the account comes from STS GetCallerIdentity.
  ${DEPLOY_PLAN_USAGE}
      Print the CreateModel, CreateEndpointConfig and CreateEndpoint requests that deploying a completed
      training job sends (as estimator.deploy() does), without sending them. The job is read with
      DescribeTrainingJob (or --job-file); deploy() arguments come from the estimator's "deploy" section and the options.
  ${IMAGE_URI_USAGE}
      Print the image URI that sagemaker.image_uris.retrieve() gives.
  ${TRAIN_USAGE}
      Run a local-mode estimator ("instance_type": "local") on this machine, printing its logs; exit 0 when
      the job is Completed, 1 when it is Failed or Stopped. The job folder is .sagemaker/local/<job>/.
  ${SERVE_USAGE}
      Serve a Completed local job on 127.0.0.1 (GET /ping, POST /invocations) until Ctrl-C.
  ${INVOKE_USAGE}
      Send one request to a local endpoint and print the response body.
  help
      Show this text.

Exit status: 0 done, 1 failed, 2 an option value that is not valid (--job-name, --account, --region, --endpoint-url).
`;

/** The command-line entry, kept free of process globals so tests can drive it. Returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'plan':
        return await planCommand(rest, io);
      case 'deploy-plan':
        return await deployPlanCommand(rest, io);
      case 'image-uri':
        return imageUriCommand(rest, io);
      case 'train':
        return await trainCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'invoke':
        return await invokeCommand(rest, io);
      case 'help': case '--help': case '-h':
        io.stdout.write(USAGE);
        return 0;
      case undefined:
        io.stderr.write(USAGE);
        return 1;
      default:
        io.stderr.write(`sagemaker-estimator: unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sagemaker-estimator: ${error.message}\n`);
      return 2;
    }
    // parseArgs' errors name the bad option; anything else is reported the same way.
    io.stderr.write(`sagemaker-estimator: ${(error as Error).message}\n`);
    return 1;
  }
}
