/**
 * "Save as estimator.json": a training job's description (DescribeTrainingJob, plus its tags from ListTags)
 * turned back into an estimator file in the SageMaker Python SDK's argument names, such that planning the
 * file (with the same job name, region and account) gives the job's CreateTrainingJob request again.
 *
 * - The image becomes `framework` + `framework_version` + `py_version` (HuggingFace: `transformers_version`
 *   + `pytorch_version` / `tensorflow_version`) when the job is script mode (`sagemaker_program`,
 *   `sagemaker_submit_directory`) in a framework image the tables know; `image_uri: {"framework": ...}` for
 *   a table image of a generic Estimator (built-in algorithms); else the image URI string.
 * - Hyperparameters are decoded the way the planner encodes them: JSON values for framework estimators (and
 *   generic ones with code), written with the job's own number literals; `str()` values of the generic
 *   Estimator as numbers or booleans where that prints back the same, else as the strings they are. The
 *   SDK's `sagemaker_*` keys become `entry_point`, `source_dir` (the S3 `sourcedir.tar.gz`),
 *   `container_log_level`, `distribution`, `model_dir`, `compiler_config`.
 * - Channels become `TrainingInput` / `FileSystemInput` arguments (a plain S3 prefix as a string), the model
 *   channel `model_uri`, the code channel of a network-isolated job `source_dir`.
 * - Defaults are left out (volume 30 GB, one day, File mode, the default bucket).
 *
 * Whatever cannot be written as an estimator argument (an algorithm resource instead of an image, an
 * experiment config, AWS's own tags, metric definitions that SageMaker fills in for built-in algorithms, ...)
 * is kept as a `//` comment and listed in `unmapped`. The file is then planned and compared field by field
 * with the job: any difference is flagged the same way. Pure: type-only AWS SDK import.
 */
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import type { Channel, DescribeTrainingJobResponse, Tag } from '@aws-sdk/client-sagemaker';
import { frameworkVersions, type FrameworkVersions } from '../images/imageUris';
import tableJson from '../images/imageTable.json';
import { isS3Uri, s3PathJoin } from './channels';
import { numberLiteralsFromJson, pyJsonDumps, pyStr, toPy } from './hyperparameters';
import { baseFromName, baseNameFromImage } from './jobName';
import { loadEstimator } from './load';
import { planEstimator } from './plan';
import { buildImageUri, defaultBucketName, PlanError } from './request';
import { CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH } from './requestSourcedir';
import type { EstimatorSpec, FrameworkName } from './types';

export interface FromTrainingJobOptions {
  /** The connection's region (a job elsewhere gets `"region"`). */
  region: string;
  /** The job's tags (ListTags): DescribeTrainingJob does not return them. */
  tags?: Tag[];
  /** The account planned against; default: the job ARN's. */
  account?: string;
}

export interface FromTrainingJobResult {
  /** JSONC: the estimator, with `//` comments flagging what could not be mapped. */
  text: string;
  /** The estimator as written (what loading `text` gives). */
  spec: EstimatorSpec;
  /** One line per value that is not (exactly) in the estimator: `<field>: <why>`. */
  unmapped: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An API shape as a plain record, to read its fields by name. */
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});

/** A value written into the file as this exact JSON text (a number literal, a JSON-encoded hyperparameter). */
class RawJson {
  constructor(readonly text: string) {}
}

/** What moto, the AWS emulator, writes over every job's MetricDefinitions. */
const EMULATOR_METRIC_DEFINITIONS = [{ Name: 'test:dcg', Regex: '#quality_metric: host=\\S+, test dcg <score>=(\\S+)' }];

/** The framework estimators' training image repositories. */
const FRAMEWORK_REPOSITORIES: [RegExp, FrameworkName][] = [
  [/^pytorch-training(-neuronx?)?$/, 'pytorch'],
  [/^tensorflow-training$/, 'tensorflow'],
  [/^sagemaker-scikit-learn$/, 'sklearn'],
  [/^sagemaker-xgboost$/, 'xgboost'],
  [/^mxnet-training$/, 'mxnet'],
  [/^huggingface-(pytorch|tensorflow)-training(-neuronx)?$/, 'huggingface'],
];

/** Hyperparameters the SDK sets for script mode and distribution (removed from `hyperparameters`). */
const SCRIPT_MODE_KEYS = [
  'sagemaker_submit_directory',
  'sagemaker_program',
  'sagemaker_container_log_level',
  'sagemaker_job_name',
  'sagemaker_region',
];

const DEFAULT_VOLUME = 30;

/** Parses `arn:<partition>:<service>:<region>:<account>:...`. */
function arnParts(arn: string | undefined): { region?: string; account?: string } {
  const m = /^arn:[^:]+:[^:]*:([^:]*):(\d{12}):/.exec(arn ?? '');
  return m ? { region: m[1] || undefined, account: m[2] } : {};
}

/** The repository name of an image URI (`.../pytorch-training:1.7.1-cpu-py3` -> `pytorch-training`). */
function repositoryOf(image: string): string {
  return baseNameFromImage(image.split('@')[0]);
}

function jsonDecode(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Whether `text` is exactly what the planner's `json.dumps` gives for the JSON it holds. */
function jsonRoundTrips(text: string): boolean {
  const decoded = jsonDecode(text);
  if (!decoded.ok) return false;
  // The literals of the text keep Python's int/float distinction, as in the estimator file.
  const literals = numberLiteralsFromJson(`{"v": ${text}}`);
  const shifted = new Map([...literals].map(([k, v]) => [k.replace(/^\["v"/, '["hyperparameters","v"'), v]));
  return pyJsonDumps(toPy(decoded.value, ['hyperparameters', 'v'], shifted)) === text;
}

/** A generic Estimator's `str()` hyperparameter: as a number or boolean where that prints back the same. */
function strValue(text: string): RawJson | string {
  if (text === 'True') return new RawJson('true');
  if (text === 'False') return new RawJson('false');
  const decoded = jsonDecode(text);
  if (decoded.ok && typeof decoded.value === 'number' && /^-?\d/.test(text)) {
    const value = decoded.value;
    const literals = new Map([[JSON.stringify(['hyperparameters', 'v']), text]]);
    if (Number.isFinite(value) && pyStr(toPy(value, ['hyperparameters', 'v'], literals)) === text) return new RawJson(text);
  }
  return text;
}

/** The value of a raw or plain entry as loading the file gives it. */
function plain(value: unknown): unknown {
  if (value instanceof RawJson) return JSON.parse(value.text);
  if (Array.isArray(value)) return value.map(plain);
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

// ---------------------------------------------------------------------------------------------
// Writing JSONC

function inline(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return value.length ? `[${value.map(inline).join(', ')}]` : '[]';
  if (isObj(value)) {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/** A value at `indent`: inline when short, else one entry per line. */
function pretty(value: unknown, indent: string, width = 110): string {
  const one = inline(value);
  if (one.length + indent.length <= width || value instanceof RawJson) return one;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${pretty(v, inner, width)}`).join(',\n')}\n${indent}]`;
  }
  if (isObj(value)) {
    const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner, width)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return one;
}

/** One line of a comment (values inline, newlines escaped). */
const commentLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

function writeText(header: string[], entries: [string, unknown][], flags: string[]): string {
  const lines = ['{', ...header.map((h) => `  // ${commentLine(h)}`)];
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    // Objects of several entries (hyperparameters, inputs, ...) one entry per line, like the examples.
    if (isObj(value) && !(value instanceof RawJson) && Object.keys(value).length > 1 && ['hyperparameters', 'inputs', 'environment', 'distribution'].includes(key)) {
      lines.push(`  ${JSON.stringify(key)}: {`);
      const inner = Object.entries(value);
      inner.forEach(([k, v], j) => lines.push(`    ${JSON.stringify(k)}: ${pretty(v, '    ')}${j < inner.length - 1 ? ',' : ''}`));
      lines.push(`  }${comma}`);
    } else if (Array.isArray(value) && value.length > 1 && (key === 'metric_definitions' || key === 'tags' || key === 'rules')) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((v, j) => lines.push(`    ${pretty(v, '    ')}${j < value.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${pretty(value, '  ')}${comma}`);
    }
  });
  if (flags.length > 0) {
    lines.push('', '  // Not mapped to estimator arguments (kept here as the job had them):');
    for (const flag of flags) lines.push(`  //   ${commentLine(flag)}`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Images

function trainingVersions(framework: string): FrameworkVersions | undefined {
  try {
    return frameworkVersions(framework, 'training');
  } catch {
    return undefined;
  }
}

/** Concrete versions first (the tag shows which was used), then aliases. */
function orderedVersions(versions: FrameworkVersions): string[] {
  const isAlias = (v: string) => Object.prototype.hasOwnProperty.call(versions.aliases, v);
  return [...versions.versions.filter((v) => !isAlias(v)), ...versions.versions.filter(isAlias)];
}

function imageOf(spec: EstimatorSpec, region: string): string | undefined {
  try {
    return buildImageUri(spec, region);
  } catch {
    return undefined;
  }
}

/** The framework estimator arguments that select exactly `image` (with the estimator's instances), if any. */
function frameworkImageArguments(framework: FrameworkName, image: string, base: EstimatorSpec, region: string): Obj | undefined {
  const versions = trainingVersions(framework);
  if (!versions) return undefined;
  const tag = image.split(':').pop() ?? '';
  // Versions named in the tag first: a handful of lookups instead of every version.
  const candidates = orderedVersions(versions).sort((a, b) => Number(!tag.includes(a)) - Number(!tag.includes(b)));
  for (const version of candidates) {
    if (framework === 'huggingface') {
      for (const baseFramework of versions.baseFrameworkVersions(version)) {
        const m = /^(pytorch|tensorflow)(.+)$/.exec(baseFramework);
        if (!m || m[2].split('.').length !== version.split('.').length) continue;
        for (const py of versions.pyVersions(version)) {
          const args: Obj = { transformers_version: version, [`${m[1]}_version`]: m[2], py_version: py };
          if (imageOf({ ...base, framework, ...args } as EstimatorSpec, region) === image) return args;
        }
      }
      continue;
    }
    const pys: (string | undefined)[] =
      framework === 'sklearn' || framework === 'xgboost' ? [undefined, ...versions.pyVersions(version)] : versions.pyVersions(version);
    for (const py of pys) {
      const args: Obj = { framework_version: version, ...(py ? { py_version: py } : {}) };
      if (imageOf({ ...base, framework, ...args } as EstimatorSpec, region) === image) return args;
    }
  }
  return undefined;
}

/** `image_uri` as `image_uris.retrieve` arguments when a table image of that repository matches. */
function retrieveArguments(image: string, base: EstimatorSpec, region: string): Obj | undefined {
  const repository = repositoryOf(image);
  const tag = image.split(':').pop() ?? '';
  const candidates = tableFrameworksFor(repository);
  for (const framework of candidates) {
    const versions = trainingVersions(framework);
    const tries: Obj[] = [{ framework }];
    if (versions) {
      const ordered = orderedVersions(versions).sort((a, b) => Number(!tag.includes(a)) - Number(!tag.includes(b)));
      for (const version of ordered) {
        tries.push({ framework, version });
        for (const py of versions.pyVersions(version)) tries.push({ framework, version, py_version: py });
      }
    }
    for (const args of tries) {
      if (imageOf({ ...base, image_uri: args } as unknown as EstimatorSpec, region) === image) return args;
    }
  }
  return undefined;
}

let repositoryIndex: Map<string, string[]> | undefined;

/** The table frameworks (training scope) whose images live in a repository of that name. */
function tableFrameworksFor(repository: string): string[] {
  if (!repositoryIndex) {
    repositoryIndex = new Map();
    const table = tableJson as unknown as { frameworks: Record<string, unknown> };
    const walk = (node: unknown, framework: string): void => {
      if (!isObj(node)) return;
      if (typeof node.repository === 'string') {
        const list = repositoryIndex!.get(node.repository) ?? [];
        if (!list.includes(framework)) list.push(framework);
        repositoryIndex!.set(node.repository, list);
      }
      for (const value of Object.values(node)) walk(value, framework);
    };
    for (const [framework, config] of Object.entries(table.frameworks)) walk(config, framework);
  }
  return repositoryIndex.get(repository) ?? [];
}

/** Whether an image is a SageMaker built-in algorithm's (whose metric definitions SageMaker fills in). */
function isBuiltInAlgorithmImage(image: string): boolean {
  const frameworks = tableFrameworksFor(repositoryOf(image));
  return frameworks.some((framework) => {
    const versions = trainingVersions(framework);
    return !!versions && versions.processors(versions.versions[0] ?? '').length === 0 && versions.versions.includes('1');
  });
}

// ---------------------------------------------------------------------------------------------
// Channels

interface ChannelResult {
  inputs: Obj;
  modelUri?: string;
  modelChannelName?: string;
  codeUri?: string;
}

const S3_INPUT_KEYS = new Set(['S3DataType', 'S3Uri', 'S3DataDistributionType', 'AttributeNames', 'InstanceGroupNames', 'HubAccessConfig', 'ModelAccessConfig']);
const CHANNEL_KEYS = new Set(['ChannelName', 'DataSource', 'ContentType', 'CompressionType', 'RecordWrapperType', 'InputMode', 'ShuffleConfig', 'TargetAttributeName']);

function channelArguments(channel: Channel, flag: (field: string, why: string) => void): unknown {
  const name = channel.ChannelName ?? '';
  const extra = Object.keys(channel).filter((k) => !CHANNEL_KEYS.has(k));
  for (const key of extra) flag(`InputDataConfig.${name}.${key}`, `${inline(asObj(channel)[key])}: no TrainingInput argument gives it`);
  const fs = channel.DataSource?.FileSystemDataSource;
  if (fs) {
    const input: Obj = {
      file_system_id: fs.FileSystemId,
      file_system_type: fs.FileSystemType,
      directory_path: fs.DirectoryPath,
    };
    if (fs.FileSystemAccessMode && fs.FileSystemAccessMode !== 'ro') input.file_system_access_mode = fs.FileSystemAccessMode;
    if (channel.ContentType) input.content_type = channel.ContentType;
    for (const key of ['CompressionType', 'RecordWrapperType', 'InputMode', 'ShuffleConfig'] as const) {
      if (channel[key] !== undefined) flag(`InputDataConfig.${name}.${key}`, `${inline(channel[key])}: FileSystemInput has no such argument`);
    }
    return input;
  }
  const s3 = channel.DataSource?.S3DataSource;
  if (!s3) {
    flag(`InputDataConfig.${name}`, `${inline(channel.DataSource)}: only S3 and file system data sources map to inputs`);
    return undefined;
  }
  for (const key of Object.keys(s3)) {
    if (!S3_INPUT_KEYS.has(key)) flag(`InputDataConfig.${name}.DataSource.S3DataSource.${key}`, `${inline(asObj(s3)[key])}: no TrainingInput argument gives it`);
  }
  const input: Obj = { s3_data: s3.S3Uri };
  if (s3.S3DataType && s3.S3DataType !== 'S3Prefix') input.s3_data_type = s3.S3DataType;
  // TrainingInput sends FullyReplicated unless told otherwise (or given target_attribute_name).
  const defaultDistribution = asObj(channel).TargetAttributeName ? undefined : 'FullyReplicated';
  if (s3.S3DataDistributionType !== defaultDistribution) {
    if (s3.S3DataDistributionType) input.distribution = s3.S3DataDistributionType;
    else flag(`InputDataConfig.${name}.DataSource.S3DataSource.S3DataDistributionType`, 'absent: TrainingInput always sends one (FullyReplicated)');
  }
  if (channel.CompressionType) input.compression = channel.CompressionType;
  if (channel.ContentType) input.content_type = channel.ContentType;
  if (channel.RecordWrapperType) input.record_wrapping = channel.RecordWrapperType;
  if (s3.InstanceGroupNames) input.instance_groups = s3.InstanceGroupNames;
  if (channel.InputMode) input.input_mode = channel.InputMode;
  if (s3.AttributeNames) input.attribute_names = s3.AttributeNames;
  if (asObj(channel).TargetAttributeName) input.target_attribute_name = asObj(channel).TargetAttributeName;
  if (channel.ShuffleConfig?.Seed !== undefined) input.shuffle_config = { seed: channel.ShuffleConfig.Seed };
  if (s3.HubAccessConfig) input.hub_access_config = { hub_content_arn: s3.HubAccessConfig.HubContentArn };
  if (s3.ModelAccessConfig) input.model_access_config = { accept_eula: s3.ModelAccessConfig.AcceptEula };
  // A plain S3 prefix is just its URI, as in fit({"train": "s3://..."}).
  return Object.keys(input).length === 1 && typeof input.s3_data === 'string' && isS3Uri(input.s3_data) ? input.s3_data : input;
}

function isModelChannel(channel: Channel): boolean {
  const s3 = channel.DataSource?.S3DataSource;
  return (
    !!s3 &&
    channel.ContentType === 'application/x-sagemaker-model' &&
    channel.InputMode === 'File' &&
    (s3.S3DataType ?? 'S3Prefix') === 'S3Prefix' &&
    s3.S3DataDistributionType === 'FullyReplicated' &&
    Object.keys(s3).every((k) => ['S3DataType', 'S3Uri', 'S3DataDistributionType'].includes(k)) &&
    Object.keys(channel).every((k) => ['ChannelName', 'DataSource', 'ContentType', 'InputMode'].includes(k))
  );
}

function isPlainS3Channel(channel: Channel): boolean {
  const s3 = channel.DataSource?.S3DataSource;
  return (
    !!s3 &&
    (s3.S3DataType ?? 'S3Prefix') === 'S3Prefix' &&
    s3.S3DataDistributionType === 'FullyReplicated' &&
    Object.keys(s3).every((k) => ['S3DataType', 'S3Uri', 'S3DataDistributionType'].includes(k)) &&
    Object.keys(channel).every((k) => ['ChannelName', 'DataSource'].includes(k))
  );
}

function mapChannels(channels: Channel[], codeFromChannel: boolean, flag: (field: string, why: string) => void): ChannelResult {
  const list = [...channels];
  const result: ChannelResult = { inputs: {} };
  // The code channel comes last, then the model channel before it (the planner's order).
  if (codeFromChannel && list.length > 0 && list[list.length - 1].ChannelName === 'code' && isPlainS3Channel(list[list.length - 1])) {
    result.codeUri = list.pop()!.DataSource!.S3DataSource!.S3Uri;
  }
  if (list.length > 0 && isModelChannel(list[list.length - 1])) {
    const model = list.pop()!;
    result.modelUri = model.DataSource!.S3DataSource!.S3Uri;
    if (model.ChannelName !== 'model') result.modelChannelName = model.ChannelName;
  }
  for (const channel of list) {
    const name = channel.ChannelName ?? '';
    if (/^\d+$/.test(name)) flag(`InputDataConfig.${name}`, 'a numeric channel name changes places among the keys of "inputs" (JSON object order)');
    const args = channelArguments(channel, flag);
    if (args !== undefined) result.inputs[name] = args;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Hyperparameters

interface HyperparameterResult {
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

function mapHyperparameters(
  source: Record<string, string>,
  framework: FrameworkName | undefined,
  scriptMode: boolean,
  flag: (field: string, why: string) => void,
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

// ---------------------------------------------------------------------------------------------
// Debugger and profiler

function mapDebugger(job: DescribeTrainingJobResponse, outputPath: string, entries: [string, unknown][]): void {
  const hook = job.DebugHookConfig;
  if (hook) {
    const h: Obj = {};
    if (hook.S3OutputPath && hook.S3OutputPath !== outputPath) h.s3_output_path = hook.S3OutputPath;
    if (hook.LocalPath) h.container_local_output_path = hook.LocalPath;
    if (hook.HookParameters && Object.keys(hook.HookParameters).length) h.hook_parameters = hook.HookParameters;
    if (hook.CollectionConfigurations?.length) {
      h.collection_configs = hook.CollectionConfigurations.map((c) =>
        c.CollectionParameters && Object.keys(c.CollectionParameters).length ? { name: c.CollectionName, parameters: c.CollectionParameters } : { name: c.CollectionName },
      );
    }
    entries.push(['debugger_hook_config', Object.keys(h).length ? h : true]);
  }
  const rules: Obj[] = [];
  const rule = (r: { RuleConfigurationName?: string; RuleEvaluatorImage?: string; InstanceType?: string; VolumeSizeInGB?: number; LocalPath?: string; S3OutputPath?: string; RuleParameters?: Record<string, string> }, type: 'debugger' | 'profiler') => {
    const params = { ...(r.RuleParameters ?? {}) };
    const builtIn = params.rule_to_invoke !== undefined && repositoryOf(r.RuleEvaluatorImage ?? '') === 'sagemaker-debugger-rules';
    const out: Obj = { name: r.RuleConfigurationName, rule_type: type };
    if (builtIn) delete params.rule_to_invoke;
    else {
      out.image_uri = r.RuleEvaluatorImage;
      if (r.InstanceType) out.instance_type = r.InstanceType;
      if (r.VolumeSizeInGB) out.volume_size_in_gb = r.VolumeSizeInGB;
    }
    if (r.LocalPath) out.container_local_output_path = r.LocalPath;
    if (r.S3OutputPath) out.s3_output_path = r.S3OutputPath;
    if (Object.keys(params).length) out.rule_parameters = params;
    rules.push(out);
  };
  for (const r of job.DebugRuleConfigurations ?? []) rule(r, 'debugger');
  for (const r of job.ProfilerRuleConfigurations ?? []) rule(r, 'profiler');
  if (rules.length) entries.push(['rules', rules]);
  const tb = job.TensorBoardOutputConfig;
  if (tb) entries.push(['tensorboard_output_config', { s3_output_path: tb.S3OutputPath, ...(tb.LocalPath ? { container_local_output_path: tb.LocalPath } : {}) }]);
  const pc = job.ProfilerConfig;
  if (pc) {
    if (pc.DisableProfiler && !pc.S3OutputPath && !pc.ProfilingIntervalInMilliseconds && !pc.ProfilingParameters) {
      entries.push(['disable_profiler', true]);
    } else {
      const p: Obj = {};
      if (pc.S3OutputPath && pc.S3OutputPath !== outputPath) p.s3_output_path = pc.S3OutputPath;
      if (pc.ProfilingIntervalInMilliseconds !== undefined) p.system_monitor_interval_millis = pc.ProfilingIntervalInMilliseconds;
      if (pc.ProfilingParameters && Object.keys(pc.ProfilingParameters).length) p.profiling_parameters = pc.ProfilingParameters;
      if (pc.DisableProfiler) p.disable_profiler = true;
      entries.push(['profiler_config', p]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing the plan with the job

/** The request fields a DescribeTrainingJob answer shares with CreateTrainingJob. */
const REQUEST_FIELDS = [
  'AlgorithmSpecification',
  'RoleArn',
  'InputDataConfig',
  'OutputDataConfig',
  'ResourceConfig',
  'StoppingCondition',
  'HyperParameters',
  'VpcConfig',
  'EnableNetworkIsolation',
  'EnableInterContainerTrafficEncryption',
  'EnableManagedSpotTraining',
  'CheckpointConfig',
  'Environment',
  'RetryStrategy',
  'DebugHookConfig',
  'DebugRuleConfigurations',
  'TensorBoardOutputConfig',
  'ProfilerConfig',
  'ProfilerRuleConfigurations',
  'RemoteDebugConfig',
  'InfraCheckConfig',
  'SessionChainingConfig',
] as const;

/** Deep equality of JSON values, with keys in any order. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
  }
  return false;
}

/** A job field as the request would hold it: API defaults that the planner leaves out are dropped. */
function normalizeJobField(field: string, value: unknown, ignoreMetricDefinitions: boolean): unknown {
  const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  if (json === false && field.startsWith('Enable')) return undefined;
  if (field === 'OutputDataConfig' && isObj(json)) {
    if (json.CompressionType === 'GZIP') delete json.CompressionType;
    if (json.KmsKeyId === '') delete json.KmsKeyId;
  }
  if (field === 'AlgorithmSpecification' && isObj(json) && ignoreMetricDefinitions) delete json.MetricDefinitions;
  return json;
}

// ---------------------------------------------------------------------------------------------

export function estimatorFromTrainingJob(job: DescribeTrainingJobResponse, options: FromTrainingJobOptions): FromTrainingJobResult {
  const flags: string[] = [];
  const unmapped: string[] = [];
  const flag = (field: string, why: string): void => {
    flags.push(`${field}: ${why}`);
    unmapped.push(`${field}: ${why}`);
  };
  const jobName = job.TrainingJobName ?? '';
  const arn = arnParts(job.TrainingJobArn);
  const region = arn.region ?? options.region;
  const account = options.account ?? arn.account ?? arnParts(job.RoleArn).account ?? '000000000000';
  const algorithm = job.AlgorithmSpecification ?? ({} as NonNullable<DescribeTrainingJobResponse['AlgorithmSpecification']>);
  const image = algorithm.TrainingImage;
  const resource = job.ResourceConfig ?? {};

  // Instances first: the image lookups depend on the instance type.
  const instances: [string, unknown][] = [];
  if (resource.InstanceGroups?.length) {
    instances.push(['instance_groups', resource.InstanceGroups.map((g) => ({ instance_group_name: g.InstanceGroupName, instance_type: g.InstanceType, instance_count: g.InstanceCount }))]);
  } else {
    instances.push(['instance_count', resource.InstanceCount], ['instance_type', resource.InstanceType]);
  }
  const instanceSpec = Object.fromEntries(instances) as EstimatorSpec;

  // Script mode and the framework.
  const hp = job.HyperParameters ?? {};
  const program = jsonDecode(hp.sagemaker_program);
  const submit = jsonDecode(hp.sagemaker_submit_directory);
  const scriptMode = program.ok && typeof program.value === 'string' && submit.ok && typeof submit.value === 'string';
  const repository = image ? repositoryOf(image) : '';
  let framework: FrameworkName | undefined = scriptMode ? FRAMEWORK_REPOSITORIES.find(([re]) => re.test(repository))?.[1] : undefined;

  const mapped = mapHyperparameters(hp, framework, scriptMode, flag);
  const distributionForImage = mapped.distribution ? { distribution: mapped.distribution } : {};

  const entries: [string, unknown][] = [];
  if (framework && image) {
    const args = frameworkImageArguments(framework, image, { ...instanceSpec, ...distributionForImage } as EstimatorSpec, region);
    entries.push(['framework', framework]);
    if (args) entries.push(...Object.entries(args));
    else entries.push(['image_uri', image]);
  } else if (image) {
    const args = scriptMode ? undefined : retrieveArguments(image, instanceSpec, region);
    entries.push(['image_uri', args ?? image]);
  } else {
    framework = undefined;
    flag('AlgorithmSpecification.AlgorithmName', `${JSON.stringify(algorithm.AlgorithmName)}: an algorithm resource (Marketplace or your own) instead of an image; the estimator file needs an image_uri`);
  }

  // Code: the S3 sourcedir.tar.gz (or, with network isolation, the code channel's).
  const networkIsolation = job.EnableNetworkIsolation === true;
  const codeInChannel = scriptMode && mapped.sourceDir === CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH;
  const channels = mapChannels(job.InputDataConfig ?? [], codeInChannel && networkIsolation, flag);
  if (scriptMode) {
    entries.push(['entry_point', mapped.entryPoint]);
    const sourceDir = codeInChannel ? channels.codeUri : mapped.sourceDir;
    if (sourceDir && isS3Uri(sourceDir)) entries.push(['source_dir', sourceDir]);
    else flag('HyperParameters.sagemaker_submit_directory', `${JSON.stringify(mapped.sourceDir)}: the code is not an S3 sourcedir.tar.gz`);
  }

  entries.push(['role', job.RoleArn]);
  entries.push(...instances);
  if (resource.VolumeSizeInGB !== undefined && resource.VolumeSizeInGB !== DEFAULT_VOLUME) entries.push(['volume_size', resource.VolumeSizeInGB]);
  if (resource.VolumeKmsKeyId) entries.push(['volume_kms_key', resource.VolumeKmsKeyId]);
  if (resource.KeepAlivePeriodInSeconds !== undefined) entries.push(['keep_alive_period_in_seconds', resource.KeepAlivePeriodInSeconds]);
  if (resource.TrainingPlanArn) entries.push(['training_plan', resource.TrainingPlanArn]);
  if (resource.InstancePlacementConfig) entries.push(['instance_placement_config', resource.InstancePlacementConfig]);
  for (const key of Object.keys(resource)) {
    if (!['InstanceType', 'InstanceCount', 'VolumeSizeInGB', 'VolumeKmsKeyId', 'KeepAlivePeriodInSeconds', 'InstanceGroups', 'TrainingPlanArn', 'InstancePlacementConfig'].includes(key)) {
      flag(`ResourceConfig.${key}`, `${inline(asObj(resource)[key])}: no estimator argument gives it`);
    }
  }

  const stopping = job.StoppingCondition ?? {};
  if (stopping.MaxRuntimeInSeconds !== undefined && stopping.MaxRuntimeInSeconds !== DEFAULT_MAX_RUN_SECONDS) entries.push(['max_run', stopping.MaxRuntimeInSeconds]);
  if (algorithm.TrainingInputMode && algorithm.TrainingInputMode !== 'File') entries.push(['input_mode', algorithm.TrainingInputMode]);

  const output = job.OutputDataConfig ?? ({} as NonNullable<DescribeTrainingJobResponse['OutputDataConfig']>);
  const defaultOutput = `s3://${defaultBucketName(region, account)}/`;
  const outputPath = output.S3OutputPath ?? defaultOutput;
  if (output.S3OutputPath && output.S3OutputPath !== defaultOutput) entries.push(['output_path', output.S3OutputPath]);
  if (output.KmsKeyId) entries.push(['output_kms_key', output.KmsKeyId]);
  if (output.CompressionType === 'NONE') entries.push(['disable_output_compression', true]);

  const base = baseFromName(jobName);
  if (base && image && base !== baseNameFromImage(image) && base.length <= 39 && /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(base)) {
    entries.push(['base_job_name', base]);
  }

  if (Object.keys(mapped.hyperparameters).length) entries.push(['hyperparameters', mapped.hyperparameters]);
  if (mapped.containerLogLevel) entries.push(['container_log_level', mapped.containerLogLevel]);
  if (mapped.distribution) entries.push(['distribution', mapped.distribution]);
  if (framework === 'tensorflow' && mapped.modelDir !== undefined) {
    // TensorFlow's model_dir: left out when it is the SDK's default for this job.
    const mpi = isObj(mapped.distribution?.mpi) && mapped.distribution.mpi.enabled === true;
    const defaultModelDir = mpi ? '/opt/ml/model' : s3PathJoin([outputPath, jobName, 'model']);
    if (mapped.modelDir !== defaultModelDir) entries.push(['model_dir', mapped.modelDir]);
  }
  if (mapped.compilerConfig) entries.push(['compiler_config', mapped.compilerConfig]);

  // Metric definitions: SageMaker fills in a built-in algorithm's own; moto writes a placeholder over any.
  let ignoreMetricDefinitions = false;
  const metrics = algorithm.MetricDefinitions;
  if (metrics?.length) {
    if (same(JSON.parse(JSON.stringify(metrics)), EMULATOR_METRIC_DEFINITIONS) && !(image && isBuiltInAlgorithmImage(image))) {
      ignoreMetricDefinitions = true;
      flag('AlgorithmSpecification.MetricDefinitions', `${inline(metrics)}: the AWS emulator's (moto's) placeholder, not the job's own metric definitions`);
    } else if (image && isBuiltInAlgorithmImage(image)) {
      ignoreMetricDefinitions = true;
      flag('AlgorithmSpecification.MetricDefinitions', `${inline(metrics)}: the built-in algorithm's own, which SageMaker adds (not sent)`);
    } else {
      entries.push(['metric_definitions', metrics.map((m) => ({ Name: m.Name, Regex: m.Regex }))]);
    }
  }
  if (algorithm.ContainerEntrypoint) entries.push(['container_entry_point', algorithm.ContainerEntrypoint]);
  if (algorithm.ContainerArguments) entries.push(['container_arguments', algorithm.ContainerArguments]);
  const imageConfig = algorithm.TrainingImageConfig;
  if (imageConfig?.TrainingRepositoryAccessMode) {
    entries.push(['training_repository_access_mode', imageConfig.TrainingRepositoryAccessMode]);
    const provider = imageConfig.TrainingRepositoryAuthConfig?.TrainingRepositoryCredentialsProviderArn;
    if (provider) entries.push(['training_repository_credentials_provider_arn', provider]);
  }
  for (const key of Object.keys(algorithm)) {
    if (!['TrainingImage', 'AlgorithmName', 'TrainingInputMode', 'MetricDefinitions', 'EnableSageMakerMetricsTimeSeries', 'ContainerEntrypoint', 'ContainerArguments', 'TrainingImageConfig'].includes(key)) {
      flag(`AlgorithmSpecification.${key}`, `${inline(asObj(algorithm)[key])}: no estimator argument gives it`);
    }
  }

  if (job.VpcConfig) entries.push(['subnets', job.VpcConfig.Subnets ?? []], ['security_group_ids', job.VpcConfig.SecurityGroupIds ?? []]);
  if (networkIsolation) entries.push(['enable_network_isolation', true]);
  if (job.EnableInterContainerTrafficEncryption) entries.push(['encrypt_inter_container_traffic', true]);
  if (job.EnableManagedSpotTraining) {
    entries.push(['use_spot_instances', true]);
    if (stopping.MaxWaitTimeInSeconds !== undefined) entries.push(['max_wait', stopping.MaxWaitTimeInSeconds]);
  } else if (stopping.MaxWaitTimeInSeconds !== undefined) {
    flag('StoppingCondition.MaxWaitTimeInSeconds', `${stopping.MaxWaitTimeInSeconds}: max_wait only goes with use_spot_instances`);
  }
  if (stopping.MaxPendingTimeInSeconds !== undefined) flag('StoppingCondition.MaxPendingTimeInSeconds', `${stopping.MaxPendingTimeInSeconds}: no estimator argument gives it`);
  if (job.CheckpointConfig?.S3Uri) {
    entries.push(['checkpoint_s3_uri', job.CheckpointConfig.S3Uri]);
    if (job.CheckpointConfig.LocalPath) entries.push(['checkpoint_local_path', job.CheckpointConfig.LocalPath]);
  }
  if (job.Environment && Object.keys(job.Environment).length) entries.push(['environment', job.Environment]);
  if (job.RetryStrategy?.MaximumRetryAttempts !== undefined) entries.push(['max_retry_attempts', job.RetryStrategy.MaximumRetryAttempts]);
  if (job.InfraCheckConfig?.EnableInfraCheck !== undefined) entries.push(['enable_infra_check', job.InfraCheckConfig.EnableInfraCheck]);
  if (job.RemoteDebugConfig?.EnableRemoteDebug !== undefined) entries.push(['enable_remote_debug', job.RemoteDebugConfig.EnableRemoteDebug]);
  const chaining = asObj(job).SessionChainingConfig;
  if (isObj(chaining) && typeof chaining.EnableSessionTagChaining === 'boolean') entries.push(['enable_session_tag_chaining', chaining.EnableSessionTagChaining]);
  mapDebugger(job, outputPath, entries);

  const tags = (options.tags ?? []).filter((t) => !/^aws:/i.test(t.Key ?? ''));
  const awsTags = (options.tags ?? []).filter((t) => /^aws:/i.test(t.Key ?? ''));
  if (tags.length) entries.push(['tags', tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }))]);
  if (awsTags.length) flag('Tags', `${inline(awsTags)}: tags with the aws: prefix are set by AWS, not by the job's creator`);

  for (const key of ['ExperimentConfig', 'ServerlessJobConfig', 'MlflowConfig', 'ModelPackageConfig'] as const) {
    if (asObj(job)[key] !== undefined) flag(key, `${inline(asObj(job)[key])}: not an estimator argument`);
  }

  const inputs = channels.inputs;
  if (Object.keys(inputs).length) entries.push(['inputs', inputs]);
  if (channels.modelUri) {
    entries.push(['model_uri', channels.modelUri]);
    if (channels.modelChannelName) entries.push(['model_channel_name', channels.modelChannelName]);
  }
  if (region !== options.region) entries.push(['region', region]);

  // Strings the file would substitute (${...}) cannot be written as they are.
  const dollar = JSON.stringify(plain(Object.fromEntries(entries))).includes('${');

  const header = [
    `Saved from training job ${jobName} (${region}). Planned with "job_name": "${jobName}", it gives that job's request again.`,
  ];
  if (dollar) flag('(strings)', 'a value holds "${...}", which the estimator file reads as a variable');

  // Plan the file and compare it with the job; fix what only needs an explicit default.
  const build = (): { text: string; spec: EstimatorSpec } => {
    const text = writeText(header, entries, flags);
    return { text, spec: plain(Object.fromEntries(entries)) as EstimatorSpec };
  };
  let { text, spec } = build();
  const compare = (): string[] => {
    const loaded = loadEstimator(text, { fileName: 'estimator.json', env: {}, region: options.region });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length || !loaded.spec) return errors.map((d) => `(file): ${d.message}`);
    let planned;
    try {
      planned = planEstimator(text, loaded.spec, { region: options.region, account, jobName, baseDir: '/' });
    } catch (error) {
      return [`(plan): ${error instanceof PlanError ? error.message : String(error)}`];
    }
    if (!planned.plan) return planned.diagnostics.map((d) => `(plan): ${d.message}`);
    const request = JSON.parse(JSON.stringify(planned.plan.request)) as Obj;
    if (isObj(request.AlgorithmSpecification) && ignoreMetricDefinitions) delete request.AlgorithmSpecification.MetricDefinitions;
    const differences: string[] = [];
    for (const field of REQUEST_FIELDS) {
      const jobValue = normalizeJobField(field, asObj(job)[field], ignoreMetricDefinitions);
      if (!same(jobValue, request[field])) differences.push(field);
    }
    return differences;
  };
  let differences = compare();
  if (differences.includes('AlgorithmSpecification')) {
    // EnableSageMakerMetricsTimeSeries: the framework estimators' default may differ from the job's.
    const wanted = algorithm.EnableSageMakerMetricsTimeSeries;
    entries.push(['enable_sagemaker_metrics', wanted === undefined ? null : wanted]);
    ({ text, spec } = build());
    const retry = compare();
    if (retry.includes('AlgorithmSpecification')) {
      entries.pop();
      ({ text, spec } = build());
    } else differences = retry;
  }
  for (const difference of differences) {
    if (difference.startsWith('(')) flag(difference.slice(0, difference.indexOf(':')), difference.slice(difference.indexOf(':') + 2));
    // A field whose unmapped part is flagged already needs no second word.
    else if (!unmapped.some((u) => u.startsWith(`${difference}.`))) {
      flag(difference, `planning this file does not give the job's ${difference} back exactly (job: ${inline(asObj(job)[difference] ?? null)})`);
    }
  }
  ({ text, spec } = build());
  return { text, spec, unmapped };
}
