/** What several rule topics ask of the estimator: its framework, whether it trains locally, what a file system channel is. */
import { RuleContext } from './rulesContext';
import { instanceTypeProblem, isLocalInstanceType } from './rulesUtil';

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
