/**
 * The SageMaker Python SDK v2 script of an estimator file: its session, the estimator class the file names
 * (`Estimator`, or `PyTorch`, `TensorFlow`, ... for a `framework`) with the file's own keyword arguments and
 * values, then `fit(inputs)` with `TrainingInput` / `FileSystemInput` as the file writes its channels.
 * Where the SDK wants an object for a value the file writes as JSON (instance groups, Debugger settings,
 * `shuffle_config`), the object is built from the same keys.
 */
import type { NumberLiterals } from '../estimator/hyperparameters';
import type { ChannelSpec, EstimatorSpec, FrameworkName, JsonPath } from '../estimator/types';
import { BUILTIN_ALGORITHMS } from '../estimator/rulesAlgorithm';
import { header, importsOf, isLocalData, isLocalMode, localDataPath, type ExportInput } from './model';
import { isProfilerRule } from '../estimator/requestDebugger';
import { pyCall, pyComment, pyName, pyStr, pyStringLiteral, pyValue, renderPy, type PyExpr } from './python';

export const FRAMEWORK_CLASSES: Record<FrameworkName, string> = {
  pytorch: 'sagemaker.pytorch.PyTorch',
  tensorflow: 'sagemaker.tensorflow.TensorFlow',
  sklearn: 'sagemaker.sklearn.SKLearn',
  xgboost: 'sagemaker.xgboost.XGBoost',
  mxnet: 'sagemaker.mxnet.MXNet',
  huggingface: 'sagemaker.huggingface.HuggingFace',
};

/** Frameworks whose module has a `TrainingCompilerConfig` (SageMaker Training Compiler). */
const COMPILER_MODULES: Partial<Record<FrameworkName, string>> = {
  pytorch: 'sagemaker.pytorch', tensorflow: 'sagemaker.tensorflow', huggingface: 'sagemaker.huggingface',
};

/** Keys that are not estimator arguments: the class, fit()'s, the session's region, the deploy section. */
const NOT_ESTIMATOR_ARGUMENTS = new Set(['framework', 'inputs', 'job_name', 'region', 'deploy']);

/** Local mode runs without AWS, but the SDK's estimators refuse to exist without a role. */
export const LOCAL_MODE_ROLE = 'arn:aws:iam::111111111111:role/local-mode-needs-no-role';

interface Context {
  spec: EstimatorSpec;
  literals: NumberLiterals | undefined;
  local: boolean;
  comments: string[];
}

export function sdkV2Export(input: ExportInput): string {
  const { spec } = input;
  const ctx: Context = { spec, literals: input.literals, local: isLocalMode(spec), comments: [] };
  const session = sessionExpr(spec, ctx.local);
  const estimator = estimatorExpr(ctx);
  const fitKwargs: [string, PyExpr][] = [];
  if (spec.inputs !== undefined) fitKwargs.push(['inputs', inputsExpr(spec.inputs, ctx)]);
  if (spec.job_name !== undefined) fitKwargs.push(['job_name', pyValue(spec.job_name)]);
  fitKwargs.push(['wait', { kind: 'bool', value: true }], ['logs', pyStr('All')]);
  const fit = pyCall('estimator.fit', fitKwargs);

  const lines = [header(input, 'SageMaker Python SDK v2 (pip install "sagemaker>=2,<3")'), '', ...importsOf([session, estimator, fit]), ''];
  if (ctx.local) {
    lines.push(pyComment('Local mode ("instance_type": "local"): LocalSession runs the job in Docker on this machine;\n'
      + 'local_code keeps source_dir and file:// data on this disk instead of uploading them to S3.'));
  }
  lines.push(`session = ${renderPy(session)}`);
  if (ctx.local) lines.push('session.config = {"local": {"local_code": True}}');
  lines.push('', ...ctx.comments, `estimator = ${renderPy(estimator)}`, `${renderPy(fit)}`);
  if (spec.deploy !== undefined) {
    lines.push('', pyComment(`The file's "deploy" section: estimator.deploy(...) with these arguments, once training is done:\n${
      renderPy(pyValue(spec.deploy, ['deploy'], input.literals))}`));
  }
  return `${lines.join('\n')}\n`;
}

function sessionExpr(spec: EstimatorSpec, local: boolean): PyExpr {
  const kwargs: [string, PyExpr][] = spec.region !== undefined
    ? [['boto_session', pyCall('boto3.Session', [['region_name', pyStr(spec.region)]])]] : [];
  return pyCall(local ? 'sagemaker.local.LocalSession' : 'sagemaker.Session', kwargs);
}

function estimatorExpr(ctx: Context): PyExpr {
  const { spec } = ctx;
  const callee = spec.framework ? FRAMEWORK_CLASSES[spec.framework] : 'sagemaker.estimator.Estimator';
  const algorithm = !spec.framework && typeof spec.image_uri === 'object' && spec.image_uri !== null
    && Object.prototype.hasOwnProperty.call(BUILTIN_ALGORITHMS, spec.image_uri.framework)
    ? BUILTIN_ALGORITHMS[spec.image_uri.framework] : undefined;
  if (algorithm) {
    ctx.comments.push(pyComment(`The built-in algorithm's own class, ${algorithm.sdkClass}, takes its hyperparameters as arguments and\n`
      + 'RecordSets in fit(); the generic Estimator with the same image and hyperparameters sends the same request.'));
  }
  const kwargs: [string, PyExpr][] = [];
  if (spec.role === undefined && ctx.local) {
    ctx.comments.push(pyComment('The file has no role: local mode never uses one, but the SDK requires a role ARN, so this is a placeholder.'));
    kwargs.push(['role', pyStr(LOCAL_MODE_ROLE)]);
  }
  for (const [key, value] of Object.entries(spec)) {
    if (NOT_ESTIMATOR_ARGUMENTS.has(key) || value === undefined) continue;
    kwargs.push([key, argumentExpr(key, value, ctx)]);
  }
  kwargs.push(['sagemaker_session', pyName('session')]);
  return pyCall(callee, kwargs);
}

function argumentExpr(key: string, value: unknown, ctx: Context): PyExpr {
  const path = [key];
  const plain = (): PyExpr => pyValue(value, path, ctx.literals);
  if (value === null || typeof value !== 'object') {
    if (key === 'model_uri' && typeof value === 'string' && isLocalData(value)) return localDataExpr(value, 'model', ctx);
    return plain();
  }
  switch (key) {
    case 'image_uri': return retrieveExpr(value as Record<string, unknown>, 'sagemaker.image_uris.retrieve', ctx);
    case 'instance_groups':
      return { kind: 'list', items: (value as Record<string, unknown>[]).map((g, i) => kwargsCall('sagemaker.instance_group.InstanceGroup', g, [...path, i], ctx)) };
    case 'debugger_hook_config': return debuggerHookExpr(value as Record<string, unknown>, ctx);
    case 'rules': return { kind: 'list', items: (value as Record<string, unknown>[]).map((r, i) => ruleExpr(r, ['rules', i], ctx)) };
    case 'tensorboard_output_config': return kwargsCall('sagemaker.debugger.TensorBoardOutputConfig', value as Record<string, unknown>, path, ctx);
    case 'profiler_config': return profilerExpr(value as Record<string, unknown>, ctx);
    case 'compiler_config': {
      const module = ctx.spec.framework && COMPILER_MODULES[ctx.spec.framework];
      return module ? kwargsCall(`${module}.TrainingCompilerConfig`, value as Record<string, unknown>, path, ctx) : plain();
    }
    default: return plain();
  }
}

/** `sagemaker.image_uris.retrieve(...)` with the file's arguments; region and instance type default to the estimator's, as in the plan. */
export function retrieveExpr(options: Record<string, unknown>, callee: string, ctx: Context): PyExpr {
  const kwargs = kwargsOf(options, ['image_uri'], ctx);
  if (options.region === undefined) kwargs.push(['region', pyName('session.boto_region_name')]);
  if (options.instance_type === undefined && typeof ctx.spec.instance_type === 'string') kwargs.push(['instance_type', pyStr(ctx.spec.instance_type)]);
  return pyCall(callee, kwargs);
}

function kwargsOf(object: Record<string, unknown>, path: JsonPath, ctx: Context): [string, PyExpr][] {
  return Object.entries(object).filter(([, v]) => v !== undefined).map(([k, v]) => [k, pyValue(v, [...path, k], ctx.literals)]);
}

function kwargsCall(callee: string, object: Record<string, unknown>, path: JsonPath, ctx: Context): PyExpr {
  return pyCall(callee, kwargsOf(object, path, ctx));
}

function collectionExpr(collection: unknown, path: JsonPath, ctx: Context): PyExpr {
  if (typeof collection === 'string') return pyCall('sagemaker.debugger.CollectionConfig', [['name', pyStr(collection)]]);
  return kwargsCall('sagemaker.debugger.CollectionConfig', collection as Record<string, unknown>, path, ctx);
}

function debuggerHookExpr(hook: Record<string, unknown>, ctx: Context): PyExpr {
  const path = ['debugger_hook_config'];
  const kwargs = Object.entries(hook).filter(([, v]) => v !== undefined).map(([k, v]): [string, PyExpr] => [k, k === 'collection_configs' && Array.isArray(v)
    ? { kind: 'list', items: v.map((c, j) => collectionExpr(c, [...path, k, j], ctx)) }
    : pyValue(v, [...path, k], ctx.literals)]);
  return pyCall('sagemaker.debugger.DebuggerHookConfig', kwargs);
}

/**
 * `Rule.sagemaker(rule_configs.<name>())` for a built-in rule, `Rule.custom(...)` with an image; `ProfilerRule` for
 * profiler rules (the plan's test), whose built-in ones take their parameters in the rule config's constructor.
 */
function ruleExpr(rule: Record<string, unknown>, path: JsonPath, ctx: Context): PyExpr {
  const name = String(rule.name);
  const profiler = isProfilerRule(rule);
  const custom = 'image_uri' in rule;
  const cls = profiler ? 'sagemaker.debugger.ProfilerRule' : 'sagemaker.debugger.Rule';
  const kwargs: [string, PyExpr][] = [];
  let configKwargs: [string, PyExpr][] = [];
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'rule_type' || value === undefined) continue;
    const valueExpr = key === 'collections_to_save' && Array.isArray(value)
      ? { kind: 'list' as const, items: value.map((c, j) => collectionExpr(c, [...path, key, j], ctx)) }
      : pyValue(value, [...path, key], ctx.literals);
    if (!custom && profiler && key === 'rule_parameters' && valueExpr.kind === 'dict') configKwargs = valueExpr.entries;
    else if (!custom && !profiler && (key === 'instance_type' || key === 'volume_size_in_gb')) {
      ctx.comments.push(pyComment(`rules[${String(path[1])}].${key} = ${renderPy(valueExpr)}: Rule.sagemaker() has no such argument (the SDK runs\n`
        + 'built-in rules on its own default instance), so it is left out here as the SDK would drop it.'));
    } else kwargs.push([key, valueExpr]);
  }
  if (custom) return pyCall(`${cls}.custom`, kwargs);
  const config = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? pyCall(`sagemaker.debugger.rule_configs.${name}`, configKwargs)
    : pyName(`getattr(sagemaker.debugger.rule_configs, ${pyStringLiteral(name)})()`);
  return pyCall(`${cls}.sagemaker`, kwargs, [config]);
}

/** ProfilerConfig; the API's ProfilingParameters map has no ProfilerConfig argument in SDK v2 (it takes a FrameworkProfile). */
function profilerExpr(config: Record<string, unknown>, ctx: Context): PyExpr {
  const path = ['profiler_config'];
  const kwargs: [string, PyExpr][] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (key === 'framework_profile_params' || key === 'profiling_parameters') {
      ctx.comments.push(pyComment(`profiler_config.${key} (ProfilerConfig.ProfilingParameters of the request) has no ProfilerConfig argument in\n`
        + `SDK v2, which takes a sagemaker.debugger.FrameworkProfile instead: ${renderPy(pyValue(value, [...path, key], ctx.literals))}`));
      continue;
    }
    kwargs.push([key, pyValue(value, [...path, key], ctx.literals)]);
  }
  return pyCall('sagemaker.debugger.ProfilerConfig', kwargs);
}

function inputsExpr(inputs: NonNullable<EstimatorSpec['inputs']>, ctx: Context): PyExpr {
  if (typeof inputs === 'string') return channelExpr(inputs, 'training', ['inputs'], ctx);
  return {
    kind: 'dict',
    entries: Object.entries(inputs).map(([name, channel]) => [name, channelExpr(channel, name, ['inputs', name], ctx)]),
  };
}

function channelExpr(channel: ChannelSpec, name: string, path: JsonPath, ctx: Context): PyExpr {
  if (typeof channel === 'string') return isLocalData(channel) ? localDataExpr(channel, name, ctx) : pyStr(channel);
  if ('file_system_id' in channel) return kwargsCall('sagemaker.inputs.FileSystemInput', channel as unknown as Record<string, unknown>, path, ctx);
  const kwargs: [string, PyExpr][] = [];
  for (const [key, value] of Object.entries(channel)) {
    if (value === undefined) continue;
    if (key === 's3_data' && typeof value === 'string' && isLocalData(value)) kwargs.push([key, localDataExpr(value, name, ctx)]);
    else if (key === 'shuffle_config' && value !== null) kwargs.push([key, kwargsCall('sagemaker.inputs.ShuffleConfig', value as Record<string, unknown>, [...path, key], ctx)]);
    else kwargs.push([key, pyValue(value, [...path, key], ctx.literals)]);
  }
  return pyCall('sagemaker.inputs.TrainingInput', kwargs);
}

/**
 * Local data as the SDK takes it: in local mode a `file://` URI (a plain path gets the scheme); for SageMaker,
 * uploaded first to the session's default bucket (the SDK reads only S3 there; the extension's launch uploads it too).
 */
function localDataExpr(value: string, channel: string, ctx: Context): PyExpr {
  if (ctx.local) return pyStr(/^file:\/\//i.test(value) ? value : `file://${value}`);
  return pyCall('session.upload_data', [
    ['path', pyStr(localDataPath(value))],
    ['key_prefix', pyStr(`${ctx.spec.base_job_name ?? 'sagemaker-estimator'}/input/${channel}`)],
  ]);
}
