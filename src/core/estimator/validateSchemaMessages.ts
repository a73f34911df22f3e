/**
 * How an ajv error reads in the editor: one diagnostic at the exact key or value it is about, with a
 * message that names the field and says what to do (each keyword its own message).
 */
import type { ErrorObject } from 'ajv';
import type { Node } from 'jsonc-parser';
import { LineIndex, displayPath, keyNodeAtPath, nodeAtPath, ownString } from './parse';
import { describeJsonType, didYouMean, quoteList, showValue, toSnakeCase } from './rulesUtil';
import type { EstimatorDiagnostic, JsonPath, Range } from './types';
import type { SchemaCheckInput } from './validateSchema';

/** Where an unknown key most likely belongs, or its SDK v2 name. */
const ROOT_KEY_HINTS: Record<string, string> = {
  train_instance_count: 'it was renamed "instance_count" in SDK v2',
  train_instance_type: 'it was renamed "instance_type" in SDK v2',
  train_volume_size: 'it was renamed "volume_size" in SDK v2',
  train_volume_kms_key: 'it was renamed "volume_kms_key" in SDK v2',
  train_max_run: 'it was renamed "max_run" in SDK v2',
  train_use_spot_instances: 'it was renamed "use_spot_instances" in SDK v2',
  train_max_wait: 'it was renamed "max_wait" in SDK v2',
  image_name: 'it was renamed "image_uri" in SDK v2',
  image: 'the image is "image_uri"',
  train_image: 'the image is "image_uri"',
  training_image: 'the image is "image_uri"',
  trainingimage: 'the image is "image_uri"',
  role_arn: 'the role is "role" (an ARN or a role name)',
  distributions: 'it was renamed "distribution" in SDK v2',
  s3_output_path: 'the output location is "output_path"',
  s3_data: 'it belongs in a channel of "inputs", e.g. "inputs": {"train": {"s3_data": ...}}',
  content_type: 'it belongs in a channel of "inputs", e.g. "inputs": {"train": {"s3_data": ..., "content_type": ...}}',
  s3_data_type: 'it belongs in a channel of "inputs"',
  file_system_id: 'it belongs in a channel of "inputs", e.g. "inputs": {"train": {"file_system_id": ...}}',
  channels: 'channels are the keys of "inputs"',
  input_data_config: 'channels are the keys of "inputs"',
  data: 'the training data is "inputs"',
  input: 'the training data is "inputs"',
  train: 'channels go inside "inputs", e.g. "inputs": {"train": ...}',
  validation: 'channels go inside "inputs", e.g. "inputs": {"validation": ...}',
  test: 'channels go inside "inputs", e.g. "inputs": {"test": ...}',
  initial_instance_count: 'it is a deploy() argument: put it in "deploy"',
  endpoint_name: 'it is a deploy() argument: put it in "deploy"',
  serverless_inference_config: 'it is a deploy() argument: put it in "deploy"',
  wait: 'fit(wait=...) is not configurable here: the extension always follows the job',
  logs: 'fit(logs=...) is not configurable here: the extension always shows the logs',
  sagemaker_session: 'the session comes from the extension\'s AWS profile and region settings',
  hyper_parameters: 'the key is "hyperparameters"',
  script: 'the training script is "entry_point"',
  script_mode: 'script mode is implied by "framework" and "entry_point"',
  version: 'with "framework", the version is "framework_version"',
};

const CHANNEL_KEYS = ['s3_data', 'distribution', 'compression', 'content_type', 'record_wrapping', 's3_data_type', 'instance_groups', 'input_mode', 'attribute_names', 'target_attribute_name', 'shuffle_config', 'hub_access_config', 'model_access_config', 'file_system_id', 'file_system_type', 'directory_path', 'file_system_access_mode'];

const CHANNEL_KEY_HINTS: Record<string, string> = {
  s3_uri: 'the S3 location of a TrainingInput is "s3_data"',
  uri: 'the location of a TrainingInput is "s3_data"',
  path: 'the location of a TrainingInput is "s3_data" (a FileSystemInput uses "directory_path")',
  data: 'the location of a TrainingInput is "s3_data"',
  s3datasource: 'write TrainingInput arguments: "s3_data", "s3_data_type", "distribution"',
  seed: 'shuffling is "shuffle_config": {"seed": ...}',
};

export interface MappedDiagnostic extends EstimatorDiagnostic {
  data?: { suggestion?: string; missing?: string };
}

function pointerToPath(pointer: string, value: unknown): JsonPath {
  if (pointer === '') return [];
  const segments = pointer
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path: JsonPath = [];
  let current: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** Range of the value at `path`; of the key when `key`; the nearest existing node otherwise. */
export function rangeAt(root: Node, lines: LineIndex, path: JsonPath, target: 'value' | 'key' | 'anchor' = 'value'): Range {
  if (target === 'key' || target === 'anchor') {
    const keyNode = keyNodeAtPath(root, path);
    if (keyNode) return lines.range(keyNode.offset, keyNode.length);
  }
  if (target !== 'anchor') {
    const node = nodeAtPath(root, path);
    if (node) return lines.range(node.offset, node.length);
  }
  if (path.length === 0) return lines.range(root.offset, 1);
  // An array element or a missing key: the element's value, else climb.
  const node = nodeAtPath(root, path);
  if (node && typeof path[path.length - 1] === 'number') return lines.range(node.offset, node.length);
  return rangeAt(root, lines, path.slice(0, -1), 'anchor');
}

function fieldName(path: JsonPath): string {
  return displayPath(path) || 'the estimator';
}

function schemaTitle(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as { title?: string } | undefined;
  return parent?.title;
}

function propertyDescription(error: ErrorObject, property: string): string | undefined {
  const parent = error.parentSchema as { properties?: Record<string, { description?: string }> } | undefined;
  const description = parent?.properties?.[property]?.description;
  if (!description) return undefined;
  // The first sentence, not cut at "e.g." or "i.e.".
  const masked = description.replace(/\b(e\.g|i\.e|etc)\./g, m => m.replace(/\./g, '\u0000'));
  const end = /\.(\s|$)/.exec(masked);
  const sentence = end ? description.slice(0, end.index) : description;
  return sentence.replace(/\.$/, '');
}

function codeForPath(path: JsonPath, fallback: string): string {
  const top = path[0];
  if (top === 'environment' && path.length >= 1) return fallback === 'unknown-key' ? fallback : 'environment';
  if (top === 'hyperparameters' && path.length >= 1 && fallback !== 'type') return 'hyperparameter';
  if (top === 'tags' && path.length >= 2 && fallback !== 'unknown-key' && fallback !== 'required' && fallback !== 'type') return 'tag';
  if (top === 'deploy' && (fallback === 'out-of-range' || fallback === 'pattern' || fallback === 'length')) return 'deploy';
  return fallback;
}

export function mapError(error: ErrorObject, input: SchemaCheckInput): MappedDiagnostic | undefined {
  const schemaPath = error.schemaPath;
  // The "if" of a conditional, the summaries of combinators and the branches of anyOf are never the
  // problem itself: the "then" branch's own errors are reported; the only anyOf (container_log_level)
  // has its own rule.
  if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'allOf' || error.keyword === 'not' || error.keyword === 'propertyNames') return undefined;
  if (schemaPath.includes('/anyOf/')) return undefined;

  const basePath = pointerToPath(error.instancePath, input.value);
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;

  // Errors about a key's name (propertyNames).
  if (propertyName !== undefined && schemaPath.includes('/propertyNames/')) {
    const path = [...basePath, propertyName];
    return nameError(error, path, input);
  }

  if (input.isUnresolved(basePath)) return undefined;
  const field = fieldName(basePath);
  const data = error.data;

  const e: KeywordError = { error, input, basePath, field, data };
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(e);
    case 'required':
      return missingKey(e);
    case 'type':
      return wrongType(e);
    case 'enum':
    case 'const':
      return notAllowedValue(e);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return outOfRange(e);
    case 'minLength':
    case 'maxLength':
      return wrongLength(e);
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return wrongCount(e);
    case 'uniqueItems':
      return duplicateItem(e);
    case 'pattern':
    case 'format':
      return noMatch(e);
    default:
      return otherSchemaError(e);
  }
}

/** What a keyword's message is made of. */
interface KeywordError {
  error: ErrorObject;
  input: SchemaCheckInput;
  basePath: JsonPath;
  field: string;
  data: unknown;
}

/** An unknown key, with the key it most likely stands for. */
function unknownKey(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, input: { root, lines } } = e;
  const key = (error.params as { additionalProperty: string }).additionalProperty;
  const path = [...basePath, key];
  const parent = error.parentSchema as { properties?: Record<string, unknown>; title?: string } | undefined;
  let candidates = Object.keys(parent?.properties ?? {}).filter(name => name !== '$schema');
  const title = parent?.title;
  const isChannel = title === 'TrainingInput' || title === 'FileSystemInput';
  if (isChannel) candidates = [...new Set([...candidates, ...CHANNEL_KEYS])];
  const where = basePath.length === 0 ? 'the estimator' : `${field}${title && title !== displayPath(basePath) ? ` (${title})` : ''}`;
  const hint = basePath.length === 0 ? ownString(ROOT_KEY_HINTS, toSnakeCase(key)) ?? ownString(ROOT_KEY_HINTS, key.toLowerCase()) : isChannel ? ownString(CHANNEL_KEY_HINTS, key.toLowerCase()) : undefined;
  // A hint that names the right key ("renamed "instance_count"", "the role is "role"") is a suggestion too.
  const hintedKey = hint ? /(?:renamed|is) "([a-z0-9_]+)"/.exec(hint)?.[1] : undefined;
  const suggestion = didYouMean(key, candidates) ?? (hintedKey && candidates.includes(hintedKey) ? hintedKey : undefined);
  let message = `Unknown key "${key}" in ${where}`;
  if (hint) message += `: ${hint}.`;
  else if (suggestion && suggestion !== key) message += `: did you mean "${suggestion}"?`;
  else if (basePath.length === 0) message += ': it is not a keyword argument of the Estimator, fit() or this file. Remove it or check its spelling.';
  else if (candidates.length > 0 && candidates.length <= 12) message += `. Allowed keys: ${candidates.join(', ')}.`;
  else message += '. Remove it or check its spelling.';
  return {
    severity: 'error',
    code: 'unknown-key',
    message,
    range: rangeAt(root, lines, path, 'key'),
    path,
    data: { suggestion },
  };
}

function missingKey(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, input: { root, lines } } = e;
  const missing = (error.params as { missingProperty: string }).missingProperty;
  const title = schemaTitle(error);
  const description = propertyDescription(error, missing);
  const what = title && title !== field ? `${field} (${title})` : field;
  return {
    severity: 'error',
    code: codeForPath(basePath, 'required'),
    message: `${what} is missing "${missing}"${description ? `: ${lowerFirst(description)}` : ''}. Add "${missing}".`,
    range: rangeAt(root, lines, basePath, 'anchor'),
    path: basePath,
    data: { missing },
  };
}

/** A value of the wrong type, with how to write it right when the mistake is a common one. */
function wrongType(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, data, input: { root, lines } } = e;
  const expected = (error.params as { type: string | string[] }).type;
  const types = Array.isArray(expected) ? expected : String(expected).split(',');
  let hint = '';
  if (typeof data === 'string') {
    if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(data.trim())) hint = ` Write ${data.trim()} without quotes.`;
    else if (types.includes('boolean') && /^(true|false)$/i.test(data.trim())) hint = ` Write ${data.trim().toLowerCase()} without quotes.`;
    else if (types.includes('array')) hint = ` Write a list: [${JSON.stringify(data)}].`;
  } else if (typeof data === 'number' && types.includes('string')) {
    hint = ` Put it in quotes: "${data}".`;
  } else if (typeof data === 'number' && types.includes('integer') && !Number.isInteger(data)) {
    hint = ' Use a whole number.';
  }
  const raw = nodeAtPath(root, basePath);
  if (raw?.type === 'string' && String(raw.value).includes('${') && !types.includes('string')) {
    hint = ' Variables such as ${env:NAME} only give strings: write numbers and booleans literally.';
  }
  return {
    severity: 'error',
    code: codeForPath(basePath, 'type'),
    message: `${field} must be ${describeTypes(types, basePath)}, not ${describeJsonType(data)}.${hint}`,
    range: rangeAt(root, lines, basePath),
    path: basePath,
  };
}

function notAllowedValue(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, data, input: { root, lines } } = e;
  const allowed = error.keyword === 'enum' ? ((error.params as { allowedValues: unknown[] }).allowedValues ?? []) : [(error.params as { allowedValue: unknown }).allowedValue];
  const suggestion = typeof data === 'string' ? didYouMean(data, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
  return {
    severity: 'error',
    code: codeForPath(basePath, 'enum'),
    message: `${field} must be ${quoteList(allowed)}, not ${showValue(data)}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    range: rangeAt(root, lines, basePath),
    path: basePath,
  };
}

function outOfRange(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, data, input: { root, lines } } = e;
  const limit = (error.params as { limit: number }).limit;
  const words: Record<string, string> = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' };
  return {
    severity: 'error',
    code: codeForPath(basePath, 'out-of-range'),
    message: `${field} must be ${words[error.keyword]} ${limit}, not ${showValue(data)}.`,
    range: rangeAt(root, lines, basePath),
    path: basePath,
  };
}

function wrongLength(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, data, input: { root, lines } } = e;
  const limit = (error.params as { limit: number }).limit;
  const length = typeof data === 'string' ? data.length : 0;
  const message =
    error.keyword === 'minLength'
      ? limit <= 1
        ? `${field} must not be empty.`
        : `${field} must be at least ${limit} characters long (it has ${length}).`
      : `${field} must be at most ${limit} characters long (it has ${length}).`;
  return { severity: 'error', code: codeForPath(basePath, 'length'), message, range: rangeAt(root, lines, basePath), path: basePath };
}

function wrongCount(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, data, input: { root, lines } } = e;
  const limit = (error.params as { limit: number }).limit;
  const count = Array.isArray(data) ? data.length : data && typeof data === 'object' ? Object.keys(data).length : 0;
  const noun = error.keyword.endsWith('Items') ? 'entries' : 'keys';
  const message =
    error.keyword.startsWith('min')
      ? limit <= 1
        ? `${field} must not be empty: add an entry or remove "${lastKey(basePath)}".`
        : `${field} needs at least ${limit} ${noun} (it has ${count}).`
      : `${field} may have at most ${limit} ${noun} (it has ${count}).`;
  return { severity: 'error', code: codeForPath(basePath, 'length'), message, range: rangeAt(root, lines, basePath), path: basePath };
}

function duplicateItem(e: KeywordError): MappedDiagnostic {
  const { basePath, field, input: { root, lines } } = e;
  return { severity: 'error', code: 'unique-items', message: `${field} lists the same value twice: remove the duplicate.`, range: rangeAt(root, lines, basePath), path: basePath };
}

function noMatch(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, data, input: { root, lines } } = e;
  const parent = error.parentSchema as { patternErrorMessage?: string } | undefined;
  const advice = parent?.patternErrorMessage ?? `It must match ${(error.params as { pattern?: string }).pattern ?? error.schema}.`;
  return {
    severity: 'error',
    code: codeForPath(basePath, 'pattern'),
    message: `${field} is not valid (${showValue(data)}). ${advice}`,
    range: rangeAt(root, lines, basePath),
    path: basePath,
  };
}

function otherSchemaError(e: KeywordError): MappedDiagnostic {
  const { error, basePath, field, input: { root, lines } } = e;
  return {
    severity: 'error',
    code: 'schema',
    message: `${field}: ${error.message ?? 'does not match the schema'}.`,
    range: rangeAt(root, lines, basePath),
    path: basePath,
  };
}

function nameError(error: ErrorObject, path: JsonPath, input: SchemaCheckInput): MappedDiagnostic {
  const parentPath = path.slice(0, -1);
  const name = String(path[path.length - 1]);
  const range = rangeAt(input.root, input.lines, path, 'key');
  const limit = (error.params as { limit?: number }).limit;
  if (parentPath.length === 1 && parentPath[0] === 'inputs') {
    const problem =
      error.keyword === 'maxLength'
        ? `is ${name.length} characters long; at most ${limit} are allowed`
        : 'may only have letters, digits, ".", "-" and "_"';
    return { severity: 'error', code: 'channel-name', message: `Channel name "${name}" in inputs ${problem}.`, range, path };
  }
  if (parentPath.length === 1 && parentPath[0] === 'environment') {
    const problem =
      error.keyword === 'maxLength'
        ? `is ${name.length} characters long; at most ${limit} are allowed`
        : 'is not a valid variable name: use letters, digits and "_", not starting with a digit';
    return { severity: 'error', code: 'environment', message: `Environment variable name "${name}" in environment ${problem}.`, range, path };
  }
  if (parentPath.length === 1 && parentPath[0] === 'hyperparameters') {
    return {
      severity: 'error',
      code: 'hyperparameter',
      message: `Hyperparameter name "${name.length > 40 ? name.slice(0, 39) + '…' : name}" in hyperparameters is ${name.length} characters long; CreateTrainingJob allows at most ${limit ?? 256}.`,
      range,
      path,
    };
  }
  return { severity: 'error', code: 'key-name', message: `Key "${name}" in ${fieldName(parentPath)} is not allowed: ${error.message ?? 'invalid name'}.`, range, path };
}

function describeTypes(types: string[], path: JsonPath): string {
  const last = path[path.length - 1];
  if (path[0] === 'inputs' && path.length === 2) return 'a string (an S3 URI or a local path) or an object (TrainingInput or FileSystemInput arguments)';
  if (path.length === 1 && last === 'inputs') return 'a string (an S3 URI or a local path) or an object mapping channel names to channels';
  if (path.length === 1 && last === 'image_uri') return 'a string (an image URI) or an object of image_uris.retrieve() arguments';
  const words = types.map(type => {
    switch (type) {
      case 'integer':
        return 'a whole number';
      case 'number':
        return 'a number';
      case 'string':
        return 'a string';
      case 'boolean':
        return 'true or false';
      case 'object':
        return 'an object';
      case 'array':
        return 'an array';
      case 'null':
        return 'null';
      default:
        return type;
    }
  });
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function lastKey(path: JsonPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return '';
}

function lowerFirst(text: string): string {
  return text && /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
