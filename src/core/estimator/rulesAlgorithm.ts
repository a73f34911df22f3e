/**
 * The built-in algorithms' own estimators (`sagemaker.PCA`, `LinearLearner`, `KMeans`, ...) check their
 * hyperparameters before any job exists (`sagemaker/amazon/hyperparameter.py` `Hyperparameter.__set__`: the
 * value converted by its `data_type`, then every validator of `sagemaker/amazon/validation.py`). An estimator
 * file names one of them with `image_uri: {"framework": "pca"}` and gets the same checks, from the table in builtinAlgorithms.json.
 *
 * Codes: algorithm-hyperparameter (required, type, range, enum, unknown name), algorithm-input (the "train"
 * channel). Where the generic Estimator would send something the SDK's class never sends (a `null` becomes
 * "None"; `Hyperparameter.serialize_all` drops None), that is refused too.
 */
import algorithmsJson from './builtinAlgorithms.json';
import { RuleContext } from './rulesContext';
import { didYouMean, quoteList, showValue } from './rulesUtil';
import type { JsonPath } from './types';

export interface AlgorithmHyperparameter {
  /** The SDK's `data_type`: int, float, bool, str or list. */
  type: 'int' | 'float' | 'bool' | 'str' | 'list';
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
  /** `isin(...)`. */
  values?: (string | number)[];
  /** Object2Vec's `_list_check_subset`: a comma-separated subset of these. */
  subsetOf?: string[];
  /** The SDK's `validation_message`. */
  expecting?: string;
}

export interface BuiltinAlgorithm {
  sdkClass: string;
  /** The SDK file the table mirrors. */
  sdkSource: string;
  /** What the algorithm cannot train without (the class sets feature_dim and mini_batch_size from fit()). */
  required: string[];
  hyperparameters: Record<string, AlgorithmHyperparameter>;
}

/** By image repository name, as `image_uris.retrieve(framework=...)` names them. */
export const BUILTIN_ALGORITHMS = algorithmsJson as unknown as Record<string, BuiltinAlgorithm>;

/**
 * The built-in algorithm the estimator names with `image_uri: {"framework": ...}`, if any. An image URI string
 * is the generic Estimator with an image of the user's choosing (any version, any registry): it is not checked.
 */
export function builtinAlgorithmOf(ctx: RuleContext): { name: string; algorithm: BuiltinAlgorithm } | undefined {
  if (ctx.has(['framework'])) return undefined;
  const name = ctx.str(['image_uri', 'framework']);
  if (name === undefined || !Object.prototype.hasOwnProperty.call(BUILTIN_ALGORITHMS, name)) return undefined;
  return { name, algorithm: BUILTIN_ALGORITHMS[name] };
}

const INTEGER = /^\s*[+-]?\d+\s*$/;
// Python's float() accepts these besides decimal numbers.
const FLOAT = /^\s*([+-]?((\d+\.?\d*|\.\d+)(e[+-]?\d+)?|inf(inity)?|nan))\s*$/i;

/** The value after the SDK's `data_type(value)`, or why that conversion would not give what the algorithm reads. */
export function convertHyperparameter(value: unknown, type: AlgorithmHyperparameter['type']): { value: unknown } | { problem: string } {
  switch (type) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (typeof value === 'string' && INTEGER.test(value)) return { value: Number(value) };
      return { problem: 'an integer' };
    case 'float':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string' && FLOAT.test(value)) return { value: Number(value.trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')) };
      return { problem: 'a number' };
    case 'bool':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return { value: value.toLowerCase() === 'true' };
      return { problem: 'true or false' };
    case 'list':
      return typeof value === 'string' || Array.isArray(value) ? { value } : { problem: 'a list (or its comma-separated string)' };
    case 'str':
      // str() of anything is a string; the validators decide.
      return { value: typeof value === 'string' ? value : value === true ? 'True' : value === false ? 'False' : String(value) };
  }
}

/** The first validator of `spec` that `value` (converted) fails, as the SDK's `validation.py` would. */
export function failedValidator(value: unknown, spec: AlgorithmHyperparameter): string | undefined {
  if (typeof value === 'number') {
    if (spec.gt !== undefined && !(value > spec.gt)) return `greater than ${spec.gt}`;
    if (spec.ge !== undefined && !(value >= spec.ge)) return `at least ${spec.ge}`;
    if (spec.lt !== undefined && !(value < spec.lt)) return `less than ${spec.lt}`;
    if (spec.le !== undefined && !(value <= spec.le)) return `at most ${spec.le}`;
  }
  if (spec.values && !spec.values.includes(value as string | number)) return `one of ${quoteList(spec.values)}`;
  if (spec.subsetOf && typeof value === 'string') {
    const unknown = value.split(',').filter(item => !spec.subsetOf!.includes(item));
    if (unknown.length > 0) return `a comma-separated list of ${quoteList(spec.subsetOf)}`;
  }
  return undefined;
}

export function checkBuiltinAlgorithm(ctx: RuleContext): void {
  const found = builtinAlgorithmOf(ctx);
  if (!found) return;
  const { name, algorithm } = found;
  checkRequired(ctx, name, algorithm);
  const hyperparameters = ctx.obj(['hyperparameters']) ?? {};
  for (const [key, value] of Object.entries(hyperparameters)) {
    const path: JsonPath = ['hyperparameters', key];
    const spec = algorithm.hyperparameters[key];
    if (!spec) {
      const suggestion = didYouMean(key, Object.keys(algorithm.hyperparameters));
      const known = Object.keys(algorithm.hyperparameters);
      const listing = known.length <= 8 ? `; it has ${quoteList(known, 'and')}` : ` (completion in "hyperparameters" lists its ${known.length})`;
      ctx.warning('algorithm-hyperparameter', path, `hyperparameters.${key} is not a hyperparameter of ${algorithm.sdkClass} (${name})${suggestion ? `: did you mean "${suggestion}"?` : listing}.`, 'key');
      continue;
    }
    if (ctx.isUnresolved(path)) continue;
    if (value === null) {
      if (!algorithm.required.includes(key)) {
        ctx.error('algorithm-hyperparameter', path, `hyperparameters.${key} is null, which the generic Estimator sends as "None" and ${name} cannot read (${algorithm.sdkClass} leaves None out). Remove the key to leave it unset.`);
      }
      continue;
    }
    checkValue(ctx, path, value, spec, algorithm, key);
  }
  checkConditional(ctx, name, algorithm);
  checkTrainChannel(ctx, algorithm);
}

function checkRequired(ctx: RuleContext, name: string, algorithm: BuiltinAlgorithm): void {
  const hyperparameters = ctx.obj(['hyperparameters']);
  const missing = algorithm.required.filter(key => hyperparameters?.[key] === undefined || hyperparameters[key] === null);
  if (missing.length === 0) return;
  const where: JsonPath = hyperparameters ? ['hyperparameters'] : ctx.has(['image_uri', 'framework']) ? ['image_uri', 'framework'] : ['image_uri'];
  ctx.error('algorithm-hyperparameter', where, `${algorithm.sdkClass} (${name}) needs the hyperparameter${missing.length > 1 ? 's' : ''} ${quoteList(missing, 'and')}: add ${missing.length > 1 ? 'them' : 'it'} to "hyperparameters" (e.g. ${missing.map(key => `"${key}": ${exampleOf(algorithm.hyperparameters[key])}`).join(', ')}).`, 'key');
}

function exampleOf(spec: AlgorithmHyperparameter | undefined): string {
  if (spec?.values) return JSON.stringify(spec.values[0]);
  if (spec?.type === 'int') return String(spec.ge ?? (spec.gt !== undefined ? spec.gt + 1 : 1));
  return '...';
}

function checkValue(ctx: RuleContext, path: JsonPath, value: unknown, spec: AlgorithmHyperparameter, algorithm: BuiltinAlgorithm, key: string): void {
  const expecting = spec.expecting ? ` (${algorithm.sdkClass}: "${spec.expecting}")` : '';
  const converted = convertHyperparameter(value, spec.type);
  if ('problem' in converted && spec.type === 'bool') {
    // bool(value) never fails in Python, but the generic Estimator sends str(value), not the class's "True"/"False".
    ctx.warning('algorithm-hyperparameter', path, `hyperparameters.${key} is ${showValue(value)}, which is sent as is; ${algorithm.sdkClass} would send "True" or "False": write true or false.`);
    return;
  }
  if ('problem' in converted) {
    ctx.error('algorithm-hyperparameter', path, `hyperparameters.${key} is ${showValue(value)}, but ${key} must be ${converted.problem}${expecting}.`);
    return;
  }
  const failed = failedValidator(converted.value, spec);
  if (failed) ctx.error('algorithm-hyperparameter', path, `hyperparameters.${key} is ${showValue(value)}, but ${key} must be ${failed}${expecting}.`);
}

/** The checks the classes make beyond one value (`KNN.__init__`, `LinearLearner.__init__`). */
function checkConditional(ctx: RuleContext, name: string, algorithm: BuiltinAlgorithm): void {
  const value = (key: string): unknown => ctx.get(['hyperparameters', key]);
  if (name === 'knn' && value('dimension_reduction_type') != null && value('dimension_reduction_target') == null) {
    ctx.error('algorithm-hyperparameter', ['hyperparameters', 'dimension_reduction_type'], `${algorithm.sdkClass}: "dimension_reduction_target" is required when "dimension_reduction_type" is set. Add hyperparameters.dimension_reduction_target.`, 'key');
  }
  if (name === 'linear-learner' && value('predictor_type') === 'multiclass_classifier') {
    const classes = convertHyperparameter(value('num_classes'), 'int');
    if (value('num_classes') == null || ('value' in classes && (classes.value as number) < 3)) {
      const at: JsonPath = value('num_classes') == null ? ['hyperparameters', 'predictor_type'] : ['hyperparameters', 'num_classes'];
      ctx.error('algorithm-hyperparameter', at, `${algorithm.sdkClass}: for predictor_type "multiclass_classifier", num_classes must be set to a value greater than 2.`);
    }
  }
}

/** `AmazonAlgorithmEstimatorBase._prepare_for_training`: "Must provide train channel." */
function checkTrainChannel(ctx: RuleContext, algorithm: BuiltinAlgorithm): void {
  const inputs = ctx.get(['inputs']);
  // The SDK's classes cannot be fitted without records; the generic Estimator can, but the algorithm finds no data.
  if (inputs === undefined) {
    ctx.warning('algorithm-input', ctx.has(['image_uri', 'framework']) ? ['image_uri', 'framework'] : ['image_uri'], `${algorithm.sdkClass} trains on the channel "train": add "inputs": {"train": "s3://..."}.`);
  } else if (typeof inputs === 'string') {
    ctx.warning('algorithm-input', ['inputs'], `A bare string is the channel "training", but ${algorithm.sdkClass} reads the channel "train": write "inputs": {"train": ${JSON.stringify(inputs)}}.`);
  } else if (inputs !== null && typeof inputs === 'object' && !Array.isArray(inputs) && !('train' in inputs)) {
    ctx.error('algorithm-input', ['inputs'], `${algorithm.sdkClass} needs a channel named "train" (it has ${quoteList(Object.keys(inputs), 'and')}): the SDK refuses with "Must provide train channel."`, 'key');
  }
}
