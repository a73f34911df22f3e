/**
 * HyperParameters back to estimator arguments, decoded the way the planner encodes them; the SDK's `sagemaker_*`
 * keys become `entry_point`, `source_dir`, `container_log_level`, `distribution`, `model_dir`, `compiler_config`.
 */
import type { FrameworkName } from '../../estimator/types';
import { jsonDecode, jsonRoundTrips, RawJson, strValue, type Flag, type Obj } from './values';

/** Hyperparameters the SDK sets for script mode and distribution (removed from `hyperparameters`). */
const SCRIPT_MODE_KEYS = [
  'sagemaker_submit_directory',
  'sagemaker_program',
  'sagemaker_container_log_level',
  'sagemaker_job_name',
  'sagemaker_region',
];

export interface HyperparameterResult {
  hyperparameters: Obj;
  entryPoint?: string;
  sourceDir?: string;
  containerLogLevel?: RawJson;
  distribution?: Obj;
  modelDir?: string | false;
  compilerConfig?: Obj;
}

const decodedOr = (text: string | undefined, fallback: unknown): unknown => {
  const d = jsonDecode(text);
  return d.ok ? d.value : fallback;
};

/** The SDK's distribution hyperparameters of a framework estimator, back to `distribution`. */
function takeDistribution(hp: Record<string, string>, framework: FrameworkName): Obj | undefined {
  const d: Obj = {};
  const take = (key: string): unknown => {
    const value = decodedOr(hp[key], undefined);
    delete hp[key];
    return value;
  };
  const has = (key: string) => key in hp;
  if (has('sagemaker_distribution_instance_groups')) d.instance_groups = take('sagemaker_distribution_instance_groups');
  if (has('sagemaker_torch_distributed_enabled')) {
    d.torch_distributed = { enabled: take('sagemaker_torch_distributed_enabled') };
  }
  if (has('sagemaker_pytorch_ddp_enabled')) d.pytorchddp = { enabled: take('sagemaker_pytorch_ddp_enabled') };
  if (has('sagemaker_pytorch_xla_multi_worker_enabled')) d.pytorchxla = { enabled: take('sagemaker_pytorch_xla_multi_worker_enabled') };
  if (has('sagemaker_parameter_server_enabled')) d.parameter_server = { enabled: take('sagemaker_parameter_server_enabled') };
  if (has('sagemaker_mpi_enabled')) {
    const mpi: Obj = { enabled: take('sagemaker_mpi_enabled') };
    if (has('sagemaker_mpi_num_of_processes_per_host')) mpi.processes_per_host = take('sagemaker_mpi_num_of_processes_per_host');
    if (has('sagemaker_mpi_custom_mpi_options')) {
      const options = take('sagemaker_mpi_custom_mpi_options');
      if (options !== '') mpi.custom_mpi_options = options;
    }
    d.mpi = mpi;
  }
  if (has('sagemaker_distributed_dataparallel_enabled') || has('mp_parameters')) {
    const smd: Obj = {};
    if (has('mp_parameters')) smd.modelparallel = { enabled: true, parameters: take('mp_parameters') };
    if (has('sagemaker_distributed_dataparallel_enabled')) {
      const dp: Obj = { enabled: take('sagemaker_distributed_dataparallel_enabled') };
      if (has('sagemaker_distributed_dataparallel_custom_mpi_options')) {
        const options = take('sagemaker_distributed_dataparallel_custom_mpi_options');
        if (options !== '') dp.custom_mpi_options = options;
      }
      smd.dataparallel = dp;
    }
    d.smdistributed = smd;
  }
  if (has('sagemaker_multi_worker_mirrored_strategy_enabled')) {
    d.multi_worker_mirrored_strategy = { enabled: take('sagemaker_multi_worker_mirrored_strategy_enabled') };
  }
  // Derived from instance_type by the SDK.
  if (framework !== 'mxnet') delete hp.sagemaker_instance_type;
  return Object.keys(d).length ? d : undefined;
}

export function mapHyperparameters(
  source: Record<string, string>,
  framework: FrameworkName | undefined,
  scriptMode: boolean,
  flag: Flag,
): HyperparameterResult {
  const hp = { ...source };
  const result: HyperparameterResult = { hyperparameters: {} };
  if (scriptMode) {
    result.entryPoint = decodedOr(hp.sagemaker_program, undefined) as string;
    result.sourceDir = decodedOr(hp.sagemaker_submit_directory, undefined) as string;
    if (hp.sagemaker_container_log_level !== undefined && hp.sagemaker_container_log_level !== '20') {
      if (/^\d+$/.test(hp.sagemaker_container_log_level)) result.containerLogLevel = new RawJson(hp.sagemaker_container_log_level);
      else flag('HyperParameters.sagemaker_container_log_level', `${hp.sagemaker_container_log_level}: not a logging level number`);
    }
    for (const key of SCRIPT_MODE_KEYS) delete hp[key];
  }
  if (framework) {
    result.distribution = takeDistribution(hp, framework);
    if (framework === 'tensorflow') {
      if ('model_dir' in hp) {
        result.modelDir = decodedOr(hp.model_dir, hp.model_dir) as string;
        delete hp.model_dir;
      } else result.modelDir = false;
    }
    if ('sagemaker_training_compiler_enabled' in hp || 'sagemaker_training_compiler_debug_mode' in hp) {
      result.compilerConfig = {
        enabled: decodedOr(hp.sagemaker_training_compiler_enabled, true),
        debug: decodedOr(hp.sagemaker_training_compiler_debug_mode, false),
      };
      delete hp.sagemaker_training_compiler_enabled;
      delete hp.sagemaker_training_compiler_debug_mode;
    }
  }
  // Framework estimators and estimators with code JSON-encode every value; the generic Estimator sends str().
  const jsonEncoded = !!framework || scriptMode;
  for (const [key, text] of Object.entries(hp)) {
    if (jsonEncoded) {
      if (jsonRoundTrips(text)) result.hyperparameters[key] = new RawJson(text);
      else {
        result.hyperparameters[key] = text;
        flag(`HyperParameters.${key}`, `${JSON.stringify(text)} is not a JSON value, so the estimator sends it JSON-encoded (${JSON.stringify(JSON.stringify(text))})`);
      }
    } else {
      result.hyperparameters[key] = strValue(text);
    }
  }
  return result;
}
