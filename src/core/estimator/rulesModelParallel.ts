/**
 * `fw_utils.validate_mp_config` of the SageMaker Python SDK v2 (run by `fit()` through
 * `get_mp_parameters` when smdistributed.modelparallel is enabled), on
 * distribution.smdistributed.modelparallel.parameters. Python's `True == 1`, so 0 and 1 pass as
 * booleans and `true` as a positive integer, as in the SDK.
 */
import { RuleContext } from './rulesContext';
import type { JsonPath } from './types';

type Obj = Record<string, unknown>;

const CHOICES: Record<string, unknown[]> = {
  pipeline: ['simple', 'interleaved', '_only_forward'],
  placement_strategy: ['spread', 'cluster'],
  optimize: ['speed', 'memory'],
};
const POSITIVE = ['microbatches', 'partitions', 'active_microbatches'];
const BOOLEAN = ['auto_partition', 'contiguous', 'load_partition', 'horovod', 'ddp', 'deterministic_server'];

const has = (config: Obj, key: string): boolean => Object.prototype.hasOwnProperty.call(config, key);
/** Python's `isinstance(v, int)`, bool included. */
const isPyInt = (value: unknown): boolean => typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value));
const asNumber = (value: unknown): number => (typeof value === 'boolean' ? Number(value) : (value as number));
/** Python's `value in [True, False]`. */
const isPyBool = (value: unknown): boolean => typeof value === 'boolean' || value === 0 || value === 1;

export function checkModelParallelParameters(ctx: RuleContext, config: Obj, path: JsonPath): void {
  const at = (key: string): JsonPath => [...path, key];
  const fail = (key: string, message: string, target: 'value' | 'key' = 'value'): void => ctx.error('distribution', at(key), message, target);
  for (const [key, choices] of Object.entries(CHOICES)) {
    if (has(config, key) && !choices.includes(config[key])) fail(key, `modelparallel parameter ${key} must be one of ${choices.map(c => `"${c}"`).join(', ')}.`);
  }
  for (const key of POSITIVE) {
    if (has(config, key) && (!isPyInt(config[key]) || asNumber(config[key]) < 1)) fail(key, `modelparallel parameter ${key} must be a positive integer.`);
  }
  for (const key of BOOLEAN) {
    if (has(config, key) && !isPyBool(config[key])) fail(key, `modelparallel parameter ${key} must be true or false.`);
  }
  if (has(config, 'partition_file') && typeof config.partition_file !== 'string') fail('partition_file', 'modelparallel parameter partition_file must be a string.');
  if (config.auto_partition === false && !has(config, 'default_partition')) {
    fail('auto_partition', 'modelparallel parameter default_partition must be given when auto_partition is false.', 'key');
  }
  if (has(config, 'default_partition')) {
    if (!has(config, 'partitions')) fail('default_partition', 'modelparallel parameter default_partition needs partitions beside it (the SDK compares them).', 'key');
    else if (typeof config.default_partition === 'number' && typeof config.partitions === 'number' && config.default_partition >= config.partitions) {
      fail('default_partition', `modelparallel parameter default_partition (${config.default_partition}) must be less than partitions (${config.partitions}).`);
    }
  }
  if (typeof config.memory_weight === 'number' && (config.memory_weight > 1 || config.memory_weight < 0)) fail('memory_weight', 'modelparallel parameter memory_weight must be between 0.0 and 1.0.');
  for (const key of ['ddp_port', 'ddp_dist_backend']) {
    if (has(config, key) && !has(config, 'ddp')) fail(key, `modelparallel parameter ${key} needs ddp to be set as well.`, 'key');
  }
  if (has(config, 'ddp_port') && (!isPyInt(config.ddp_port) || asNumber(config.ddp_port) < 0)) fail('ddp_port', `modelparallel parameter ddp_port ${JSON.stringify(config.ddp_port)} is not a valid port number.`);
  if (config.horovod && config.ddp) fail('horovod', 'modelparallel parameters ddp and horovod cannot both be enabled.', 'key');
}
