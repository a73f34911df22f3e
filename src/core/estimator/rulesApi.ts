/**
 * What the SageMaker API refuses, told at the estimator field in the estimator's words, before planning:
 * numbers that lose digits when read, integers beyond the API's int32, instance types the API does not know,
 * too many channels or hyperparameters (counting the ones script mode adds), S3 URIs over 1,024 characters,
 * variables left unexpanded in an ARN, line breaks where the API forbids them. The planned request is checked
 * against every API constraint too (requestProblems.ts); these say it earlier and more plainly.
 */
import type { Node } from 'jsonc-parser';
import constraintsJson from '../api/apiConstraints.json';
import { pathOfNode } from './parse';
import type { RuleContext } from './rulesContext';
import { didYouMean } from './rulesUtil';
import type { JsonPath } from './types';

const INT32_MAX = 2147483647;
const MAX_CHANNELS = 20;
const MAX_HYPERPARAMETERS = 100;
const MAX_S3_URI = 1024;
/** `sagemaker_submit_directory`, `sagemaker_program`, `sagemaker_container_log_level`, `sagemaker_job_name`, `sagemaker_region`. */
const SCRIPT_MODE_HYPERPARAMETERS = 5;

const TRAINING_INSTANCE_TYPES: string[] =
  (constraintsJson as unknown as { services: { sagemaker: { shapes: Record<string, { enum?: string[] }> } } }).services.sagemaker.shapes.TrainingInstanceType?.enum ?? [];

/** Estimator fields the request sends as API integers (int32). */
const INTEGER_FIELDS: JsonPath[] = [
  ['instance_count'],
  ['volume_size'],
  ['max_run'],
  ['max_wait'],
  ['keep_alive_period_in_seconds'],
  ['max_retry_attempts'],
  ['deploy', 'initial_instance_count'],
  ['deploy', 'volume_size'],
  ['deploy', 'model_data_download_timeout'],
  ['deploy', 'container_startup_health_check_timeout'],
];

/** Estimator fields that become ARNs in the request. */
const ARN_FIELDS: JsonPath[] = [['role'], ['output_kms_key'], ['volume_kms_key'], ['training_plan'], ['training_repository_credentials_provider_arn']];

export function runApiRules(ctx: RuleContext): void {
  checkNumberLiterals(ctx);
  checkIntegers(ctx);
  checkInstanceTypes(ctx);
  checkChannels(ctx);
  checkHyperparameters(ctx);
  checkS3Uris(ctx);
  checkArns(ctx);
}

/** JSON.parse keeps 2^53 exactly at most: an integer written with more digits silently becomes another. */
function checkNumberLiterals(ctx: RuleContext): void {
  const text = ctx.lines.text;
  const stack: Node[] = [ctx.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // One at a time: spreading 100 000 children into push() overflows the call stack.
    for (const child of node.children ?? []) stack.push(child);
    if (node.type !== 'number') continue;
    const literal = text.slice(node.offset, node.offset + node.length);
    if (!/^-?\d+$/.test(literal) || Number.isSafeInteger(Number(literal))) continue;
    const path = pathOfNode(node);
    ctx.error('number-precision', path, `${ctx.field(path)} is ${literal}, too large to be read exactly (it would become ${Number(literal)}; whole numbers beyond 9007199254740991 lose digits). Write a smaller number, or a string if the value is text.`);
  }
}

function checkIntegers(ctx: RuleContext): void {
  const paths = [...INTEGER_FIELDS];
  (ctx.arr(['instance_groups']) ?? []).forEach((_g, i) => paths.push(['instance_groups', i, 'instance_count']));
  for (const path of paths) {
    const value = ctx.num(path);
    if (value === undefined || !Number.isSafeInteger(value) || Math.abs(value) <= INT32_MAX) continue;
    ctx.error('out-of-range', path, `${ctx.field(path)} must be at most ${INT32_MAX} (the API's largest integer), not ${value}.`);
  }
}

function checkInstanceTypes(ctx: RuleContext): void {
  if (TRAINING_INSTANCE_TYPES.length === 0) return;
  const paths: JsonPath[] = [['instance_type']];
  (ctx.arr(['instance_groups']) ?? []).forEach((_g, i) => paths.push(['instance_groups', i, 'instance_type']));
  for (const path of paths) {
    const type = ctx.str(path);
    // Malformed names and local mode have their own rules.
    if (type === undefined || !/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/.test(type) || TRAINING_INSTANCE_TYPES.includes(type)) continue;
    const suggestion = didYouMean(type, TRAINING_INSTANCE_TYPES);
    ctx.error('instance-type', path, `${ctx.field(path)} "${type}" is not a training instance type SageMaker knows${suggestion ? `: did you mean "${suggestion}"?` : ' (e.g. ml.m5.xlarge, ml.g5.xlarge, ml.p4d.24xlarge).'}`);
  }
}

function checkChannels(ctx: RuleContext): void {
  const inputs = ctx.obj(['inputs']);
  if (!inputs) return;
  const count = Object.keys(inputs).length;
  if (count === 0) {
    ctx.error('inputs', ['inputs'], 'inputs has no channel: SageMaker needs at least one. Add a channel such as "train": "s3://my-bucket/train", or remove "inputs" to train without input data.');
    return;
  }
  const extra = (ctx.has(['model_uri']) ? 1 : 0) + (ctx.bool(['enable_network_isolation']) === true && ctx.has(['entry_point']) ? 1 : 0);
  if (count + extra > MAX_CHANNELS) {
    const also = extra > 0 ? ` plus ${extra} the estimator adds (model_uri's model channel${extra > 1 ? ' and the code channel' : ''})` : '';
    ctx.error('inputs', ['inputs'], `inputs has ${count} channels${also}: a training job may have at most ${MAX_CHANNELS}. Merge channels (one S3 prefix can hold several folders).`);
  }
}

function checkHyperparameters(ctx: RuleContext): void {
  const hyperparameters = ctx.obj(['hyperparameters']);
  if (hyperparameters) {
    const count = Object.keys(hyperparameters).length;
    const scriptMode = ctx.has(['entry_point']) ? SCRIPT_MODE_HYPERPARAMETERS : 0;
    if (count <= MAX_HYPERPARAMETERS && count + scriptMode > MAX_HYPERPARAMETERS) {
      ctx.error('hyperparameter', ['hyperparameters'], `hyperparameters has ${count} entries, and script mode (entry_point) adds ${scriptMode} more (sagemaker_program, sagemaker_submit_directory, ...): a training job may have at most ${MAX_HYPERPARAMETERS}. Remove ${count + scriptMode - MAX_HYPERPARAMETERS} or pass them in a file.`, 'key');
    }
    for (const [key, value] of Object.entries(hyperparameters)) {
      if (typeof value === 'string' && /[\n\r\u0085\u2028\u2029]/.test(value)) {
        ctx.error('hyperparameter', ['hyperparameters', key], `hyperparameters.${key} has a line break, which the API does not allow in a hyperparameter value: write it on one line (e.g. "\\\\n" if the script decodes it).`);
      }
    }
  }
  const name = ctx.str(['job_name']) ?? ctx.str(['base_job_name']);
  if (name !== undefined && /[\n\r]/.test(name)) {
    const path = ctx.has(['job_name']) ? ['job_name'] : ['base_job_name'];
    ctx.error('job-name', path, `${path[0]} has a line break: a job name may only have letters, digits and hyphens.`);
  }
}

function checkS3Uris(ctx: RuleContext): void {
  const paths: JsonPath[] = [['output_path'], ['checkpoint_s3_uri'], ['model_uri'], ['code_location']];
  const inputs = ctx.get(['inputs']);
  if (typeof inputs === 'string') paths.push(['inputs']);
  else if (inputs && typeof inputs === 'object' && !Array.isArray(inputs)) {
    for (const name of Object.keys(inputs)) {
      paths.push(['inputs', name], ['inputs', name, 's3_data']);
    }
  }
  for (const path of paths) {
    const value = ctx.str(path);
    if (value === undefined || value.length <= MAX_S3_URI || !/^(s3|https):\/\//i.test(value)) continue;
    ctx.error('s3-uri', path, `${ctx.field(path)} is ${value.length} characters long: the API takes S3 URIs of at most ${MAX_S3_URI}. Use a shorter prefix.`);
  }
}

function checkArns(ctx: RuleContext): void {
  for (const path of ARN_FIELDS) {
    const value = ctx.str(path);
    const left = value === undefined ? undefined : /\$\{[^}]*\}/.exec(value)?.[0];
    if (!left) continue;
    ctx.error('unresolved-variable', path, `${ctx.field(path)} still has ${left} after variable expansion, and SageMaker would refuse "${value}" as an ARN. Use a supported variable such as \${env:NAME}, or write the value itself.`);
  }
}
