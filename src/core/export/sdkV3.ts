/**
 * The SageMaker Python SDK v3 script of an estimator file: `ModelTrainer(...)` with `SourceCode`, `Compute`,
 * `StoppingCondition`, `Networking`, ... built from the file's SDK v2 arguments, then `train(input_data_config=...)`.
 * v3 has no framework estimator classes: a framework's training image comes from `image_uris.retrieve`.
 * Every argument v3 has no place for is named in a comment with its value, never dropped silently.
 */
import type { NumberLiterals } from '../estimator/hyperparameters';
import type { ChannelSpec, EstimatorSpec } from '../estimator/types';
import { header, importsOf, isLocalMode, localDataPath, type ExportInput } from './model';
import { pyCall, pyComment, pyName, pyStr, pyValue, renderPy, type PyExpr } from './python';

const CONFIGS = 'sagemaker.train.configs';

/** Estimator argument -> [config class, its field]: the arguments that become a field of one of ModelTrainer's configs. */
const CONFIG_FIELDS: Record<string, [string, string]> = {
  instance_type: ['compute', 'instance_type'],
  instance_count: ['compute', 'instance_count'],
  volume_size: ['compute', 'volume_size_in_gb'],
  volume_kms_key: ['compute', 'volume_kms_key_id'],
  keep_alive_period_in_seconds: ['compute', 'keep_alive_period_in_seconds'],
  training_plan: ['compute', 'training_plan_arn'],
  use_spot_instances: ['compute', 'enable_managed_spot_training'],
  max_run: ['stopping_condition', 'max_runtime_in_seconds'],
  max_wait: ['stopping_condition', 'max_wait_time_in_seconds'],
  subnets: ['networking', 'subnets'],
  security_group_ids: ['networking', 'security_group_ids'],
  enable_network_isolation: ['networking', 'enable_network_isolation'],
  encrypt_inter_container_traffic: ['networking', 'enable_inter_container_traffic_encryption'],
  output_path: ['output_data_config', 's3_output_path'],
  output_kms_key: ['output_data_config', 'kms_key_id'],
  checkpoint_s3_uri: ['checkpoint_config', 's3_uri'],
  checkpoint_local_path: ['checkpoint_config', 'local_path'],
};

const CONFIG_CLASSES: Record<string, string> = {
  compute: 'Compute', stopping_condition: 'StoppingCondition', networking: 'Networking',
  output_data_config: 'OutputDataConfig', checkpoint_config: 'CheckpointConfig',
};

/** ModelTrainer's own arguments of the same name and meaning. */
const SAME_NAME: Record<string, string> = {
  role: 'role', base_job_name: 'base_job_name', environment: 'environment', hyperparameters: 'hyperparameters', input_mode: 'training_input_mode',
};

/** Read while choosing the image or the source code. */
const IMAGE_AND_CODE = new Set(['framework', 'framework_version', 'py_version', 'transformers_version', 'pytorch_version',
  'tensorflow_version', 'image_uri', 'entry_point', 'source_dir', 'inputs', 'region', 'deploy']);

interface Context {
  spec: EstimatorSpec;
  literals: NumberLiterals | undefined;
  comments: string[];
}

export function sdkV3Export(input: ExportInput): string {
  const { spec } = input;
  const ctx: Context = { spec, literals: input.literals, comments: [] };
  const kwargs: [string, PyExpr][] = [];
  if (isLocalMode(spec)) kwargs.push(['training_mode', pyName('sagemaker.train.model_trainer.Mode.LOCAL_CONTAINER')]);
  const session = spec.region !== undefined
    ? pyCall('sagemaker.train.Session', [['boto_session', pyCall('boto3.Session', [['region_name', pyStr(spec.region)]])]]) : undefined;
  if (session) kwargs.push(['sagemaker_session', pyName('session')]);
  kwargs.push(['training_image', imageExpr(spec, ctx)]);
  const sourceCode = sourceCodeExpr(spec);
  if (sourceCode) kwargs.push(['source_code', sourceCode]);
  const configs: Record<string, [string, PyExpr][]> = {};
  const calls: PyExpr[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined || IMAGE_AND_CODE.has(key)) continue;
    const pyVal = pyValue(value, [key], ctx.literals);
    if (CONFIG_FIELDS[key]) {
      const [config, field] = CONFIG_FIELDS[key]!;
      (configs[config] ??= []).push([field, pyVal]);
    } else if (SAME_NAME[key]) kwargs.push([SAME_NAME[key]!, pyVal]);
    else if (!specialArgument(key, value, kwargs, configs, calls, ctx)) noEquivalent(key, pyVal, ctx);
  }
  for (const [config, fields] of Object.entries(configs)) kwargs.push([config, pyCall(`${CONFIGS}.${CONFIG_CLASSES[config]!}`, fields)]);

  const trainer = pyCall('sagemaker.train.ModelTrainer', kwargs);
  const trainKwargs: [string, PyExpr][] = [];
  if (spec.inputs !== undefined) trainKwargs.push(['input_data_config', inputsExpr(spec.inputs, ctx)]);
  trainKwargs.push(['wait', { kind: 'bool', value: true }], ['logs', { kind: 'bool', value: true }]);
  const train = pyCall('model_trainer.train', trainKwargs);

  const lines = [header(input, 'SageMaker Python SDK v3 (pip install "sagemaker>=3")'), '',
    ...importsOf([...(session ? [session] : []), trainer, ...calls, train]), ''];
  if (session) lines.push(`session = ${renderPy(session)}`, '');
  if (ctx.comments.length > 0) lines.push(...ctx.comments, '');
  lines.push(`model_trainer = ${renderPy(trainer)}`);
  for (const call of calls) lines.push(renderPy(call));
  lines.push(renderPy(train));
  if (spec.deploy !== undefined) {
    lines.push('', pyComment(`The file's "deploy" section (SDK v2's estimator.deploy() arguments; v3 deploys with ModelBuilder):\n${
      renderPy(pyValue(spec.deploy, ['deploy'], input.literals))}`));
  }
  return `${lines.join('\n')}\n`;
}

function noEquivalent(key: string, value: PyExpr, ctx: Context): void {
  ctx.comments.push(pyComment(`${key} = ${renderPy(value)}: ModelTrainer in SDK v3 has no equivalent, so it is not set here.`));
}

/** The arguments that become a `with_...()` call or a list of config objects; false when v3 has no place for it. */
function specialArgument(key: string, value: unknown, kwargs: [string, PyExpr][], configs: Record<string, [string, PyExpr][]>,
  calls: PyExpr[], ctx: Context): boolean {
  const flag = (method: string, cls: string, field: string): void => {
    calls.push(pyCall(`model_trainer.${method}`, [], [pyCall(`${CONFIGS}.${cls}`, [[field, pyValue(value, [key], ctx.literals)]])]));
  };
  switch (key) {
    case 'tags':
      kwargs.push(['tags', { kind: 'list', items: (value as { Key: string; Value: string }[]).map(t => pyCall(`${CONFIGS}.Tag`, [['key', pyStr(t.Key)], ['value', pyStr(t.Value)]])) }]);
      return true;
    case 'instance_groups':
      (configs.compute ??= []).push(['instance_groups', { kind: 'list', items: (value as Record<string, unknown>[]).map((g, i) => pyCall(`${CONFIGS}.InstanceGroup`,
        Object.entries(g).map(([k, v]) => [k, pyValue(v, [key, i, k], ctx.literals)]))) }]);
      return true;
    case 'disable_output_compression':
      if (value !== true) return false;
      (configs.output_data_config ??= []).push(['compression_type', pyStr('NONE')]);
      return true;
    case 'metric_definitions':
      calls.push(pyCall('model_trainer.with_metric_definitions', [], [{ kind: 'list', items: (value as { Name: string; Regex: string }[])
        .map(m => pyCall(`${CONFIGS}.MetricDefinition`, [['name', pyStr(m.Name)], ['regex', pyStr(m.Regex)]])) }]));
      return true;
    case 'max_retry_attempts': flag('with_retry_strategy', 'RetryStrategy', 'maximum_retry_attempts'); return true;
    case 'enable_infra_check': flag('with_infra_check_config', 'InfraCheckConfig', 'enable_infra_check'); return true;
    case 'enable_remote_debug': flag('with_remote_debug_config', 'RemoteDebugConfig', 'enable_remote_debug'); return true;
    case 'enable_session_tag_chaining': flag('with_session_chaining_config', 'SessionChainingConfig', 'enable_session_tag_chaining'); return true;
    case 'tensorboard_output_config': {
      const config = value as { s3_output_path?: string; container_local_output_path?: string } | null;
      if (!config) return false;
      const fields: [string, PyExpr][] = [];
      if (config.s3_output_path !== undefined) fields.push(['s3_output_path', pyStr(config.s3_output_path)]);
      if (config.container_local_output_path !== undefined) fields.push(['local_path', pyStr(config.container_local_output_path)]);
      calls.push(pyCall('model_trainer.with_tensorboard_output_config', [], [pyCall(`${CONFIGS}.TensorBoardOutputConfig`, fields)]));
      return true;
    }
    default:
      return false;
  }
}

/** The image: the file's URI, `image_uris.retrieve(...)` for an image_uri object or a framework (as SDK v2's class resolves it). */
function imageExpr(spec: EstimatorSpec, ctx: Context): PyExpr {
  const region: [string, PyExpr] = ['region', pyName(spec.region !== undefined ? 'session.boto_region_name' : 'boto3.Session().region_name')];
  const instanceType: [string, PyExpr][] = typeof spec.instance_type === 'string' ? [['instance_type', pyStr(spec.instance_type)]] : [];
  if (typeof spec.image_uri === 'string') return pyStr(spec.image_uri);
  if (spec.image_uri) {
    const options = spec.image_uri as unknown as Record<string, unknown>;
    const kwargs = Object.entries(options).map(([k, v]): [string, PyExpr] => [k, pyValue(v, ['image_uri', k], ctx.literals)]);
    if (options.region === undefined) kwargs.push(region);
    if (options.instance_type === undefined) kwargs.push(...instanceType);
    return pyCall('sagemaker.core.image_uris.retrieve', kwargs);
  }
  if (!spec.framework) return { kind: 'none' };
  const kwargs: [string, PyExpr][] = [['framework', pyStr(spec.framework)]];
  if (spec.framework === 'huggingface') {
    kwargs.push(['version', pyValue(spec.transformers_version)]);
    const base = spec.pytorch_version !== undefined ? `pytorch${spec.pytorch_version}` : `tensorflow${spec.tensorflow_version ?? ''}`;
    kwargs.push(['base_framework_version', pyStr(base)]);
  } else {
    kwargs.push(['version', pyValue(spec.framework_version)]);
  }
  if (spec.py_version !== undefined) kwargs.push(['py_version', pyStr(spec.py_version)]);
  kwargs.push(...instanceType, ['image_scope', pyStr('training')], region);
  return pyCall('sagemaker.core.image_uris.retrieve', kwargs);
}

/** SourceCode(source_dir, entry_script); an entry point alone is a file in its own folder. */
function sourceCodeExpr(spec: EstimatorSpec): PyExpr | undefined {
  if (spec.entry_point === undefined) return spec.source_dir !== undefined ? pyCall(`${CONFIGS}.SourceCode`, [['source_dir', pyStr(spec.source_dir)]]) : undefined;
  if (spec.source_dir !== undefined) {
    return pyCall(`${CONFIGS}.SourceCode`, [['source_dir', pyStr(spec.source_dir)], ['entry_script', pyStr(spec.entry_point)]]);
  }
  const slash = spec.entry_point.lastIndexOf('/');
  return pyCall(`${CONFIGS}.SourceCode`, [
    ['source_dir', pyStr(slash >= 0 ? spec.entry_point.slice(0, slash) || '/' : '.')],
    ['entry_script', pyStr(spec.entry_point.slice(slash + 1))],
  ]);
}

function inputsExpr(inputs: NonNullable<EstimatorSpec['inputs']>, ctx: Context): PyExpr {
  const channels: [string, ChannelSpec][] = typeof inputs === 'string' ? [['training', inputs]] : Object.entries(inputs);
  return { kind: 'list', items: channels.map(([name, channel]) => inputDataExpr(name, channel, ctx)) };
}

/** InputData(channel_name, data_source, content_type): v3 uploads a local path itself. */
function inputDataExpr(name: string, channel: ChannelSpec, ctx: Context): PyExpr {
  const kwargs: [string, PyExpr][] = [['channel_name', pyStr(name)]];
  const dataSource = (value: string): PyExpr => pyStr(/^file:\/\//i.test(value) ? localDataPath(value) : value);
  if (typeof channel === 'string') return pyCall(`${CONFIGS}.InputData`, [...kwargs, ['data_source', dataSource(channel)]]);
  if ('file_system_id' in channel) {
    const { content_type: contentType, ...fileSystem } = channel;
    kwargs.push(['data_source', pyCall(`${CONFIGS}.FileSystemDataSource`,
      Object.entries(fileSystem).map(([k, v]) => [k, pyValue(v, ['inputs', name, k], ctx.literals)]))]);
    if (contentType !== undefined) kwargs.push(['content_type', pyStr(contentType)]);
    return pyCall(`${CONFIGS}.InputData`, kwargs);
  }
  kwargs.push(['data_source', dataSource(channel.s3_data)]);
  if (channel.content_type !== undefined) kwargs.push(['content_type', pyStr(channel.content_type)]);
  for (const [key, value] of Object.entries(channel)) {
    if (key === 's3_data' || key === 'content_type' || value === undefined) continue;
    ctx.comments.push(pyComment(`inputs.${name}.${key} = ${renderPy(pyValue(value, ['inputs', name, key], ctx.literals))}: InputData in SDK v3 has no\n`
      + 'such argument (a sagemaker.train.configs.Channel with an S3DataSource spells it in the API\'s shape).'));
  }
  return pyCall(`${CONFIGS}.InputData`, kwargs);
}
