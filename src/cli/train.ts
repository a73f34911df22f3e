import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { numberLiteralsFromJson } from '../core/estimator/hyperparameters';
import { LocalModeError } from '../core/local/errors';
import { formatLocalJobLine } from '../core/local/jobOutput';
import { defaultLocalJobName, isLocalInstanceType, startLocalTrainingJob } from '../core/local/localJob';
import type { CliIo } from './io';
import { loadEstimatorArg } from './estimatorArg';
import { checkAwsOptions } from './options';

export const TRAIN_USAGE = 'train <estimator.json> [--job-name N] [--python P] [--no-venv] [--workspace DIR] [--region R] [--profile P] [--endpoint-url URL]';

/**
 * `sagemaker-estimator train`: runs a local-mode estimator (instance_type "local" / "local_gpu") on this machine,
 * printing its logs as they come (requirements.txt goes into a cached venv unless --no-venv or SAGEMAKER_LOCAL_VENV=0); exits 0 when the job is Completed, 1 when it is Failed or Stopped (Ctrl-C stops it).
 */
export async function trainCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'job-name': { type: 'string' }, python: { type: 'string' }, 'no-venv': { type: 'boolean' }, workspace: { type: 'string' },
      region: { type: 'string' }, profile: { type: 'string' }, 'endpoint-url': { type: 'string' },
    },
    allowPositionals: true, strict: true,
  });
  checkAwsOptions(values);
  const workspace = resolve(io.cwd, values.workspace ?? '.');
  const arg = loadEstimatorArg('train', TRAIN_USAGE, positionals, io, { workspaceFolder: workspace, region: values.region });
  if (!arg) return 1;
  const { file, path, text } = arg;
  const spec = arg.spec;
  if (!isLocalInstanceType(spec.instance_type)) {
    io.stderr.write(
      `sagemaker-estimator: ${file}: instance_type is ${spec.instance_type ? `"${spec.instance_type}"` : 'not set'}; ` +
        'train runs local jobs only ("instance_type": "local" or "local_gpu"). ' +
        `To launch this job on SageMaker and follow it, run: sagemaker-estimator fit ${file}\n`,
    );
    return 1;
  }

  const region = values.region ?? spec.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  let clients: import('../aws/clientFactory').AwsClients | undefined;
  const downloadS3 = async (uri: string, dest: string): Promise<void> => {
    // Loaded on first use: a job with local data never touches the AWS SDK.
    const [{ createAwsClients }, { downloadS3Uri }] = await Promise.all([import('../aws/clientFactory'), import('../aws/s3Download')]);
    clients ??= createAwsClients({ profile: values.profile ?? io.env.AWS_PROFILE ?? '', region: region ?? '', endpointUrl: values['endpoint-url'] ?? '' });
    await downloadS3Uri(clients.s3(), uri, dest);
  };
  const jobName = values['job-name'] ?? spec.job_name ?? defaultLocalJobName(spec);
  const python = values.python ?? io.env.SAGEMAKER_LOCAL_PYTHON ?? 'python3';
  let handle;
  try {
    handle = startLocalTrainingJob(spec, {
      estimatorDir: dirname(path),
      workspaceDir: workspace,
      jobName,
      python,
      useVenv: !values['no-venv'] && io.env.SAGEMAKER_LOCAL_VENV !== '0',
      ...(region ? { region } : {}),
      env: io.env as NodeJS.ProcessEnv,
      downloadS3,
      numberLiterals: numberLiteralsFromJson(text),
      estimatorFile: path,
    });
  } catch (error) {
    if (error instanceof LocalModeError) {
      io.stderr.write(`${file}: error: ${error.field ? `${error.field}: ` : ''}${error.message}\n`);
      return 1;
    }
    throw error;
  }
  io.stdout.write(`Local training job ${jobName} in ${handle.jobDir}\n`);
  handle.events.on('line', (line) => {
    (line.stream === 'stderr' ? io.stderr : io.stdout).write(`${formatLocalJobLine(line)}\n`);
  });
  const onSignal = (): void => {
    void handle.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result;
  try {
    result = await handle.done;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    clients?.destroy();
  }
  const seconds = ((result.endedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(1);
  io.stdout.write(`\nTraining job ${jobName}: ${result.status} (${seconds} s)\n`);
  if (result.failureReason) io.stdout.write(`Failure reason: ${result.failureReason}\n`);
  for (const m of result.finalMetrics) io.stdout.write(`  ${m.name} = ${m.value}\n`);
  if (result.modelArtifacts) io.stdout.write(`Model artifacts: ${result.modelArtifacts}\n`);
  if (result.status === 'Completed') io.stdout.write(`Serve it: sagemaker-estimator serve ${jobName}\n`);
  return result.status === 'Completed' ? 0 : 1;
}
