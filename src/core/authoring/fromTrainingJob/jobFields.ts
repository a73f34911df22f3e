/**
 * The job's top-level fields as estimator arguments, one function per part of the description. Each appends to
 * `entries` in the order the file shows them and flags what no argument gives.
 */
import { DEFAULT_MAX_RUN_SECONDS } from '../../facts';
import type { DescribeTrainingJobResponse, Tag } from '@aws-sdk/client-sagemaker';
import { isS3Uri, s3PathJoin } from '../../estimator/channels';
import { baseFromName, baseNameFromImage } from '../../estimator/jobName';
import { defaultBucketName } from '../../estimator/request';
import { CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH } from '../../estimator/requestSourcedir';
import type { EstimatorSpec, FrameworkName } from '../../estimator/types';
import { mapChannels, type ChannelResult } from './channels';
import type { HyperparameterResult } from './hyperparameters';
import { frameworkImageArguments, isBuiltInAlgorithmImage, retrieveArguments } from './images';
import { inline } from './jsonc';
import { asObj, isObj, jsonDecode, same, type Entry, type Flag } from './values';

type Algorithm = NonNullable<DescribeTrainingJobResponse['AlgorithmSpecification']>;
type Resource = NonNullable<DescribeTrainingJobResponse['ResourceConfig']>;
type Stopping = NonNullable<DescribeTrainingJobResponse['StoppingCondition']>;

/** What every part reads (the job and where it ran) and writes (the entries, the flags). */
export interface JobMapping {
  job: DescribeTrainingJobResponse;
  jobName: string;
  /** Where the job ran: its ARN's region, else the connection's. */
  region: string;
  account: string;
  algorithm: Algorithm;
  image: string | undefined;
  resource: Resource;
  stopping: Stopping;
  /** The estimator arguments so far, in the file's order. */
  entries: Entry[];
  flag: Flag;
}

/** What moto, the AWS emulator, writes over every job's MetricDefinitions. */
const EMULATOR_METRIC_DEFINITIONS = [{ Name: 'test:dcg', Regex: '#quality_metric: host=\\S+, test dcg <score>=(\\S+)' }];

const DEFAULT_VOLUME = 30;

/** `instance_groups`, or `instance_count` and `instance_type`. */
export function instanceEntries(resource: Resource): Entry[] {
  if (resource.InstanceGroups?.length) {
    return [['instance_groups', resource.InstanceGroups.map((g) => ({ instance_group_name: g.InstanceGroupName, instance_type: g.InstanceType, instance_count: g.InstanceCount }))]];
  }
  return [['instance_count', resource.InstanceCount], ['instance_type', resource.InstanceType]];
}

/** Whether the SDK's script mode set this job up (`sagemaker_program` and `sagemaker_submit_directory`). */
export function isScriptMode(hp: Record<string, string>): boolean {
  const program = jsonDecode(hp.sagemaker_program);
  const submit = jsonDecode(hp.sagemaker_submit_directory);
  return program.ok && typeof program.value === 'string' && submit.ok && typeof submit.value === 'string';
}

/** The image as `framework` and its versions, `image_uri` arguments, or the URI; the framework that stays. */
export function imageEntries(m: JobMapping, framework: FrameworkName | undefined, scriptMode: boolean, base: EstimatorSpec, distribution: object): FrameworkName | undefined {
  const { image, entries } = m;
  if (framework && image) {
    const args = frameworkImageArguments(framework, image, { ...base, ...distribution } as EstimatorSpec, m.region);
    entries.push(['framework', framework]);
    if (args) entries.push(...Object.entries(args));
    else entries.push(['image_uri', image]);
    return framework;
  }
  if (image) {
    const args = scriptMode ? undefined : retrieveArguments(image, base, m.region);
    entries.push(['image_uri', args ?? image]);
    return framework;
  }
  m.flag('AlgorithmSpecification.AlgorithmName', `${JSON.stringify(m.algorithm.AlgorithmName)}: an algorithm resource (Marketplace or your own) instead of an image; the estimator file needs an image_uri`);
  return undefined;
}

/** Code: the S3 sourcedir.tar.gz (or, with network isolation, the code channel's); the channels mapped on the way. */
export function codeEntries(m: JobMapping, scriptMode: boolean, mapped: HyperparameterResult): ChannelResult {
  const networkIsolation = m.job.EnableNetworkIsolation === true;
  const codeInChannel = scriptMode && mapped.sourceDir === CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH;
  const channels = mapChannels(m.job.InputDataConfig ?? [], codeInChannel && networkIsolation, m.flag);
  if (scriptMode) {
    m.entries.push(['entry_point', mapped.entryPoint]);
    const sourceDir = codeInChannel ? channels.codeUri : mapped.sourceDir;
    if (sourceDir && isS3Uri(sourceDir)) m.entries.push(['source_dir', sourceDir]);
    else m.flag('HyperParameters.sagemaker_submit_directory', `${JSON.stringify(mapped.sourceDir)}: the code is not an S3 sourcedir.tar.gz`);
  }
  return channels;
}

/** The role, the instances and their volumes, how long and in which input mode the job runs. */
export function resourceEntries(m: JobMapping, instances: Entry[]): void {
  const { entries, resource } = m;
  entries.push(['role', m.job.RoleArn]);
  entries.push(...instances);
  if (resource.VolumeSizeInGB !== undefined && resource.VolumeSizeInGB !== DEFAULT_VOLUME) entries.push(['volume_size', resource.VolumeSizeInGB]);
  if (resource.VolumeKmsKeyId) entries.push(['volume_kms_key', resource.VolumeKmsKeyId]);
  if (resource.KeepAlivePeriodInSeconds !== undefined) entries.push(['keep_alive_period_in_seconds', resource.KeepAlivePeriodInSeconds]);
  if (resource.TrainingPlanArn) entries.push(['training_plan', resource.TrainingPlanArn]);
  if (resource.InstancePlacementConfig) entries.push(['instance_placement_config', resource.InstancePlacementConfig]);
  for (const key of Object.keys(resource)) {
    if (!['InstanceType', 'InstanceCount', 'VolumeSizeInGB', 'VolumeKmsKeyId', 'KeepAlivePeriodInSeconds', 'InstanceGroups', 'TrainingPlanArn', 'InstancePlacementConfig'].includes(key)) {
      m.flag(`ResourceConfig.${key}`, `${inline(asObj(resource)[key])}: no estimator argument gives it`);
    }
  }
  if (m.stopping.MaxRuntimeInSeconds !== undefined && m.stopping.MaxRuntimeInSeconds !== DEFAULT_MAX_RUN_SECONDS) entries.push(['max_run', m.stopping.MaxRuntimeInSeconds]);
  if (m.algorithm.TrainingInputMode && m.algorithm.TrainingInputMode !== 'File') entries.push(['input_mode', m.algorithm.TrainingInputMode]);
}

/** Where the model goes (and `base_job_name` when the job's name says it); returns the output path. */
export function outputEntries(m: JobMapping): string {
  const { entries } = m;
  const output = m.job.OutputDataConfig ?? ({} as NonNullable<DescribeTrainingJobResponse['OutputDataConfig']>);
  const defaultOutput = `s3://${defaultBucketName(m.region, m.account)}/`;
  const outputPath = output.S3OutputPath ?? defaultOutput;
  if (output.S3OutputPath && output.S3OutputPath !== defaultOutput) entries.push(['output_path', output.S3OutputPath]);
  if (output.KmsKeyId) entries.push(['output_kms_key', output.KmsKeyId]);
  if (output.CompressionType === 'NONE') entries.push(['disable_output_compression', true]);

  const base = baseFromName(m.jobName);
  if (base && m.image && base !== baseNameFromImage(m.image) && base.length <= 39 && /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(base)) {
    entries.push(['base_job_name', base]);
  }
  return outputPath;
}

/** The hyperparameters and what the SDK's `sagemaker_*` keys gave back. */
export function hyperparameterEntries(m: JobMapping, mapped: HyperparameterResult, framework: FrameworkName | undefined, outputPath: string): void {
  const { entries } = m;
  if (Object.keys(mapped.hyperparameters).length) entries.push(['hyperparameters', mapped.hyperparameters]);
  if (mapped.containerLogLevel) entries.push(['container_log_level', mapped.containerLogLevel]);
  if (mapped.distribution) entries.push(['distribution', mapped.distribution]);
  if (framework === 'tensorflow' && mapped.modelDir !== undefined) {
    // TensorFlow's model_dir: left out when it is the SDK's default for this job.
    const mpi = isObj(mapped.distribution?.mpi) && mapped.distribution.mpi.enabled === true;
    const defaultModelDir = mpi ? '/opt/ml/model' : s3PathJoin([outputPath, m.jobName, 'model']);
    if (mapped.modelDir !== defaultModelDir) entries.push(['model_dir', mapped.modelDir]);
  }
  if (mapped.compilerConfig) entries.push(['compiler_config', mapped.compilerConfig]);
}

/** Metric definitions, the container's entry point and arguments, the image's repository access; whether the
 *  job's metric definitions are someone else's (SageMaker's or the emulator's) and so left out of the comparison. */
export function algorithmEntries(m: JobMapping): boolean {
  const { entries, algorithm, image } = m;
  // Metric definitions: SageMaker fills in a built-in algorithm's own; moto writes a placeholder over any.
  let ignoreMetricDefinitions = false;
  const metrics = algorithm.MetricDefinitions;
  if (metrics?.length) {
    if (same(JSON.parse(JSON.stringify(metrics)), EMULATOR_METRIC_DEFINITIONS) && !(image && isBuiltInAlgorithmImage(image))) {
      ignoreMetricDefinitions = true;
      m.flag('AlgorithmSpecification.MetricDefinitions', `${inline(metrics)}: the AWS emulator's (moto's) placeholder, not the job's own metric definitions`);
    } else if (image && isBuiltInAlgorithmImage(image)) {
      ignoreMetricDefinitions = true;
      m.flag('AlgorithmSpecification.MetricDefinitions', `${inline(metrics)}: the built-in algorithm's own, which SageMaker adds (not sent)`);
    } else {
      entries.push(['metric_definitions', metrics.map((d) => ({ Name: d.Name, Regex: d.Regex }))]);
    }
  }
  if (algorithm.ContainerEntrypoint) entries.push(['container_entry_point', algorithm.ContainerEntrypoint]);
  if (algorithm.ContainerArguments) entries.push(['container_arguments', algorithm.ContainerArguments]);
  const imageConfig = algorithm.TrainingImageConfig;
  if (imageConfig?.TrainingRepositoryAccessMode) {
    entries.push(['training_repository_access_mode', imageConfig.TrainingRepositoryAccessMode]);
    const provider = imageConfig.TrainingRepositoryAuthConfig?.TrainingRepositoryCredentialsProviderArn;
    if (provider) entries.push(['training_repository_credentials_provider_arn', provider]);
  }
  for (const key of Object.keys(algorithm)) {
    if (!['TrainingImage', 'AlgorithmName', 'TrainingInputMode', 'MetricDefinitions', 'EnableSageMakerMetricsTimeSeries', 'ContainerEntrypoint', 'ContainerArguments', 'TrainingImageConfig'].includes(key)) {
      m.flag(`AlgorithmSpecification.${key}`, `${inline(asObj(algorithm)[key])}: no estimator argument gives it`);
    }
  }
  return ignoreMetricDefinitions;
}

/** Networking, spot training, checkpoints, environment, retries and the other switches of the job. */
export function jobOptionEntries(m: JobMapping): void {
  const { job, entries, stopping } = m;
  if (job.VpcConfig) entries.push(['subnets', job.VpcConfig.Subnets ?? []], ['security_group_ids', job.VpcConfig.SecurityGroupIds ?? []]);
  if (job.EnableNetworkIsolation === true) entries.push(['enable_network_isolation', true]);
  if (job.EnableInterContainerTrafficEncryption) entries.push(['encrypt_inter_container_traffic', true]);
  if (job.EnableManagedSpotTraining) {
    entries.push(['use_spot_instances', true]);
    if (stopping.MaxWaitTimeInSeconds !== undefined) entries.push(['max_wait', stopping.MaxWaitTimeInSeconds]);
  } else if (stopping.MaxWaitTimeInSeconds !== undefined) {
    m.flag('StoppingCondition.MaxWaitTimeInSeconds', `${stopping.MaxWaitTimeInSeconds}: max_wait only goes with use_spot_instances`);
  }
  if (stopping.MaxPendingTimeInSeconds !== undefined) m.flag('StoppingCondition.MaxPendingTimeInSeconds', `${stopping.MaxPendingTimeInSeconds}: no estimator argument gives it`);
  if (job.CheckpointConfig?.S3Uri) {
    entries.push(['checkpoint_s3_uri', job.CheckpointConfig.S3Uri]);
    if (job.CheckpointConfig.LocalPath) entries.push(['checkpoint_local_path', job.CheckpointConfig.LocalPath]);
  }
  if (job.Environment && Object.keys(job.Environment).length) entries.push(['environment', job.Environment]);
  if (job.RetryStrategy?.MaximumRetryAttempts !== undefined) entries.push(['max_retry_attempts', job.RetryStrategy.MaximumRetryAttempts]);
  if (job.InfraCheckConfig?.EnableInfraCheck !== undefined) entries.push(['enable_infra_check', job.InfraCheckConfig.EnableInfraCheck]);
  if (job.RemoteDebugConfig?.EnableRemoteDebug !== undefined) entries.push(['enable_remote_debug', job.RemoteDebugConfig.EnableRemoteDebug]);
  const chaining = asObj(job).SessionChainingConfig;
  if (isObj(chaining) && typeof chaining.EnableSessionTagChaining === 'boolean') entries.push(['enable_session_tag_chaining', chaining.EnableSessionTagChaining]);
}

/** The creator's tags (AWS's own are flagged), and the job's fields that are no estimator argument. */
export function tagEntries(m: JobMapping, allTags: Tag[]): void {
  const tags = allTags.filter((t) => !/^aws:/i.test(t.Key ?? ''));
  const awsTags = allTags.filter((t) => /^aws:/i.test(t.Key ?? ''));
  if (tags.length) m.entries.push(['tags', tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }))]);
  if (awsTags.length) m.flag('Tags', `${inline(awsTags)}: tags with the aws: prefix are set by AWS, not by the job's creator`);

  for (const key of ['ExperimentConfig', 'ServerlessJobConfig', 'MlflowConfig', 'ModelPackageConfig'] as const) {
    if (asObj(m.job)[key] !== undefined) m.flag(key, `${inline(asObj(m.job)[key])}: not an estimator argument`);
  }
}

/** `inputs`, `model_uri` (and its channel's name), and `region` when the job ran outside the connection's. */
export function inputEntries(m: JobMapping, channels: ChannelResult, connectionRegion: string): void {
  const { entries } = m;
  const inputs = channels.inputs;
  if (Object.keys(inputs).length) entries.push(['inputs', inputs]);
  if (channels.modelUri) {
    entries.push(['model_uri', channels.modelUri]);
    if (channels.modelChannelName) entries.push(['model_channel_name', channels.modelChannelName]);
  }
  if (m.region !== connectionRegion) entries.push(['region', m.region]);
}
