/**
 * What the New Estimator wizard offers at each step, from the image tables (src/core/images): the built-in
 * algorithms and framework estimators, their versions (newest first), py versions, the instance types that
 * the chosen image runs on (local mode included), and the usual channels. Pure: no `vscode` import.
 */
import { frameworkVersions, knownFrameworks, trainingImageUri, type FrameworkVersions } from '../images/imageUris';
import { compareVersions } from '../images/pep440';
import type { FrameworkName } from '../estimator/types';

/** What the estimator runs: a built-in algorithm (generic Estimator with its image) or a framework estimator. */
export type EstimatorKind = { kind: 'builtin'; algorithm: string } | { kind: 'framework'; framework: FrameworkName };

export interface Choice<T = string> {
  value: T;
  label: string;
  description?: string;
  detail?: string;
}

/** Friendly names of the built-in algorithms (image table names). */
const ALGORITHM_LABELS: Record<string, string> = {
  blazingtext: 'BlazingText (Word2Vec, text classification)',
  'factorization-machines': 'Factorization Machines',
  'forecasting-deepar': 'DeepAR forecasting',
  'image-classification': 'Image Classification',
  ipinsights: 'IP Insights',
  kmeans: 'k-means clustering',
  knn: 'k-nearest neighbors (k-NN)',
  lda: 'Latent Dirichlet Allocation (LDA)',
  'linear-learner': 'Linear Learner',
  ntm: 'Neural Topic Model (NTM)',
  'object-detection': 'Object Detection',
  object2vec: 'Object2Vec',
  pca: 'PCA (principal component analysis)',
  randomcutforest: 'Random Cut Forest (anomaly detection)',
  'semantic-segmentation': 'Semantic Segmentation',
  seq2seq: 'Sequence-to-Sequence',
  xgboost: 'XGBoost (built-in algorithm, no script)',
};

export const FRAMEWORK_LABELS: Record<FrameworkName, string> = {
  pytorch: 'PyTorch',
  tensorflow: 'TensorFlow',
  sklearn: 'scikit-learn',
  xgboost: 'XGBoost (script mode)',
  mxnet: 'MXNet',
  huggingface: 'Hugging Face',
};

/** A framework's plain name, for sentences that say "script mode" themselves ("XGBoost script mode", not "XGBoost (script mode) script mode"). */
export const FRAMEWORK_NAMES: Record<FrameworkName, string> = {
  pytorch: 'PyTorch',
  tensorflow: 'TensorFlow',
  sklearn: 'scikit-learn',
  xgboost: 'XGBoost',
  mxnet: 'MXNet',
  huggingface: 'Hugging Face',
};

/** The framework estimators, in the order the wizard shows them. */
export const WIZARD_FRAMEWORKS: FrameworkName[] = ['pytorch', 'tensorflow', 'sklearn', 'xgboost', 'huggingface', 'mxnet'];

/** Algorithms that want (or only run on) GPU instances. */
const GPU_ALGORITHMS = new Set(['image-classification', 'object-detection', 'semantic-segmentation', 'seq2seq']);

function trainingVersions(framework: string): FrameworkVersions | undefined {
  try {
    const versions = frameworkVersions(framework, 'training');
    return versions.scope === 'training' ? versions : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built-in algorithms of the image tables: first-party images with a training scope and the single
 * version "1" (no processors), plus XGBoost, whose built-in images are versioned.
 */
export function builtInAlgorithms(): string[] {
  const algorithms = knownFrameworks().filter((framework) => {
    const versions = trainingVersions(framework);
    return !!versions && versions.versions.length === 1 && versions.versions[0] === '1' && versions.processors('1').length === 0;
  });
  return ['xgboost', ...algorithms.filter((a) => a !== 'xgboost')];
}

export function algorithmLabel(algorithm: string): string {
  return ALGORITHM_LABELS[algorithm] ?? algorithm;
}

/** The first step: every built-in algorithm and framework estimator. */
export function kindChoices(): Choice<EstimatorKind>[] {
  return [
    ...WIZARD_FRAMEWORKS.map((framework) => ({
      value: { kind: 'framework', framework } as EstimatorKind,
      label: FRAMEWORK_LABELS[framework],
      description: 'framework estimator, your training script',
    })),
    ...builtInAlgorithms().map((algorithm) => ({
      value: { kind: 'builtin', algorithm } as EstimatorKind,
      label: algorithmLabel(algorithm),
      description: 'built-in algorithm',
    })),
  ];
}

const newestFirst = (a: string, b: string): number => {
  try {
    return compareVersions(b, a);
  } catch {
    return b.localeCompare(a, 'en', { numeric: true });
  }
};

/**
 * The versions to offer, newest first: framework versions (HuggingFace: transformers versions) without the
 * tables' aliases; for a built-in algorithm the image versions (empty when there is only one, which needs no
 * question).
 */
export function versionChoices(kind: EstimatorKind): string[] {
  if (kind.kind === 'builtin') {
    const versions = trainingVersions(kind.algorithm);
    if (!versions) return [];
    const concrete = versions.versions.filter((v) => !Object.prototype.hasOwnProperty.call(versions.aliases, v));
    if (kind.algorithm === 'xgboost') {
      // The legacy "xgboost:1" image first went out of use: offer the open-source versions.
      return concrete.filter((v) => v !== '1' && !/^0\./.test(v)).sort(newestFirst);
    }
    return concrete.length > 1 ? concrete.sort(newestFirst) : [];
  }
  const versions = trainingVersions(kind.framework);
  if (!versions) return [];
  const concrete = versions.versions.filter((v) => !Object.prototype.hasOwnProperty.call(versions.aliases, v));
  const sorted = concrete.sort(newestFirst);
  if (kind.framework === 'xgboost') return sorted.filter((v) => v !== '1');
  // TensorFlow._validate_args: 1.10.0 and older run only in legacy mode, which needs an image_uri the wizard does not write.
  if (kind.framework === 'tensorflow') return sorted.filter((v) => compareVersions(v, '1.10.0') > 0);
  return sorted;
}

/** HuggingFace: the base frameworks of a transformers version, e.g. `pytorch2.1.0` (no aliases). */
export function baseFrameworkChoices(transformersVersion: string): string[] {
  const versions = trainingVersions('huggingface');
  if (!versions) return [];
  const all = versions.baseFrameworkVersions(transformersVersion);
  // An alias (pytorch2.1) is a prefix of a concrete version (pytorch2.1.0): keep the concrete ones.
  const concrete = all.filter((v) => !all.some((other) => other !== v && other.startsWith(`${v}.`)));
  return concrete.sort((a, b) => {
    const [fa, va] = splitBaseFramework(a);
    const [fb, vb] = splitBaseFramework(b);
    return fa === fb ? newestFirst(va, vb) : fa === 'pytorch' ? -1 : 1;
  });
}

/** `pytorch2.1.0` -> `['pytorch', '2.1.0']`. */
export function splitBaseFramework(base: string): [string, string] {
  const m = /^([a-z]+)(.*)$/.exec(base);
  return m ? [m[1], m[2]] : [base, ''];
}

/**
 * The py versions of a version, newest first (empty for images without one: built-in algorithms, XGBoost);
 * for HuggingFace those of the chosen base framework.
 */
export function pyVersionChoices(kind: EstimatorKind, version: string | undefined, baseFramework?: string): string[] {
  if (kind.kind === 'builtin' || !version) return [];
  const versions = trainingVersions(kind.framework);
  if (!versions) return [];
  let list = [...new Set(versions.pyVersions(version).filter((p) => /^py\d+$/.test(p)))];
  if (kind.framework === 'huggingface' && baseFramework) {
    // The table lists py versions per base framework: keep those with an image.
    const [base, baseVersion] = splitBaseFramework(baseFramework);
    list = list.filter((py) => {
      try {
        trainingImageUri({
          region: 'us-east-1', framework: 'huggingface', framework_version: version, py_version: py, instance_type: 'ml.p3.2xlarge',
          ...(base === 'tensorflow' ? { tensorflow_version: baseVersion } : { pytorch_version: baseVersion }),
        });
        return true;
      } catch {
        return false;
      }
    });
  }
  return list.sort((a, b) => Number(b.slice(2)) - Number(a.slice(2)) || b.localeCompare(a));
}

/** Processors ('cpu', 'gpu', ...) of a framework version, or undefined when the image has none listed. */
function processorsOf(kind: EstimatorKind, version: string | undefined): string[] | undefined {
  if (kind.kind === 'builtin') return GPU_ALGORITHMS.has(kind.algorithm) ? ['gpu', 'cpu'] : undefined;
  const versions = trainingVersions(kind.framework);
  if (!versions || !version) return undefined;
  const processors = versions.processors(version);
  return processors.length ? processors : undefined;
}

export const CPU_INSTANCE_TYPES: Choice[] = [
  { value: 'ml.m5.large', label: 'ml.m5.large', description: '2 vCPU, 8 GiB' },
  { value: 'ml.m5.xlarge', label: 'ml.m5.xlarge', description: '4 vCPU, 16 GiB' },
  { value: 'ml.m5.2xlarge', label: 'ml.m5.2xlarge', description: '8 vCPU, 32 GiB' },
  { value: 'ml.m5.4xlarge', label: 'ml.m5.4xlarge', description: '16 vCPU, 64 GiB' },
  { value: 'ml.c5.xlarge', label: 'ml.c5.xlarge', description: '4 vCPU, 8 GiB, compute optimized' },
  { value: 'ml.c5.2xlarge', label: 'ml.c5.2xlarge', description: '8 vCPU, 16 GiB, compute optimized' },
  { value: 'ml.c5.4xlarge', label: 'ml.c5.4xlarge', description: '16 vCPU, 32 GiB, compute optimized' },
];

export const GPU_INSTANCE_TYPES: Choice[] = [
  { value: 'ml.g5.xlarge', label: 'ml.g5.xlarge', description: '1 NVIDIA A10G, 4 vCPU' },
  { value: 'ml.g5.2xlarge', label: 'ml.g5.2xlarge', description: '1 NVIDIA A10G, 8 vCPU' },
  { value: 'ml.g5.12xlarge', label: 'ml.g5.12xlarge', description: '4 NVIDIA A10G, 48 vCPU' },
  { value: 'ml.g4dn.xlarge', label: 'ml.g4dn.xlarge', description: '1 NVIDIA T4, 4 vCPU' },
  { value: 'ml.p3.2xlarge', label: 'ml.p3.2xlarge', description: '1 NVIDIA V100, 8 vCPU' },
  { value: 'ml.p4d.24xlarge', label: 'ml.p4d.24xlarge', description: '8 NVIDIA A100, 96 vCPU' },
];

export const LOCAL_INSTANCE_TYPES: Choice[] = [
  { value: 'local', label: 'local', description: 'local mode: trains on this machine, no AWS account, no charge' },
  { value: 'local_gpu', label: 'local_gpu', description: 'local mode on this machine\'s NVIDIA GPU' },
];

/**
 * The instance types to offer for an image: local mode first (only `local_gpu` where the image has no CPU
 * variant), then CPU and GPU types as the image supports them (GPU first for GPU-only images and algorithms
 * that want a GPU).
 */
export function instanceTypeChoices(kind: EstimatorKind, version?: string): Choice[] {
  const processors = processorsOf(kind, version);
  const cpu = !processors || processors.includes('cpu');
  const gpu = !processors || processors.includes('gpu');
  const local = LOCAL_INSTANCE_TYPES.filter((t) => (t.value === 'local' ? cpu : gpu)).map((t) =>
    // A built-in algorithm is only an image: local mode runs it in Docker.
    kind.kind === 'builtin' ? { ...t, description: `${t.description} (runs the algorithm's image in Docker)` } : t);
  const gpuFirst = processors?.[0] === 'gpu' || (kind.kind === 'builtin' && GPU_ALGORITHMS.has(kind.algorithm));
  const cloud = gpuFirst
    ? [...(gpu ? GPU_INSTANCE_TYPES : []), ...(cpu ? CPU_INSTANCE_TYPES : [])]
    : [...(cpu ? CPU_INSTANCE_TYPES : []), ...(gpu ? GPU_INSTANCE_TYPES : [])];
  // SKLearn trains on one CPU instance; the usual first choice is a general-purpose one.
  return [...local, ...cloud];
}

/** The channels offered (multi-select), with the usual ones picked. */
export function channelChoices(kind: EstimatorKind): { name: string; picked: boolean }[] {
  if (kind.kind === 'builtin') {
    const supervised = ['linear-learner', 'xgboost', 'factorization-machines', 'knn', 'image-classification', 'object-detection', 'semantic-segmentation', 'seq2seq', 'object2vec', 'forecasting-deepar', 'blazingtext'];
    return [
      { name: 'train', picked: true },
      { name: 'validation', picked: supervised.includes(kind.algorithm) },
      { name: 'test', picked: false },
    ];
  }
  return [
    { name: 'train', picked: true },
    { name: 'validation', picked: false },
    { name: 'test', picked: kind.framework === 'tensorflow' || kind.framework === 'huggingface' },
  ];
}

/** SageMaker's channel names: letters, digits, `.`, `-` and `_`, at most 64 characters. */
export function channelNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A channel needs a name.';
  if (name.length > 64) return `"${name}" is ${name.length} characters long; a channel name has at most 64.`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return `"${name}" may only have letters, digits, ".", "-" and "_".`;
  return undefined;
}
