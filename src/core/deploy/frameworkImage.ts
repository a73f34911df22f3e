/**
 * Which framework estimator trained a job, read from the job itself, as `Estimator.attach(job)` would: the
 * script-mode hyperparameters (`sagemaker_program`, `sagemaker_submit_directory`, JSON-encoded by the
 * framework estimators) and the training image (`fw_utils.framework_name_from_image` /
 * `framework_version_from_tag`). Pure.
 */
import type { FrameworkName } from '../estimator/types';

/** What the image's repository and tag say: `pytorch-training:1.7.1-cpu-py3` -> pytorch 1.7.1 py3. */
export interface ImageFramework {
  framework: FrameworkName;
  /** The framework version (the tag before `-cpu-py3`, e.g. `1.7.1`, `1.2-1`). */
  version?: string;
  pyVersion?: string;
}

// fw_utils: ECR_URI_PATTERN's last group is "repository:tag" after the last slash.
const ECR_URI = /^(\d+)(\.)dkr(\.)ecr(\.)(.+)(\.)(.*)(\/)(.*:.*)$/;
// framework_name_from_image's name pattern (the framework images of the SDK's estimators).
const NAME = /^(?:sagemaker(?:-rl)?-)?(tensorflow|mxnet|chainer|pytorch|pytorch-trcomp|scikit-learn|xgboost|huggingface-tensorflow|huggingface-pytorch|huggingface-tensorflow-trcomp|huggingface-pytorch-trcomp)(?:-)?(scriptmode|training)?:(.*)-(.*?)-(py2|py3\d*)(?:.*)$/;
const LEGACY = /^sagemaker-(tensorflow|mxnet)-(py2|py3)-(cpu|gpu):(.*)$/;
// sagemaker-xgboost:1.7-1 and sagemaker-xgboost:1.0-1-cpu-py3
const XGBOOST = /^sagemaker-xgboost:([\d.]+-\d+)(?:-(?:cpu|gpu)-(py\d*))?$/;

const FRAMEWORKS: Record<string, FrameworkName | undefined> = {
  tensorflow: 'tensorflow',
  mxnet: 'mxnet',
  pytorch: 'pytorch',
  'pytorch-trcomp': 'pytorch',
  'scikit-learn': 'sklearn',
  xgboost: 'xgboost',
  'huggingface-tensorflow': 'huggingface',
  'huggingface-pytorch': 'huggingface',
  'huggingface-tensorflow-trcomp': 'huggingface',
  'huggingface-pytorch-trcomp': 'huggingface',
};

/** `framework_version_from_tag`: `1.7.1-cpu-py3` -> `1.7.1`. */
export function frameworkVersionFromTag(tag: string): string | undefined {
  const m = /^(.*)-(cpu|gpu)-(py2|py3\d*)$/.exec(tag);
  return m ? m[1] : undefined;
}

/** The framework of an official SageMaker framework image, else undefined (a built-in algorithm or a custom image). */
export function frameworkFromImage(image: string): ImageFramework | undefined {
  const ecr = ECR_URI.exec(image);
  if (!ecr) return undefined;
  const repoTag = ecr[9]!;
  const name = NAME.exec(repoTag);
  if (name) {
    const framework = FRAMEWORKS[name[1]!];
    if (!framework) return undefined;
    const tag = `${name[3]}-${name[4]}-${name[5]}`;
    return { framework, version: frameworkVersionFromTag(tag), pyVersion: name[5] };
  }
  const legacy = LEGACY.exec(repoTag);
  if (legacy) return { framework: legacy[1] as FrameworkName, version: legacy[4], pyVersion: legacy[2] };
  const xgb = XGBOOST.exec(repoTag);
  if (xgb) return { framework: 'xgboost', version: xgb[1], pyVersion: xgb[2] ?? 'py3' };
  return undefined;
}

/** A hyperparameter as the framework estimators wrote it (JSON-encoded), decoded; the raw string when it is not JSON. */
export function decodeHyperparameter(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The script-mode settings a training job ran with (`Framework.attach`'s `UploadedCode`), if any. */
export interface ScriptMode {
  /** `sagemaker_program`: the entry point, relative to the code directory. */
  program: string;
  /** `sagemaker_submit_directory`: the S3 URI of sourcedir.tar.gz (or `/opt/ml/input/data/code/...` with network isolation). */
  submitDirectory?: string;
  /** `sagemaker_container_log_level`, as given (usually 20). */
  containerLogLevel?: unknown;
}

export function scriptModeOf(hyperparameters: Record<string, string> | undefined): ScriptMode | undefined {
  const hp = hyperparameters ?? {};
  const program = decodeHyperparameter(hp.sagemaker_program);
  if (typeof program !== 'string' || program === '') return undefined;
  const dir = decodeHyperparameter(hp.sagemaker_submit_directory);
  const level = decodeHyperparameter(hp.sagemaker_container_log_level);
  return {
    program,
    ...(typeof dir === 'string' && dir !== '' ? { submitDirectory: dir } : {}),
    ...(level !== undefined ? { containerLogLevel: level } : {}),
  };
}
