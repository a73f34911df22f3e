/**
 * Who the job runs as and what it reports: role, container log level, tags and metric definitions.
 * The rule codes are listed in rules.ts.
 */
import { RuleContext } from './rulesContext';
import { isLocalMode } from './rulesFacts';
import { didYouMean, quoteList, ROLE_ARN, ROLE_NAME, showValue } from './rulesUtil';
import type { JsonPath } from './types';

// ---------------------------------------------------------------------------------------------
// Role, log level, tags, metrics

export function checkRole(ctx: RuleContext): void {
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

export function checkLogLevel(ctx: RuleContext): void {
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

export function checkTags(ctx: RuleContext, path: JsonPath): void {
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

export function checkMetricDefinitions(ctx: RuleContext): void {
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
