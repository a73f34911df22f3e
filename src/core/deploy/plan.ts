/**
 * The three requests `estimator.deploy(...)` of the SageMaker Python SDK v2 sends for a completed training
 * job (CreateModel, CreateEndpointConfig, CreateEndpoint), built from the job's description and, when there is
 * one, its estimator file; field for field what `Estimator.attach(job).deploy(**deploy)` or, with the
 * estimator, `estimator.fit(...); estimator.deploy(**deploy)` sends. Pure: no AWS call, no VS Code.
 *
 * How the SDK builds them (and so this):
 * - Names: `name_from_base(base_job_name)` for both the model and the endpoint (and the endpoint config, which
 *   `endpoint_from_production_variants` names after the endpoint), unless `model_name` / `endpoint_name` are
 *   given. `base_job_name` is the estimator's, else the training image's repository name; an attached job's is
 *   `base_from_name(job name)`.
 * - Built-in algorithms and the generic `Estimator`: `Model(training image, ModelArtifacts, role)`, environment
 *   `{}` (plus `deploy.env`).
 * - Framework estimators (recognised by the job's `sagemaker_program` hyperparameter and framework image):
 *   the inference image from the image tables (`image_uris.retrieve(framework, region, version, py_version,
 *   instance_type, image_scope="inference")`), unless the estimator named its own image, which is reused; the
 *   environment `SAGEMAKER_PROGRAM`, `SAGEMAKER_SUBMIT_DIRECTORY`, `SAGEMAKER_CONTAINER_LOG_LEVEL`,
 *   `SAGEMAKER_REGION`. PyTorch >= 1.2 and MXNet >= 1.4 (Multi Model Server images), and SKLearn / XGBoost with
 *   network isolation, repack the model: the SDK downloads model.tar.gz and the job's sourcedir.tar.gz, puts the
 *   code under `code/` in a new model.tar.gz at `s3://<bucket>/<model name>/model.tar.gz` (the bucket and prefix
 *   of `code_location`, else the default bucket), uploaded with `ServerSideEncryption: aws:kms` (and the output
 *   KMS key, and `ExpectedBucketOwner` in the default bucket), points `ModelDataUrl` at it and
 *   `SAGEMAKER_SUBMIT_DIRECTORY` at `/opt/ml/model/code` (`FrameworkModel._script_mode_env_vars`). Otherwise the
 *   job's own sourcedir.tar.gz is the submit directory (`/opt/ml/model/code` with network isolation) and the
 *   job's model.tar.gz the model data.
 * - `DataCaptureConfig`: the SDK's defaults (20 %, `s3://<default bucket>/model-monitor/data-capture`, both
 *   capture modes, `CaptureContentTypeHeader` CSV `text/csv` and JSON `application/json`).
 * - `ProductionVariant`: `AllTraffic`, weight 1, `InitialInstanceCount` / `InstanceType`, or `ServerlessConfig`
 *   (`MemorySizeInMB` 2048 and `MaxConcurrency` 5 by default); `deploy.tags`, else the estimator's tags, on all
 *   three; CreateEndpoint always carries `Tags` (an empty list when none).
 * - `AsyncInferenceConfig`: asyncInference.ts.
 *
 * Not supported (refused with a message): local mode (`instance_type: local`), `use_compiled_model`,
 * `explainer_config`, `inference_recommendation_id`, and deploying TensorFlow or
 * Hugging Face script-mode jobs.
 */
import type {
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateModelInput,
  DescribeTrainingJobResponse,
  ProductionVariant,
  Tag as SageMakerTag,
  UpdateEndpointInput,
} from '@aws-sdk/client-sagemaker';
import { checkRequest, type ApiOperation } from '../api/checkRequest';
import { AsyncInferenceConfigError, asyncInferenceRequest } from './asyncInference';
import { parseS3Url, s3PathJoin } from '../estimator/channels';
import { baseFromName, baseNameFromImage, nameFromBase } from '../estimator/jobName';
import type { DeploySpec, EstimatorSpec, FrameworkName, JsonPath } from '../estimator/types';
import { ImageUriError, retrieve } from '../images/imageUris';
import { frameworkFromImage, scriptModeOf, type ImageFramework, type ScriptMode } from './frameworkImage';
import { versionAtLeast } from '../versions';

export type TrainingJobDescription = Omit<DescribeTrainingJobResponse, '$metadata'>;

export class DeployPlanError extends Error {
  override readonly name = 'DeployPlanError';
  constructor(message: string, readonly path: JsonPath = []) {
    super(message);
  }
}

export interface DeployPlanOptions {
  /** The region the endpoint is created in (the job's). */
  region: string;
  /** The account (the default bucket of a repacked model). */
  account: string;
  /** `deploy()`'s arguments: the estimator's `deploy` section, or what the user picked. */
  deploy: DeploySpec;
  /** The time of the generated names (default: now). */
  now?: Date;
  /** The 4 hex digits `unique_name_from_base` draws for the async output folder (default: random). */
  asyncUniqueHex?: string;
}

/** The SDK's `utils.repack_model` step of a framework model: done before CreateModel. */
export interface RepackPlan {
  /** The job's model.tar.gz. */
  modelData: string;
  /** The job's sourcedir.tar.gz, extracted into `code/`. */
  sourceDir?: string;
  /** The entry point (its base name is SAGEMAKER_PROGRAM). */
  entryPoint: string;
  /** Where the repacked model.tar.gz goes: the CreateModel request's ModelDataUrl. */
  target: string;
  /** `output_kms_key` of the estimator: server-side encryption of the upload. */
  kmsKey?: string;
  /**
   * The account, when the target is the default bucket: `utils._save_model` uploads there with
   * `ExpectedBucketOwner` (`Session._get_account_id_if_default_bucket`).
   */
  expectedBucketOwner?: string;
}

export interface DeployPlan {
  trainingJobName: string;
  modelName: string;
  endpointName: string;
  endpointConfigName: string;
  imageUri: string;
  /** `built-in`: the training image serves (built-in algorithms, generic estimators); `framework`: a framework model. */
  kind: 'built-in' | 'framework';
  framework?: { name: FrameworkName; version?: string; pyVersion?: string; program: string; repack: boolean };
  repack?: RepackPlan;
  serverless: boolean;
  /** `deploy(wait=...)`: whether to wait until the endpoint is in service. */
  wait: boolean;
  /** "ml.m5.large × 1" or "serverless, 2048 MB, max concurrency 5". */
  capacity: string;
  model: CreateModelInput;
  endpointConfig: CreateEndpointConfigInput;
  endpoint: CreateEndpointInput;
}

const UNSUPPORTED: Record<string, string> = {
  use_compiled_model: 'Deploying a Neo-compiled model (use_compiled_model) is not supported yet.',
  explainer_config: 'explainer_config (SageMaker Clarify online explainability) is not supported yet.',
  inference_recommendation_id: 'inference_recommendation_id is not supported yet: give instance_type and initial_instance_count.',
};

const KNOWN_KEYS = new Set([
  'initial_instance_count', 'instance_type', 'accelerator_type', 'endpoint_name', 'model_name', 'use_compiled_model', 'wait',
  'kms_key', 'data_capture_config', 'tags', 'serverless_inference_config', 'async_inference_config', 'volume_size',
  'model_data_download_timeout', 'container_startup_health_check_timeout', 'inference_recommendation_id', 'explainer_config', 'env',
]);

const LOG_LEVELS: Record<string, number> = { CRITICAL: 50, FATAL: 50, ERROR: 40, WARNING: 30, WARN: 30, INFO: 20, DEBUG: 10, NOTSET: 0 };

/** Python's `str()` of a container log level. */
function logLevelText(value: unknown): string {
  if (value === undefined || value === null) return '20';
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOG_LEVELS, value.toUpperCase())) return String(LOG_LEVELS[value.toUpperCase()]);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function tagsOf(value: unknown): SageMakerTag[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as SageMakerTag[];
  if (typeof value === 'object') return Object.entries(value as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
  return undefined;
}

/** `ServerlessInferenceConfig(...)._to_request_dict()`. */
function serverlessConfig(spec: NonNullable<DeploySpec['serverless_inference_config']>): NonNullable<ProductionVariant['ServerlessConfig']> {
  return {
    MemorySizeInMB: spec.memory_size_in_mb ?? 2048,
    MaxConcurrency: spec.max_concurrency ?? 5,
    ...(spec.provisioned_concurrency !== undefined && spec.provisioned_concurrency !== null ? { ProvisionedConcurrency: spec.provisioned_concurrency } : {}),
  };
}

/** `DataCaptureConfig(...)._to_request_dict()`. */
function dataCaptureConfig(raw: unknown, defaultBucket: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DeployPlanError('deploy.data_capture_config must be an object of DataCaptureConfig arguments.', ['deploy', 'data_capture_config']);
  const c = raw as Record<string, unknown>;
  if (typeof c.enable_capture !== 'boolean') throw new DeployPlanError('deploy.data_capture_config.enable_capture (true or false) is required.', ['deploy', 'data_capture_config', 'enable_capture']);
  const modes: Record<string, string> = { REQUEST: 'Input', RESPONSE: 'Output' };
  // `x or default`, as DataCaptureConfig.__init__ writes it: an empty list means the default too.
  const listOr = (value: unknown, fallback: string[]): string[] => (Array.isArray(value) && value.length > 0 ? value.map(String) : fallback);
  const options = listOr(c.capture_options, ['REQUEST', 'RESPONSE']);
  const out: Record<string, unknown> = {
    EnableCapture: c.enable_capture,
    InitialSamplingPercentage: typeof c.sampling_percentage === 'number' ? c.sampling_percentage : 20,
    DestinationS3Uri: typeof c.destination_s3_uri === 'string' ? c.destination_s3_uri : s3PathJoin(['s3://', defaultBucket, 'model-monitor', 'data-capture']),
    CaptureOptions: options.map(o => ({ CaptureMode: modes[o.toUpperCase()] ?? o })),
  };
  if (typeof c.kms_key_id === 'string') out.KmsKeyId = c.kms_key_id;
  out.CaptureContentTypeHeader = {
    CsvContentTypes: listOr(c.csv_content_types, ['text/csv']),
    JsonContentTypes: listOr(c.json_content_types, ['application/json']),
  };
  return out;
}

/** The S3 URI of the code a job ran (its submit directory, or with network isolation its `code` channel). */
function codeUri(job: TrainingJobDescription, submitDirectory: string | undefined): string | undefined {
  if (submitDirectory?.toLowerCase().startsWith('s3://')) return submitDirectory;
  const channel = job.InputDataConfig?.find(c => c.ChannelName === 'code');
  const uri = channel?.DataSource?.S3DataSource?.S3Uri;
  if (!uri) return submitDirectory;
  return uri.endsWith('.tar.gz') ? uri : s3PathJoin([uri, 'sourcedir.tar.gz']);
}

/** The instance or serverless capacity, for messages. */
export function describeCapacity(deploy: DeploySpec): string {
  if (deploy.serverless_inference_config) {
    const s = serverlessConfig(deploy.serverless_inference_config);
    return `serverless, ${s.MemorySizeInMB} MB, max concurrency ${s.MaxConcurrency}`;
  }
  return `${deploy.instance_type ?? '?'} × ${deploy.initial_instance_count ?? 1}`;
}

/** The SDK's default base name of the model and endpoint (see the file's comment). */
export function deployBaseName(job: TrainingJobDescription, estimator?: EstimatorSpec): string {
  if (estimator) {
    return estimator.base_job_name || baseNameFromImage(job.AlgorithmSpecification?.TrainingImage ?? '') || baseFromName(job.TrainingJobName ?? 'model');
  }
  return baseFromName(job.TrainingJobName ?? 'model');
}

/** What a job must have to be deployed: artifacts, an image (not an algorithm resource), a role. */
function checkDeployable(job: TrainingJobDescription): { jobName: string; modelData: string; trainingImage: string } {
  const jobName = job.TrainingJobName ?? '';
  if (job.TrainingJobStatus && job.TrainingJobStatus !== 'Completed') {
    throw new DeployPlanError(`Training job ${jobName} is ${job.TrainingJobStatus}: only a Completed training job has a model to deploy.`);
  }
  const modelData = job.ModelArtifacts?.S3ModelArtifacts;
  if (!modelData) throw new DeployPlanError(`Training job ${jobName} has no model artifacts (ModelArtifacts.S3ModelArtifacts): nothing to deploy.`);
  const trainingImage = job.AlgorithmSpecification?.TrainingImage;
  if (!trainingImage) {
    throw new DeployPlanError(`Training job ${jobName} ran an algorithm resource (${job.AlgorithmSpecification?.AlgorithmName ?? 'no image'}), not an image: deploying algorithm and marketplace models is not supported yet.`);
  }
  if (!job.RoleArn) throw new DeployPlanError(`Training job ${jobName} has no role (RoleArn): the model needs one.`);
  return { jobName, modelData, trainingImage };
}

/** The deploy() arguments we support, with the capacity they need: instances (type and count) or serverless. */
function checkDeployArguments(deploy: DeploySpec): { serverless: boolean; instanceType: string | undefined } {
  for (const key of Object.keys(deploy)) {
    const value = (deploy as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === false) continue;
    if (Object.prototype.hasOwnProperty.call(UNSUPPORTED, key)) throw new DeployPlanError(UNSUPPORTED[key]!, ['deploy', key]);
    if (!KNOWN_KEYS.has(key)) throw new DeployPlanError(`deploy.${key} is not an argument of deploy().`, ['deploy', key]);
  }

  const serverless = deploy.serverless_inference_config !== undefined && deploy.serverless_inference_config !== null;
  const instanceType = deploy.instance_type;
  if (instanceType === 'local' || instanceType === 'local_gpu') {
    throw new DeployPlanError(`Deploying to "${instanceType}" (local mode) is not built yet: use an ml.* instance type or a serverless endpoint.`, ['deploy', 'instance_type']);
  }
  if (!serverless) {
    if (!instanceType) throw new DeployPlanError('deploy() needs instance_type (and initial_instance_count), or serverless_inference_config.', ['deploy', 'instance_type']);
    if (deploy.initial_instance_count === undefined || deploy.initial_instance_count === null) {
      throw new DeployPlanError('deploy() needs initial_instance_count with instance_type (or serverless_inference_config).', ['deploy', 'initial_instance_count']);
    }
    if (!Number.isInteger(deploy.initial_instance_count) || deploy.initial_instance_count < 1) {
      throw new DeployPlanError(`deploy.initial_instance_count must be a whole number of at least 1, not ${deploy.initial_instance_count}.`, ['deploy', 'initial_instance_count']);
    }
  }
  return { serverless, instanceType };
}

/** `deploy.env`, as the strings the container gets. */
function userEnvironment(deploy: DeploySpec): Record<string, string> {
  const userEnv: Record<string, string> = {};
  if (deploy.env !== undefined && deploy.env !== null) {
    if (typeof deploy.env !== 'object' || Array.isArray(deploy.env)) throw new DeployPlanError('deploy.env must be an object of environment variables.', ['deploy', 'env']);
    for (const [k, v] of Object.entries(deploy.env as Record<string, unknown>)) userEnv[k] = String(v);
  }
  return userEnv;
}

/** What the model serves: the image, the model data, the container's environment (and a repack, for framework models). */
interface ModelContainer {
  imageUri: string;
  modelDataUrl: string;
  environment: Record<string, string>;
  repack?: RepackPlan;
  framework?: DeployPlan['framework'];
}

/** Everything a framework model's part of the plan reads. */
interface FrameworkModelInput {
  job: TrainingJobDescription;
  estimator: EstimatorSpec | undefined;
  deploy: DeploySpec;
  region: string;
  account: string;
  defaultBucket: string;
  modelName: string;
  modelData: string;
  trainingImage: string;
  userEnv: Record<string, string>;
  serverless: boolean;
  instanceType: string | undefined;
  script: ScriptMode;
  frameworkName: FrameworkName;
  fromImage: ImageFramework | undefined;
}

/** The framework's inference image for these instances, unless the estimator names its own image. */
function inferenceImage(input: FrameworkModelInput, version: string | undefined, pyVersion: string | undefined): string {
  const { estimator, frameworkName, fromImage, deploy, serverless, instanceType } = input;
  if (estimator?.image_uri !== undefined && estimator.image_uri !== null && estimator.image_uri !== '') return input.trainingImage;
  if (!version && !(fromImage && frameworkName === fromImage.framework)) {
    throw new DeployPlanError(`The ${frameworkName} version of training job ${input.job.TrainingJobName ?? ''} cannot be read from its image (${input.trainingImage}): set framework_version in the estimator file.`, ['framework_version']);
  }
  try {
    return retrieve({
      framework: frameworkName,
      region: input.region,
      version: version ?? null,
      py_version: pyVersion ?? null,
      instance_type: serverless ? null : instanceType ?? null,
      accelerator_type: deploy.accelerator_type ?? null,
      image_scope: 'inference',
      serverless_inference_config: serverless ? (deploy.serverless_inference_config as Record<string, unknown>) : null,
    });
  } catch (error) {
    const field = error instanceof ImageUriError && error.argument === 'instance_type' ? ['deploy', 'instance_type'] : ['framework_version'];
    throw new DeployPlanError(`Inference image: ${(error as Error).message}`, field);
  }
}

/**
 * A framework model (PyTorchModel, SKLearnModel, ...): its inference image, and the script mode environment. Model
 * servers (MMS) get the code repacked into model.tar.gz, as the SDK's `_upload_code` does.
 */
function frameworkModel(input: FrameworkModelInput): ModelContainer {
  const { job, estimator, script, frameworkName, fromImage } = input;
  if (frameworkName === 'tensorflow' || frameworkName === 'huggingface') {
    throw new DeployPlanError(`Deploying a ${frameworkName === 'tensorflow' ? 'TensorFlow' : 'Hugging Face'} training job is not supported yet (its serving containers take other settings): deploy it with the SageMaker Python SDK.`);
  }
  const version = estimator?.framework_version ?? fromImage?.version;
  const pyVersion = estimator?.py_version ?? fromImage?.pyVersion;
  const imageUri = inferenceImage(input, version, pyVersion);
  const networkIsolation = job.EnableNetworkIsolation === true;
  const mms = frameworkName === 'pytorch' ? !version || versionAtLeast(version, '1.2')
    : frameworkName === 'mxnet' ? !version || versionAtLeast(version, '1.4')
      : networkIsolation;
  const submitDirectory = codeUri(job, script.submitDirectory);
  const programName = script.program.split('/').pop()!;
  let modelDataUrl = input.modelData;
  let repack: RepackPlan | undefined;
  let submitDir: string | undefined;
  let program = script.program;
  if (mms) {
    let bucket = input.defaultBucket;
    let prefix: string | undefined;
    if (estimator?.code_location) {
      const parsed = parseS3Url(estimator.code_location, ['code_location']);
      bucket = parsed.bucket;
      prefix = parsed.key.replace(/\/+$/, '') || undefined;
    }
    const target = s3PathJoin(['s3://', bucket, [prefix, input.modelName].filter(Boolean).join('/'), 'model.tar.gz']);
    const kmsKey = estimator?.output_kms_key ?? job.OutputDataConfig?.KmsKeyId;
    repack = {
      modelData: input.modelData, entryPoint: script.program, target,
      ...(submitDirectory ? { sourceDir: submitDirectory } : {}),
      ...(kmsKey ? { kmsKey } : {}),
      ...(bucket === input.defaultBucket ? { expectedBucketOwner: input.account } : {}),
    };
    modelDataUrl = target;
    // FrameworkModel._script_mode_env_vars: a repacked model's code is inside it, under code/.
    submitDir = '/opt/ml/model/code';
    program = programName;
  } else {
    submitDir = networkIsolation ? '/opt/ml/model/code' : submitDirectory;
  }
  const level = estimator?.container_log_level ?? script.containerLogLevel;
  const environment = {
    ...input.userEnv,
    SAGEMAKER_PROGRAM: program,
    ...(submitDir !== undefined ? { SAGEMAKER_SUBMIT_DIRECTORY: submitDir } : {}),
    SAGEMAKER_CONTAINER_LOG_LEVEL: logLevelText(level),
    SAGEMAKER_REGION: input.region,
  };
  const framework = { name: frameworkName, ...(version ? { version } : {}), ...(pyVersion ? { pyVersion } : {}), program: script.program, repack: mms };
  return { imageUri, modelDataUrl, environment, ...(repack ? { repack } : {}), framework };
}

/** session.production_variant, and the endpoint config named after the endpoint (session.endpoint_from_production_variants). */
function endpointConfigRequest(deploy: DeploySpec, serverless: boolean, names: { modelName: string; endpointName: string }, tags: SageMakerTag[] | undefined, defaultBucket: string, options: DeployPlanOptions): Record<string, unknown> {
  const variant: Record<string, unknown> = { VariantName: 'AllTraffic', ModelName: names.modelName, InitialVariantWeight: 1 };
  if (deploy.accelerator_type) variant.AcceleratorType = deploy.accelerator_type;
  if (serverless) variant.ServerlessConfig = serverlessConfig(deploy.serverless_inference_config!);
  else {
    variant.InitialInstanceCount = deploy.initial_instance_count ?? 1;
    variant.InstanceType = deploy.instance_type;
    if (deploy.volume_size != null) variant.VolumeSizeInGB = deploy.volume_size;
    if (deploy.model_data_download_timeout != null) variant.ModelDataDownloadTimeoutInSeconds = deploy.model_data_download_timeout;
    if (deploy.container_startup_health_check_timeout != null) variant.ContainerStartupHealthCheckTimeoutInSeconds = deploy.container_startup_health_check_timeout;
  }

  const config: Record<string, unknown> = { EndpointConfigName: names.endpointName, ProductionVariants: [variant] };
  if (tags && tags.length > 0) config.Tags = tags;
  if (deploy.kms_key) config.KmsKeyId = deploy.kms_key;
  if (deploy.data_capture_config !== undefined && deploy.data_capture_config !== null) config.DataCaptureConfig = dataCaptureConfig(deploy.data_capture_config, defaultBucket);
  if (deploy.async_inference_config !== undefined && deploy.async_inference_config !== null) {
    try {
      config.AsyncInferenceConfig = asyncInferenceRequest(deploy.async_inference_config, names.modelName, defaultBucket, options.now ?? new Date(), options.asyncUniqueHex);
    } catch (error) {
      if (!(error instanceof AsyncInferenceConfigError)) throw error;
      throw new DeployPlanError(error.message, ['deploy', 'async_inference_config', ...(error.key ? [error.key] : [])]);
    }
  }
  return config;
}

export function buildDeployPlan(job: TrainingJobDescription, estimator: EstimatorSpec | undefined, options: DeployPlanOptions): DeployPlan {
  const deploy = options.deploy ?? {};
  const region = options.region;
  const { jobName, modelData, trainingImage } = checkDeployable(job);
  const { serverless, instanceType } = checkDeployArguments(deploy);

  const defaultBucket = `sagemaker-${region}-${options.account}`;
  const defaultName = nameFromBase(deployBaseName(job, estimator), options.now ?? new Date());
  const modelName = deploy.model_name || defaultName;
  const endpointName = deploy.endpoint_name || defaultName;
  const userEnv = userEnvironment(deploy);

  // Which estimator trained it.
  const script = scriptModeOf(job.HyperParameters);
  const fromImage = frameworkFromImage(trainingImage);
  const frameworkName = estimator?.framework ?? (script ? fromImage?.framework : undefined);

  const container: ModelContainer = script && frameworkName
    ? frameworkModel({ job, estimator, deploy, region, account: options.account, defaultBucket, modelName, modelData, trainingImage, userEnv, serverless, instanceType, script, frameworkName, fromImage })
    : { imageUri: trainingImage, modelDataUrl: modelData, environment: userEnv };
  const { imageUri, repack, framework } = container;

  const tags = tagsOf(deploy.tags) ?? tagsOf(estimator?.tags);
  const model: Record<string, unknown> = {
    ModelName: modelName,
    ExecutionRoleArn: job.RoleArn,
    PrimaryContainer: { Image: imageUri, Environment: container.environment, ModelDataUrl: container.modelDataUrl },
  };
  if (tags && tags.length > 0) model.Tags = tags;
  const vpc = job.VpcConfig;
  if (vpc?.Subnets?.length && vpc.SecurityGroupIds?.length) model.VpcConfig = { Subnets: vpc.Subnets, SecurityGroupIds: vpc.SecurityGroupIds };
  if (job.EnableNetworkIsolation === true) model.EnableNetworkIsolation = true;

  const config = endpointConfigRequest(deploy, serverless, { modelName, endpointName }, tags, defaultBucket, options);
  const endpoint: Record<string, unknown> = { EndpointName: endpointName, EndpointConfigName: endpointName, Tags: tags ?? [] };
  refuseWhatTheApiRefuses([['CreateModel', model], ['CreateEndpointConfig', config], ['CreateEndpoint', endpoint]]);

  return {
    trainingJobName: jobName,
    modelName,
    endpointName,
    endpointConfigName: endpointName,
    imageUri,
    kind: framework ? 'framework' : 'built-in',
    ...(framework ? { framework } : {}),
    ...(repack ? { repack } : {}),
    serverless,
    wait: deploy.wait !== false,
    capacity: describeCapacity(deploy),
    model: model as unknown as CreateModelInput,
    endpointConfig: config as unknown as CreateEndpointConfigInput,
    endpoint: endpoint as unknown as CreateEndpointInput,
  };
}

/** deploy() arguments behind request members, for a problem at the estimator's `deploy` field. */
const DEPLOY_FIELDS: Record<string, string> = {
  InstanceType: 'instance_type',
  InitialInstanceCount: 'initial_instance_count',
  VolumeSizeInGB: 'volume_size',
  ModelDataDownloadTimeoutInSeconds: 'model_data_download_timeout',
  ContainerStartupHealthCheckTimeoutInSeconds: 'container_startup_health_check_timeout',
  AcceleratorType: 'accelerator_type',
  KmsKeyId: 'kms_key',
  ServerlessConfig: 'serverless_inference_config',
  DataCaptureConfig: 'data_capture_config',
  Tags: 'tags',
  Environment: 'env',
};

/** The planned requests are never shown or sent when the API would refuse one: the first violation is the error. */
function refuseWhatTheApiRefuses(requests: [ApiOperation, unknown][]): void {
  for (const [operation, request] of requests) {
    const violation = checkRequest(operation, request)[0];
    if (!violation) continue;
    const field = violation.segments.find((s): s is string => typeof s === 'string' && Object.prototype.hasOwnProperty.call(DEPLOY_FIELDS, s));
    const name = violation.segments[0] === 'EndpointName' || violation.segments[0] === 'EndpointConfigName' ? 'endpoint_name' : violation.segments[0] === 'ModelName' ? 'model_name' : undefined;
    const key = field ? DEPLOY_FIELDS[field] : name;
    throw new DeployPlanError(`SageMaker would refuse the ${operation} request: ${violation.message}`, key ? ['deploy', key] : ['deploy']);
  }
}

/**
 * The plan turned into an update of an existing endpoint: a new model and a new endpoint config (named after
 * the new model, as a config cannot be changed in place), then UpdateEndpoint instead of CreateEndpoint.
 */
export function toUpdatePlan(plan: DeployPlan, now: Date = new Date()): DeployPlan & { update: UpdateEndpointInput } {
  const configName = plan.modelName !== plan.endpointName ? plan.modelName : nameFromBase(baseFromName(plan.endpointName), now);
  return {
    ...plan,
    endpointConfigName: configName,
    endpointConfig: { ...plan.endpointConfig, EndpointConfigName: configName },
    endpoint: { ...plan.endpoint, EndpointConfigName: configName },
    update: { EndpointName: plan.endpointName, EndpointConfigName: configName },
  };
}

/** What `sagemaker-estimator deploy-plan` prints: the three requests, in the order they are sent. */
export function deployPlanOutput(plan: DeployPlan): string {
  return JSON.stringify({ CreateModel: plan.model, CreateEndpointConfig: plan.endpointConfig, CreateEndpoint: plan.endpoint }, null, 2);
}
