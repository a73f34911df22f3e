/**
 * `None` means "not set", as in Python: every argument whose SDK v2 default is `None` may be written as JSON
 * `null`, and is then exactly as if the key were absent. This is the one place that decides it, run on the
 * substituted value before the schema, the rules and the request see it, so that nothing downstream has to
 * tell `null` from a missing key. The schema allows `null` on exactly these keys (for the editor's own
 * checks); test/unit/estimator/normalize.test.ts holds the two lists together.
 *
 * Not touched: hyperparameter values (a `null` hyperparameter is sent as the SDK sends `None`, see
 * requestHyperparameters.ts), and keys whose SDK default is not `None` (`volume_size`, `max_run`,
 * `input_mode`, `s3_data_type`, ...), where `null` stays a type error as Python's `None` would be refused there.
 */
import { isFileSystemChannel } from './rulesFacts';

/**
 * `sagemaker.estimator.EstimatorBase.__init__`, `Estimator.__init__`, `Framework.__init__` and the framework
 * estimators' (`PyTorch`, `TensorFlow`, `HuggingFace`, `MXNet`) arguments that default to `None`, plus
 * `fit(inputs=None, job_name=None)`.
 */
export const NONE_DEFAULT_ESTIMATOR_KEYS: readonly string[] = [
  'role', 'instance_count', 'instance_type', 'keep_alive_period_in_seconds', 'volume_kms_key', 'output_path',
  'output_kms_key', 'base_job_name', 'tags', 'subnets', 'security_group_ids', 'model_uri', 'metric_definitions',
  'encrypt_inter_container_traffic', 'max_wait', 'checkpoint_s3_uri', 'checkpoint_local_path', 'rules',
  'debugger_hook_config', 'tensorboard_output_config', 'enable_sagemaker_metrics', 'enable_network_isolation',
  'profiler_config', 'disable_profiler', 'environment', 'max_retry_attempts', 'source_dir', 'git_config',
  'hyperparameters', 'code_location', 'entry_point', 'dependencies', 'instance_groups',
  'training_repository_access_mode', 'training_repository_credentials_provider_arn', 'enable_infra_check',
  'container_entry_point', 'container_arguments', 'enable_remote_debug', 'enable_session_tag_chaining',
  'training_plan', 'instance_placement_config', 'image_uri', 'framework_version', 'py_version', 'distribution',
  'compiler_config', 'model_dir', 'transformers_version', 'tensorflow_version', 'pytorch_version',
  'inputs', 'job_name',
];

/** `sagemaker.inputs.TrainingInput.__init__` arguments that default to `None`. */
export const NONE_DEFAULT_TRAINING_INPUT_KEYS: readonly string[] = [
  'distribution', 'compression', 'content_type', 'record_wrapping', 'instance_groups', 'input_mode',
  'attribute_names', 'target_attribute_name', 'shuffle_config', 'hub_access_config', 'model_access_config',
];

/** `sagemaker.inputs.FileSystemInput.__init__` arguments that default to `None`. */
export const NONE_DEFAULT_FILE_SYSTEM_INPUT_KEYS: readonly string[] = ['content_type'];

/** `EstimatorBase.deploy` arguments that default to `None` (those the `deploy` section has). */
export const NONE_DEFAULT_DEPLOY_KEYS: readonly string[] = [
  'initial_instance_count', 'instance_type', 'accelerator_type', 'endpoint_name', 'model_name', 'kms_key',
  'data_capture_config', 'tags', 'serverless_inference_config', 'async_inference_config', 'volume_size',
  'model_data_download_timeout', 'container_startup_health_check_timeout', 'inference_recommendation_id',
  'explainer_config',
];
type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/** An own property even for "__proto__" (a plain assignment would set the object's prototype instead). */
function setOwn(object: Obj, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function withoutNulls(object: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === null && keys.includes(key)) continue;
    setOwn(out, key, value);
  }
  return out;
}

/**
 * The estimator with every `null` whose SDK default is `None` removed (a new object; the input is not changed).
 * Channels and `deploy` are normalized too; anything that is not an object is returned as is.
 */
export function normalizeNoneDefaults(value: unknown): unknown {
  if (!isObj(value)) return value;
  const out = withoutNulls(value, NONE_DEFAULT_ESTIMATOR_KEYS);
  if (isObj(out.inputs)) {
    const inputs: Obj = {};
    for (const [name, channel] of Object.entries(out.inputs)) {
      setOwn(inputs, name, isObj(channel)
        ? withoutNulls(channel, isFileSystemChannel(channel) ? NONE_DEFAULT_FILE_SYSTEM_INPUT_KEYS : NONE_DEFAULT_TRAINING_INPUT_KEYS)
        : channel);
    }
    out.inputs = inputs;
  }
  if (isObj(out.deploy)) out.deploy = withoutNulls(out.deploy, NONE_DEFAULT_DEPLOY_KEYS);
  return out;
}
