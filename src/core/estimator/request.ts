/**
 * The CreateTrainingJob request of an estimator file, field for field what the SageMaker Python SDK
 * v2 (2.257) sends for `Estimator(**kwargs).fit(inputs, job_name=...)` or the framework estimators
 * (`PyTorch`, `TensorFlow`, `SKLearn`, `XGBoost`, `MXNet`, `HuggingFace`), with the keys in the
 * order of the SDK's request dict (`Session._get_train_request`).
 *
 * Where this deliberately differs from the SDK:
 * - Debugger and profiler settings are sent only when the estimator asks for them (see
 *   `requestDebugger.ts`); the SDK adds a debugger hook and a profiler config to every job.
 * - Local data (`file://` URIs and plain paths, in `inputs` and `model_uri`) is accepted outside local
 *   mode and planned as uploads under `s3://<default bucket>/<job>/input/<channel>/` (see
 *   `channels.ts`); the SDK refuses it outside local mode.
 * - A bare IAM role name becomes `arn:<partition>:iam::<account>:role/<name>` without asking IAM
 *   (the SDK asks IAM, which also knows the role's path).
 * - No SageMaker Config file (`config.yaml` defaults), no JumpStart tags, no `git_config` cloning.
 */
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { ImageUriError, retrieve, trainingImageUri, type RetrieveOptions } from '../images/imageUris';
import {
  channelsFromInputs,
  codeChannel,
  modelChannel,
  PlanError,
  s3PathJoin,
  type ChannelContext,
  type UploadPlan,
} from './channels';
import {
  hyperparametersToPy,
  pyJsonDumps,
  pyStr,
  toPy,
  type NumberLiterals,
  type PyValue,
} from './hyperparameters';
import { baseNameFromImage, DEFAULT_BASE_JOB_NAME, nameFromBase } from './jobName';
import { debuggerSettings } from './requestDebugger';
import { CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH, stageCode, type StagedCode } from './requestSourcedir';
import type { EstimatorSpec, FrameworkName, ImageUriSpec } from './types';
import { versionAtLeast } from '../versions';

export { PlanError, type UploadPlan } from './channels';

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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The AWS partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
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

const FRAMEWORK_IMAGE_NAMES: Record<FrameworkName, string> = {
  pytorch: 'pytorch',
  tensorflow: 'tensorflow',
  mxnet: 'mxnet',
  huggingface: 'huggingface',
  sklearn: 'sklearn',
  xgboost: 'xgboost',
};

/** `EstimatorBase._get_instance_type`: the instance type, else a GPU instance group's, else the first group's. */
function instanceTypeForImage(spec: EstimatorSpec): string | undefined {
  if (spec.instance_type) return spec.instance_type;
  const groups = spec.instance_groups ?? [];
  for (const g of groups) {
    const m = /^ml[._]([a-z\d-]+)\.?\w*$/.exec(g.instance_type);
    if (m && (m[1][0] === 'g' || m[1][0] === 'p')) return g.instance_type;
  }
  return groups[0]?.instance_type;
}

function wrapImageErrors(fn: () => string, path: (string | number)[]): string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PlanError) throw e;
    const argument = e instanceof ImageUriError ? e.argument : undefined;
    const at: Record<string, (string | number)[]> = {
      instance_type: ['instance_type'],
      region: ['region'],
      py_version: ['py_version'],
    };
    throw new PlanError(
      `Training image: ${e instanceof Error ? e.message : String(e)}`,
      (argument && at[argument]) || path,
    );
  }
}

function callRetrieve(options: Record<string, unknown>, path: (string | number)[]): string {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) clean[k] = v;
  return wrapImageErrors(() => retrieve(clean as unknown as RetrieveOptions), path);
}

/** The estimator's `distribution` as the SDK holds it when it builds the request. */
function effectiveDistribution(spec: EstimatorSpec): Obj | undefined {
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

/** The region the job runs in: the estimator's `region`, else the connection's. */
function jobRegion(spec: EstimatorSpec, region: string): string {
  return spec.region || region;
}

function imageFromSpecObject(image: ImageUriSpec, spec: EstimatorSpec, region: string): string {
  return callRetrieve(
    {
      ...image,
      region: image.region || region,
      instance_type: image.instance_type ?? instanceTypeForImage(spec),
      image_scope: image.image_scope ?? 'training',
    },
    ['image_uri'],
  );
}

/**
 * The training image: `image_uri` as is, an `image_uri` object through `image_uris.retrieve`
 * (region and instance type defaulting to the job's), or the framework estimator's image
 * (`image_uris.get_training_image_uri` / the `SKLearn` and `XGBoost` constructors).
 */
export function buildImageUri(spec: EstimatorSpec, region: string): string {
  const r = jobRegion(spec, region);
  if (typeof spec.image_uri === 'string' && spec.image_uri !== '') return spec.image_uri;
  if (isObj(spec.image_uri)) return imageFromSpecObject(spec.image_uri as ImageUriSpec, spec, r);
  const fw = spec.framework;
  if (!fw) {
    throw new PlanError('image_uri is required for the generic Estimator (or set "framework").', ['image_uri']);
  }
  const name = FRAMEWORK_IMAGE_NAMES[fw];
  if (fw === 'sklearn' || fw === 'xgboost') {
    return callRetrieve(
      {
        framework: name,
        region: r,
        version: spec.framework_version,
        py_version: spec.py_version ?? 'py3',
        instance_type: spec.instance_type,
        image_scope: 'training',
      },
      ['framework_version'],
    );
  }
  // Framework.training_image_uri -> image_uris.get_training_image_uri.
  const distribution = fw === 'mxnet' ? undefined : effectiveDistribution(spec);
  return wrapImageErrors(
    () =>
      trainingImageUri({
        region: r,
        framework: name,
        framework_version: fw === 'huggingface' ? spec.transformers_version : spec.framework_version,
        py_version: spec.py_version,
        distribution,
        compiler_config: fw === 'mxnet' ? undefined : spec.compiler_config,
        tensorflow_version: fw === 'huggingface' ? spec.tensorflow_version : undefined,
        pytorch_version: fw === 'huggingface' ? spec.pytorch_version : undefined,
        instance_type: instanceTypeForImage(spec),
      }),
    [fw === 'huggingface' ? 'transformers_version' : 'framework_version'],
  );
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

interface HyperparameterInputs {
  spec: PlannableSpec;
  staged?: { codeDir: string; scriptName: string };
  jobName: string;
  region: string;
  outputPath: string;
  distribution?: Obj;
  literals?: NumberLiterals;
}

/** The `HyperParameters` of the request: `str()` of what the estimator's `hyperparameters()` returns. */
function buildHyperparameters(h: HyperparameterInputs): Map<string, string> {
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

const isLocalInstance = (t: string | undefined): boolean => t === 'local' || t === 'local_gpu';

/** Builds the CreateTrainingJob request (and the uploads it needs) of an estimator file. */
export function buildTrainingJobRequest(specIn: EstimatorSpec, ctx: PlanContext): TrainingJobPlan {
  const spec = specIn as PlannableSpec;
  const literals = ctx.numberLiterals;
  const region = jobRegion(spec, ctx.region);
  if (!region) throw new PlanError('No region: set "region" or choose one for the connection.', ['region']);
  const account = ctx.account;
  const defaultBucket = defaultBucketName(region, account);

  // Local mode runs on this machine as the user: no role is assumed, so none is needed (the SDK's local mode ignores it too).
  const localMode = spec.instance_type === 'local' || spec.instance_type === 'local_gpu';
  if (!spec.role && !localMode) {
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

  const distribution = effectiveDistribution(spec);
  const imageUri = buildImageUri(spec, region);
  const jobName =
    ctx.jobName ||
    spec.job_name ||
    nameFromBase(spec.base_job_name || baseNameFromImage(imageUri) || DEFAULT_BASE_JOB_NAME, ctx.now ?? new Date());

  const outputPathIsDefault = spec.output_path == null;
  const outputPath = spec.output_path ?? s3PathJoin(['s3://', defaultBucket], true);
  if (outputPath.toLowerCase().startsWith('file://') && !isLocalInstance(spec.instance_type)) {
    throw new PlanError(
      "The 'file://' output paths are only supported when using Local Mode: use an s3:// output_path.",
      ['output_path'],
    );
  }

  const uploads: UploadPlan[] = [];
  const networkIsolation = spec.enable_network_isolation === true;

  // Script mode: stage the code, point the hyperparameters at it.
  let staged: StagedCode | undefined;
  let codeDir: string | undefined;
  let codeUri: string | undefined;
  const dependencies = spec.dependencies ?? [];
  if (spec.source_dir || spec.entry_point || dependencies.length > 0) {
    if (!spec.entry_point) {
      throw new PlanError('entry_point is required with source_dir or dependencies.', ['entry_point']);
    }
    staged = stageCode({
      entryPoint: spec.entry_point,
      sourceDir: spec.source_dir,
      dependencies,
      baseDir: ctx.baseDir,
      jobName,
      outputPath,
      outputPathIsDefault,
      codeLocation: spec.code_location,
      outputKmsKey: spec.output_kms_key,
      defaultBucket,
    });
    if (staged.upload) uploads.push(staged.upload);
    if (networkIsolation) {
      codeDir = CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH;
      codeUri = staged.s3Prefix;
    } else {
      codeDir = staged.s3Prefix;
    }
  }

  const hyperparameters = buildHyperparameters({
    spec,
    staged: staged && codeDir ? { codeDir, scriptName: staged.scriptName } : undefined,
    jobName,
    region,
    outputPath,
    distribution,
    literals,
  });

  // Channels: inputs in order, then the model channel, then the code channel.
  const channelCtx: ChannelContext = { baseDir: ctx.baseDir, bucket: defaultBucket, jobName };
  let channels = channelsFromInputs(spec.inputs, channelCtx, uploads);
  if (spec.model_uri) {
    const name = spec.model_channel_name ?? 'model';
    const model = modelChannel(spec.model_uri, name, channels, channelCtx, uploads);
    channels = [...(channels ?? []), model];
  }
  if (codeUri) {
    channels = [...(channels ?? []), codeChannel(codeUri, 'code', channels)];
  }

  // ResourceConfig (_Job._prepare_resource_config).
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

  // AlgorithmSpecification.
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

  const outputConfig: Obj = { S3OutputPath: outputPath };
  if (spec.output_kms_key != null) outputConfig.KmsKeyId = spec.output_kms_key;
  if (spec.disable_output_compression) outputConfig.CompressionType = 'NONE';

  const stoppingCondition: Obj = { MaxRuntimeInSeconds: spec.max_run ?? DEFAULT_MAX_RUN_SECONDS };
  if (spec.max_wait) stoppingCondition.MaxWaitTimeInSeconds = spec.max_wait;

  const debug = debuggerSettings({
    spec,
    outputPath,
    framework: spec.framework,
    distribution,
    literals,
    defaultRuleImage: () => callRetrieve({ framework: 'debugger', region }, ['rules']),
  });

  // Session._get_train_request, in its key order.
  const request: Obj = {
    AlgorithmSpecification: algorithm,
    OutputDataConfig: outputConfig,
    TrainingJobName: jobName,
    StoppingCondition: stoppingCondition,
    ResourceConfig: resourceConfig,
    RoleArn: spec.role ? expandRole(spec.role, account, region) : undefined,
  };
  if (spec.enable_infra_check != null) request.InfraCheckConfig = { EnableInfraCheck: spec.enable_infra_check };
  if (channels !== undefined) request.InputDataConfig = channels;
  if (hyperparameters.size > 0) request.HyperParameters = Object.fromEntries(hyperparameters);
  if (spec.environment != null) request.Environment = spec.environment;
  if (spec.tags != null) {
    request.Tags = Array.isArray(spec.tags)
      ? spec.tags
      : Object.entries(spec.tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
  }
  if (spec.subnets != null && spec.security_group_ids != null) {
    request.VpcConfig = { Subnets: spec.subnets, SecurityGroupIds: spec.security_group_ids };
  }
  if (spec.enable_network_isolation) request.EnableNetworkIsolation = spec.enable_network_isolation;
  if (spec.encrypt_inter_container_traffic) {
    request.EnableInterContainerTrafficEncryption = spec.encrypt_inter_container_traffic;
  }
  if (spec.use_spot_instances) request.EnableManagedSpotTraining = spec.use_spot_instances;
  if (spec.checkpoint_s3_uri) {
    const checkpoint: Obj = { S3Uri: spec.checkpoint_s3_uri };
    if (spec.checkpoint_local_path) checkpoint.LocalPath = spec.checkpoint_local_path;
    request.CheckpointConfig = checkpoint;
  }
  if (debug.DebugRuleConfigurations) request.DebugRuleConfigurations = debug.DebugRuleConfigurations;
  if (debug.DebugHookConfig) request.DebugHookConfig = debug.DebugHookConfig;
  if (debug.TensorBoardOutputConfig) request.TensorBoardOutputConfig = debug.TensorBoardOutputConfig;
  if (debug.ProfilerRuleConfigurations) request.ProfilerRuleConfigurations = debug.ProfilerRuleConfigurations;
  if (debug.ProfilerConfig) request.ProfilerConfig = debug.ProfilerConfig;
  if (spec.enable_remote_debug != null) request.RemoteDebugConfig = { EnableRemoteDebug: spec.enable_remote_debug };
  if (spec.enable_session_tag_chaining != null) {
    request.SessionChainingConfig = { EnableSessionTagChaining: spec.enable_session_tag_chaining };
  }
  if (spec.max_retry_attempts != null) request.RetryStrategy = { MaximumRetryAttempts: spec.max_retry_attempts };

  return {
    request: request as unknown as CreateTrainingJobRequest,
    uploads,
    defaultBucket,
    jobName,
    imageUri,
  };
}

/**
 * What the CLI's `plan` prints: the request itself (local inputs and code already at the S3 URIs they
 * will be uploaded to), as indented JSON.
 */
export function planOutput(plan: TrainingJobPlan): string {
  return JSON.stringify(plan.request, null, 2);
}
