/**
 * The SageMaker Python SDK v2's own checks of `distribution` (rule code `distribution`), made where
 * and as the SDK makes them (v2.257.6):
 * - at construction of PyTorch / TensorFlow / HuggingFace: `fw_utils.validate_distribution`, which runs
 *   `validate_distribution_for_instance_type`, `validate_smdistributed` and, for a PyTorch base,
 *   `validate_torch_distributed_distribution` for each training instance type, and warns through
 *   `warn_if_parameter_server_with_multi_gpu`; PyTorch first rewrites `pytorchddp` to
 *   `smdistributed.dataparallel`; PyTorch and HuggingFace refuse `pytorchxla` without a compiler_config;
 * - at construction of MXNet: `MXNet._configure_distribution` (script mode versions) and the parameter-server warning;
 * - at `fit()`, in `Framework._distribution_configuration`: `fw_utils.validate_mp_config` of the
 *   model-parallel parameters, the p5 and DLC-image refusals of smdistributed, and
 *   `Framework._validate_mwms_config`.
 * The group-name checks of validate_distribution are made when the request is built (requestHyperparameters.ts).
 */
import { RuleContext } from './rulesContext';
import { Framework, frameworkOf } from './rulesFacts';
import {
  isSdkGpuInstance,
  isSdkMultiGpuInstance,
  isSdkTrainiumInstance,
  SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS,
  SMDISTRIBUTED_SUPPORTED_STRATEGIES,
  TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS,
  TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS,
  UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM,
  versionList,
} from './sdkDistributionFacts';
import type { JsonPath } from './types';
import { checkModelParallelParameters } from './rulesModelParallel';

type Obj = Record<string, unknown>;

/** What fw_utils is given: the framework name and version (for HuggingFace: its base framework's), py_version, image_uri. */
interface SdkArguments {
  frameworkName: 'pytorch' | 'tensorflow';
  version?: string;
  versionPath: JsonPath;
  pyVersion?: string;
  hasImage: boolean;
  entryPoint?: string;
}

/** One instance type validate_distribution checks, and where it is written. */
interface TrainingTarget {
  instanceType: string;
  path: JsonPath;
}

const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);
/** Python's `d.get("enabled", False)` read for its truth. */
const enabled = (value: unknown): boolean => isObj(value) && !!value.enabled;

export function checkSdkDistribution(ctx: RuleContext): void {
  const framework = frameworkOf(ctx);
  const given = ctx.obj(['distribution']);
  if (!framework || !given) return;
  if (framework === 'mxnet') {
    checkMxnetDistribution(ctx, given);
    return;
  }
  if (framework !== 'pytorch' && framework !== 'tensorflow' && framework !== 'huggingface') return;
  const sdk = sdkArguments(ctx, framework);
  // PyTorch.__init__: pytorchddp becomes smdistributed.dataparallel before validate_distribution.
  let distribution = given;
  let dataParallelPath: JsonPath = ['distribution', 'smdistributed', 'dataparallel'];
  if (framework === 'pytorch' && 'pytorchddp' in given) {
    if ('smdistributed' in given) return; // refused as such when the request is built (requestHyperparameters.ts)
    const { pytorchddp, ...rest } = given;
    distribution = { ...rest, smdistributed: { dataparallel: pytorchddp } };
    dataParallelPath = ['distribution', 'pytorchddp'];
  }
  const targets = trainingTargets(ctx, given);
  for (const target of targets) {
    if (!checkForInstanceType(ctx, distribution, target)) continue;
    checkSmdistributed(ctx, sdk, distribution, dataParallelPath);
    if (sdk.frameworkName === 'pytorch') checkTorchDistributed(ctx, sdk, distribution, target);
    warnParameterServerMultiGpu(ctx, distribution, target);
  }
  if ((framework === 'pytorch' || framework === 'huggingface') && 'pytorchxla' in given && !ctx.has(['compiler_config'])) {
    ctx.error('distribution', ['distribution', 'pytorchxla'], 'distribution.pytorchxla needs compiler_config: distributed training through PyTorch XLA is only supported with SageMaker Training Compiler enabled (add "compiler_config": {}), as the SDK requires.', 'key');
  }
  checkAtFit(ctx, framework, sdk, distribution);
}

function sdkArguments(ctx: RuleContext, framework: 'pytorch' | 'tensorflow' | 'huggingface'): SdkArguments {
  const common = { pyVersion: ctx.str(['py_version']), hasImage: ctx.has(['image_uri']), entryPoint: ctx.str(['entry_point']) };
  if (framework !== 'huggingface') return { ...common, frameworkName: framework, version: ctx.str(['framework_version']), versionPath: ['framework_version'] };
  // HuggingFace passes its base framework (tensorflow when tensorflow_version is set) and that version.
  const tensorflow = ctx.get(['tensorflow_version']) !== undefined && ctx.get(['tensorflow_version']) !== null;
  const key = tensorflow ? 'tensorflow_version' : 'pytorch_version';
  return { ...common, frameworkName: tensorflow ? 'tensorflow' : 'pytorch', version: ctx.str([key]), versionPath: [key] };
}

/**
 * The instance types validate_distribution checks: those of the training instance groups (named in
 * distribution.instance_groups, or the estimator's only group), else instance_type. A misnamed group
 * is refused when the request is built; no target is checked then.
 */
function trainingTargets(ctx: RuleContext, distribution: Obj): TrainingTarget[] {
  const groups = ctx.arr(['instance_groups']);
  if (!groups) {
    const instanceType = ctx.str(['instance_type']);
    return instanceType !== undefined && !Array.isArray(distribution.instance_groups) ? [{ instanceType, path: ['instance_type'] }] : [];
  }
  const named = Array.isArray(distribution.instance_groups) ? distribution.instance_groups : [];
  const indexes = named.length === 0 && groups.length === 1 ? [0] : named.map(name => groups.findIndex(g => isObj(g) && g.instance_group_name === name));
  if (indexes.some(i => i < 0) || (groups.length > 1 && indexes.length !== 1)) return [];
  const targets: TrainingTarget[] = [];
  for (const i of indexes) {
    const instanceType = ctx.str(['instance_groups', i, 'instance_type']);
    if (instanceType !== undefined) targets.push({ instanceType, path: ['instance_groups', i, 'instance_type'] });
  }
  return targets;
}

/** fw_utils.validate_distribution_for_instance_type: Trainium runs torch_distributed only. False when it refused. */
function checkForInstanceType(ctx: RuleContext, distribution: Obj, target: TrainingTarget): boolean {
  if (!isSdkTrainiumInstance(target.instanceType)) return true;
  const keys = Object.keys(distribution);
  if (keys.length === 0) return true;
  if (keys.length === 1 && keys[0] === 'torch_distributed') return true;
  const written = keys.length === 1 ? strategyKey(ctx, keys[0]) : ['distribution'];
  const problem = keys.length === 1 ? `distribution strategy ${keys[0] === 'smdistributed' && ctx.has(['distribution', 'pytorchddp']) ? 'pytorchddp' : keys[0]} is not supported` : `several distribution keys (${keys.join(', ')}) are not supported`;
  ctx.error('distribution', written, `${problem} on Trainium instances (${target.instanceType}): use only "torch_distributed", as the SDK requires.`, 'key');
  return false;
}

function strategyKey(ctx: RuleContext, key: string): JsonPath {
  return key === 'smdistributed' && !ctx.has(['distribution', 'smdistributed']) ? ['distribution', 'pytorchddp'] : ['distribution', key];
}

/** fw_utils.validate_smdistributed and _validate_smdataparallel_args. */
function checkSmdistributed(ctx: RuleContext, sdk: SdkArguments, distribution: Obj, dataParallelPath: JsonPath): void {
  if (!('smdistributed' in distribution)) return;
  const smdistributed = distribution.smdistributed;
  const smPath = strategyKey(ctx, 'smdistributed');
  if (!isObj(smdistributed)) {
    ctx.error('distribution', smPath, 'distribution.smdistributed must be an object: {"dataparallel": {"enabled": true}} or {"modelparallel": {...}}.');
    return;
  }
  const strategies = Object.keys(smdistributed);
  if (strategies.length > 1) {
    ctx.error('distribution', smPath, `distribution.smdistributed names ${strategies.join(' and ')}: the SDK takes one smdistributed strategy at a time, "dataparallel" or "modelparallel".`, 'key');
    return;
  }
  const unknown = strategies.find(s => !SMDISTRIBUTED_SUPPORTED_STRATEGIES.includes(s));
  if (unknown !== undefined) {
    ctx.error('distribution', [...smPath, unknown], `"${unknown}" is not an smdistributed strategy: use "dataparallel" or "modelparallel".`, 'key');
    return;
  }
  if (!('dataparallel' in smdistributed) || !enabled(smdistributed.dataparallel) || sdk.hasImage) return;
  const supported = SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS[sdk.frameworkName];
  if (sdk.version !== undefined && !supported.includes(sdk.version)) {
    ctx.error('distribution', sdk.versionPath, `${sdk.versionPath[0]} "${sdk.version}" is not supported by smdistributed dataparallel (${dataParallelPath.slice(1).join('.')}). The SDK accepts exactly: ${versionList(supported)}.`);
  }
  if (sdk.pyVersion !== undefined && !sdk.pyVersion.includes('py3')) {
    ctx.error('distribution', ['py_version'], `py_version "${sdk.pyVersion}" is not supported by smdistributed dataparallel: use a Python 3 py_version (py3, py38, py310, ...).`);
  }
}

/** fw_utils.validate_torch_distributed_distribution. */
function checkTorchDistributed(ctx: RuleContext, sdk: SdkArguments, distribution: Obj, target: TrainingTarget): void {
  if (!enabled(distribution.torch_distributed)) return;
  if (!sdk.hasImage) {
    if (sdk.pyVersion !== undefined && !sdk.pyVersion.includes('py3')) {
      ctx.error('distribution', ['py_version'], `py_version "${sdk.pyVersion}" is not supported by torch_distributed: use a Python 3 py_version (py3, py38, py310, ...).`);
    }
    const family = isSdkGpuInstance(target.instanceType) ? 'GPU' : isSdkTrainiumInstance(target.instanceType) ? 'Trainium' : undefined;
    if (family === undefined) {
      ctx.error('distribution', target.path, `torch_distributed runs only on GPU (ml.p*, ml.g*, local_gpu) and Trainium (ml.trn*) instances, not ${target.instanceType}, as the SDK requires.`);
    } else if (sdk.version !== undefined) {
      const supported = family === 'GPU' ? TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS : TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS;
      if (!supported.includes(sdk.version)) {
        ctx.error('distribution', sdk.versionPath, `${sdk.versionPath[0]} "${sdk.version}" is not supported by torch_distributed on ${family} instances (${target.instanceType}). The SDK compares versions as written and accepts exactly: ${versionList(supported)}.`);
      }
    }
  }
  if (sdk.entryPoint !== undefined && !sdk.entryPoint.endsWith('.py')) {
    ctx.error('distribution', ['entry_point'], `entry_point "${sdk.entryPoint}" is not a Python file: torch_distributed runs only Python programs (*.py).`);
  }
}

/** fw_utils.warn_if_parameter_server_with_multi_gpu. */
function warnParameterServerMultiGpu(ctx: RuleContext, distribution: Obj, target: TrainingTarget): void {
  if (!enabled(distribution.parameter_server) || !isSdkMultiGpuInstance(target.instanceType)) return;
  ctx.warning('distribution', ['distribution', 'parameter_server'], `parameter_server with the multi-GPU ${target.instanceType} runs one worker per instance: the default parameter server configuration does not use all the GPUs.`, 'key');
}

/** MXNet._configure_distribution (its version test compares the parts as strings, as the SDK does) and its multi-GPU warning. */
function checkMxnetDistribution(ctx: RuleContext, distribution: Obj): void {
  const version = ctx.str(['framework_version']);
  if (version && lessAsStringLists(version.split('.'), ['1', '3'])) {
    ctx.error('distribution', ['distribution'], `distribution is valid for MXNet framework_version 1.3 and higher (the SDK compares the parts of "${version}" as strings).`, 'key');
  }
  const instanceType = ctx.str(['instance_type']);
  if (instanceType !== undefined) warnParameterServerMultiGpu(ctx, distribution, { instanceType, path: ['instance_type'] });
}

/** Python's `list_a < list_b` for lists of strings. */
function lessAsStringLists(a: string[], b: string[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return a.length < b.length;
}

/** What `fit()` refuses while it builds the hyperparameters (Framework._distribution_configuration). */
function checkAtFit(ctx: RuleContext, framework: Framework, sdk: SdkArguments, distribution: Obj): void {
  const torchDistributed = enabled(distribution.torch_distributed);
  if ('smdistributed' in distribution && isObj(distribution.smdistributed)) {
    const smPath = strategyKey(ctx, 'smdistributed');
    const modelParallel = distribution.smdistributed.modelparallel;
    if (isObj(modelParallel) && modelParallel.enabled === true && isObj(modelParallel.parameters)) {
      checkModelParallelParameters(ctx, modelParallel.parameters, [...smPath, 'modelparallel', 'parameters']);
    }
    const image = ctx.str(['image_uri']);
    const badImage = UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM.find(tag => image?.includes(tag));
    if (badImage && !torchDistributed) {
      ctx.error('distribution', smPath, `smdistributed does not work with the DLC image ${image} (CUDA newer than 11): pick another image, or enable torch_distributed.`, 'key');
    }
    const p5 = p5InstancePath(ctx);
    if (p5 && !torchDistributed) {
      ctx.error('distribution', smPath, 'SMModelParallel and SMDataParallel do not support p5 instances (ml.p5.48xlarge) unless torch_distributed is enabled too.', 'key');
    }
  }
  if (enabled(distribution.multi_worker_mirrored_strategy)) {
    checkMultiWorkerMirrored(ctx, framework, sdk, distribution);
  }
}

function p5InstancePath(ctx: RuleContext): JsonPath | undefined {
  const type = ctx.str(['instance_type']);
  if (type !== undefined) return type.includes('p5.48xlarge') ? ['instance_type'] : undefined;
  const groups = ctx.arr(['instance_groups']) ?? [];
  const i = groups.findIndex((_, index) => ctx.str(['instance_groups', index, 'instance_type'])?.includes('p5.48xlarge'));
  return i >= 0 ? ['instance_groups', i, 'instance_type'] : undefined;
}

/** Framework._validate_mwms_config: TensorFlow 2.9 or later, without smdistributed or parameter_server. */
function checkMultiWorkerMirrored(ctx: RuleContext, framework: Framework, sdk: SdkArguments, distribution: Obj): void {
  const path: JsonPath = ['distribution', 'multi_worker_mirrored_strategy'];
  if (framework !== 'tensorflow') return; // refused for other frameworks by rulesFramework.ts (distribution support)
  if (sdk.version !== undefined && versionBelow(sdk.version, [2, 9])) {
    ctx.error('distribution', sdk.versionPath, `multi_worker_mirrored_strategy needs TensorFlow framework_version 2.9 or later, not "${sdk.version}".`);
  }
  const conflicting = ['smdistributed', 'parameter_server'].filter(key => key in distribution);
  if (conflicting.length > 0) {
    ctx.error('distribution', path, `multi_worker_mirrored_strategy cannot be combined with ${conflicting.join(' or ')}: use one of them.`, 'key');
  }
  if (ctx.has(['compiler_config'])) {
    ctx.error('distribution', path, 'multi_worker_mirrored_strategy is not compatible with SageMaker Training Compiler (compiler_config): remove one of them.', 'key');
  }
}

/** `Version(version) < Version("major.minor")` for release versions (other forms are left to the image checks). */
function versionBelow(version: string, threshold: [number, number]): boolean {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2] ?? 0);
  return major < threshold[0] || (major === threshold[0] && minor < threshold[1]);
}

/** packaging's `Version(a)` compared with `Version(b)` on the release numbers; undefined when `a` is not a plain release. */
function compareRelease(a: string, b: string): number | undefined {
  if (!/^\d+(\.\d+)*$/.test(a)) return undefined;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/**
 * The version checks TensorFlow makes at construction beyond the image tables (`TensorFlow._validate_args`):
 * py2 only up to 2.1.1; 1.10.0 and older only in legacy mode, with an image_uri. (The SDK's Python 2
 * deprecation notice of PyTorch, TensorFlow and MXNet is only a log line: the image tables already
 * refuse py2 where no such image exists.)
 */
export function checkFrameworkConstruction(ctx: RuleContext): void {
  const version = ctx.str(['framework_version']);
  const pyVersion = ctx.str(['py_version']);
  if (frameworkOf(ctx) !== 'tensorflow' || version === undefined) return;
  const order = compareRelease(version, '2.1.1');
  if (pyVersion === 'py2' && order !== undefined && order > 0) {
    ctx.error('py-version', ['py_version'], `TensorFlow ${version} has no Python 2 container (py2 stops at 2.1.1): use a Python 3 py_version.`);
  }
  const legacy = compareRelease(version, '1.10.0');
  if (!ctx.has(['image_uri']) && legacy !== undefined && legacy <= 0) {
    ctx.error('image-version', ['framework_version'], `TensorFlow ${version} supports only legacy mode: give the image in image_uri, set "model_dir": false, and pass legacy parameters as hyperparameters, as the SDK requires.`);
  }
}
