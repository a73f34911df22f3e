/**
 * The CreateTrainingJob request of an estimator file, field for field what the SageMaker Python SDK
 * v2 (2.257) sends for `Estimator(**kwargs).fit(inputs, job_name=...)` or the framework estimators
 * (`PyTorch`, `TensorFlow`, `SKLearn`, `XGBoost`, `MXNet`, `HuggingFace`), with the keys in the
 * order of the SDK's request dict (`Session._get_train_request`).
 *
 * Where this deliberately differs from the SDK:
 * - Local data (`file://` URIs and plain paths, in `inputs` and `model_uri`) is accepted outside local
 *   mode and planned as uploads under `s3://<default bucket>/<job>/input/<channel>/` (see
 *   `channels.ts`); the SDK refuses it outside local mode.
 * - A bare IAM role name becomes `arn:<partition>:iam::<account>:role/<name>` without asking IAM
 *   (the SDK asks IAM, which also knows the role's path).
 * - No SageMaker Config file (`config.yaml` defaults), no JumpStart tags, no `git_config` cloning.
 */
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import { versionAtLeast } from '../versions';
import {
  channelsFromInputs,
  codeChannel,
  modelChannel,
  PlanError,
  s3PathJoin,
  type ChannelContext,
  type UploadPlan,
} from './channels';
import { baseNameFromImage, DEFAULT_BASE_JOB_NAME, nameFromBase } from './jobName';
import { debuggerSettings } from './requestDebugger';
import { buildHyperparameters, effectiveDistribution } from './requestHyperparameters';
import { buildImageUri, callRetrieve, jobRegion } from './requestImage';
import { CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH, stageCode } from './requestSourcedir';
import type { NumberLiterals } from './hyperparameters';
import type { EstimatorSpec } from './types';

export { PlanError, type UploadPlan } from './channels';
export { buildImageUri } from './requestImage';

/** Fields of the SDK's estimators that `types.ts` does not (yet) declare but the planner reads. */
export interface EstimatorSpecExtras {
  /** `enable_sagemaker_metrics`: `AlgorithmSpecification.EnableSageMakerMetricsTimeSeries`. */
  enable_sagemaker_metrics?: boolean | null;
  /** `TensorFlow(model_dir=...)`: the `model_dir` hyperparameter; `false` for none. */
  model_dir?: string | false | null;
  /** `instance_placement_config`: `ResourceConfig.InstancePlacementConfig`. */
  instance_placement_config?: Record<string, unknown> | null;
}

export type PlannableSpec = EstimatorSpec & EstimatorSpecExtras;

export interface PlanContext {
  /** The connection's region; the estimator's `region` wins. */
  region: string;
  /** The account the job runs in (default bucket, role ARN). */
  account: string;
  /** A job name that overrides the estimator's `job_name` (e.g. from the command line). */
  jobName?: string;
  /** The time of the job name's timestamp (default: now). */
  now?: Date;
  /** The folder of estimator.json: local paths are relative to it. */
  baseDir: string;
  /** Source text of the file's numbers (`numberLiteralsFromJson`), to tell `1.0` from `1`. */
  numberLiterals?: NumberLiterals;
}

export interface TrainingJobPlan {
  /** The exact CreateTrainingJob body (PascalCase API shape). */
  request: CreateTrainingJobRequest;
  /** Local files and folders to upload before creating the job. */
  uploads: UploadPlan[];
  /** `sagemaker-<region>-<account>`: where default outputs and local inputs go. */
  defaultBucket: string;
  jobName: string;
  imageUri: string;
}

/** The AWS partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** The partition field of an ARN (`arn:<partition>:…`), or undefined for a value that is not an ARN. */
export function partitionFromArn(arn: string): string | undefined {
  const match = /^arn:([a-z][a-z0-9-]*):/.exec(arn);
  return match?.[1];
}

/** `Session.expand_role`: a value with a `/` (an ARN, or a path) as is, else the role's ARN. */
export function expandRole(role: string, account: string, region: string): string {
  if (role.includes('/')) return role;
  return `arn:${partitionOf(region)}:iam::${account}:role/${role}`;
}

/** `Session.default_bucket()`'s name: `sagemaker-<region>-<account>`. */
export function defaultBucketName(region: string, account: string): string {
  return `sagemaker-${region}-${account}`;
}

type Obj = Record<string, unknown>;

/** What more than one part of the request depends on, settled before any part is built. */
interface JobBasics {
  spec: PlannableSpec;
  ctx: PlanContext;
  region: string;
  defaultBucket: string;
  distribution: Obj | undefined;
  imageUri: string;
  jobName: string;
  outputPath: string;
  /** Script mode: where the hyperparameters point the container at the code, and the code channel's URI if any. */
  code?: { codeDir: string; scriptName: string; channelUri?: string };
  /** Filled as the steps go: the code first, then the inputs, in the order they are uploaded. */
  uploads: UploadPlan[];
}

type RequestKey = keyof CreateTrainingJobRequest;
type RequestPart = Partial<Record<RequestKey, unknown>>;
type RequestStep = (job: JobBasics) => RequestPart;

/** The keys of `Session._get_train_request`, in its order: plans are compared with the SDK's byte for byte. */
const SDK_KEY_ORDER: readonly RequestKey[] = [
  'AlgorithmSpecification',
  'OutputDataConfig',
  'TrainingJobName',
  'StoppingCondition',
  'ResourceConfig',
  'RoleArn',
  'InfraCheckConfig',
  'InputDataConfig',
  'HyperParameters',
  'Environment',
  'Tags',
  'VpcConfig',
  'EnableNetworkIsolation',
  'EnableInterContainerTrafficEncryption',
  'EnableManagedSpotTraining',
  'CheckpointConfig',
  'DebugRuleConfigurations',
  'DebugHookConfig',
  'TensorBoardOutputConfig',
  'ProfilerRuleConfigurations',
  'ProfilerConfig',
  'RemoteDebugConfig',
  'SessionChainingConfig',
  'RetryStrategy',
];

const isLocalInstance = (t: string | undefined): boolean => t === 'local' || t === 'local_gpu';

/** The problems the SDK reports when the estimator is constructed, before anything is planned. */
function checkConstructorArguments(spec: PlannableSpec): void {
  // Local mode runs on this machine as the user: no role is assumed, so none is needed (the SDK's local mode ignores it too).
  if (!spec.role && !isLocalInstance(spec.instance_type)) {
    throw new PlanError(
      'An AWS IAM role is required to create an estimator: set "role" to the ARN (or name) of a role SageMaker can assume.',
      ['role'],
    );
  }
  if ((spec.subnets == null) !== (spec.security_group_ids == null)) {
    throw new PlanError('When setting up custom VPC, both subnets and security_group_ids must be set.', [
      spec.subnets == null ? 'subnets' : 'security_group_ids',
    ]);
  }
  if (spec.git_config) {
    throw new PlanError('git_config is not supported: clone the repository and point source_dir at it.', ['git_config']);
  }
  if (spec.framework && !spec.entry_point) {
    throw new PlanError(`The ${spec.framework} estimator needs an entry_point (the training script).`, ['entry_point']);
  }
}

/** Script mode: stages the code (an upload unless `source_dir` is on S3) and says where the container finds it. */
function stageScript(job: Omit<JobBasics, 'code'>, outputPathIsDefault: boolean): JobBasics['code'] {
  const { spec } = job;
  const dependencies = spec.dependencies ?? [];
  if (!spec.source_dir && !spec.entry_point && dependencies.length === 0) return undefined;
  if (!spec.entry_point) {
    throw new PlanError('entry_point is required with source_dir or dependencies.', ['entry_point']);
  }
  const staged = stageCode({
    entryPoint: spec.entry_point,
    sourceDir: spec.source_dir,
    dependencies,
    baseDir: job.ctx.baseDir,
    jobName: job.jobName,
    outputPath: job.outputPath,
    outputPathIsDefault,
    codeLocation: spec.code_location,
    outputKmsKey: spec.output_kms_key,
    defaultBucket: job.defaultBucket,
  });
  if (staged.upload) job.uploads.push(staged.upload);
  // With network isolation the container cannot reach S3: the code comes in as a channel instead.
  if (spec.enable_network_isolation === true) {
    return { codeDir: CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH, scriptName: staged.scriptName, channelUri: staged.s3Prefix };
  }
  return { codeDir: staged.s3Prefix, scriptName: staged.scriptName };
}

function settleJobBasics(spec: PlannableSpec, ctx: PlanContext): JobBasics {
  const region = jobRegion(spec, ctx.region);
  if (!region) throw new PlanError('No region: set "region" or choose one for the connection.', ['region']);
  const defaultBucket = defaultBucketName(region, ctx.account);
  checkConstructorArguments(spec);
  const distribution = effectiveDistribution(spec);
  const imageUri = buildImageUri(spec, region);
  const jobName =
    ctx.jobName ||
    spec.job_name ||
    nameFromBase(spec.base_job_name || baseNameFromImage(imageUri) || DEFAULT_BASE_JOB_NAME, ctx.now ?? new Date());
  const outputPath = spec.output_path ?? s3PathJoin(['s3://', defaultBucket], true);
  if (outputPath.toLowerCase().startsWith('file://') && !isLocalInstance(spec.instance_type)) {
    throw new PlanError(
      "The 'file://' output paths are only supported when using Local Mode: use an s3:// output_path.",
      ['output_path'],
    );
  }
  const job = { spec, ctx, region, defaultBucket, distribution, imageUri, jobName, outputPath, uploads: [] };
  return { ...job, code: stageScript(job, spec.output_path == null) };
}

function hyperparametersStep(job: JobBasics): RequestPart {
  const hyperparameters = buildHyperparameters({
    spec: job.spec,
    staged: job.code && job.code.codeDir ? { codeDir: job.code.codeDir, scriptName: job.code.scriptName } : undefined,
    jobName: job.jobName,
    region: job.region,
    outputPath: job.outputPath,
    distribution: job.distribution,
    literals: job.ctx.numberLiterals,
  });
  return hyperparameters.size > 0 ? { HyperParameters: Object.fromEntries(hyperparameters) } : {};
}

/** The inputs in order, then the model channel, then the code channel. */
function inputDataStep({ spec, ctx, defaultBucket, jobName, code, uploads }: JobBasics): RequestPart {
  const channelCtx: ChannelContext = { baseDir: ctx.baseDir, bucket: defaultBucket, jobName };
  let channels = channelsFromInputs(spec.inputs, channelCtx, uploads);
  if (spec.model_uri) {
    const name = spec.model_channel_name ?? 'model';
    const model = modelChannel(spec.model_uri, name, channels, channelCtx, uploads);
    channels = [...(channels ?? []), model];
  }
  if (code?.channelUri) {
    channels = [...(channels ?? []), codeChannel(code.channelUri, 'code', channels)];
  }
  return channels !== undefined ? { InputDataConfig: channels } : {};
}

/** `_Job._prepare_resource_config`, the warm pool's keep-alive period included. */
function resourceStep({ spec }: JobBasics): RequestPart {
  const resourceConfig: Obj = { VolumeSizeInGB: spec.volume_size ?? 30 };
  if (spec.volume_kms_key != null) resourceConfig.VolumeKmsKeyId = spec.volume_kms_key;
  if (spec.keep_alive_period_in_seconds != null) resourceConfig.KeepAlivePeriodInSeconds = spec.keep_alive_period_in_seconds;
  if (spec.instance_groups != null) {
    if (spec.instance_count != null || spec.instance_type != null) {
      throw new PlanError('instance_count and instance_type cannot be set when instance_groups is set.', ['instance_groups']);
    }
    resourceConfig.InstanceGroups = spec.instance_groups.map((g) => ({
      InstanceGroupName: g.instance_group_name,
      InstanceType: g.instance_type,
      InstanceCount: g.instance_count,
    }));
  } else {
    // SKLearn trains on exactly one instance.
    const count = spec.framework === 'sklearn' ? 1 : spec.instance_count;
    if (count == null || spec.instance_type == null) {
      throw new PlanError('instance_count and instance_type must be set if instance_groups is not set.', [
        spec.instance_type == null ? 'instance_type' : 'instance_count',
      ]);
    }
    resourceConfig.InstanceCount = count;
    resourceConfig.InstanceType = spec.instance_type;
  }
  if (spec.training_plan != null) resourceConfig.TrainingPlanArn = spec.training_plan;
  if (spec.instance_placement_config != null) resourceConfig.InstancePlacementConfig = spec.instance_placement_config;
  return { ResourceConfig: resourceConfig };
}

/** `enable_sagemaker_metrics` with the framework estimators' defaults. */
function sagemakerMetrics(spec: PlannableSpec): boolean | undefined {
  if ('enable_sagemaker_metrics' in spec) return spec.enable_sagemaker_metrics ?? undefined;
  const v = spec.framework_version;
  switch (spec.framework) {
    case 'pytorch':
      return v && versionAtLeast(v, '1.3') ? true : undefined;
    case 'tensorflow':
      return v && versionAtLeast(v, '1.15') ? true : undefined;
    case 'mxnet':
      return v && versionAtLeast(v, '1.6') ? true : undefined;
    case 'huggingface':
      return true;
    default:
      return undefined;
  }
}

function algorithmStep({ spec, imageUri }: JobBasics): RequestPart {
  const algorithm: Obj = { TrainingInputMode: spec.input_mode ?? 'File', TrainingImage: imageUri };
  if (spec.training_repository_access_mode != null) {
    const imageConfig: Obj = { TrainingRepositoryAccessMode: spec.training_repository_access_mode };
    if (spec.training_repository_credentials_provider_arn != null) {
      imageConfig.TrainingRepositoryAuthConfig = {
        TrainingRepositoryCredentialsProviderArn: spec.training_repository_credentials_provider_arn,
      };
    }
    algorithm.TrainingImageConfig = imageConfig;
  }
  if (spec.container_entry_point != null) algorithm.ContainerEntrypoint = spec.container_entry_point;
  if (spec.container_arguments != null) algorithm.ContainerArguments = spec.container_arguments;
  if (spec.metric_definitions != null) algorithm.MetricDefinitions = spec.metric_definitions;
  const metrics = sagemakerMetrics(spec);
  if (metrics !== undefined) algorithm.EnableSageMakerMetricsTimeSeries = metrics;
  return { AlgorithmSpecification: algorithm };
}

function outputStep({ spec, outputPath }: JobBasics): RequestPart {
  const outputConfig: Obj = { S3OutputPath: outputPath };
  if (spec.output_kms_key != null) outputConfig.KmsKeyId = spec.output_kms_key;
  if (spec.disable_output_compression) outputConfig.CompressionType = 'NONE';
  return { OutputDataConfig: outputConfig };
}

function stoppingConditionStep({ spec }: JobBasics): RequestPart {
  const stoppingCondition: Obj = { MaxRuntimeInSeconds: spec.max_run ?? DEFAULT_MAX_RUN_SECONDS };
  if (spec.max_wait) stoppingCondition.MaxWaitTimeInSeconds = spec.max_wait;
  return { StoppingCondition: stoppingCondition };
}

function debuggerAndProfilerStep({ spec, outputPath, distribution, region, ctx }: JobBasics): RequestPart {
  const debug = debuggerSettings({
    spec,
    outputPath,
    region,
    framework: spec.framework,
    distribution,
    literals: ctx.numberLiterals,
    defaultRuleImage: () => callRetrieve({ framework: 'debugger', region }, ['rules']),
  });
  const part: RequestPart = {};
  if (debug.DebugRuleConfigurations) part.DebugRuleConfigurations = debug.DebugRuleConfigurations;
  if (debug.DebugHookConfig) part.DebugHookConfig = debug.DebugHookConfig;
  if (debug.TensorBoardOutputConfig) part.TensorBoardOutputConfig = debug.TensorBoardOutputConfig;
  if (debug.ProfilerRuleConfigurations) part.ProfilerRuleConfigurations = debug.ProfilerRuleConfigurations;
  if (debug.ProfilerConfig) part.ProfilerConfig = debug.ProfilerConfig;
  return part;
}

/** The job's name and role; `RoleArn` is always a key (undefined in local mode), as in the SDK's dict. */
function identityStep({ spec, ctx, region, jobName }: JobBasics): RequestPart {
  return { TrainingJobName: jobName, RoleArn: spec.role ? expandRole(spec.role, ctx.account, region) : undefined };
}

function environmentAndTagsStep({ spec }: JobBasics): RequestPart {
  const part: RequestPart = {};
  if (spec.enable_infra_check != null) part.InfraCheckConfig = { EnableInfraCheck: spec.enable_infra_check };
  if (spec.environment != null) part.Environment = spec.environment;
  if (spec.tags != null) {
    part.Tags = Array.isArray(spec.tags)
      ? spec.tags
      : Object.entries(spec.tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
  }
  return part;
}

function networkStep({ spec }: JobBasics): RequestPart {
  const part: RequestPart = {};
  if (spec.subnets != null && spec.security_group_ids != null) {
    part.VpcConfig = { Subnets: spec.subnets, SecurityGroupIds: spec.security_group_ids };
  }
  if (spec.enable_network_isolation) part.EnableNetworkIsolation = spec.enable_network_isolation;
  if (spec.encrypt_inter_container_traffic) {
    part.EnableInterContainerTrafficEncryption = spec.encrypt_inter_container_traffic;
  }
  return part;
}

function spotAndCheckpointsStep({ spec }: JobBasics): RequestPart {
  const part: RequestPart = {};
  if (spec.use_spot_instances) part.EnableManagedSpotTraining = spec.use_spot_instances;
  if (spec.checkpoint_s3_uri) {
    const checkpoint: Obj = { S3Uri: spec.checkpoint_s3_uri };
    if (spec.checkpoint_local_path) checkpoint.LocalPath = spec.checkpoint_local_path;
    part.CheckpointConfig = checkpoint;
  }
  return part;
}

function remoteDebugSessionAndRetryStep({ spec }: JobBasics): RequestPart {
  const part: RequestPart = {};
  if (spec.enable_remote_debug != null) part.RemoteDebugConfig = { EnableRemoteDebug: spec.enable_remote_debug };
  if (spec.enable_session_tag_chaining != null) {
    part.SessionChainingConfig = { EnableSessionTagChaining: spec.enable_session_tag_chaining };
  }
  if (spec.max_retry_attempts != null) part.RetryStrategy = { MaximumRetryAttempts: spec.max_retry_attempts };
  return part;
}

/**
 * The steps, in the order they run: of several problems in one estimator, the first one reported
 * comes from the earliest step, and the inputs' uploads follow the code's. Where each part goes in
 * the request is SDK_KEY_ORDER's business, not this list's.
 */
const REQUEST_STEPS: readonly RequestStep[] = [
  hyperparametersStep,
  inputDataStep,
  resourceStep,
  algorithmStep,
  outputStep,
  stoppingConditionStep,
  debuggerAndProfilerStep,
  identityStep,
  environmentAndTagsStep,
  networkStep,
  spotAndCheckpointsStep,
  remoteDebugSessionAndRetryStep,
];

function inSdkKeyOrder(parts: RequestPart): Obj {
  const request: Obj = {};
  for (const key of SDK_KEY_ORDER) if (key in parts) request[key] = parts[key];
  const unplaced = Object.keys(parts).filter((key) => !(key in request));
  if (unplaced.length > 0) throw new Error(`Internal error: no place in SDK_KEY_ORDER for ${unplaced.join(', ')}.`);
  return request;
}

/** Builds the CreateTrainingJob request (and the uploads it needs) of an estimator file. */
export function buildTrainingJobRequest(specIn: EstimatorSpec, ctx: PlanContext): TrainingJobPlan {
  const job = settleJobBasics(specIn as PlannableSpec, ctx);
  const parts: RequestPart = {};
  for (const step of REQUEST_STEPS) Object.assign(parts, step(job));
  return {
    request: inSdkKeyOrder(parts) as unknown as CreateTrainingJobRequest,
    uploads: job.uploads,
    defaultBucket: job.defaultBucket,
    jobName: job.jobName,
    imageUri: job.imageUri,
  };
}

/**
 * What the CLI's `plan` prints: the request itself (local inputs and code already at the S3 URIs they
 * will be uploaded to), as indented JSON.
 */
export function planOutput(plan: TrainingJobPlan): string {
  return JSON.stringify(plan.request, null, 2);
}
