/**
 * The `HyperParameters` of the request: what the estimator's `hyperparameters()` returns, with the
 * script-mode, distribution and compiler entries the framework estimators add.
 */
import { s3PathJoin, PlanError } from './channels';
import {
  hyperparametersToPy,
  pyJsonDumps,
  pyStr,
  toPy,
  type NumberLiterals,
  type PyValue,
} from './hyperparameters';
import type { PlannableSpec } from './request';
import type { EstimatorSpec } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The estimator's `distribution` as the SDK holds it when it builds the request. */
export function effectiveDistribution(spec: EstimatorSpec): Obj | undefined {
  const given = spec.distribution;
  if (given === undefined || given === null) {
    // PyTorch, TensorFlow and Hugging Face keep `distribution or {}`.
    return spec.framework === 'pytorch' || spec.framework === 'tensorflow' || spec.framework === 'huggingface' ? {} : undefined;
  }
  let d: Obj = { ...given };
  if (spec.framework === 'pytorch' && 'pytorchddp' in d) {
    if ('smdistributed' in d) {
      throw new PlanError('Cannot use both pytorchddp and smdistributed distribution options together.', ['distribution']);
    }
    // PyTorch.__init__ rewrites pytorchddp as SageMaker distributed data parallel.
    const { pytorchddp, ...rest } = d;
    d = { ...rest, smdistributed: { dataparallel: pytorchddp } };
  }
  if (spec.framework === 'pytorch' || spec.framework === 'tensorflow') {
    // fw_utils.validate_distribution: the training instance groups, by name.
    const trainGroups = Array.isArray(d.instance_groups) ? d.instance_groups : [];
    const groups = spec.instance_groups;
    if (!groups) {
      if (trainGroups.length >= 1) throw new PlanError('Instance groups not specified in the estimator!', ['distribution', 'instance_groups']);
    } else {
      if (trainGroups.length > groups.length) {
        throw new PlanError('Train instance groups oversubscribed!', ['distribution', 'instance_groups']);
      }
      let names = trainGroups.map((g) => (isObj(g) ? String(g.instance_group_name) : String(g)));
      if (groups.length === 1 && names.length === 0) names = [groups[0].instance_group_name];
      else if (groups.length > 1 && names.length !== 1) {
        throw new PlanError('Distribution should only contain one instance group name!', ['distribution', 'instance_groups']);
      }
      if (names.length > 0) {
        for (const n of names) {
          if (!groups.some((g) => g.instance_group_name === n)) {
            throw new PlanError(`Invalid training instance group ${n}!`, ['distribution', 'instance_groups']);
          }
        }
        d.instance_groups = names;
      }
    }
  }
  return d;
}

const LAUNCH_PT_XLA = 'sagemaker_pytorch_xla_multi_worker_enabled';
const LAUNCH_PS = 'sagemaker_parameter_server_enabled';
const LAUNCH_MPI = 'sagemaker_mpi_enabled';
const LAUNCH_SM_DDP = 'sagemaker_distributed_dataparallel_enabled';
const LAUNCH_MWMS = 'sagemaker_multi_worker_mirrored_strategy_enabled';
const INSTANCE_TYPE = 'sagemaker_instance_type';
const MPI_NUM_PROCESSES_PER_HOST = 'sagemaker_mpi_num_of_processes_per_host';
const MPI_CUSTOM_MPI_OPTIONS = 'sagemaker_mpi_custom_mpi_options';
const SM_DDP_CUSTOM_MPI_OPTIONS = 'sagemaker_distributed_dataparallel_custom_mpi_options';
const LAUNCH_TORCH_DISTRIBUTED = 'sagemaker_torch_distributed_enabled';

const NONE: PyValue = { kind: 'none' };
const FALSE: PyValue = { kind: 'bool', value: false };
const TRUE: PyValue = { kind: 'bool', value: true };
const str = (value: string | undefined | null): PyValue => (value == null ? NONE : { kind: 'str', value });

/** `dict.get(key, False)` of a distribution option, as a Python value. */
function getOr(obj: unknown, key: string, fallback: PyValue, path: (string | number)[], literals?: NumberLiterals): PyValue {
  if (isObj(obj) && key in obj) return toPy(obj[key], [...path, key], literals);
  return fallback;
}

const truthy = (v: PyValue): boolean => {
  switch (v.kind) {
    case 'none':
      return false;
    case 'bool':
      return v.value;
    case 'int':
      return v.value !== '0';
    case 'float':
      return v.value !== 0;
    case 'str':
      return v.value !== '';
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
  }
};

/** `Framework._distribution_configuration`. */
function distributionConfiguration(
  d: Obj,
  spec: EstimatorSpec,
  literals?: NumberLiterals,
): [string, PyValue][] {
  const out = new Map<string, PyValue>();
  const p = ['distribution'];
  let mpiEnabled = false;
  let smddpEnabled = false;
  if ('instance_groups' in d) out.set('sagemaker_distribution_instance_groups', toPy(d.instance_groups, [...p, 'instance_groups'], literals));
  if ('pytorchxla' in d) out.set(LAUNCH_PT_XLA, getOr(d.pytorchxla, 'enabled', FALSE, [...p, 'pytorchxla'], literals));
  if ('parameter_server' in d) {
    out.set(LAUNCH_PS, getOr(d.parameter_server, 'enabled', FALSE, [...p, 'parameter_server'], literals));
  }
  if ('mpi' in d) {
    const mpi = d.mpi;
    const enabled = getOr(mpi, 'enabled', FALSE, [...p, 'mpi'], literals);
    mpiEnabled = truthy(enabled);
    out.set(LAUNCH_MPI, enabled);
    const pph = getOr(mpi, 'processes_per_host', NONE, [...p, 'mpi'], literals);
    if (truthy(pph)) out.set(MPI_NUM_PROCESSES_PER_HOST, pph);
    out.set(MPI_CUSTOM_MPI_OPTIONS, getOr(mpi, 'custom_mpi_options', str(''), [...p, 'mpi'], literals));
  }
  if ('smdistributed' in d) {
    const smd = isObj(d.smdistributed) ? d.smdistributed : {};
    const mp = isObj(smd.modelparallel) ? smd.modelparallel : {};
    if (mp.enabled === true) {
      const params = toPy(mp.parameters ?? {}, [...p, 'smdistributed', 'modelparallel', 'parameters'], literals);
      if (truthy(params)) out.set('mp_parameters', params);
    }
    const dp = smd.dataparallel;
    const enabled = getOr(dp, 'enabled', FALSE, [...p, 'smdistributed', 'dataparallel'], literals);
    smddpEnabled = truthy(enabled);
    out.set(LAUNCH_SM_DDP, enabled);
    out.set(INSTANCE_TYPE, str(spec.instance_type));
    if (smddpEnabled) {
      out.set(SM_DDP_CUSTOM_MPI_OPTIONS, getOr(dp, 'custom_mpi_options', str(''), [...p, 'smdistributed', 'dataparallel'], literals));
    }
  }
  if ('multi_worker_mirrored_strategy' in d) {
    out.set(LAUNCH_MWMS, getOr(d.multi_worker_mirrored_strategy, 'enabled', FALSE, [...p, 'multi_worker_mirrored_strategy'], literals));
  }
  const groups = out.get('sagemaker_distribution_instance_groups');
  if (!(mpiEnabled || smddpEnabled) && groups && !(groups.kind === 'list' && groups.items.length === 0) && groups.kind !== 'none') {
    throw new PlanError("Don't set training instance groups while no distribution strategies enabled!", ['distribution']);
  }
  return [...out.entries()];
}

/** `PyTorch._pytorch_distribution_configuration` (after the constructor's pytorchddp rewrite). */
function pytorchDistributionConfiguration(d: Obj, spec: EstimatorSpec, literals?: NumberLiterals): [string, PyValue][] {
  let pytorchDdp = false;
  let torchDistributed = false;
  if ('pytorchddp' in d) pytorchDdp = truthy(getOr(d.pytorchddp, 'enabled', FALSE, ['distribution', 'pytorchddp'], literals));
  else if ('torch_distributed' in d) {
    torchDistributed = truthy(getOr(d.torch_distributed, 'enabled', FALSE, ['distribution', 'torch_distributed'], literals));
  }
  if (pytorchDdp) {
    const out: [string, PyValue][] = [['sagemaker_pytorch_ddp_enabled', TRUE]];
    if (spec.instance_type != null) out.push([INSTANCE_TYPE, str(spec.instance_type)]);
    return out;
  }
  if (torchDistributed) {
    const out = new Map<string, PyValue>('smdistributed' in d ? distributionConfiguration(d, spec, literals) : []);
    out.set(LAUNCH_TORCH_DISTRIBUTED, TRUE);
    if (spec.instance_type != null) out.set(INSTANCE_TYPE, str(spec.instance_type));
    return [...out.entries()];
  }
  return distributionConfiguration(d, spec, literals);
}

/** `TrainingCompilerConfig._to_hyperparameter_dict`. */
function compilerHyperparameters(config: Obj, literals?: NumberLiterals): [string, PyValue][] {
  return [
    ['sagemaker_training_compiler_enabled', getOr(config, 'enabled', TRUE, ['compiler_config'], literals)],
    ['sagemaker_training_compiler_debug_mode', getOr(config, 'debug', FALSE, ['compiler_config'], literals)],
  ];
}

/** Python's `logging` levels by name (`logging.INFO` is 20). */
const LOG_LEVELS: Record<string, number> = {
  CRITICAL: 50,
  FATAL: 50,
  ERROR: 40,
  WARNING: 30,
  WARN: 30,
  INFO: 20,
  DEBUG: 10,
  NOTSET: 0,
};

/**
 * `container_log_level` (default `logging.INFO`): a number as is; a level name is the level it names
 * (`"DEBUG"` is `logging.DEBUG`, 10), as a Python user would have written `logging.DEBUG`.
 */
function containerLogLevel(value: number | string | undefined, literals?: NumberLiterals): PyValue {
  if (value === undefined || value === null) return { kind: 'int', value: '20' };
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOG_LEVELS, value.toUpperCase())) {
    return { kind: 'int', value: String(LOG_LEVELS[value.toUpperCase()]) };
  }
  return toPy(value, ['container_log_level'], literals);
}

export interface HyperparameterInputs {
  spec: PlannableSpec;
  staged?: { codeDir: string; scriptName: string };
  jobName: string;
  region: string;
  outputPath: string;
  distribution?: Obj;
  literals?: NumberLiterals;
}

/** The `HyperParameters` of the request: `str()` of what the estimator's `hyperparameters()` returns. */
export function buildHyperparameters(h: HyperparameterInputs): Map<string, string> {
  const { spec, literals } = h;
  const user = hyperparametersToPy(spec.hyperparameters, literals);
  const logLevel = containerLogLevel(spec.container_log_level, literals);
  const scriptMode: [string, PyValue][] = h.staged
    ? [
        ['sagemaker_submit_directory', str(h.staged.codeDir)],
        ['sagemaker_program', str(h.staged.scriptName)],
        ['sagemaker_container_log_level', logLevel],
        ['sagemaker_job_name', str(h.jobName)],
        ['sagemaker_region', str(h.region)],
      ]
    : [];

  if (!spec.framework) {
    // Estimator: JSON-encoded when there is a source_dir (set_hyperparameters), else str() at fit.
    const out = new Map<string, string>();
    for (const [k, v] of user) out.set(k, spec.source_dir ? pyJsonDumps(v) : pyStr(v));
    // EstimatorBase._script_mode_hyperparam_update JSON-encodes the script-mode values.
    for (const [k, v] of scriptMode) out.set(k, pyJsonDumps(v));
    return out;
  }

  // Framework: values kept raw, JSON-encoded by hyperparameters().
  const raw = new Map<string, PyValue>(user);
  if (spec.framework === 'mxnet' && isObj(spec.distribution)) {
    // MXNet._configure_distribution writes into the hyperparameters at construction.
    const d = spec.distribution;
    if ('parameter_server' in d) raw.set(LAUNCH_PS, getOr(d.parameter_server, 'enabled', FALSE, ['distribution', 'parameter_server'], literals));
    if ('mpi' in d) {
      raw.set(LAUNCH_MPI, getOr(d.mpi, 'enabled', FALSE, ['distribution', 'mpi'], literals));
      const pph = getOr(d.mpi, 'processes_per_host', NONE, ['distribution', 'mpi'], literals);
      if (truthy(pph)) {
        raw.set(MPI_NUM_PROCESSES_PER_HOST, pph);
        raw.set(MPI_CUSTOM_MPI_OPTIONS, getOr(d.mpi, 'custom_mpi_options', str(''), ['distribution', 'mpi'], literals));
      }
    }
  }
  for (const [k, v] of scriptMode) raw.set(k, v);
  const out = new Map<string, string>();
  for (const [k, v] of raw) out.set(k, pyJsonDumps(v));

  const d = h.distribution ?? {};
  let extra: [string, PyValue][] = [];
  if (spec.framework === 'pytorch') extra = pytorchDistributionConfiguration(d, spec, literals);
  else if (spec.framework === 'tensorflow') {
    const dist = distributionConfiguration(d, spec, literals);
    const map = new Map(dist);
    if (spec.model_dir !== false) {
      const mpi = map.get(LAUNCH_MPI);
      const modelDir =
        spec.model_dir || (mpi && truthy(mpi) ? '/opt/ml/model' : s3PathJoin([h.outputPath, h.jobName, 'model']));
      map.set('model_dir', str(modelDir));
    }
    extra = [...map.entries()];
  } else if (spec.framework === 'huggingface') extra = distributionConfiguration(d, spec, literals);
  for (const [k, v] of extra) out.set(k, pyJsonDumps(v));

  if (
    (spec.framework === 'pytorch' || spec.framework === 'tensorflow' || spec.framework === 'huggingface') &&
    isObj(spec.compiler_config)
  ) {
    for (const [k, v] of compilerHyperparameters(spec.compiler_config, literals)) out.set(k, pyJsonDumps(v));
  }
  return out;
}
