/**
 * What the SageMaker training toolkit (sagemaker-training-toolkit, the `sagemaker_training` package in every
 * framework container) gives a script-mode entry point, reproduced for a job folder on this machine:
 * - hyperparameters.json as the SDK sends it (`str(value)` for the generic estimator without source_dir,
 *   `json.dumps(value)` otherwise, plus the script-mode `sagemaker_*` entries);
 * - the command-line arguments (`mapping.to_cmd_args` of the user's hyperparameters, `json.loads`-decoded);
 * - the `SM_*` environment (`Environment.to_env_vars()`), with `SM_TRAINING_ENV` the whole environment as JSON.
 * Pure TypeScript.
 */
import * as path from 'node:path';
import {
  hyperparametersToPy,
  pyJsonDumps,
  pyStr,
  toPy,
  type NumberLiterals,
  type PyValue,
} from '../estimator/hyperparameters';
import type { EstimatorSpec, FrameworkName } from '../estimator/types';
import { torchDistributedLaunch } from './hosts';
import type { JobPaths } from './paths';
import { decodeHyperparameter, envValue, Py, toCmdArgs } from './pyjson';

/** `params.SAGEMAKER_HYPERPARAMETERS`: the `sagemaker_*` names the toolkit keeps for itself. */
export const SAGEMAKER_HYPERPARAMETERS = [
  'sagemaker_program',
  'sagemaker_submit_directory',
  'sagemaker_enable_cloudwatch_metrics',
  'sagemaker_region',
  'sagemaker_container_log_level',
  'sagemaker_job_name',
  'default_user_module_name',
  '_tuning_objective_metric',
  'sagemaker_s3_output',
];

export const CURRENT_HOST = 'algo-1';
export const INSTANCE_GROUP = 'homogeneousCluster';

/** `SAGEMAKER_TRAINING_MODULE` of each framework's training image. */
const FRAMEWORK_MODULES: Record<FrameworkName, string> = {
  pytorch: 'sagemaker_pytorch_container.training:main',
  tensorflow: 'sagemaker_tensorflow_container.training:main',
  mxnet: 'sagemaker_mxnet_container.training:main',
  sklearn: 'sagemaker_sklearn_container.training:main',
  xgboost: 'sagemaker_xgboost_container.training:main',
  huggingface: 'sagemaker_pytorch_container.training:main',
};

/** Python's `logging` levels by name. */
const LOG_LEVELS: Record<string, number> = { CRITICAL: 50, FATAL: 50, ERROR: 40, WARNING: 30, WARN: 30, INFO: 20, DEBUG: 10, NOTSET: 0 };

function containerLogLevel(value: number | string | undefined, literals?: NumberLiterals): PyValue {
  if (value === undefined || value === null) return { kind: 'int', value: '20' };
  if (typeof value === 'string' && value.toUpperCase() in LOG_LEVELS) return { kind: 'int', value: String(LOG_LEVELS[value.toUpperCase()]) };
  return toPy(value, ['container_log_level'], literals);
}

/** `sagemaker_program`: the entry point relative to source_dir, or its file name when there is no source_dir. */
export function programName(spec: EstimatorSpec): string {
  const entry = spec.entry_point ?? '';
  return spec.source_dir ? entry.replace(/\\/g, '/').replace(/^\.\//, '') : path.basename(entry);
}

export interface HyperparameterContext {
  jobName: string;
  /** The folder the entry point runs from (source_dir, or the entry point's folder): `sagemaker_submit_directory`. */
  codeDir: string;
  /** The job's model folder (TensorFlow's `model_dir` hyperparameter). */
  modelDir: string;
  region?: string;
  literals?: NumberLiterals;
}

/**
 * hyperparameters.json of a local script-mode job: what the SDK's local mode sends (with local code, the
 * submit directory is the code folder itself, as the SDK mounts it at /opt/ml/code), every value a string.
 */
export function localHyperparameters(spec: EstimatorSpec, ctx: HyperparameterContext): Record<string, string> {
  const jsonEncoded = !!spec.framework || !!spec.source_dir;
  const out: Record<string, string> = {};
  for (const [k, v] of hyperparametersToPy(spec.hyperparameters, ctx.literals)) out[k] = jsonEncoded ? pyJsonDumps(v) : pyStr(v);
  if (spec.framework === 'tensorflow' && spec.model_dir !== false && !('model_dir' in out)) {
    // The SDK's local mode points TensorFlow's model_dir inside the container; here, at the job's model folder.
    out.model_dir = pyJsonDumps({ kind: 'str', value: ctx.modelDir });
  }
  const str = (value: string): string => pyJsonDumps({ kind: 'str', value });
  out.sagemaker_submit_directory = str(ctx.codeDir);
  out.sagemaker_program = str(programName(spec));
  out.sagemaker_container_log_level = pyJsonDumps(containerLogLevel(spec.container_log_level, ctx.literals));
  out.sagemaker_job_name = str(ctx.jobName);
  if (ctx.region) out.sagemaker_region = str(ctx.region);
  // The launch the PyTorch estimator asks of the toolkit (PyTorch._pytorch_distribution_configuration).
  const launch = torchDistributedLaunch(spec);
  if (launch) {
    out[launch === 'pytorchddp' ? 'sagemaker_pytorch_ddp_enabled' : 'sagemaker_torch_distributed_enabled'] = 'true';
    if (spec.instance_type) out.sagemaker_instance_type = str(spec.instance_type);
  }
  return out;
}

export interface ResourceConfig {
  current_host: string;
  current_instance_type: string;
  current_group_name: string;
  hosts: string[];
  instance_groups: { instance_group_name: string; instance_type: string; hosts: string[] }[];
  network_interface_name: string;
}

/** resourceconfig.json of a one-host job, or of `currentHost` among `hosts` (several hosts, on `networkInterface`). */
export function localResourceConfig(instanceType: string, hosts: string[] = [CURRENT_HOST], currentHost = CURRENT_HOST, networkInterface = 'eth0'): ResourceConfig {
  return {
    current_host: currentHost,
    current_instance_type: instanceType,
    current_group_name: INSTANCE_GROUP,
    hosts: [...hosts],
    instance_groups: [{ instance_group_name: INSTANCE_GROUP, instance_type: instanceType, hosts: [...hosts] }],
    network_interface_name: networkInterface,
  };
}

/** One channel of inputdataconfig.json. */
export interface InputDataConfigEntry {
  ContentType?: string;
  TrainingInputMode: string;
  S3DistributionType: string;
  RecordWrapperType: string;
}

export interface ToolkitContext {
  jobName: string;
  paths: JobPaths;
  /** hyperparameters.json. */
  hyperparameters: Record<string, string>;
  inputDataConfig: Record<string, InputDataConfigEntry>;
  resourceConfig: ResourceConfig;
  numCpus: number;
  numGpus: number;
  framework?: FrameworkName;
}

export interface ToolkitEnvironment {
  /** The `SM_*` variables, and the few others the toolkit sets (`TRAINING_JOB_NAME`, `CURRENT_HOST`, ...). */
  env: Record<string, string>;
  /** `SM_USER_ARGS`: the command-line arguments of the entry point. */
  args: string[];
  /** The user's hyperparameters, decoded as the toolkit decodes them (`SM_HPS`). */
  userHyperparameters: Map<string, PyValue>;
  /** The toolkit's `sagemaker_*` hyperparameters, decoded. */
  sagemakerHyperparameters: Map<string, PyValue>;
}

/** What the toolkit derives from the job folder's files before it writes any variable. */
interface Derived {
  /** The user's hyperparameters, decoded. */
  user: Map<string, PyValue>;
  /** The toolkit's `sagemaker_*` hyperparameters, decoded. */
  sagemaker: Map<string, PyValue>;
  /** `additional_framework_parameters`: the `sagemaker_*` ones that are not the toolkit's own. */
  frameworkParams: Map<string, PyValue>;
  strOf: (v: PyValue | undefined) => string | undefined;
  program: string;
  moduleName: string;
  moduleDir: string;
  logLevel: unknown;
  channels: string[];
  channelDirs: Record<string, string>;
  current: string;
  distributionGroups: unknown;
  distributionHosts: string[];
  frameworkModule: string | null;
  args: string[];
}

const dict = (m: Map<string, PyValue>): Py => new Py({ kind: 'dict', entries: [...m] });

function deriveValues(ctx: ToolkitContext): Derived {
  const { paths, resourceConfig } = ctx;
  const user = new Map<string, PyValue>();
  const sagemaker = new Map<string, PyValue>();
  for (const [k, text] of Object.entries(ctx.hyperparameters)) {
    const v = decodeHyperparameter(text);
    if (SAGEMAKER_HYPERPARAMETERS.includes(k) || k.startsWith('sagemaker_')) sagemaker.set(k, v);
    else user.set(k, v);
  }
  const frameworkParams = new Map([...sagemaker].filter(([k]) => !SAGEMAKER_HYPERPARAMETERS.includes(k)));
  const strOf = (v: PyValue | undefined): string | undefined => (v === undefined ? undefined : v.kind === 'str' ? v.value : pyStr(v));

  const program = strOf(sagemaker.get('sagemaker_program')) ?? '';
  const moduleName = program.endsWith('.py') ? program.slice(0, -3) : program;
  const moduleDir = strOf(sagemaker.get('sagemaker_submit_directory')) ?? paths.code;
  const logLevel: unknown = sagemaker.has('sagemaker_container_log_level') ? new Py(sagemaker.get('sagemaker_container_log_level')!) : 20;
  const channels = Object.keys(ctx.inputDataConfig);
  const channelDirs = Object.fromEntries(channels.map((c) => [c, path.join(paths.inputData, c)]));
  const groups = resourceConfig.instance_groups;
  const current = resourceConfig.current_group_name;
  const distributed = ['sagemaker_mpi_enabled', 'sagemaker_parameter_server_enabled', 'sagemaker_distributed_dataparallel_enabled',
    'sagemaker_pytorch_ddp_enabled', 'sagemaker_pytorch_xla_multi_worker_enabled', 'sagemaker_multi_worker_mirrored_strategy_enabled',
    'sagemaker_torch_distributed_enabled']
    .some((k) => { const v = frameworkParams.get(k); return v !== undefined && v.kind === 'bool' && v.value; });
  const distributionGroups: unknown = frameworkParams.has('sagemaker_distribution_instance_groups')
    ? new Py(frameworkParams.get('sagemaker_distribution_instance_groups')!)
    : distributed ? [current] : [];
  const distributionGroupNames = Array.isArray(distributionGroups) ? (distributionGroups as string[]) : [];
  const distributionHosts = groups.filter((g) => distributionGroupNames.includes(g.instance_group_name)).flatMap((g) => g.hosts);
  const frameworkModule = ctx.framework ? FRAMEWORK_MODULES[ctx.framework] : null;
  const args = toCmdArgs(user);

  return { user, sagemaker, frameworkParams, strOf, program, moduleName, moduleDir, logLevel, channels, channelDirs, current, distributionGroups, distributionHosts, frameworkModule, args };
}

/** dict(Environment): every property of the toolkit's Environment (`SM_TRAINING_ENV`). */
function trainingEnvDict(ctx: ToolkitContext, d: Derived): Record<string, unknown> {
  const { paths, resourceConfig } = ctx;
  const { user, frameworkParams, program, moduleName, moduleDir, logLevel, channelDirs, current, distributionGroups, distributionHosts, frameworkModule } = d;
  const groups = resourceConfig.instance_groups;
  return {
    additional_framework_parameters: dict(frameworkParams),
    channel_input_dirs: channelDirs,
    current_host: resourceConfig.current_host,
    current_instance_group: current,
    current_instance_group_hosts: groups.find((g) => g.instance_group_name === current)?.hosts ?? [],
    current_instance_type: resourceConfig.current_instance_type,
    distribution_hosts: distributionHosts,
    distribution_instance_groups: distributionGroups,
    framework_module: frameworkModule,
    hosts: resourceConfig.hosts,
    hyperparameters: dict(user),
    input_config_dir: paths.inputConfig,
    input_data_config: ctx.inputDataConfig,
    input_dir: paths.input,
    instance_groups: groups.map((g) => g.instance_group_name),
    instance_groups_dict: Object.fromEntries(groups.map((g) => [g.instance_group_name, g])),
    is_hetero: groups.length > 1,
    is_master: resourceConfig.current_host === (distributionHosts[0] ?? resourceConfig.hosts[0]),
    is_modelparallel_enabled: null,
    job_name: ctx.jobName,
    log_level: logLevel,
    master_hostname: distributionHosts[0] ?? resourceConfig.hosts[0],
    model_dir: paths.model,
    module_dir: moduleDir,
    module_name: moduleName,
    network_interface_name: resourceConfig.network_interface_name,
    num_cpus: ctx.numCpus,
    num_gpus: ctx.numGpus,
    output_data_dir: paths.outputData,
    output_dir: paths.output,
    output_intermediate_dir: paths.outputIntermediate,
    resource_config: resourceConfig,
    user_entry_point: program,
  };

}

/** `Environment.to_env_vars()`: the names of the `SM_*` variables (without the prefix) and their values. */
function smVariables(ctx: ToolkitContext, d: Derived, trainingEnv: Record<string, unknown>): Record<string, unknown> {
  const { paths, resourceConfig } = ctx;
  const { user, frameworkParams, program, moduleName, moduleDir, logLevel, channels, channelDirs, current, distributionGroups, frameworkModule, args } = d;
  const vars: Record<string, unknown> = {
    hosts: resourceConfig.hosts,
    network_interface_name: resourceConfig.network_interface_name,
    hps: dict(user),
    user_entry_point: program,
    framework_params: dict(frameworkParams),
    resource_config: resourceConfig,
    input_data_config: ctx.inputDataConfig,
    output_data_dir: paths.outputData,
    channels: [...channels].sort(),
    current_host: resourceConfig.current_host,
    current_instance_type: resourceConfig.current_instance_type,
    current_instance_group: current,
    current_instance_group_hosts: trainingEnv.current_instance_group_hosts,
    instance_groups: trainingEnv.instance_groups,
    instance_groups_dict: trainingEnv.instance_groups_dict,
    distribution_instance_groups: distributionGroups,
    is_hetero: trainingEnv.is_hetero,
    module_name: moduleName,
    log_level: logLevel,
    framework_module: frameworkModule,
    input_dir: paths.input,
    input_config_dir: paths.inputConfig,
    output_dir: paths.output,
    num_cpus: ctx.numCpus,
    num_gpus: ctx.numGpus,
    model_dir: paths.model,
    module_dir: moduleDir,
    training_env: trainingEnv,
    user_args: args,
    output_intermediate_dir: paths.outputIntermediate,
  };
  for (const [name, dir] of Object.entries(channelDirs)) vars[`channel_${name}`] = dir;
  for (const [key, value] of user) vars[`hp_${key}`] = new Py(value);
  return vars;
}

/** `Environment.to_env_vars()` and `to_cmd_args()` for a job folder. */
export function toolkitEnvironment(ctx: ToolkitContext): ToolkitEnvironment {
  const { paths, resourceConfig } = ctx;
  const d = deriveValues(ctx);
  const { user, sagemaker, strOf, frameworkModule, args } = d;
  const vars = smVariables(ctx, d, trainingEnvDict(ctx, d));

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) env[`SM_${key.toUpperCase()}`] = envValue(value);
  // Set by the toolkit (Environment.__init__) and the platform.
  env.TRAINING_JOB_NAME = ctx.jobName;
  env.SAGEMAKER_JOB_NAME = strOf(sagemaker.get('sagemaker_job_name')) ?? ctx.jobName;
  env.CURRENT_HOST = resourceConfig.current_host;
  env.SAGEMAKER_REGION = strOf(sagemaker.get('sagemaker_region')) ?? '';
  // Where sagemaker_training (if the script imports it) finds this job's /opt/ml.
  env.SAGEMAKER_BASE_DIR = paths.root;
  if (frameworkModule) env.SAGEMAKER_TRAINING_MODULE = frameworkModule;
  return { env, args, userHyperparameters: user, sagemakerHyperparameters: sagemaker };
}

