import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAccount } from '../aws/account';
import { launchTrainingJob, type LaunchResult } from '../aws/launchTrainingJob';
import type { AwsClients } from '../aws/clientFactory';
import { planEstimator } from '../core/estimator/plan';
import type { TrainingJobPlan } from '../core/estimator/request';
import { isLaunchError, type LaunchErrorKind } from '../core/launch/errors';
import { isLocalInstanceType } from '../core/local/localJob';
import { fitCostGate, parseMaxCost } from './costs';
import { AwsCommandError, awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, progressNotes, regionOf, type GlobalValues } from './awsOptions';
import { formatDiagnostic, loadEstimatorArg, type EstimatorArg } from './estimatorArg';
import { followTrainingJob } from './follow';
import type { CliIo } from './io';
import { checkAwsOptions } from './options';
import { trainCommand } from './train';

export const FIT_USAGE = `fit <estimator.json> [--job-name N] [--max-cost USD] [--no-wait] [--no-logs] [--detach-on-interrupt] ${GLOBAL_USAGE}`;

export const FIT_HELP = `Launch the estimator's training job exactly as VS Code's Launch Training Job does (validation, account,
default bucket, uploads with progress on stderr, sourcedir.tar.gz, CreateTrainingJob with the request \`plan\`
prints), then follow it like fit(wait=True, logs=True): the log lines of every instance ([algo-N] before each
when there are several), the status transitions and the end summary. Before anything is uploaded, it prints
the estimated cost on stderr (on-demand price per hour × instances, the worst case for max_run, spot and warm pool).
  --job-name N            the job's name (default: base_job_name or the image's name, plus a timestamp)
  --max-cost USD          refuse (exit 1, nothing uploaded or created) when the worst case (max_run × on-demand price ×
                          instances, plus the warm pool) is above USD, or when prices are unknown and it cannot be checked
  --no-wait               print the job's name and exit 0 once it is created
  --no-logs               wait for the job without printing its logs (status transitions only)
  --detach-on-interrupt   Ctrl-C leaves the job running instead of asking whether to stop it
  --json                  stdout holds one JSON object ({"TrainingJobName", "TrainingJobStatus", "FailureReason"}); logs go to stderr
  --quiet                 no progress, no log lines: only the end summary and errors
Ctrl-C asks whether to stop the job (without a terminal, it is stopped) and says which it did.
An expired AWS session (SSO, temporary credentials) while following pauses instead of ending: one line on stderr
names the profile and the command that renews it (aws sso login --profile P); it is checked again every minute,
and the tail resumes where it was (no line is lost or printed twice).
A local-mode estimator ("instance_type": "local") runs on this machine, as \`train\` does.
Exit status: 0 the job Completed (or was created, with --no-wait), 1 it Failed (the reason is printed) or was
Stopped, or the file has problems, 3 AWS refused a call, 130 Ctrl-C left the job running.`;

/** Launch failures that are about the file or its data (exit 1); the others are AWS's refusals (exit 3). */
const FILE_PROBLEMS: ReadonlySet<LaunchErrorKind> = new Set(['validation', 'local-files', 'job-exists']);

/** `sagemaker-estimator fit`: launch, then follow the job to its end. */
export async function fitCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...GLOBAL_OPTIONS, 'job-name': { type: 'string' }, 'no-wait': { type: 'boolean' }, 'no-logs': { type: 'boolean' },
      'detach-on-interrupt': { type: 'boolean' }, account: { type: 'string' }, 'max-cost': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  checkAwsOptions(values);
  // A usage error before the file is read or AWS is asked anything (the gate reads it again after the plan).
  parseMaxCost(values['max-cost']);
  const arg = loadEstimatorArg('fit', FIT_USAGE, positionals, io, { region: values.region });
  if (!arg) return 1;
  if (isLocalInstanceType(arg.spec.instance_type)) return trainCommand(localArgs(arg.file, values), io);

  const region = regionOf(values, io, arg.spec.region);
  const clients = cliClients(values, io, region);
  try {
    const plan = await planFit(arg, values, clients, io);
    if (!plan) return 1;
    const refused = await fitCostGate(clients, plan.plan, plan.region, values, io);
    if (refused !== undefined) return refused;
    const result = await launch(clients, plan.plan, plan.account, plan.region, values, io);
    if (typeof result === 'number') return result;
    if (values['no-wait']) {
      io.stdout.write(values.json ? `${JSON.stringify({ TrainingJobName: result.jobName, TrainingJobArn: result.trainingJobArn })}\n` : `${result.jobName}\n`);
      return 0;
    }
    const followed = await followTrainingJob(clients, result.jobName, values, io, {
      logs: !values['no-logs'], detachOnInterrupt: values['detach-on-interrupt'] === true,
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify({
        TrainingJobName: result.jobName, TrainingJobStatus: followed.status ?? null, FailureReason: followed.failureReason ?? null,
      })}\n`);
    }
    return followed.exitCode;
  } finally {
    clients.destroy();
  }
}

/** `train`'s arguments for a local-mode estimator (the options fit and train share). */
function localArgs(file: string, values: GlobalValues & { 'job-name'?: string | undefined }): string[] {
  return [
    file,
    ...(values['job-name'] ? ['--job-name', values['job-name']] : []),
    ...(values.region ? ['--region', values.region] : []),
    ...(values.profile ? ['--profile', values.profile] : []),
    ...(values['endpoint-url'] ? ['--endpoint-url', values['endpoint-url']] : []),
  ];
}

/** Region, account and the plan, as `plan` prints it; undefined after printing the file's problems. */
async function planFit(arg: EstimatorArg, values: GlobalValues & { 'job-name'?: string | undefined; account?: string | undefined }, clients: AwsClients, io: CliIo)
  : Promise<{ plan: TrainingJobPlan; region: string; account: string } | undefined> {
  const region = regionOf(values, io, arg.spec.region) ?? await awsStep('resolve the AWS region', clients, () => clients.region());
  const account = values.account ?? await awsStep('resolve the AWS account (STS GetCallerIdentity)', clients, () => resolveAccount(clients));
  const result = planEstimator(arg.text, arg.spec, {
    region, account, baseDir: dirname(arg.path), ...(values['job-name'] ? { jobName: values['job-name'] } : {}),
  });
  for (const diagnostic of result.diagnostics) io.stderr.write(`${formatDiagnostic(arg.file, diagnostic)}\n`);
  return result.plan ? { plan: result.plan, region, account } : undefined;
}

/** Uploads and CreateTrainingJob, progress on stderr; the exit code when it failed (after one line saying why). */
async function launch(clients: AwsClients, plan: TrainingJobPlan, account: string, region: string, values: GlobalValues, io: CliIo)
  : Promise<LaunchResult | number> {
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  const onProgress = progressNotes(values, io, plan.jobName);
  try {
    return await launchTrainingJob(clients, plan, { signal: controller.signal, onProgress, account, region });
  } catch (error) {
    if (controller.signal.aborted) {
      io.stderr.write(`sagemaker-estimator: launch of ${plan.jobName} cancelled (Ctrl-C); no training job was created.\n`);
      return 130;
    }
    if (isLaunchError(error)) {
      if (FILE_PROBLEMS.has(error.kind)) {
        io.stderr.write(`sagemaker-estimator: ${error.message}\n`);
        return 1;
      }
      throw new AwsCommandError(error.message);
    }
    throw error;
  } finally {
    unsubscribe();
  }
}
