/**
 * Where in the estimator file the request members that no single key produces come from: the Debugger and
 * profiler settings (the hook's collections gathered from the rules and the hook, the rules split into debugger
 * and profiler rules, the outputs defaulting to `output_path`), the script-mode hyperparameters, a channel's
 * list items, and the flags whose request name differs from the SDK's argument.
 */
import type { RequestPathSegment } from '../api/checkRequest';
import { builtInRuleName, isProfilerRule } from './requestDebugger';
import type { JsonPath } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (object: unknown, key: string): boolean => isObj(object) && Object.prototype.hasOwnProperty.call(object, key);

/** Request members set from one estimator flag (the request's name differs from the argument's). */
export const FLAGS: Record<string, JsonPath> = {
  EnableNetworkIsolation: ['enable_network_isolation'],
  EnableInterContainerTrafficEncryption: ['encrypt_inter_container_traffic'],
  EnableManagedSpotTraining: ['use_spot_instances'],
  'OutputDataConfig.CompressionType': ['disable_output_compression'],
  'AlgorithmSpecification.EnableSageMakerMetricsTimeSeries': ['enable_sagemaker_metrics'],
  InfraCheckConfig: ['enable_infra_check'],
  RemoteDebugConfig: ['enable_remote_debug'],
  SessionChainingConfig: ['enable_session_tag_chaining'],
};

/** The script-mode hyperparameters (`Framework._prepare_for_training`) and the argument each comes from. */
export function scriptHyperparameterPath(name: string, spec: Obj): JsonPath | undefined {
  const first = (...keys: string[]): JsonPath | undefined => {
    const key = keys.find(k => spec[k] !== undefined && spec[k] !== null);
    return key ? [key] : undefined;
  };
  switch (name) {
    case 'sagemaker_submit_directory': return first('source_dir', 'code_location', 'entry_point');
    case 'sagemaker_program': return first('entry_point');
    case 'sagemaker_container_log_level': return first('container_log_level');
    case 'sagemaker_job_name': return first('job_name', 'base_job_name');
    case 'sagemaker_region': return first('region');
    case 'model_dir': return first('model_dir', 'output_path');
    default: return name.startsWith('sagemaker_') ? first('distribution', 'entry_point') : undefined;
  }
}

/** A map member's key, kept when the file has it at `base`. */
function withKey(base: JsonPath, container: unknown, key: RequestPathSegment | undefined): JsonPath {
  return typeof key === 'string' && hasOwn(container, key) ? [...base, key] : base;
}

/** A request S3 output that defaults to the estimator's output path. */
function outputOf(section: unknown, sectionKey: string, spec: Obj, key = 's3_output_path'): JsonPath {
  if (hasOwn(section, key)) return [sectionKey, key];
  return spec.output_path !== undefined ? ['output_path'] : [sectionKey];
}

function collectionPath(rest: RequestPathSegment[], base: JsonPath, written: unknown): JsonPath {
  if (rest[0] === 'CollectionName') return isObj(written) ? [...base, 'name'] : base;
  if (rest[0] === 'CollectionParameters') {
    const params = isObj(written) ? written.parameters : undefined;
    return withKey(isObj(written) ? [...base, 'parameters'] : base, params, rest[1]);
  }
  return base;
}

/** Where a collection of the hook was written: in `debugger_hook_config.collection_configs`, or a rule's `collections_to_save`. */
function hookCollectionPath(request: Obj, spec: Obj, index: RequestPathSegment | undefined, rest: RequestPathSegment[]): JsonPath {
  const hook = isObj(spec.debugger_hook_config) ? spec.debugger_hook_config : undefined;
  const collections = (isObj(request.DebugHookConfig) ? request.DebugHookConfig.CollectionConfigurations : undefined) as Obj[] | undefined;
  const collection = typeof index === 'number' ? collections?.[index] : undefined;
  if (!collection) return hook ? ['debugger_hook_config', 'collection_configs'] : ['debugger_hook_config'];
  const nameOf = (c: unknown): unknown => (isObj(c) ? c.name : c);
  const fromHook = Array.isArray(hook?.collection_configs) ? hook.collection_configs : [];
  const j = fromHook.findIndex(c => nameOf(c) === collection.CollectionName);
  if (j >= 0) return collectionPath(rest, ['debugger_hook_config', 'collection_configs', j], fromHook[j]);
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (let i = 0; i < rules.length; i++) {
    const saved = isObj(rules[i]) && Array.isArray((rules[i] as Obj).collections_to_save) ? (rules[i] as Obj).collections_to_save as unknown[] : [];
    const k = saved.findIndex(c => nameOf(c) === collection.CollectionName);
    if (k >= 0) return collectionPath(rest, ['rules', i, 'collections_to_save', k], saved[k]);
  }
  return ['debugger_hook_config'];
}

function debugHookPath(segments: RequestPathSegment[], request: Obj, spec: Obj): JsonPath {
  const hook = spec.debugger_hook_config;
  const base: JsonPath = ['debugger_hook_config'];
  switch (segments[1]) {
    case 'S3OutputPath': return outputOf(hook, 'debugger_hook_config', spec);
    case 'LocalPath': return hasOwn(hook, 'container_local_output_path') ? [...base, 'container_local_output_path'] : base;
    case 'HookParameters':
      return hasOwn(hook, 'hook_parameters') ? withKey([...base, 'hook_parameters'], (hook as Obj).hook_parameters, segments[2]) : base;
    case 'CollectionConfigurations': return hookCollectionPath(request, spec, segments[2], segments.slice(3));
    default: return spec.debugger_hook_config !== undefined ? base : spec.output_path !== undefined ? ['output_path'] : base;
  }
}

const RULE_KEYS: Record<string, string> = {
  RuleConfigurationName: 'name',
  RuleEvaluatorImage: 'image_uri',
  InstanceType: 'instance_type',
  VolumeSizeInGB: 'volume_size_in_gb',
  LocalPath: 'container_local_output_path',
  S3OutputPath: 's3_output_path',
};

/** A debugger or profiler rule of the request back to its place in `rules` (the two kinds keep the file's order). */
function rulePath(segments: RequestPathSegment[], spec: Obj): JsonPath {
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  const profiler = segments[0] === 'ProfilerRuleConfigurations';
  const ofKind = rules.map((r, i) => [r, i] as const).filter(([r]) => isObj(r) && isProfilerRule(r) === profiler);
  const entry = typeof segments[1] === 'number' ? ofKind[segments[1]] : undefined;
  if (!entry) return ['rules'];
  const [rule, i] = entry as readonly [Obj, number];
  const member = segments[2];
  if (typeof member !== 'string') return ['rules', i];
  if (member === 'RuleParameters') {
    const key = segments[3];
    if (key === 'rule_to_invoke' && !hasOwn(rule.rule_parameters, 'rule_to_invoke')) return ['rules', i, 'name'];
    return hasOwn(rule, 'rule_parameters') ? withKey(['rules', i, 'rule_parameters'], rule.rule_parameters, key) : ['rules', i];
  }
  const key = RULE_KEYS[member];
  if (key === 'name' && typeof rule.name === 'string' && builtInRuleName(rule.name) !== rule.name && rule.image_uri == null) return ['rules', i, 'name'];
  return key && hasOwn(rule, key) ? ['rules', i, key] : ['rules', i];
}

function profilerConfigPath(segments: RequestPathSegment[], spec: Obj): JsonPath {
  const pc = spec.profiler_config;
  switch (segments[1]) {
    case 'S3OutputPath': return outputOf(pc, 'profiler_config', spec);
    case 'ProfilingIntervalInMilliseconds': return hasOwn(pc, 'system_monitor_interval_millis') ? ['profiler_config', 'system_monitor_interval_millis'] : ['profiler_config'];
    case 'ProfilingParameters': {
      const key = hasOwn(pc, 'profiling_parameters') ? 'profiling_parameters' : hasOwn(pc, 'framework_profile_params') ? 'framework_profile_params' : undefined;
      return key ? withKey(['profiler_config', key], (pc as Obj)[key], segments[2]) : ['profiler_config'];
    }
    case 'DisableProfiler': return spec.disable_profiler !== undefined ? ['disable_profiler'] : ['profiler_config'];
    default: return pc !== undefined ? ['profiler_config'] : spec.disable_profiler !== undefined ? ['disable_profiler'] : ['output_path'];
  }
}

function tensorBoardPath(segments: RequestPathSegment[], spec: Obj): JsonPath {
  const tb = spec.tensorboard_output_config;
  if (segments[1] === 'S3OutputPath' && hasOwn(tb, 's3_output_path')) return ['tensorboard_output_config', 's3_output_path'];
  if (segments[1] === 'LocalPath' && hasOwn(tb, 'container_local_output_path')) return ['tensorboard_output_config', 'container_local_output_path'];
  return ['tensorboard_output_config'];
}

/** The Debugger and profiler members' fields, or undefined for any other member. */
export function debuggerPathOf(segments: RequestPathSegment[], request: Obj, spec: Obj): JsonPath | undefined {
  switch (segments[0]) {
    case 'DebugHookConfig': return debugHookPath(segments, request, spec);
    case 'DebugRuleConfigurations':
    case 'ProfilerRuleConfigurations': return rulePath(segments, spec);
    case 'ProfilerConfig': return profilerConfigPath(segments, spec);
    case 'TensorBoardOutputConfig': return tensorBoardPath(segments, spec);
    default: return undefined;
  }
}
