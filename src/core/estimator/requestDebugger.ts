/**
 * SageMaker Debugger and profiler settings of the request, as the SDK v2 sets them
 * (`EstimatorBase._prepare_debugger_for_training`, `_validate_and_set_debugger_configs`,
 * `_prepare_profiler_for_training` in sagemaker/estimator.py; the region lists and
 * `_instance_type_supports_profiler` of sagemaker/fw_utils.py): by default every job gets a debugger
 * hook (`DebugHookConfig {S3OutputPath: <output path>, CollectionConfigurations: []}`) and the profiler
 * (`ProfilerConfig {S3OutputPath: <output path>, DisableProfiler: false}`). The profiler is sent as
 * `{DisableProfiler: true}` with `disable_profiler: true`, on Trainium (`ml.trn*`) and in the regions
 * without the profiler; the hook is left out with `debugger_hook_config: false` and in the regions
 * without Debugger. What the estimator asks for has the shape the SDK gives it
 * (`DebuggerHookConfig._to_request_dict`, `Rule.to_debugger_rule_config_dict`,
 * `ProfilerRule.to_profiler_rule_config_dict`, `ProfilerConfig._to_request_dict`,
 * `TensorBoardOutputConfig._to_request_dict`).
 *
 * The estimator file writes these objects with the SDK classes' keyword arguments in snake_case:
 * - `debugger_hook_config`: `true`, `false` or `{ s3_output_path, container_local_output_path,
 *   hook_parameters, collection_configs: [{ name, parameters }] }`;
 * - `rules`: `[{ name, rule_type?: "debugger" | "profiler", image_uri?, instance_type?,
 *   volume_size_in_gb?, rule_parameters?, container_local_output_path?, s3_output_path?,
 *   collections_to_save?: [{ name, parameters }] }]`; a rule without `image_uri` is a SageMaker
 *   built-in rule (`Rule.sagemaker`), run by the region's debugger rule image, with
 *   `rule_to_invoke` set to its name;
 * - `tensorboard_output_config`: `{ s3_output_path, container_local_output_path }`;
 * - `profiler_config`: `{ s3_output_path, system_monitor_interval_millis, framework_profile_params |
 *   profiling_parameters, disable_profiler }`.
 */
import { PlanError } from './channels';
import { pyStr, toPy, type NumberLiterals } from './hyperparameters';
import type { EstimatorSpec, JsonPath } from './types';

/** Built-in rules of `smdebug_rulesconfig.profiler_rules` (`ProfilerRule.sagemaker`). */
export const PROFILER_RULE_NAMES = new Set([
  'ProfilerReport',
  'BatchSize',
  'CPUBottleneck',
  'Dataloader',
  'GPUMemoryIncrease',
  'IOBottleneck',
  'LoadBalancing',
  'LowGPUUtilization',
  'MaxInitializationTime',
  'OverallSystemUsage',
  'StepOutlier',
]);

/** `DEBUGGER_UNSUPPORTED_REGIONS` of sagemaker/fw_utils.py. */
export const DEBUGGER_UNSUPPORTED_REGIONS: ReadonlySet<string> = new Set([
  'us-iso-east-1',
  'us-isob-east-1',
  'ap-southeast-3',
  'ap-southeast-4',
  'eu-south-2',
  'me-central-1',
  'ap-south-2',
  'eu-central-2',
  'us-gov-east-1',
]);

/** `PROFILER_UNSUPPORTED_REGIONS` of sagemaker/fw_utils.py (today the same regions). */
export const PROFILER_UNSUPPORTED_REGIONS: ReadonlySet<string> = new Set(DEBUGGER_UNSUPPORTED_REGIONS);

/** `_instance_type_supports_profiler` of sagemaker/fw_utils.py, which despite its name is true for Trainium, where the SDK turns the profiler off. */
export function isTrainiumInstance(instanceType: unknown): boolean {
  if (typeof instanceType !== 'string') return false;
  const match = /^ml[._]([a-z\d-]+)\.?\w*$/.exec(instanceType);
  return match !== null && match[1].startsWith('trn');
}

export interface DebuggerSettings {
  DebugRuleConfigurations?: Record<string, unknown>[];
  DebugHookConfig?: Record<string, unknown>;
  TensorBoardOutputConfig?: Record<string, unknown>;
  ProfilerRuleConfigurations?: Record<string, unknown>[];
  ProfilerConfig?: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(value: unknown, path: JsonPath, literals?: NumberLiterals): Record<string, string> | undefined {
  if (!isObj(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = pyStr(toPy(v, [...path, k], literals));
  return out;
}

function collectionConfig(c: unknown, path: JsonPath, literals?: NumberLiterals): Obj {
  if (typeof c === 'string') return { CollectionName: c };
  if (!isObj(c) || typeof c.name !== 'string') {
    throw new PlanError('A collection config needs a "name".', path);
  }
  const out: Obj = { CollectionName: c.name };
  const params = stringMap(c.parameters, [...path, 'parameters'], literals);
  if (params) out.CollectionParameters = params;
  return out;
}

export function isProfilerRule(rule: Obj): boolean {
  if (rule.rule_type === 'profiler') return true;
  if (rule.rule_type === 'debugger') return false;
  const params = isObj(rule.rule_parameters) ? rule.rule_parameters : {};
  const invoked = typeof params.rule_to_invoke === 'string' ? params.rule_to_invoke : rule.name;
  return typeof invoked === 'string' && PROFILER_RULE_NAMES.has(builtInRuleName(invoked));
}

/** Rule names of `smdebug_rulesconfig` whose class name is not the plain PascalCase of the function. */
const RULE_NAME_EXCEPTIONS: Record<string, string> = { nlp_sequence_ratio: 'NLPSequenceRatio' };

/**
 * The name of a built-in rule as `rule_configs.<function>()` gives it: `loss_not_decreasing` is
 * `LossNotDecreasing`; a name already in PascalCase is kept.
 */
export function builtInRuleName(name: string): string {
  if (Object.prototype.hasOwnProperty.call(RULE_NAME_EXCEPTIONS, name)) return RULE_NAME_EXCEPTIONS[name];
  if (/[A-Z]/.test(name)) return name;
  return name
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function ruleConfig(rule: Obj, path: JsonPath, defaultRuleImage: () => string, literals?: NumberLiterals): Obj {
  if (typeof rule.name !== 'string' || rule.name === '') {
    throw new PlanError('A rule needs a "name".', [...path, 'name']);
  }
  const builtIn = rule.image_uri === undefined || rule.image_uri === null || rule.image_uri === 'DEFAULT_RULE_EVALUATOR_IMAGE';
  const name = builtIn ? builtInRuleName(rule.name) : rule.name;
  const params: Record<string, string> = {};
  if (builtIn) params.rule_to_invoke = name;
  Object.assign(params, stringMap(rule.rule_parameters, [...path, 'rule_parameters'], literals) ?? {});
  const out: Obj = {
    RuleConfigurationName: name,
    RuleEvaluatorImage: builtIn ? defaultRuleImage() : rule.image_uri,
  };
  // `_set_default_rule_config` drops instance type and volume size of built-in rules.
  if (!builtIn && rule.instance_type) out.InstanceType = rule.instance_type;
  if (!builtIn && rule.volume_size_in_gb) out.VolumeSizeInGB = rule.volume_size_in_gb;
  if (rule.container_local_output_path) out.LocalPath = rule.container_local_output_path;
  if (rule.s3_output_path) out.S3OutputPath = rule.s3_output_path;
  if (Object.keys(params).length > 0) out.RuleParameters = params;
  return out;
}

export interface DebuggerOptions {
  spec: EstimatorSpec;
  outputPath: string;
  /** The job's region: Debugger and the profiler exist only in some. */
  region: string;
  /** `debugger` rule evaluator image of the job's region (`get_rule_container_image_uri`). */
  defaultRuleImage: () => string;
  /** The framework estimator class, for the SDK's framework-specific switches. */
  framework?: string;
  /** The estimator's `distribution` after the SDK's processing (`{}` for PyTorch/TensorFlow without one). */
  distribution?: Record<string, unknown>;
  literals?: NumberLiterals;
}

type IndexedRule = [Obj, number];

/** Whether the job gets a Debugger hook (asked for, or implied by a rule), and whether debugger rules are dropped. */
function debuggerHook(o: DebuggerOptions, debuggerRules: IndexedRule[]): { hook: Obj | false | undefined; dropDebugRules: boolean } {
  const { spec } = o;
  // Debugger hook: asked for explicitly, or implied by a debugger rule (as the SDK does).
  let hook: Obj | false | undefined;
  const hookSpec = spec.debugger_hook_config;
  if (hookSpec === true) hook = {};
  else if (hookSpec === false) hook = false;
  else if (isObj(hookSpec)) hook = hookSpec;
  // `true` becomes the SDK's `{}`, which Python finds false; an object or a rule's implied hook is a
  // `DebuggerHookConfig`, which it finds true: only those are refused where Debugger does not exist.
  const hookAskedFor = isObj(hookSpec) || (hook === undefined && debuggerRules.length > 0);
  if (hook === undefined && debuggerRules.length > 0) hook = {};
  // EstimatorBase._validate_and_set_debugger_configs: the default hook, or none where Debugger does not exist.
  if (!DEBUGGER_UNSUPPORTED_REGIONS.has(o.region.toLowerCase())) {
    if (hook === undefined) hook = {};
  } else {
    if (hookAskedFor) {
      throw new PlanError(
        `Region ${o.region} has no SageMaker Debugger, so the SDK refuses a debugger hook there: remove ${
          isObj(hookSpec) ? 'debugger_hook_config' : 'the debugger rules'} or train in another region.`,
        isObj(hookSpec) ? ['debugger_hook_config'] : ['rules'],
      );
    }
    hook = false;
  }

  // Framework._validate_and_set_debugger_configs: no hook for distributed jobs with checkpoints.
  if (
    hook &&
    spec.checkpoint_s3_uri &&
    spec.checkpoint_local_path &&
    (o.framework === 'mxnet' || o.framework === 'pytorch' || o.framework === 'tensorflow') &&
    ((spec.instance_count ?? 1) > 1 || (o.framework !== 'mxnet' && o.distribution !== undefined))
  ) {
    hook = false;
  }
  // TensorFlow._validate_and_set_debugger_configs: no Debugger with parameter servers.
  let dropDebugRules = false;
  if (o.framework === 'tensorflow' && o.distribution) {
    const ps = o.distribution.parameter_server;
    if (isObj(ps) && ps.enabled) {
      hook = undefined;
      dropDebugRules = true;
    }
  }

  return { hook, dropDebugRules };
}

/** DebugHookConfig: the hook's output, parameters and the collections its rules and config name (each once). */
function debugHookConfig(o: DebuggerOptions, hook: Obj, debuggerRules: IndexedRule[]): Obj {
  const h: Obj = { S3OutputPath: typeof hook.s3_output_path === 'string' && hook.s3_output_path ? hook.s3_output_path : o.outputPath };
  if (hook.container_local_output_path != null) h.LocalPath = hook.container_local_output_path;
  const hp = stringMap(hook.hook_parameters, ['debugger_hook_config', 'hook_parameters'], o.literals);
  if (hp) h.HookParameters = hp;
  const collections: Obj[] = [];
  const seen = new Set<string>();
  const add = (c: Obj): void => {
    const key = JSON.stringify(c);
    if (!seen.has(key)) {
      seen.add(key);
      collections.push(c);
    }
  };
  for (const [r, i] of debuggerRules) {
    if (Array.isArray(r.collections_to_save)) {
      r.collections_to_save.forEach((c, j) => add(collectionConfig(c, ['rules', i, 'collections_to_save', j], o.literals)));
    }
  }
  if (Array.isArray(hook.collection_configs)) {
    hook.collection_configs.forEach((c, j) =>
      add(collectionConfig(c, ['debugger_hook_config', 'collection_configs', j], o.literals)),
    );
  }
  h.CollectionConfigurations = collections;
  return h;
}

/** ProfilerRuleConfigurations and ProfilerConfig (checked against disable_profiler). */
/** Why the SDK turns the profiler off for this job (EstimatorBase.__init__), if it does. */
function profilerOffReason(o: DebuggerOptions): string | undefined {
  if (o.spec.disable_profiler === true) return 'disable_profiler is true';
  if (PROFILER_UNSUPPORTED_REGIONS.has(o.region.toLowerCase())) return `region ${o.region} has no SageMaker profiler`;
  if (isTrainiumInstance(o.spec.instance_type)) return `${o.spec.instance_type} is a Trainium instance, where the SDK turns the profiler off`;
  return undefined;
}

function profilerSettings(o: DebuggerOptions, profilerRules: IndexedRule[], out: DebuggerSettings): void {
  const { spec } = o;
  const pc = spec.profiler_config;
  const offBecause = profilerOffReason(o);
  if (offBecause !== undefined) {
    // A ProfilerConfig's own disable_profiler defaults to False.
    if (isObj(pc) && pc.disable_profiler !== true) {
      throw new PlanError(`profiler_config cannot turn the profiler on: ${offBecause}. Remove profiler_config or set its disable_profiler to true.`, [
        'profiler_config',
        ...(pc.disable_profiler === undefined ? [] : ['disable_profiler']),
      ]);
    }
    if (profilerRules.length > 0) {
      throw new PlanError(`Profiler rules cannot be set when the profiler is off: ${offBecause}.`, ['rules', profilerRules[0][1]]);
    }
  }
  if (profilerRules.length > 0) {
    out.ProfilerRuleConfigurations = profilerRules.map(([r, i]) => ruleConfig(r, ['rules', i], o.defaultRuleImage, o.literals));
  }
  if (isObj(pc)) {
    const p: Obj = {};
    const disabled = pc.disable_profiler === true || spec.disable_profiler === true;
    const s3 = typeof pc.s3_output_path === 'string' && pc.s3_output_path ? pc.s3_output_path : disabled ? undefined : o.outputPath;
    if (s3 !== undefined) p.S3OutputPath = s3;
    p.DisableProfiler = disabled;
    if (pc.system_monitor_interval_millis != null) p.ProfilingIntervalInMilliseconds = pc.system_monitor_interval_millis;
    const params =
      stringMap(pc.profiling_parameters, ['profiler_config', 'profiling_parameters'], o.literals) ??
      stringMap(pc.framework_profile_params, ['profiler_config', 'framework_profile_params'], o.literals);
    if (params) p.ProfilingParameters = params;
    out.ProfilerConfig = p;
  } else if (offBecause !== undefined) {
    out.ProfilerConfig = { DisableProfiler: true };
  } else {
    out.ProfilerConfig = { S3OutputPath: o.outputPath, DisableProfiler: false };
  }
}

/** The Debugger / profiler parts of the request, the SDK's defaults included. */
export function debuggerSettings(o: DebuggerOptions): DebuggerSettings {
  const { spec } = o;
  const out: DebuggerSettings = {};
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  const debuggerRules: IndexedRule[] = [];
  const profilerRules: IndexedRule[] = [];
  rules.forEach((r, i) => {
    if (!isObj(r)) throw new PlanError('Each rule must be an object with a "name".', ['rules', i]);
    (isProfilerRule(r) ? profilerRules : debuggerRules).push([r, i]);
  });

  const { hook, dropDebugRules } = debuggerHook(o, debuggerRules);
  if (debuggerRules.length > 0 && !dropDebugRules) {
    out.DebugRuleConfigurations = debuggerRules.map(([r, i]) => ruleConfig(r, ['rules', i], o.defaultRuleImage, o.literals));
  }
  if (hook) out.DebugHookConfig = debugHookConfig(o, hook, debuggerRules);

  const tb = spec.tensorboard_output_config;
  if (isObj(tb)) {
    const t: Obj = { S3OutputPath: tb.s3_output_path };
    if (tb.container_local_output_path != null) t.LocalPath = tb.container_local_output_path;
    out.TensorBoardOutputConfig = t;
  }
  profilerSettings(o, profilerRules, out);
  return out;
}
