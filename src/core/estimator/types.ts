/**
 * The estimator file's model: the keyword arguments of the SageMaker Python SDK v2's
 * `Estimator(...)` / framework estimators and of `.fit(inputs, job_name=...)`, in the SDK's own
 * snake_case names. Values here are after `${env:NAME}` / `${workspaceFolder}` substitution.
 */

/** Zero-based, like VS Code's and the Language Server Protocol's positions. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A path into the JSON document, e.g. `['inputs', 'train', 's3_data']`. */
export type JsonPath = (string | number)[];

export interface EstimatorDiagnostic {
  severity: Severity;
  /** Names the field and says what to do; never a bare "invalid value". */
  message: string;
  range: Range;
  path: JsonPath;
  /** Stable identifier of the rule, e.g. `unknown-key`, `s3-uri`, `image-version`. */
  code: string;
}

/** Keyword arguments of `sagemaker.image_uris.retrieve`. `region` and `instance_type` default to the estimator's. */
export interface ImageUriSpec {
  framework: string;
  version?: string;
  py_version?: string;
  instance_type?: string;
  accelerator_type?: string;
  image_scope?: string;
  container_version?: string;
  distribution?: Record<string, unknown>;
  base_framework_version?: string;
  training_compiler_config?: Record<string, unknown> | null;
  model_id?: string;
  model_version?: string;
  sdk_version?: string;
  inference_tool?: string;
  serverless_inference_config?: Record<string, unknown> | null;
  region?: string;
}

/** `sagemaker.inputs.TrainingInput(...)` keyword arguments. */
export interface TrainingInputSpec {
  s3_data: string;
  distribution?: 'FullyReplicated' | 'ShardedByS3Key';
  compression?: 'None' | 'Gzip';
  content_type?: string;
  record_wrapping?: 'None' | 'RecordIO';
  s3_data_type?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  instance_groups?: string[];
  input_mode?: 'File' | 'Pipe' | 'FastFile';
  attribute_names?: string[];
  target_attribute_name?: string;
  shuffle_config?: { seed: number };
  hub_access_config?: Record<string, unknown>;
  model_access_config?: Record<string, unknown>;
}

/** `sagemaker.inputs.FileSystemInput(...)` keyword arguments. */
export interface FileSystemInputSpec {
  file_system_id: string;
  file_system_type: 'EFS' | 'FSxLustre';
  directory_path: string;
  file_system_access_mode?: 'ro' | 'rw';
  content_type?: string;
}

export type ChannelSpec = string | TrainingInputSpec | FileSystemInputSpec;

/** `fit(inputs)`: a bare string is the channel `training`, as in the SDK. */
export type InputsSpec = string | Record<string, ChannelSpec>;

export type FrameworkName = 'pytorch' | 'tensorflow' | 'sklearn' | 'xgboost' | 'mxnet' | 'huggingface';

export interface Tag {
  Key: string;
  Value: string;
}

export interface MetricDefinition {
  Name: string;
  Regex: string;
}

/** The `deploy` section: `estimator.deploy(...)` keyword arguments (used by the deploy feature). */
export interface DeploySpec {
  initial_instance_count?: number;
  instance_type?: string;
  endpoint_name?: string;
  model_name?: string;
  serverless_inference_config?: { memory_size_in_mb?: number; max_concurrency?: number; provisioned_concurrency?: number };
  accelerator_type?: string;
  tags?: Tag[];
  kms_key?: string;
  wait?: boolean;
  volume_size?: number;
  model_data_download_timeout?: number;
  container_startup_health_check_timeout?: number;
  [key: string]: unknown;
}

export interface EstimatorSpec {
  /** Which framework estimator class (`PyTorch`, `TensorFlow`, ...); absent for the generic `Estimator`. */
  framework?: FrameworkName;
  image_uri?: string | ImageUriSpec;
  role?: string;
  instance_count?: number;
  instance_type?: string;
  instance_groups?: { instance_group_name: string; instance_type: string; instance_count: number }[];
  volume_size?: number;
  volume_kms_key?: string;
  max_run?: number;
  input_mode?: 'File' | 'Pipe' | 'FastFile';
  output_path?: string;
  output_kms_key?: string;
  base_job_name?: string;
  hyperparameters?: Record<string, unknown>;
  tags?: Tag[];
  subnets?: string[];
  security_group_ids?: string[];
  model_uri?: string;
  model_channel_name?: string;
  metric_definitions?: MetricDefinition[];
  encrypt_inter_container_traffic?: boolean;
  use_spot_instances?: boolean;
  max_wait?: number;
  checkpoint_s3_uri?: string;
  checkpoint_local_path?: string;
  enable_network_isolation?: boolean;
  environment?: Record<string, string>;
  max_retry_attempts?: number;
  keep_alive_period_in_seconds?: number;
  container_log_level?: number | string;
  code_location?: string;
  entry_point?: string;
  source_dir?: string;
  dependencies?: string[];
  git_config?: Record<string, string | boolean>;
  framework_version?: string;
  py_version?: string;
  distribution?: Record<string, unknown>;
  transformers_version?: string;
  pytorch_version?: string;
  tensorflow_version?: string;
  compiler_config?: Record<string, unknown>;
  debugger_hook_config?: Record<string, unknown> | boolean;
  rules?: Record<string, unknown>[];
  tensorboard_output_config?: Record<string, unknown>;
  profiler_config?: Record<string, unknown>;
  disable_profiler?: boolean;
  training_repository_access_mode?: 'Platform' | 'Vpc';
  training_repository_credentials_provider_arn?: string;
  container_entry_point?: string[];
  container_arguments?: string[];
  disable_output_compression?: boolean;
  enable_infra_check?: boolean;
  enable_remote_debug?: boolean;
  enable_session_tag_chaining?: boolean;
  training_plan?: string;
  enable_sagemaker_metrics?: boolean | null;
  /** TensorFlow: where the script saves the model (`false` leaves it out). */
  model_dir?: string | false | null;
  instance_placement_config?: Record<string, unknown> | null;
  /** `fit(inputs)`. */
  inputs?: InputsSpec;
  /** `fit(job_name=...)`. */
  job_name?: string;
  /** Region of the job; else the connection's. */
  region?: string;
  deploy?: DeploySpec;
}
