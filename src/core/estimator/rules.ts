/**
 * The checks of an estimator that JSON Schema cannot express: relations between fields, AWS naming
 * rules, and what the SageMaker Python SDK v2 and CreateTrainingJob would reject. Each rule reports
 * at the exact key or value concerned, with a stable code:
 *
 * instance-type, instance-count, instance-groups, s3-uri, job-name, max-wait, checkpoint, vpc,
 * file-system, channel-name, s3-data-type, local-mode, hyperparameter, role, log-level, tag,
 * metric-regex, framework-argument, entry-point, huggingface-version, distribution, debugger,
 * region, deploy. The image rules (image-source, image-version, py-version, image-uri) are in
 * rulesImage.ts; schema problems (unknown-key, required, type, enum, out-of-range, length, pattern,
 * plus channel-name / environment / hyperparameter / tag / deploy for their own fields) come from
 * validateSchema.ts; json-syntax, not-object, duplicate-key from parse.ts; unresolved-variable and
 * unknown-variable from variables.ts.
 */
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import { RuleContext } from './rulesContext';
import {
  classifyLocation,
  didYouMean,
  instanceTypeProblem,
  isLocalInstanceType,
  LocationKind,
  quoteList,
  REGION_SHAPE,
  resourceNameProblem,
  ROLE_ARN,
  ROLE_NAME,
  showValue,
} from './rulesUtil';
import type { JsonPath } from './types';

export const FRAMEWORKS = ['pytorch', 'tensorflow', 'sklearn', 'xgboost', 'mxnet', 'huggingface'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_CLASS: Record<Framework, string> = {
  pytorch: 'PyTorch',
  tensorflow: 'TensorFlow',
  sklearn: 'SKLearn',
  xgboost: 'XGBoost',
  mxnet: 'MXNet',
  huggingface: 'HuggingFace',
};

/** SDK default of max_run: one day. */

/** The estimator's framework, when it is one of the known ones. */
export function frameworkOf(ctx: RuleContext): Framework | undefined {
  const framework = ctx.str(['framework']);
  return framework && (FRAMEWORKS as readonly string[]).includes(framework) ? (framework as Framework) : undefined;
}

/**
 * Whether training runs in local mode (instance_type "local" / "local_gpu"): undefined when that is
 * not known (no instance_type, an invalid one, or one with an unset variable), so that checks
 * depending on it stay quiet instead of piling onto the instance_type problem.
 */
export function isLocalMode(ctx: RuleContext): boolean | undefined {
  if (ctx.arr(['instance_groups'])) return false;
  const type = ctx.str(['instance_type']);
  if (type === undefined || instanceTypeProblem(type)) return undefined;
  return isLocalInstanceType(type);
}

const FILE_SYSTEM_KEYS = ['file_system_id', 'file_system_type', 'directory_path', 'file_system_access_mode'];

export function isFileSystemChannel(channel: unknown): channel is Record<string, unknown> {
  return !!channel && typeof channel === 'object' && !Array.isArray(channel) && FILE_SYSTEM_KEYS.some(key => key in (channel as object));
}

export function runRules(ctx: RuleContext): void {
  checkInstances(ctx);
  checkS3Locations(ctx);
  checkJobNames(ctx);
  checkSpot(ctx);
  checkCheckpoint(ctx);
  checkVpc(ctx);
  checkInputs(ctx);
  checkHyperparameters(ctx);
  checkRole(ctx);
  checkLogLevel(ctx);
  checkTags(ctx, ['tags']);
  checkTags(ctx, ['deploy', 'tags']);
  checkMetricDefinitions(ctx);
  checkFrameworkArguments(ctx);
  checkDistribution(ctx);
  checkDebugger(ctx);
  checkRegion(ctx, ['region']);
  checkRegion(ctx, ['image_uri', 'region']);
  checkDeploy(ctx);
}

// ---------------------------------------------------------------------------------------------
// Instances

function checkInstanceType(ctx: RuleContext, path: JsonPath, code = 'instance-type'): void {
  const type = ctx.str(path);
  if (type === undefined) return;
  const problem = instanceTypeProblem(type);
  if (problem) ctx.error(code, path, `${ctx.field(path)} "${type}" is not an instance type: ${problem}.`);
}

function checkInstances(ctx: RuleContext): void {
  const groups = ctx.arr(['instance_groups']);
  const type = ctx.get(['instance_type']);
  const count = ctx.get(['instance_count']);
  checkInstanceType(ctx, ['instance_type']);
  if (typeof count === 'number' && Number.isInteger(count) && count < 1) {
    ctx.error('instance-count', ['instance_count'], `instance_count must be at least 1, not ${count}.`);
  }
  if (groups) {
    if (type !== undefined) {
      ctx.error('instance-groups', ['instance_type'], 'instance_type cannot be used with instance_groups: each instance group has its own instance_type. Remove instance_type.', 'key');
    }
    if (count !== undefined) {
      ctx.error('instance-groups', ['instance_count'], 'instance_count cannot be used with instance_groups: each instance group has its own instance_count. Remove instance_count.', 'key');
    }
    const names = new Map<string, number>();
    groups.forEach((_group, i) => {
      checkInstanceType(ctx, ['instance_groups', i, 'instance_type']);
      const groupType = ctx.str(['instance_groups', i, 'instance_type']);
      if (groupType && isLocalInstanceType(groupType)) {
        ctx.error('instance-groups', ['instance_groups', i, 'instance_type'], `instance_groups[${i}].instance_type cannot be "${groupType}": heterogeneous clusters do not run in local mode. Use ml.* instance types.`);
      }
      const name = ctx.str(['instance_groups', i, 'instance_group_name']);
      if (name !== undefined) {
        if (names.has(name)) {
          ctx.error('instance-groups', ['instance_groups', i, 'instance_group_name'], `instance_groups[${i}].instance_group_name "${name}" is already the name of instance_groups[${names.get(name)}]: group names must be unique.`);
        } else names.set(name, i);
      }
    });
    return;
  }
  if (type === undefined && !ctx.has(['instance_groups'])) {
    ctx.error('instance-type', ['instance_type'], 'instance_type is required (the SDK needs both instance_count and instance_type): add e.g. "instance_type": "ml.m5.xlarge", or "local" to train on this machine.', 'anchor');
  }
  if (count === undefined && !ctx.has(['instance_groups'])) {
    ctx.error('instance-count', ['instance_count'], 'instance_count is required (the SDK needs both instance_count and instance_type): add "instance_count": 1.', 'anchor');
  }
  if (ctx.str(['instance_type']) === 'local_gpu' && typeof count === 'number' && count > 1) {
    ctx.error('instance-count', ['instance_count'], `instance_count must be 1 with instance_type "local_gpu": distributed training on the local GPU is not supported (the SDK raises). Use 1, or "local" for several CPU containers.`);
  }
}

/** Names of the instance groups, when instance_groups is given. */
function groupNames(ctx: RuleContext): Set<string> | undefined {
  const groups = ctx.arr(['instance_groups']);
  if (!groups) return undefined;
  const names = new Set<string>();
  groups.forEach((_, i) => {
    const name = ctx.str(['instance_groups', i, 'instance_group_name']);
    if (name !== undefined) names.add(name);
  });
  return names;
}

function checkGroupReferences(ctx: RuleContext, path: JsonPath): void {
  const list = ctx.arr(path);
  if (!list) return;
  const names = groupNames(ctx);
  list.forEach((item, i) => {
    if (typeof item !== 'string' || ctx.isUnresolved([...path, i])) return;
    if (!names) {
      ctx.error('instance-groups', [...path, i], `${ctx.field(path)} names the instance group "${item}", but the estimator has no instance_groups. Define instance_groups or remove ${ctx.field(path)}.`);
    } else if (!names.has(item)) {
      const suggestion = didYouMean(item, names);
      ctx.error('instance-groups', [...path, i], `${ctx.field(path)} names the instance group "${item}", which is not in instance_groups (${names.size ? quoteList([...names]) : 'none defined'}).${suggestion ? ` Did you mean "${suggestion}"?` : ''}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// S3 and local locations

function locationMessage(field: string, expected: string, problem: string): string {
  return `${field} must be ${expected}: ${problem}.`;
}

function checkS3Only(ctx: RuleContext, path: JsonPath, example: string): LocationKind | undefined {
  const value = ctx.str(path);
  if (value === undefined) return undefined;
  const location = classifyLocation(value, false);
  if (location.kind === 'invalid') ctx.error('s3-uri', path, locationMessage(ctx.field(path), `an S3 URI such as ${example}`, location.problem));
  return location;
}

function checkS3Locations(ctx: RuleContext): void {
  const local = isLocalMode(ctx);
  // output_path: S3, or file:// in local mode (the SDK raises otherwise).
  const output = ctx.str(['output_path']);
  if (output !== undefined) {
    const location = classifyLocation(output, true);
    if (location.kind === 'invalid') {
      ctx.error('s3-uri', ['output_path'], locationMessage('output_path', 'an S3 URI such as s3://my-bucket/output (or a file:// URI in local mode)', location.problem));
    } else if (location.kind === 'local') {
      ctx.error('s3-uri', ['output_path'], `output_path must be an S3 URI such as s3://my-bucket/output${local ? `, or in local mode a file:// URI such as "file://${output}"` : ''}; "${output}" is neither.`);
    } else if (location.kind === 'file' && local === false) {
      ctx.error('s3-uri', ['output_path'], 'output_path: file:// output paths work only in local mode (instance_type "local" or "local_gpu"); use an S3 URI such as s3://my-bucket/output.');
    }
  }
  checkS3Only(ctx, ['code_location'], 's3://my-bucket/code');
  checkS3Only(ctx, ['checkpoint_s3_uri'], 's3://my-bucket/checkpoints');
  checkS3Only(ctx, ['debugger_hook_config', 's3_output_path'], 's3://my-bucket/debug');
  checkS3Only(ctx, ['tensorboard_output_config', 's3_output_path'], 's3://my-bucket/tensorboard');
  checkS3Only(ctx, ['profiler_config', 's3_output_path'], 's3://my-bucket/profiler');
  (ctx.arr(['rules']) ?? []).forEach((_, i) => checkS3Only(ctx, ['rules', i, 's3_output_path'], 's3://my-bucket/rules'));

  const modelUri = ctx.str(['model_uri']);
  if (modelUri !== undefined) {
    const location = classifyLocation(modelUri, true);
    if (location.kind === 'invalid') {
      ctx.error('s3-uri', ['model_uri'], locationMessage('model_uri', 'an S3 URI such as s3://my-bucket/model.tar.gz (or a file:// URI in local mode)', location.problem));
    } else if (location.kind === 'local' || (location.kind === 'file' && local === false)) {
      ctx.error('s3-uri', ['model_uri'], `model_uri must be an S3 URI such as s3://my-bucket/model/model.tar.gz${location.kind === 'local' ? ' (or a file:// URI in local mode)' : ': file:// URIs work only in local mode'}.`);
    }
  }

  const sourceDir = ctx.str(['source_dir']);
  if (sourceDir !== undefined && /^s3:/i.test(sourceDir)) {
    const location = checkS3Only(ctx, ['source_dir'], 's3://my-bucket/code/sourcedir.tar.gz');
    if (location?.kind === 's3' && !/\.tar\.gz$/.test(location.key)) {
      ctx.error('s3-uri', ['source_dir'], 'source_dir: an S3 source_dir must be the URI of a .tar.gz file (e.g. s3://my-bucket/code/sourcedir.tar.gz).');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names

function checkJobNames(ctx: RuleContext): void {
  for (const key of ['job_name', 'base_job_name']) {
    const name = ctx.str([key]);
    if (name === undefined) continue;
    const problem = resourceNameProblem(name);
    if (problem) ctx.error('job-name', [key], `${key} "${showValue(name, 70).slice(1, -1)}" is not a valid training job name: ${problem}.`);
  }
  const base = ctx.str(['base_job_name']);
  if (base !== undefined && !resourceNameProblem(base) && base.length > 39) {
    ctx.info('job-name', ['base_job_name'], `base_job_name is ${base.length} characters long: the generated job name keeps only its first 39 characters, to fit the timestamp in 63.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Spot, checkpoints, VPC

function checkSpot(ctx: RuleContext): void {
  const spot = ctx.bool(['use_spot_instances']) === true;
  const maxWait = ctx.num(['max_wait']);
  const maxRun = ctx.num(['max_run']);
  if (spot && !ctx.has(['max_wait'])) {
    ctx.error('max-wait', ['use_spot_instances'], `use_spot_instances needs max_wait: set "max_wait" to the longest time in seconds the job may take including waiting for spot capacity (at least max_run, ${maxRun ?? DEFAULT_MAX_RUN_SECONDS}).`);
  }
  const spotWritten = ctx.get(['use_spot_instances']);
  if (ctx.has(['max_wait']) && (spotWritten === undefined || spotWritten === false)) {
    ctx.error('max-wait', ['max_wait'], 'max_wait only applies to managed spot training: set "use_spot_instances": true, or remove max_wait.', 'key');
  }
  if (spot && maxWait !== undefined && Number.isInteger(maxWait) && maxWait >= 1) {
    const effectiveRun = maxRun ?? DEFAULT_MAX_RUN_SECONDS;
    if (maxWait < effectiveRun) {
      ctx.error('max-wait', ['max_wait'], `max_wait (${maxWait}) must be at least max_run (${effectiveRun}${maxRun === undefined ? ', the SDK default of one day' : ''}): raise max_wait or lower max_run.`);
    }
  }
}

function checkCheckpoint(ctx: RuleContext): void {
  if (ctx.has(['checkpoint_local_path']) && !ctx.has(['checkpoint_s3_uri'])) {
    ctx.error('checkpoint', ['checkpoint_local_path'], 'checkpoint_local_path needs checkpoint_s3_uri: SageMaker syncs the local checkpoints with that S3 prefix. Add "checkpoint_s3_uri": "s3://bucket/checkpoints".', 'key');
  }
  const local = ctx.str(['checkpoint_local_path']);
  if (local !== undefined && !local.startsWith('/')) {
    ctx.warning('checkpoint', ['checkpoint_local_path'], `checkpoint_local_path "${local}" is a path inside the container and should be absolute, e.g. /opt/ml/checkpoints.`);
  }
}

function checkVpc(ctx: RuleContext): void {
  const subnets = ctx.get(['subnets']);
  const groups = ctx.get(['security_group_ids']);
  if (subnets !== undefined && groups === undefined) {
    ctx.error('vpc', ['subnets'], 'subnets needs security_group_ids too: a VPC configuration has both. Add "security_group_ids": ["sg-..."].', 'key');
  }
  if (groups !== undefined && subnets === undefined) {
    ctx.error('vpc', ['security_group_ids'], 'security_group_ids needs subnets too: a VPC configuration has both. Add "subnets": ["subnet-..."].', 'key');
  }
  const checkIds = (key: string, prefix: string, example: string): void => {
    const list = ctx.arr([key]);
    if (!list) return;
    const seen = new Set<string>();
    list.forEach((_id, i) => {
      const value = ctx.str([key, i]);
      if (value === undefined) return;
      if (!new RegExp(`^${prefix}-[0-9a-z]+$`).test(value)) {
        ctx.error('vpc', [key, i], `${key}[${i}] "${value}" is not a ${prefix === 'sg' ? 'security group' : 'subnet'} ID: use an ID such as ${example}.`);
      } else if (seen.has(value)) {
        ctx.warning('vpc', [key, i], `${key}[${i}] "${value}" is listed twice.`);
      }
      seen.add(value);
    });
  };
  checkIds('subnets', 'subnet', 'subnet-0123456789abcdef0');
  checkIds('security_group_ids', 'sg', 'sg-0123456789abcdef0');
}

// ---------------------------------------------------------------------------------------------
// Inputs

function checkDataLocation(ctx: RuleContext, path: JsonPath, channel: string): void {
  const value = ctx.str(path);
  if (value === undefined) return;
  const location = classifyLocation(value, true);
  if (location.kind === 'invalid') {
    ctx.error('s3-uri', path, `${ctx.field(path)} (channel "${channel}") must be an S3 URI such as s3://my-bucket/train, a file:// URI or a local path: ${location.problem}.`);
  } else if (location.kind === 's3' && isLocalMode(ctx) === true) {
    ctx.info('local-mode', path, `${ctx.field(path)}: local mode downloads ${value} from S3, which needs an AWS connection (credentials and a region). Use a local path or file:// URI to train offline.`);
  }
}

function checkInputs(ctx: RuleContext): void {
  const inputs = ctx.get(['inputs']);
  if (typeof inputs === 'string') {
    checkDataLocation(ctx, ['inputs'], 'training');
    return;
  }
  const channels = ctx.obj(['inputs']);
  if (!channels) return;
  const modelChannel = ctx.str(['model_channel_name']) ?? 'model';
  const hasModel = ctx.has(['model_uri']);
  const local = isLocalMode(ctx);
  for (const [name, channel] of Object.entries(channels)) {
    const path: JsonPath = ['inputs', name];
    if (hasModel && name === modelChannel) {
      ctx.error('channel-name', path, `Channel "${name}" in inputs clashes with model_uri, which is given to the job as the channel "${modelChannel}" (model_channel_name). Rename the channel or set model_channel_name.`, 'key');
    }
    if (typeof channel === 'string') {
      checkDataLocation(ctx, path, name);
      continue;
    }
    if (!channel || typeof channel !== 'object' || Array.isArray(channel)) continue;
    if (isFileSystemChannel(channel)) {
      checkFileSystemChannel(ctx, path, name, local);
      continue;
    }
    checkDataLocation(ctx, [...path, 's3_data'], name);
    checkGroupReferences(ctx, [...path, 'instance_groups']);
    const dataType = ctx.str([...path, 's3_data_type']);
    if (ctx.has([...path, 'attribute_names']) && dataType !== 'AugmentedManifestFile') {
      ctx.error('s3-data-type', [...path, 'attribute_names'], `inputs.${name}.attribute_names only applies to augmented manifests: set "s3_data_type": "AugmentedManifestFile" or remove attribute_names.`, 'key');
    }
    if (dataType === 'AugmentedManifestFile' && !ctx.has([...path, 'attribute_names'])) {
      ctx.warning('s3-data-type', [...path, 's3_data_type'], `inputs.${name}: an AugmentedManifestFile channel needs attribute_names, the attributes of each JSON line to pass to the algorithm.`);
    }
    if ((dataType === 'ManifestFile' || dataType === 'AugmentedManifestFile') && ctx.str([...path, 's3_data'])?.endsWith('/')) {
      ctx.warning('s3-data-type', [...path, 's3_data'], `inputs.${name}.s3_data ends with "/" but s3_data_type is ${dataType}: it must be the URI of the manifest file itself.`);
    }
  }
}

function checkFileSystemChannel(ctx: RuleContext, path: JsonPath, name: string, local: boolean | undefined): void {
  const idPath = [...path, 'file_system_id'];
  const id = ctx.str(idPath);
  if (id !== undefined && !/^fs-[0-9a-f]{8,40}$/.test(id)) {
    ctx.error('file-system', idPath, `inputs.${name}.file_system_id "${id}" is not a file system ID: use the ID of the EFS or FSx for Lustre file system, such as fs-0123456789abcdef0.`);
  }
  const dirPath = [...path, 'directory_path'];
  const dir = ctx.str(dirPath);
  if (dir !== undefined && !dir.startsWith('/')) {
    ctx.error('file-system', dirPath, `inputs.${name}.directory_path "${dir}" must be an absolute path in the file system, starting with "/" (for FSx for Lustre, the mount name first, e.g. /fsx/train).`);
  }
  // Shown at the file system ID when there is one, else at the channel's name.
  const anchor = ctx.has(idPath) ? idPath : path;
  const target = ctx.has(idPath) ? 'value' : 'key';
  if (!ctx.has(['subnets']) || !ctx.has(['security_group_ids'])) {
    const missing = [!ctx.has(['subnets']) ? 'subnets' : '', !ctx.has(['security_group_ids']) ? 'security_group_ids' : ''].filter(Boolean).join(' and ');
    ctx.error('file-system', path, `inputs.${name} is a FileSystemInput, which is reached through your VPC: the estimator needs ${missing} (in the file system's VPC).`, target, anchor);
  }
  if (local === true) {
    ctx.report('warning', 'file-system', path, `inputs.${name} is a FileSystemInput, which local mode cannot mount: local mode reads S3 and local paths only.`, target, anchor);
  }
}

// ---------------------------------------------------------------------------------------------
// Hyperparameters

/** Python's `json.dumps` of a JSON value (separators ", " and ": "), close enough for lengths. */
function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
}

/** Python's `str()` of the value `json.load` gives, close enough for lengths. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  const repr = (v: unknown): string => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : pyStr(v));
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}}`;
}

function checkHyperparameters(ctx: RuleContext): void {
  const hyperparameters = ctx.obj(['hyperparameters']);
  if (!hyperparameters) return;
  const framework = frameworkOf(ctx);
  // Framework estimators, and any estimator that ships code, JSON-encode every value.
  const jsonEncoded = framework !== undefined || ctx.has(['entry_point']) || ctx.has(['source_dir']);
  const entries = Object.entries(hyperparameters);
  for (const [key, value] of entries) {
    const path: JsonPath = ['hyperparameters', key];
    if (value === null) {
      ctx.error('hyperparameter', path, `hyperparameters.${key} is null: a hyperparameter needs a value (a string, number or boolean). Remove it to leave it unset.`);
      continue;
    }
    if (ctx.isUnresolved(path)) continue;
    const text = jsonEncoded ? pyJsonDumps(value) : pyStr(value);
    if (text.length > 2500) {
      ctx.error('hyperparameter', path, `hyperparameters.${key} is ${text.length} characters long as sent${jsonEncoded ? ' (JSON-encoded)' : ''}; CreateTrainingJob allows at most 2500. Pass large values as an input channel or a file in source_dir instead.`);
    }
    if (!jsonEncoded && typeof value === 'object') {
      ctx.warning('hyperparameter', path, `hyperparameters.${key} is ${Array.isArray(value) ? 'an array' : 'an object'}: the generic Estimator sends Python's str() of it (${showValue(pyStr(value), 50)}), which an algorithm rarely expects. Write the exact string the algorithm wants instead.`);
    }
    if (jsonEncoded && key.startsWith('sagemaker_')) {
      ctx.warning('hyperparameter', path, `hyperparameters.${key}: names starting with "sagemaker_" are set by the SDK for framework and script-mode estimators (sagemaker_program, sagemaker_submit_directory, ...) and may be overwritten.`, 'key');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Role, log level, tags, metrics

function checkRole(ctx: RuleContext): void {
  const role = ctx.get(['role']);
  if (role === undefined) {
    if (isLocalMode(ctx) === false) {
      ctx.error('role', ['role'], 'role is not set: a training job runs as an IAM role (RoleArn). Add "role": an ARN such as arn:aws:iam::123456789012:role/SageMakerRole, a role name, or "${env:SAGEMAKER_ROLE}".', 'anchor');
    }
    return;
  }
  const value = ctx.str(['role']);
  if (value === undefined) return;
  if (value.trim() === '') {
    ctx.error('role', ['role'], 'role is empty: set it to an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerRole, or a role name (check the environment variable it comes from).');
    return;
  }
  if (ROLE_ARN.test(value) || ROLE_NAME.test(value)) return;
  if (/^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\//.test(value)) {
    const [, account, name] = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(value)!.slice(1);
    ctx.warning('role', ['role'], `role is an STS assumed-role session ARN; SageMaker needs the IAM role ARN, e.g. arn:aws:iam::${account}:role/${name}.`);
    return;
  }
  if (/^arn:aws[a-z-]*:iam::\d{12}:user\//.test(value)) {
    ctx.warning('role', ['role'], 'role is an IAM user ARN; SageMaker needs an IAM role that it can assume (arn:aws:iam::ACCOUNT:role/NAME).');
    return;
  }
  if (/^arn:/.test(value)) {
    ctx.warning('role', ['role'], `role "${value}" does not look like an IAM role ARN (arn:aws:iam::123456789012:role/NAME, twelve-digit account).`);
    return;
  }
  ctx.error('role', ['role'], `role "${value}" is neither an IAM role ARN (arn:aws:iam::123456789012:role/NAME) nor a role name (letters, digits and +=,.@_-, at most 64 characters).`);
}

const LOG_LEVELS: Record<string, number> = { CRITICAL: 50, FATAL: 50, ERROR: 40, WARNING: 30, WARN: 30, INFO: 20, DEBUG: 10, NOTSET: 0 };

function checkLogLevel(ctx: RuleContext): void {
  const path = ['container_log_level'];
  const value = ctx.get(path);
  if (value === undefined || ctx.isUnresolved(path)) return;
  const names = Object.keys(LOG_LEVELS);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 50) {
      ctx.error('log-level', path, `container_log_level must be a logging level: 10 (DEBUG), 20 (INFO), 30 (WARNING), 40 (ERROR), 50 (CRITICAL), a whole number from 0 to 50, or a level name; not ${value}.`);
    }
    return;
  }
  if (typeof value === 'string') {
    if (names.includes(value)) return;
    if (/^\d+$/.test(value.trim())) {
      ctx.error('log-level', path, `container_log_level must be a number, not a string: write ${value.trim()} without quotes.`);
      return;
    }
    const upper = value.trim().toUpperCase();
    const suggestion = names.includes(upper) ? upper : didYouMean(upper, names);
    ctx.error('log-level', path, `container_log_level "${value}" is not a logging level: use ${quoteList(names)} or a number such as 20.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`);
    return;
  }
  ctx.error('log-level', path, `container_log_level must be a logging level number (e.g. 20) or name (e.g. "INFO"), not ${showValue(value)}.`);
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTags(ctx: RuleContext, path: JsonPath): void {
  const tags = ctx.arr(path);
  if (!tags) return;
  const keys = new Map<string, number>();
  tags.forEach((_, i) => {
    const keyPath = [...path, i, 'Key'];
    const valuePath = [...path, i, 'Value'];
    const key = ctx.str(keyPath);
    const value = ctx.str(valuePath);
    const field = ctx.field([...path, i]);
    if (key !== undefined) {
      if (/^aws:/i.test(key)) ctx.error('tag', keyPath, `${field}.Key "${key}": tag keys starting with "aws:" are reserved for AWS.`);
      else if (!TAG_CHARS.test(key)) ctx.error('tag', keyPath, `${field}.Key "${key}" has characters tags do not allow: use letters, digits, spaces and _ . : / = + - @.`);
      if (keys.has(key)) ctx.error('tag', keyPath, `${field}.Key "${key}" is already used by ${ctx.field([...path, keys.get(key)!])}: tag keys must be unique.`);
      else keys.set(key, i);
    }
    if (value !== undefined && !TAG_CHARS.test(value)) {
      ctx.error('tag', valuePath, `${field}.Value has characters tags do not allow: use letters, digits, spaces and _ . : / = + - @.`);
    }
  });
}

/** Compiles a metric regex as JavaScript, accepting Python's named-group syntax. */
export function compileMetricRegex(source: string): { regex?: RegExp; error?: string } {
  let body = source.replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>');
  let flags = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('m')) flags += 'm';
    if (inline[1].includes('s')) flags += 's';
  }
  try {
    return { regex: new RegExp(body, flags) };
  } catch (error) {
    return { error: (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') };
  }
}

function checkMetricDefinitions(ctx: RuleContext): void {
  const metrics = ctx.arr(['metric_definitions']);
  if (!metrics) return;
  const names = new Map<string, number>();
  metrics.forEach((_, i) => {
    const regexPath = ['metric_definitions', i, 'Regex'];
    const source = ctx.str(regexPath);
    if (source !== undefined && source !== '') {
      const compiled = compileMetricRegex(source);
      if (compiled.error) {
        ctx.error('metric-regex', regexPath, `metric_definitions[${i}].Regex is not a valid regular expression: ${compiled.error}. Remember that a backslash is written \\\\ in JSON.`);
      } else if (compiled.regex) {
        const groups = new RegExp(`${compiled.regex.source}|`, compiled.regex.flags).exec('')!.length - 1;
        if (groups === 0) {
          ctx.warning('metric-regex', regexPath, `metric_definitions[${i}].Regex has no capture group: SageMaker takes the metric value from the first group, e.g. "loss: ([0-9.]+)".`);
        }
      }
    }
    const name = ctx.str(['metric_definitions', i, 'Name']);
    if (name !== undefined) {
      if (names.has(name)) ctx.error('metric-regex', ['metric_definitions', i, 'Name'], `metric_definitions[${i}].Name "${name}" is already defined by metric_definitions[${names.get(name)}]: metric names must be unique.`);
      else names.set(name, i);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Framework estimators

const FRAMEWORK_ONLY = ['framework_version', 'py_version', 'distribution', 'compiler_config', 'model_dir'];
const HUGGINGFACE_ONLY = ['transformers_version', 'pytorch_version', 'tensorflow_version'];
const COMPILER_FRAMEWORKS: Framework[] = ['pytorch', 'tensorflow', 'huggingface'];

function checkFrameworkArguments(ctx: RuleContext): void {
  const framework = frameworkOf(ctx);
  const frameworkSet = ctx.has(['framework']);
  if (!frameworkSet) {
    for (const key of [...FRAMEWORK_ONLY, ...HUGGINGFACE_ONLY]) {
      if (!ctx.has([key])) continue;
      const imageHint = key === 'framework_version' && ctx.obj(['image_uri']) ? ' (for the image, write "version" inside image_uri)' : key === 'py_version' && ctx.obj(['image_uri']) ? ' (for the image, write "py_version" inside image_uri)' : '';
      ctx.error('framework-argument', [key], `${key} is an argument of framework estimators only: add "framework" (${HUGGINGFACE_ONLY.includes(key) ? '"huggingface"' : 'e.g. "pytorch"'}) or remove ${key}${imageHint}.`, 'key');
    }
  } else if (framework) {
    if (framework !== 'huggingface') {
      for (const key of HUGGINGFACE_ONLY) {
        if (ctx.has([key])) ctx.error('framework-argument', [key], `${key} is an argument of the HuggingFace estimator only; with "framework": "${framework}" use framework_version.`, 'key');
      }
    } else if (ctx.has(['framework_version'])) {
      ctx.error('framework-argument', ['framework_version'], 'framework_version is not an argument of the HuggingFace estimator: give transformers_version plus pytorch_version or tensorflow_version.', 'key');
    }
    if (ctx.has(['compiler_config']) && !COMPILER_FRAMEWORKS.includes(framework)) {
      ctx.error('framework-argument', ['compiler_config'], `compiler_config (SageMaker Training Compiler) is only for pytorch, tensorflow and huggingface, not ${framework}.`, 'key');
    }
    if (ctx.has(['distribution']) && (framework === 'sklearn' || framework === 'xgboost')) {
      ctx.warning('framework-argument', ['distribution'], `distribution is not an argument of the ${FRAMEWORK_CLASS[framework]} estimator and is ignored.`, 'key');
    }
    if (ctx.has(['model_dir']) && framework !== 'tensorflow') {
      ctx.error('framework-argument', ['model_dir'], `model_dir is an argument of the TensorFlow estimator only, not of ${FRAMEWORK_CLASS[framework]}: remove it.`, 'key');
    }
    if (ctx.get(['model_dir']) === true) {
      ctx.error('framework-argument', ['model_dir'], 'model_dir must be a path (e.g. "/opt/ml/model") or false to leave it out, not true.');
    }
    if (!ctx.has(['entry_point'])) {
      ctx.error('entry-point', ['framework'], `framework "${framework}" needs entry_point, the training script to run (e.g. "entry_point": "train.py"), as the ${FRAMEWORK_CLASS[framework]} estimator requires.`);
    }
    if (framework === 'huggingface') checkHuggingFace(ctx);
  }
  if (!ctx.has(['entry_point']) && !frameworkSet) {
    for (const key of ['source_dir', 'dependencies', 'git_config']) {
      if (ctx.has([key])) {
        ctx.error('entry-point', [key], `${key} needs entry_point, the script to run from the code: add "entry_point" (relative to source_dir).`, 'key');
      }
    }
  }
  const entry = ctx.str(['entry_point']);
  if (entry !== undefined && /^s3:/i.test(entry)) {
    ctx.error('entry-point', ['entry_point'], 'entry_point must be a local file (relative to source_dir), not an S3 URI: put the code in an S3 tar.gz source_dir and name the script in entry_point.');
  }
}

function checkHuggingFace(ctx: RuleContext): void {
  if (ctx.has(['image_uri'])) return; // like the SDK, the image settles it
  const transformers = ctx.get(['transformers_version']);
  const pytorch = ctx.get(['pytorch_version']);
  const tensorflow = ctx.get(['tensorflow_version']);
  if (transformers === undefined) {
    ctx.error('huggingface-version', ['framework'], 'framework "huggingface" needs transformers_version (e.g. "4.28") plus pytorch_version or tensorflow_version, or an image_uri.');
    return;
  }
  if (pytorch === undefined && tensorflow === undefined) {
    ctx.error('huggingface-version', ['transformers_version'], 'transformers_version needs pytorch_version or tensorflow_version beside it: the HuggingFace image is chosen by both (e.g. "pytorch_version": "2.0").', 'key');
    return;
  }
  if (pytorch !== undefined && tensorflow !== undefined) {
    ctx.error('huggingface-version', ['tensorflow_version'], 'pytorch_version and tensorflow_version are both set: the HuggingFace estimator takes only one of them. Remove one.', 'key');
    return;
  }
  const base = pytorch !== undefined ? 'pytorch_version' : 'tensorflow_version';
  const baseValue = ctx.str([base]);
  const transformersValue = ctx.str(['transformers_version']);
  if (baseValue && transformersValue && baseValue.split('.').length !== transformersValue.split('.').length) {
    ctx.error('huggingface-version', [base], `${base} "${baseValue}" and transformers_version "${transformersValue}" must both be full versions (x.y.z) or both short ones (x.y), as the SDK requires.`);
  }
}

const DISTRIBUTION_SUPPORT: Record<string, Framework[]> = {
  torch_distributed: ['pytorch', 'huggingface'],
  pytorchddp: ['pytorch'],
  mpi: ['pytorch', 'tensorflow', 'mxnet', 'huggingface'],
  smdistributed: ['pytorch', 'tensorflow', 'huggingface'],
  parameter_server: ['tensorflow', 'mxnet'],
  multi_worker_mirrored_strategy: ['tensorflow'],
  instance_groups: ['pytorch', 'tensorflow', 'mxnet', 'huggingface'],
};

function checkDistribution(ctx: RuleContext): void {
  const distribution = ctx.obj(['distribution']);
  if (!distribution) return;
  const framework = frameworkOf(ctx);
  if (framework && framework !== 'sklearn' && framework !== 'xgboost') {
    for (const key of Object.keys(distribution)) {
      const supported = DISTRIBUTION_SUPPORT[key];
      if (supported && !supported.includes(framework)) {
        ctx.error('distribution', ['distribution', key], `distribution.${key} is not supported by the ${FRAMEWORK_CLASS[framework]} estimator (it is for ${supported.map(f => FRAMEWORK_CLASS[f]).join(', ')}).`, 'key');
      }
    }
  }
  checkGroupReferences(ctx, ['distribution', 'instance_groups']);
  const enabled = Object.entries(distribution).filter(([key, value]) => key !== 'instance_groups' && value && typeof value === 'object' && (value as Record<string, unknown>).enabled === true);
  if (enabled.length > 1) {
    ctx.error('distribution', ['distribution', enabled[1][0]], `distribution enables both ${enabled[0][0]} and ${enabled[1][0]}: use one distribution strategy.`, 'key');
  }
  if (isLocalMode(ctx) === true && distribution.smdistributed !== undefined) {
    ctx.warning('distribution', ['distribution', 'smdistributed'], 'distribution.smdistributed needs SageMaker instances (ml.p4d, ml.p5, ...) and does not run in local mode.', 'key');
  }
}

function checkDebugger(ctx: RuleContext): void {
  if (ctx.bool(['disable_profiler']) === true && ctx.bool(['profiler_config', 'disable_profiler']) === false) {
    ctx.error('debugger', ['profiler_config', 'disable_profiler'], 'profiler_config.disable_profiler cannot be false when disable_profiler is true. Remove one of them.');
  }
  if (ctx.bool(['disable_profiler']) === true) {
    (ctx.arr(['rules']) ?? []).forEach((_, i) => {
      const type = ctx.str(['rules', i, 'rule_type']);
      const name = ctx.str(['rules', i, 'name']);
      if (type === 'profiler' || (type === undefined && name === 'ProfilerReport')) {
        ctx.error('debugger', ['rules', i], `rules[${i}] is a profiler rule, which cannot run when disable_profiler is true.`);
      }
    });
  }
}

function checkRegion(ctx: RuleContext, path: JsonPath): void {
  const region = ctx.str(path);
  if (region === undefined) return;
  if (!REGION_SHAPE.test(region)) {
    const lower = region.trim().toLowerCase().replace(/_/g, '-');
    ctx.error('region', path, `${ctx.field(path)} "${region}" is not an AWS region name such as us-east-1 or eu-west-1.${REGION_SHAPE.test(lower) ? ` Did you mean "${lower}"?` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// deploy

function checkDeploy(ctx: RuleContext): void {
  const deploy = ctx.obj(['deploy']);
  if (!deploy) return;
  checkInstanceType(ctx, ['deploy', 'instance_type']);
  for (const key of ['endpoint_name', 'model_name']) {
    const name = ctx.str(['deploy', key]);
    if (name === undefined) continue;
    const problem = resourceNameProblem(name);
    if (problem) ctx.error('deploy', ['deploy', key], `deploy.${key} "${name}" is not a valid name: ${problem}.`);
  }
  const serverless = ctx.obj(['deploy', 'serverless_inference_config']);
  if (serverless) {
    for (const key of ['instance_type', 'initial_instance_count']) {
      if (ctx.has(['deploy', key])) {
        ctx.warning('deploy', ['deploy', key], `deploy.${key} is not used with serverless_inference_config: a serverless endpoint has no instances. Remove one of them.`, 'key');
      }
    }
    const provisioned = ctx.num(['deploy', 'serverless_inference_config', 'provisioned_concurrency']);
    const max = ctx.num(['deploy', 'serverless_inference_config', 'max_concurrency']) ?? 5;
    if (provisioned !== undefined && provisioned > max) {
      ctx.error('deploy', ['deploy', 'serverless_inference_config', 'provisioned_concurrency'], `deploy.serverless_inference_config.provisioned_concurrency (${provisioned}) cannot exceed max_concurrency (${max}).`);
    }
  } else if (ctx.has(['deploy', 'instance_type']) !== ctx.has(['deploy', 'initial_instance_count'])) {
    const [given, missing] = ctx.has(['deploy', 'instance_type']) ? ['instance_type', 'initial_instance_count'] : ['initial_instance_count', 'instance_type'];
    ctx.warning('deploy', ['deploy', given], `deploy.${given} is set without deploy.${missing}: deploy() needs both for a real-time endpoint (or serverless_inference_config instead). Add deploy.${missing}.`, 'key');
  }
  const count = ctx.num(['deploy', 'initial_instance_count']);
  if (ctx.str(['deploy', 'instance_type']) === 'local_gpu' && count !== undefined && count > 1) {
    ctx.error('deploy', ['deploy', 'initial_instance_count'], 'deploy.initial_instance_count must be 1 with instance_type "local_gpu".');
  }
}
