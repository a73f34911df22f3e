/**
 * "Save as estimator.json": a training job's description (DescribeTrainingJob, plus its tags from ListTags)
 * turned back into an estimator file in the SageMaker Python SDK's argument names, such that planning the
 * file (with the same job name, region and account) gives the job's CreateTrainingJob request again.
 *
 * - The image becomes `framework` + `framework_version` + `py_version` (HuggingFace: `transformers_version`
 *   + `pytorch_version` / `tensorflow_version`) when the job is script mode (`sagemaker_program`,
 *   `sagemaker_submit_directory`) in a framework image the tables know; `image_uri: {"framework": ...}` for
 *   a table image of a generic Estimator (built-in algorithms); else the image URI string.
 * - Hyperparameters are decoded the way the planner encodes them: JSON values for framework estimators (and
 *   generic ones with code), written with the job's own number literals; `str()` values of the generic
 *   Estimator as numbers or booleans where that prints back the same, else as the strings they are. The
 *   SDK's `sagemaker_*` keys become `entry_point`, `source_dir` (the S3 `sourcedir.tar.gz`),
 *   `container_log_level`, `distribution`, `model_dir`, `compiler_config`.
 * - Channels become `TrainingInput` / `FileSystemInput` arguments (a plain S3 prefix as a string), the model
 *   channel `model_uri`, the code channel of a network-isolated job `source_dir`.
 * - Defaults are left out (volume 30 GB, one day, File mode, the default bucket).
 *
 * Whatever cannot be written as an estimator argument (an algorithm resource instead of an image, an
 * experiment config, AWS's own tags, metric definitions that SageMaker fills in for built-in algorithms, ...)
 * is kept as a `//` comment and listed in `unmapped`. The file is then planned and compared field by field
 * with the job: any difference is flagged the same way. Pure: type-only AWS SDK import.
 *
 * It lives with authoring (not in core/estimator) because it writes an estimator file, as the New Estimator
 * wizard does, for the "Save as estimator.json" command of src/authoring; it uses the estimator feature (loader,
 * planner, image tables) only through their exports. The parts: `jobFields` (the job's fields in the file's
 * order), `images`, `channels`, `hyperparameters`, `debugger`, `jsonc` (writing the text) and `roundTrip`
 * (planning the file and comparing it with the job).
 */
import type { DescribeTrainingJobResponse, Tag } from '@aws-sdk/client-sagemaker';
import type { EstimatorSpec } from '../../estimator/types';
import { mapHyperparameters } from './hyperparameters';
import { frameworkOfRepository } from './images';
import {
  algorithmEntries,
  codeEntries,
  hyperparameterEntries,
  imageEntries,
  inputEntries,
  instanceEntries,
  isScriptMode,
  jobOptionEntries,
  outputEntries,
  resourceEntries,
  tagEntries,
  type JobMapping,
} from './jobFields';
import { mapDebugger } from './debugger';
import { writeCheckedEstimator } from './roundTrip';
import { arnParts, plain, repositoryOf, type Entry } from './values';

export interface FromTrainingJobOptions {
  /** The connection's region (a job elsewhere gets `"region"`). */
  region: string;
  /** The job's tags (ListTags): DescribeTrainingJob does not return them. */
  tags?: Tag[];
  /** The account planned against; default: the job ARN's. */
  account?: string;
}

export interface FromTrainingJobResult {
  /** JSONC: the estimator, with `//` comments flagging what could not be mapped. */
  text: string;
  /** The estimator as written (what loading `text` gives). */
  spec: EstimatorSpec;
  /** One line per value that is not (exactly) in the estimator: `<field>: <why>`. */
  unmapped: string[];
}

export function estimatorFromTrainingJob(job: DescribeTrainingJobResponse, options: FromTrainingJobOptions): FromTrainingJobResult {
  // One list: it is both the result's `unmapped` and the file's closing comments.
  const unmapped: string[] = [];
  const flag = (field: string, why: string): void => {
    unmapped.push(`${field}: ${why}`);
  };
  const arn = arnParts(job.TrainingJobArn);
  const algorithm = job.AlgorithmSpecification ?? ({} as NonNullable<DescribeTrainingJobResponse['AlgorithmSpecification']>);
  const m: JobMapping = {
    job,
    jobName: job.TrainingJobName ?? '',
    region: arn.region ?? options.region,
    account: options.account ?? arn.account ?? arnParts(job.RoleArn).account ?? '000000000000',
    algorithm,
    image: algorithm.TrainingImage,
    resource: job.ResourceConfig ?? {},
    stopping: job.StoppingCondition ?? {},
    entries: [] as Entry[],
    flag,
  };

  // Instances first: the image lookups depend on the instance type.
  const instances = instanceEntries(m.resource);
  const instanceSpec = Object.fromEntries(instances) as EstimatorSpec;

  // Script mode and the framework.
  const hp = job.HyperParameters ?? {};
  const scriptMode = isScriptMode(hp);
  const repository = m.image ? repositoryOf(m.image) : '';
  const guessed = scriptMode ? frameworkOfRepository(repository) : undefined;
  const mapped = mapHyperparameters(hp, guessed, scriptMode, flag);
  const framework = imageEntries(m, guessed, scriptMode, instanceSpec, mapped.distribution ? { distribution: mapped.distribution } : {});

  const channels = codeEntries(m, scriptMode, mapped);
  resourceEntries(m, instances);
  const outputPath = outputEntries(m);
  hyperparameterEntries(m, mapped, framework, outputPath);
  const ignoreMetricDefinitions = algorithmEntries(m);
  jobOptionEntries(m);
  mapDebugger(job, outputPath, m.entries);
  tagEntries(m, options.tags ?? []);
  inputEntries(m, channels, options.region);

  // Strings the file would substitute (${...}) cannot be written as they are.
  const dollar = JSON.stringify(plain(Object.fromEntries(m.entries))).includes('${');
  const header = [
    `Saved from training job ${m.jobName} (${m.region}). Planned with "job_name": "${m.jobName}", it gives that job's request again.`,
  ];
  if (dollar) flag('(strings)', 'a value holds "${...}", which the estimator file reads as a variable');

  // Plan the file and compare it with the job; fix what only needs an explicit default.
  const trip = { job, jobName: m.jobName, region: options.region, account: m.account, ignoreMetricDefinitions };
  const { text, spec } = writeCheckedEstimator(header, m.entries, unmapped, flag, trip);
  return { text, spec, unmapped };
}
