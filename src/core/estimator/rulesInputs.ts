/**
 * What the job reads: input channels and hyperparameters.
 * The rule codes are listed in rules.ts.
 */
import { RuleContext } from './rulesContext';
import { frameworkOf, isLocalMode, isFileSystemChannel } from './rulesFacts';
import { checkGroupReferences } from './rulesJob';
import { classifyLocation, showValue } from './rulesUtil';
import type { JsonPath } from './types';

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

export function checkInputs(ctx: RuleContext): void {
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

export function checkHyperparameters(ctx: RuleContext): void {
  const hyperparameters = ctx.obj(['hyperparameters']);
  if (!hyperparameters) return;
  const framework = frameworkOf(ctx);
  // Framework estimators, and any estimator that ships code, JSON-encode every value.
  const jsonEncoded = framework !== undefined || ctx.has(['entry_point']) || ctx.has(['source_dir']);
  const entries = Object.entries(hyperparameters);
  for (const [key, value] of entries) {
    const path: JsonPath = ['hyperparameters', key];
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
