/**
 * The planned CreateTrainingJob request checked against the API's constraints before it is shown or sent:
 * each violation becomes a problem at the estimator field that produced it (the file's top level, naming the
 * request path, where no field did).
 */
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { checkRequest, type RequestPathSegment, type RequestViolation } from '../api/checkRequest';
import { debuggerPathOf, FLAGS, scriptHyperparameterPath } from './requestProblemsPaths';
import type { JsonPath } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (object: unknown, key: string): boolean => isObj(object) && Object.prototype.hasOwnProperty.call(object, key);

export interface RequestProblem {
  /** The estimator field the violation comes from (as precise as the file allows). */
  path: JsonPath;
  message: string;
  violation: RequestViolation;
}

/** Request members whose value is an estimator key's, one for one. */
const DIRECT: Record<string, JsonPath> = {
  'ResourceConfig.InstanceType': ['instance_type'],
  'ResourceConfig.InstanceCount': ['instance_count'],
  'ResourceConfig.VolumeSizeInGB': ['volume_size'],
  'ResourceConfig.VolumeKmsKeyId': ['volume_kms_key'],
  'ResourceConfig.KeepAlivePeriodInSeconds': ['keep_alive_period_in_seconds'],
  'ResourceConfig.TrainingPlanArn': ['training_plan'],
  'ResourceConfig.InstancePlacementConfig': ['instance_placement_config'],
  'StoppingCondition.MaxRuntimeInSeconds': ['max_run'],
  'StoppingCondition.MaxWaitTimeInSeconds': ['max_wait'],
  RoleArn: ['role'],
  'OutputDataConfig.S3OutputPath': ['output_path'],
  'OutputDataConfig.KmsKeyId': ['output_kms_key'],
  'AlgorithmSpecification.TrainingImage': ['image_uri'],
  'AlgorithmSpecification.TrainingInputMode': ['input_mode'],
  'AlgorithmSpecification.ContainerEntrypoint': ['container_entry_point'],
  'AlgorithmSpecification.ContainerArguments': ['container_arguments'],
  'AlgorithmSpecification.MetricDefinitions': ['metric_definitions'],
  'AlgorithmSpecification.TrainingImageConfig.TrainingRepositoryAccessMode': ['training_repository_access_mode'],
  'AlgorithmSpecification.TrainingImageConfig.TrainingRepositoryAuthConfig.TrainingRepositoryCredentialsProviderArn': ['training_repository_credentials_provider_arn'],
  'VpcConfig.Subnets': ['subnets'],
  'VpcConfig.SecurityGroupIds': ['security_group_ids'],
  'CheckpointConfig.S3Uri': ['checkpoint_s3_uri'],
  'CheckpointConfig.LocalPath': ['checkpoint_local_path'],
  'RetryStrategy.MaximumRetryAttempts': ['max_retry_attempts'],
  Environment: ['environment'],
};

const INSTANCE_GROUP_KEYS: Record<string, string> = { InstanceGroupName: 'instance_group_name', InstanceType: 'instance_type', InstanceCount: 'instance_count' };
const CHANNEL_KEYS: Record<string, string> = {
  S3Uri: 's3_data',
  S3DataType: 's3_data_type',
  S3DataDistributionType: 'distribution',
  AttributeNames: 'attribute_names',
  InstanceGroupNames: 'instance_groups',
  FileSystemId: 'file_system_id',
  FileSystemType: 'file_system_type',
  DirectoryPath: 'directory_path',
  FileSystemAccessMode: 'file_system_access_mode',
  ContentType: 'content_type',
  CompressionType: 'compression',
  RecordWrapperType: 'record_wrapping',
  InputMode: 'input_mode',
  ShuffleConfig: 'shuffle_config',
  TargetAttributeName: 'target_attribute_name',
};

/** The `TrainingInput` argument of a channel member, with a list item's index (`attribute_names[1]`). */
function channelMemberPath(segments: RequestPathSegment[], channel: unknown, base: JsonPath): JsonPath {
  const at = segments.findIndex((s, i) => i > 1 && typeof s === 'string' && hasOwn(CHANNEL_KEYS, s));
  const key = at >= 0 ? CHANNEL_KEYS[segments[at] as string] : undefined;
  if (!key || !hasOwn(channel, key)) return base;
  const item = segments[at + 1];
  return typeof item === 'number' && Array.isArray((channel as Obj)[key]) ? [...base, key, item] : [...base, key];
}

function channelPath(segments: RequestPathSegment[], request: Obj, spec: Obj): JsonPath {
  const index = segments[1];
  if (typeof index !== 'number') return ['inputs'];
  const channels = request.InputDataConfig as Obj[] | undefined;
  const name = channels?.[index]?.ChannelName;
  if (typeof name !== 'string') return ['inputs'];
  const inputs = spec.inputs;
  if (isObj(inputs) && hasOwn(inputs, name)) return channelMemberPath(segments, inputs[name], ['inputs', name]);
  if (spec.model_uri !== undefined && name === (spec.model_channel_name ?? 'model')) {
    return segments[2] === 'ChannelName' && spec.model_channel_name !== undefined ? ['model_channel_name'] : ['model_uri'];
  }
  if (typeof inputs === 'string') return ['inputs'];
  return spec.source_dir !== undefined ? ['source_dir'] : spec.entry_point !== undefined ? ['entry_point'] : ['inputs'];
}

/** The estimator field a request path comes from. */
export function estimatorPathOf(segments: RequestPathSegment[], request: Obj, spec: Obj): JsonPath {
  const [top, second, third] = segments;
  const fromDebugger = debuggerPathOf(segments, request, spec);
  if (fromDebugger) return fromDebugger;
  const flag = FLAGS[`${top}.${second}`] ?? FLAGS[String(top)];
  if (flag) return flag;
  const dotted = segments.filter((s): s is string => typeof s === 'string');
  for (let n = dotted.length; n > 0; n--) {
    const key = dotted.slice(0, n).join('.');
    if (hasOwn(DIRECT, key) && segments.slice(0, n).every(s => typeof s === 'string')) {
      const base = DIRECT[key];
      // Environment keys and metric definitions keep their place in the file.
      return base.length === 1 && spec[base[0] as string] !== undefined ? [...base, ...segments.slice(n).slice(0, 1)] : base;
    }
  }
  if (top === 'ResourceConfig' && second === 'InstanceGroups') {
    if (typeof third !== 'number') return ['instance_groups'];
    const key = typeof segments[3] === 'string' ? INSTANCE_GROUP_KEYS[segments[3]] : undefined;
    return key ? ['instance_groups', third, key] : ['instance_groups', third];
  }
  if (top === 'AlgorithmSpecification' && second === 'MetricDefinitions') {
    return typeof third === 'number' ? ['metric_definitions', third] : ['metric_definitions'];
  }
  if (top === 'InputDataConfig') return channelPath(segments, request, spec);
  if (top === 'HyperParameters') {
    if (typeof second === 'string' && hasOwn(spec.hyperparameters, second)) return ['hyperparameters', second];
    const script = typeof second === 'string' ? scriptHyperparameterPath(second, spec) : undefined;
    if (script) return script;
    return spec.hyperparameters !== undefined ? ['hyperparameters'] : spec.entry_point !== undefined ? ['entry_point'] : [];
  }
  if (top === 'TrainingJobName') return spec.job_name !== undefined ? ['job_name'] : spec.base_job_name !== undefined ? ['base_job_name'] : ['image_uri'];
  if (top === 'Tags') {
    if (typeof second !== 'number') return ['tags'];
    if (Array.isArray(spec.tags)) return ['tags', second];
    const key = (request.Tags as Obj[] | undefined)?.[second]?.Key;
    return isObj(spec.tags) && typeof key === 'string' && hasOwn(spec.tags, key) ? ['tags', key] : ['tags'];
  }
  return [];
}

/** The problems of a planned request (none when the API would accept it). */
export function trainingRequestProblems(request: CreateTrainingJobRequest, spec: object): RequestProblem[] {
  const req = request as unknown as Obj;
  return checkRequest('CreateTrainingJob', req).map(violation => {
    const path = estimatorPathOf(violation.segments, req, spec as Obj);
    const where = path.length === 0 ? ` (request field ${violation.path})` : '';
    return {
      path,
      violation,
      message: `SageMaker would refuse this job's CreateTrainingJob request${where}: ${violation.message}`,
    };
  });
}
