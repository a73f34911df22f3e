import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAccount } from '../aws/account';
import { createAwsClients } from '../aws/clientFactory';
import { describeTrainingJob } from '../aws/resources';
import { buildDeployPlan, deployPlanOutput, type DeployPlan, type TrainingJobDescription } from '../core/deploy/plan';
import { loadEstimator } from '../core/estimator/load';
import type { DeploySpec, EstimatorSpec } from '../core/estimator/types';
import { awsProblemText } from './awsOptions';
import type { CliIo } from './io';
import { formatDiagnostic, readEstimatorText } from './estimatorArg';
import { checkAwsOptions, UsageError } from './options';

export const DEPLOY_PLAN_USAGE = 'deploy-plan <training-job-name> [--estimator F] [--job-file F] [--instance-type T] [--instance-count N] '
  + '[--serverless-memory MB] [--serverless-max-concurrency N] [--endpoint-name N] [--model-name N] [--region R] [--account A] '
  + '[--profile P] [--endpoint-url URL] [--now ISO-TIME]';

/**
 * `sagemaker-estimator deploy-plan`: the CreateModel, CreateEndpointConfig and CreateEndpoint requests that
 * deploying a completed training job sends, as JSON on stdout, without sending them. The job is read with
 * DescribeTrainingJob (or from --job-file, a saved DescribeTrainingJob reply); deploy() arguments come from the
 * estimator file's `deploy` section, overridden by the options. `--now` fixes the time of the generated names
 * (the SDK's timestamp), to compare a plan with what a deploy made.
 */
export const DEPLOY_PLAN_OPTIONS = {
  estimator: { type: 'string' }, 'job-file': { type: 'string' },
  'instance-type': { type: 'string' }, 'instance-count': { type: 'string' },
  'serverless-memory': { type: 'string' }, 'serverless-max-concurrency': { type: 'string' },
  'endpoint-name': { type: 'string' }, 'model-name': { type: 'string' },
  region: { type: 'string' }, account: { type: 'string' }, profile: { type: 'string' }, 'endpoint-url': { type: 'string' },
  now: { type: 'string' },
} as const;

export async function deployPlanCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: DEPLOY_PLAN_OPTIONS, allowPositionals: true, strict: true });
  const resolved = await resolveDeployPlan('deploy-plan', values, positionals, io);
  if (typeof resolved === 'number') return resolved;
  io.stdout.write(`${deployPlanOutput(resolved.plan)}\n`);
  return 0;
}

/**
 * The plan `deploy-plan` prints and `deploy` sends: the job, the estimator's deploy section and the options.
 * A number is the exit code when it cannot be made (the reason printed).
 */
export async function resolveDeployPlan(command: string, values: DeployPlanValues, positionals: string[], io: CliIo): Promise<{ plan: DeployPlan; region: string; account: string } | number> {
  checkAwsOptions(values);
  if (positionals.length > 1 || (positionals.length === 0 && !values['job-file'])) {
    throw new UsageError(`${command} takes one training job name (or --job-file). Usage: sagemaker-estimator ${command === 'deploy' ? DEPLOY_PLAN_USAGE.replace('deploy-plan', 'deploy') : DEPLOY_PLAN_USAGE}`);
  }
  const instanceType = values['instance-type'];
  if (instanceType === 'local' || instanceType === 'local_gpu') {
    throw new UsageError(`--instance-type ${instanceType}: ${command} plans SageMaker endpoints (ml.* instances or serverless). `
      + 'To serve a local job\'s model on this machine, run: sagemaker-estimator serve <local-job>');
  }

  const estimator = readEstimatorOption(values, io);
  if (estimator === null) return 1;
  const deploy = deployArguments(values, estimator);
  if (!deploy.instance_type && (deploy.serverless_inference_config === undefined || deploy.serverless_inference_config === null)) {
    throw new UsageError(`${command} needs where to serve: --instance-type (e.g. ml.m5.large, with --instance-count, default 1) or --serverless-memory MB, `
      + 'or an --estimator whose "deploy" section names one.');
  }
  const target = await readJobAndTarget(values, positionals, estimator, io);
  if (!target) return 3;
  const { job, region, account } = target;
  const now = values.now !== undefined ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) {
    throw new UsageError(`--now must be a date and time such as 2026-11-25T12:00:00.000Z, not "${values.now}".`);
  }
  let plan;
  try {
    plan = buildDeployPlan(job, estimator, { region, account, deploy, ...(now ? { now } : {}) });
  } catch (error) {
    io.stderr.write(`sagemaker-estimator: ${(error as Error).message}\n`);
    return 1;
  }
  if (plan.repack) {
    io.stderr.write(`note: the model is repacked with its code (${plan.repack.sourceDir ?? 'none'}) into ${plan.repack.target} before CreateModel, `
      + `as the SageMaker Python SDK does for ${plan.framework?.name} ${plan.framework?.version ?? ''}.\n`);
  }
  return { plan, region, account };
}

export type DeployPlanValues = Partial<Record<'estimator' | 'job-file' | 'instance-type' | 'instance-count' | 'serverless-memory' | 'serverless-max-concurrency'
  | 'endpoint-name' | 'model-name' | 'region' | 'account' | 'profile' | 'endpoint-url' | 'now', string>>;

/** `--estimator`, loaded (its problems printed); undefined without one, null when it cannot be used. */
function readEstimatorOption(values: DeployPlanValues, io: CliIo): EstimatorSpec | undefined | null {
  if (!values.estimator) return undefined;
  const path = resolve(io.cwd, values.estimator);
  const text = readEstimatorText(values.estimator, path, io);
  if (text === undefined) return null;
  const loaded = loadEstimator(text, { fileName: path, env: io.env, workspaceFolder: io.cwd, ...(values.region ? { region: values.region } : {}) });
  for (const diagnostic of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(values.estimator, diagnostic)}\n`);
  return loaded.spec ?? null;
}

/** The estimator's `deploy` section, overridden by the capacity and name options. */
function deployArguments(values: DeployPlanValues, estimator: EstimatorSpec | undefined): DeploySpec {
  const deploy: DeploySpec = { ...(estimator?.deploy ?? {}) };
  const int = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${value}".`);
    return n;
  };
  if (values['instance-type']) {
    deploy.instance_type = values['instance-type'];
    delete deploy.serverless_inference_config;
    deploy.initial_instance_count ??= 1;
  }
  if (values['instance-count']) deploy.initial_instance_count = int('instance-count', values['instance-count']);
  if (values['serverless-memory'] || values['serverless-max-concurrency']) {
    deploy.serverless_inference_config = {
      ...(deploy.serverless_inference_config ?? {}),
      ...(values['serverless-memory'] ? { memory_size_in_mb: int('serverless-memory', values['serverless-memory']) } : {}),
      ...(values['serverless-max-concurrency'] ? { max_concurrency: int('serverless-max-concurrency', values['serverless-max-concurrency']) } : {}),
    };
    delete deploy.instance_type;
    delete deploy.initial_instance_count;
  }
  if (values['endpoint-name']) deploy.endpoint_name = values['endpoint-name'];
  if (values['model-name']) deploy.model_name = values['model-name'];

  return deploy;
}

/**
 * The job (DescribeTrainingJob, or `--job-file`) and the region and account to plan for: the options, the
 * estimator's region, the job file's ARN, else the AWS configuration. Undefined (the reason printed) when unknown.
 */
async function readJobAndTarget(values: DeployPlanValues, positionals: string[], estimator: EstimatorSpec | undefined, io: CliIo)
  : Promise<{ job: TrainingJobDescription; region: string; account: string } | undefined> {
  let region = values.region ?? estimator?.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  let account = values.account;
  let job: TrainingJobDescription;
  const clients = createAwsClients({
    profile: values.profile ?? io.env.AWS_PROFILE ?? '',
    region: region ?? '',
    endpointUrl: values['endpoint-url'] ?? '',
  });
  try {
    if (values['job-file']) {
      job = JSON.parse(readFileSync(resolve(io.cwd, values['job-file']), 'utf8')) as TrainingJobDescription;
      if (!region) {
        const arnRegion = /^arn:[^:]+:sagemaker:([^:]+):/.exec(job.TrainingJobArn ?? '')?.[1];
        region = arnRegion;
      }
      account ??= /^arn:[^:]+:sagemaker:[^:]*:(\d+):/.exec(job.TrainingJobArn ?? '')?.[1];
    }
    try {
      region ??= await clients.region();
      account ??= await resolveAccount(clients);
    } catch (error) {
      io.stderr.write(`sagemaker-estimator: could not resolve the ${region ? 'account' : 'region'} (${(error as Error).message}). `
        + 'Pass --account and --region, or configure AWS credentials.\n');
      return undefined;
    }
    if (!values['job-file']) {
      try {
        job = await describeTrainingJob(clients, positionals[0]!);
      } catch (error) {
        const what = `describe training job ${positionals[0]}`;
        io.stderr.write(`sagemaker-estimator: could not ${what}: ${awsProblemText(what, error, values.profile ?? io.env.AWS_PROFILE)}\n`);
        return undefined;
      }
    }
  } finally {
    clients.destroy();
  }
  return { job: job!, region: region!, account: account! };
}
