/**
 * Where and on what the job runs: instances, S3 and local locations, names, spot, checkpoints and VPC.
 * The rule codes are listed in rules.ts.
 */
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import { RuleContext } from './rulesContext';
import { isLocalMode } from './rulesFacts';
import { classifyLocation, didYouMean, instanceTypeProblem, isLocalInstanceType, LocationKind, quoteList, resourceNameProblem, showValue } from './rulesUtil';
import type { JsonPath } from './types';

// ---------------------------------------------------------------------------------------------
// Instances

export function checkInstanceType(ctx: RuleContext, path: JsonPath, code = 'instance-type'): void {
  const type = ctx.str(path);
  if (type === undefined) return;
  const problem = instanceTypeProblem(type);
  if (problem) ctx.error(code, path, `${ctx.field(path)} "${type}" is not an instance type: ${problem}.`);
}

export function checkInstances(ctx: RuleContext): void {
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

export function checkGroupReferences(ctx: RuleContext, path: JsonPath): void {
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

export function checkS3Locations(ctx: RuleContext): void {
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

export function checkJobNames(ctx: RuleContext): void {
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

export function checkSpot(ctx: RuleContext): void {
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

export function checkCheckpoint(ctx: RuleContext): void {
  if (ctx.has(['checkpoint_local_path']) && !ctx.has(['checkpoint_s3_uri'])) {
    ctx.error('checkpoint', ['checkpoint_local_path'], 'checkpoint_local_path needs checkpoint_s3_uri: SageMaker syncs the local checkpoints with that S3 prefix. Add "checkpoint_s3_uri": "s3://bucket/checkpoints".', 'key');
  }
  const local = ctx.str(['checkpoint_local_path']);
  if (local !== undefined && !local.startsWith('/')) {
    ctx.warning('checkpoint', ['checkpoint_local_path'], `checkpoint_local_path "${local}" is a path inside the container and should be absolute, e.g. /opt/ml/checkpoints.`);
  }
}

export function checkVpc(ctx: RuleContext): void {
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
