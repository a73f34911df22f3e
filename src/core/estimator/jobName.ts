/**
 * Training job names exactly as the SageMaker Python SDK v2 makes them
 * (`sagemaker.utils.name_from_base`, `base_name_from_image`, `sagemaker_timestamp`).
 */

/** The longest name SageMaker accepts for a training job, and `name_from_base`'s default. */
export const MAX_JOB_NAME_LENGTH = 63;

/** `EstimatorBase.JOB_CLASS_NAME`: the base name when none can be taken from the image. */
export const DEFAULT_BASE_JOB_NAME = 'training-job';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * `sagemaker.utils.sagemaker_timestamp()`: `%Y-%m-%d-%H-%M-%S-` in UTC plus the first three digits
 * of the fraction of a second, e.g. `2024-01-31-09-05-07-042`.
 *
 * The SDK takes the three digits from `repr(time.time())`, whose microsecond precision makes them the
 * milliseconds; a `Date` has exactly millisecond precision, so the milliseconds are used, zero-padded.
 */
export function sagemakerTimestamp(now: Date = new Date()): string {
  return (
    `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}-` +
    `${pad(now.getUTCHours())}-${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}-` +
    pad(now.getUTCMilliseconds(), 3)
  );
}

/**
 * `sagemaker.utils.name_from_base(base, max_length=63)`: `<base>-<timestamp>`, the base cut (by
 * characters, as Python slices) so the whole name is at most `maxLength` long.
 */
export function nameFromBase(base: string, now: Date = new Date(), maxLength = MAX_JOB_NAME_LENGTH): string {
  const timestamp = sagemakerTimestamp(now);
  const keep = Math.max(0, maxLength - timestamp.length - 1);
  const trimmed = Array.from(base).slice(0, keep).join('');
  return `${trimmed}-${timestamp}`;
}

/**
 * `sagemaker.utils.base_name_from_image(image)`: the repository name of the image, without registry
 * and tag (`123.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.7.1-cpu-py3` -> `pytorch-training`).
 */
export function baseNameFromImage(image: string): string {
  const m = /^(.+\/)?([^:/]+)(:[^:]+)?$/.exec(image);
  return m ? m[2] : image;
}

/** `sagemaker.utils.base_from_name(name)`: the base of a name made by {@link nameFromBase}. */
export function baseFromName(name: string): string {
  const m = /^(.+)-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}|\d{6}-\d{4})/.exec(name);
  return m ? m[1] : name;
}

/**
 * The training job name of `fit(job_name=...)`: the explicit name as is, else
 * `name_from_base(base_job_name or base_name_from_image(image))`.
 */
export function trainingJobName(options: {
  jobName?: string;
  baseJobName?: string;
  imageUri: string;
  now?: Date;
}): string {
  if (options.jobName) return options.jobName;
  const base = options.baseJobName || baseNameFromImage(options.imageUri) || DEFAULT_BASE_JOB_NAME;
  return nameFromBase(base, options.now ?? new Date());
}

/**
 * Why a launched job's name is not the one the request preview showed: without `job_name`, the name is made
 * from its base and the time, once when previewing and again at launch. Undefined when `job_name` fixes it.
 * The preview's header comment and the launch's notification both say it in these words.
 */
export function generatedNameNote(spec: { job_name?: string }, when: 'preview' | 'launch'): string | undefined {
  if (spec.job_name) return undefined;
  return when === 'preview'
    ? 'The job name is made now from its base and the time; Launch makes a new one (set "job_name" to fix it).'
    : 'Its name was made at launch from its base and the time, so it differs from the one the request preview showed (set "job_name" to fix it).';
}
