/**
 * The files the New Estimator wizard writes, from its answers: `estimator.json` (valid as written: no
 * diagnostic) and, for a framework estimator (script mode), a `train.py` skeleton that reads the SM_*
 * environment; in local mode, the channels are local folders (`data/<channel>`) that the wizard creates.
 * Pure: the glue writes the files.
 */
import type { FrameworkName } from '../estimator/types';
import { algorithmLabel, FRAMEWORK_NAMES, splitBaseFramework, type EstimatorKind } from './choices';
import { trainScript } from './trainScript';

export interface WizardAnswers {
  kind: EstimatorKind;
  /** framework_version (HuggingFace: transformers_version), or the built-in image's version. */
  version?: string;
  /** HuggingFace: the base framework, e.g. `pytorch2.1.0`. */
  baseFramework?: string;
  pyVersion?: string;
  instanceType: string;
  instanceCount?: number;
  /** Channel names, in order. */
  channels: string[];
  /** The role as written (an ARN, a name, or `${env:SAGEMAKER_ROLE}`); default: an example ARN to replace. */
  role?: string;
  /** The bucket of the S3 channels (cloud); default `my-bucket`, to replace. */
  bucket?: string;
  /** A short name for S3 prefixes and `base_job_name` (default: from the algorithm or framework). */
  name?: string;
}

export interface WizardOutput {
  /** File name of the estimator, relative to the target folder. */
  estimatorPath: string;
  estimatorText: string;
  /** Other files to write (relative path -> content), e.g. `train.py`. */
  files: Record<string, string>;
  /** Folders to create (relative), e.g. the local channels' `data/train`. */
  folders: string[];
}

export const EXAMPLE_ROLE = 'arn:aws:iam::111122223333:role/SageMakerRole';
export const EXAMPLE_BUCKET = 'my-bucket';

/** Hyperparameters each built-in algorithm requires, with example values (to set for the data). */
const REQUIRED_HYPERPARAMETERS: Record<string, Record<string, unknown>> = {
  pca: { feature_dim: 784, num_components: 10, mini_batch_size: 200 },
  kmeans: { k: 10, feature_dim: 784, mini_batch_size: 500 },
  'linear-learner': { predictor_type: 'binary_classifier', feature_dim: 30, mini_batch_size: 100, epochs: 15 },
  xgboost: { objective: 'binary:logistic', num_round: 100, max_depth: 5, eta: 0.2 },
  'factorization-machines': { feature_dim: 784, num_factors: 64, predictor_type: 'binary_classifier' },
  knn: { k: 10, sample_size: 10000, feature_dim: 784, predictor_type: 'classifier' },
  lda: { num_topics: 10, feature_dim: 1000, mini_batch_size: 200 },
  ntm: { num_topics: 20, feature_dim: 1000 },
  randomcutforest: { feature_dim: 4, num_samples_per_tree: 256, num_trees: 100 },
  blazingtext: { mode: 'supervised', epochs: 10 },
  'image-classification': { num_classes: 10, num_training_samples: 50000, epochs: 10 },
  'object-detection': { num_classes: 20, num_training_samples: 16551, epochs: 30 },
  'semantic-segmentation': { num_classes: 21, num_training_samples: 1464, epochs: 10 },
  seq2seq: { max_seq_len_source: 60, max_seq_len_target: 60 },
  'forecasting-deepar': { time_freq: 'H', context_length: 72, prediction_length: 24, epochs: 20 },
  ipinsights: { num_entity_vectors: 20000, vector_dim: 128 },
  object2vec: { enc0_max_seq_len: 50, enc0_vocab_size: 10000 },
};

/** The content type each built-in algorithm reads most simply. */
const CONTENT_TYPES: Record<string, string> = {
  pca: 'text/csv;label_size=0',
  kmeans: 'text/csv;label_size=0',
  lda: 'text/csv;label_size=0',
  ntm: 'text/csv;label_size=0',
  randomcutforest: 'text/csv;label_size=0',
  ipinsights: 'text/csv',
  'linear-learner': 'text/csv',
  xgboost: 'text/csv',
  'factorization-machines': 'application/x-recordio-protobuf',
  knn: 'text/csv',
  blazingtext: 'text/plain',
  'image-classification': 'application/x-image',
  'object-detection': 'application/x-image',
  'semantic-segmentation': 'image/jpeg',
  seq2seq: 'application/x-recordio-protobuf',
  'forecasting-deepar': 'application/jsonlines',
  object2vec: 'application/jsonlines',
};

const isLocal = (instanceType: string): boolean => instanceType === 'local' || instanceType === 'local_gpu';

/** A short name for prefixes and base_job_name: letters, digits and hyphens. */
export function defaultName(kind: EstimatorKind): string {
  return kind.kind === 'builtin' ? kind.algorithm : kind.framework;
}

/** A JSON value on one line with spaces after `:` and `,`, as the examples write small objects. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/** Writes `"key": value` lines of an object, values inline, with optional comments above keys. */
function objectLines(entries: [string, unknown][], indent: string, comments: Record<string, string> = {}): string[] {
  const lines: string[] = [];
  entries.forEach(([key, value], i) => {
    if (comments[key]) lines.push(`${indent}// ${comments[key]}`);
    lines.push(`${indent}${JSON.stringify(key)}: ${inline(value)}${i < entries.length - 1 ? ',' : ''}`);
  });
  return lines;
}

/** The image: a built-in algorithm's `image_uri`, or a framework and its versions with a train.py to start from. */
function imageEntries(answers: WizardAnswers, local: boolean, header: string[], entries: [string, unknown][], files: Record<string, string>): void {
  const { kind } = answers;
  if (kind.kind === 'builtin') {
    header.push(`// ${algorithmLabel(kind.algorithm)}: sagemaker.estimator.Estimator(image_uri=image_uris.retrieve("${kind.algorithm}", region${answers.version ? `, version="${answers.version}"` : ''}), ...)`);
    entries.push(['image_uri', answers.version ? { framework: kind.algorithm, version: answers.version } : { framework: kind.algorithm }]);
  } else {
    const fw: FrameworkName = kind.framework;
    header.push(local
      ? `// ${FRAMEWORK_NAMES[fw]} script mode: train.py is the training script, run on this machine with the SM_* environment.`
      : `// ${FRAMEWORK_NAMES[fw]} script mode: train.py is the training script, run in the ${FRAMEWORK_NAMES[fw]} training image.`);
    entries.push(['framework', fw]);
    if (fw === 'huggingface') {
      if (answers.version) entries.push(['transformers_version', answers.version]);
      if (answers.baseFramework) {
        const [base, baseVersion] = splitBaseFramework(answers.baseFramework);
        entries.push([base === 'tensorflow' ? 'tensorflow_version' : 'pytorch_version', baseVersion]);
      }
    } else if (answers.version) {
      entries.push(['framework_version', answers.version]);
    }
    if (answers.pyVersion) entries.push(['py_version', answers.pyVersion]);
    entries.push(['entry_point', 'train.py']);
    files['train.py'] = trainScript(fw, answers.channels);
  }

}

/** The file's text: the header comments, then one entry per line (hyperparameters, inputs and metrics spread out). */
function estimatorText(header: string[], entries: [string, unknown][], comments: Record<string, string>): string {
  const lines = ['{', ...header.map((h) => `  ${h}`)];
  const body: string[] = [];
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (comments[key]) body.push(`  // ${comments[key]}`);
    if (value && typeof value === 'object' && !Array.isArray(value) && (key === 'hyperparameters' || key === 'inputs') && Object.keys(value).length > 0) {
      body.push(`  ${JSON.stringify(key)}: {`);
      body.push(...objectLines(Object.entries(value as Record<string, unknown>), '    '));
      body.push(`  }${comma}`);
    } else if (Array.isArray(value) && value.length > 0 && key === 'metric_definitions') {
      body.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((item, j) => body.push(`    ${inline(item)}${j < value.length - 1 ? ',' : ''}`));
      body.push(`  ]${comma}`);
    } else {
      body.push(`  ${JSON.stringify(key)}: ${inline(value)}${comma}`);
    }
  });
  lines.push(...body, '}', '');
  return lines.join('\n');
}

/** The estimator.json text (and train.py, local folders) for the wizard's answers. */
export function buildEstimatorFiles(answers: WizardAnswers): WizardOutput {
  const { kind } = answers;
  const local = isLocal(answers.instanceType);
  const name = answers.name ?? defaultName(kind);
  const bucket = answers.bucket ?? EXAMPLE_BUCKET;
  const role = answers.role ?? EXAMPLE_ROLE;
  const entries: [string, unknown][] = [];
  const comments: Record<string, string> = {};
  const header: string[] = [];
  const files: Record<string, string> = {};
  const folders: string[] = [];

  imageEntries(answers, local, header, entries, files);

  if (local && answers.role === undefined) {
    // Local mode runs as the user: no role. SageMaker instances need one.
    header.push('// Local mode: trains on this machine. To train on SageMaker, set an ml.* instance_type and add "role".');
  } else {
    if (answers.role === undefined) comments.role = 'The IAM role SageMaker runs the job as: replace the example with yours (or "${env:SAGEMAKER_ROLE}").';
    entries.push(['role', role]);
  }
  entries.push(['instance_count', kind.kind === 'framework' && kind.framework === 'sklearn' ? 1 : local && answers.instanceType === 'local_gpu' ? 1 : (answers.instanceCount ?? 1)]);
  entries.push(['instance_type', answers.instanceType]);
  if (/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(name) && name.length <= 39) entries.push(['base_job_name', name]);

  if (kind.kind === 'builtin') {
    const hyperparameters = REQUIRED_HYPERPARAMETERS[kind.algorithm];
    if (hyperparameters) {
      comments.hyperparameters = `What ${algorithmLabel(kind.algorithm)} needs: set the values for your data.`;
      entries.push(['hyperparameters', hyperparameters]);
    }
  } else {
    entries.push(['hyperparameters', { epochs: 1 }]);
    comments.metric_definitions = 'train.py prints "train loss: <value>": SageMaker turns it into the metric train:loss.';
    entries.push(['metric_definitions', [{ Name: 'train:loss', Regex: 'train loss: ([0-9.]+)' }]]);
  }

  if (answers.channels.length > 0) {
    const channels: Record<string, unknown> = {};
    const contentType = kind.kind === 'builtin' ? CONTENT_TYPES[kind.algorithm] : undefined;
    for (const channel of answers.channels) {
      const data = local ? `file://data/${channel}` : `s3://${bucket}/${name}/${channel}/`;
      if (local) folders.push(`data/${channel}`);
      channels[channel] = contentType ? { s3_data: data, content_type: contentType } : data;
    }
    comments.inputs = local
      ? 'fit(inputs): local mode reads these folders (put your data in them); an s3:// URI works too, with a connection.'
      : `fit(inputs): the channels' data in S3${answers.bucket === undefined ? ` (replace ${EXAMPLE_BUCKET} with your bucket)` : ''}, or local paths uploaded at launch.`;
    entries.push(['inputs', channels]);
  }

  return { estimatorPath: 'estimator.json', estimatorText: estimatorText(header, entries, comments), files, folders };
}
