/**
 * The built-in algorithms' estimators (src/core/estimator/rulesAlgorithm.ts + builtinAlgorithms.json), each case
 * naming the SageMaker Python SDK v2 (v2.257.6) file and function it mirrors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEstimator } from '../../../src/core/estimator/load';
import { estimatorProblems, planEstimator } from '../../../src/core/estimator/plan';
import { BUILTIN_ALGORITHMS } from '../../../src/core/estimator/rulesAlgorithm';
import type { EstimatorDiagnostic } from '../../../src/core/estimator/types';

const ENV = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket' };
const OPTIONS = { fileName: 'estimator.json', env: ENV, workspaceFolder: '/work/project', baseDir: '/work/project' };

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'examples', 'pca', 'estimator.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('examples/ not found above ' + __dirname);
  }
}
const ROOT = repoRoot();
const seedPca = (): Record<string, any> => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'pca', 'estimator.json'), 'utf8'));

function algorithm(framework: string, hyperparameters: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    image_uri: { framework }, role: '${env:SAGEMAKER_ROLE}', instance_count: 1, instance_type: 'ml.m5.xlarge',
    hyperparameters, inputs: { train: 's3://my-bucket/train/' }, ...extra,
  };
}

const problems = (doc: unknown): EstimatorDiagnostic[] => estimatorProblems(JSON.stringify(doc, null, 2), OPTIONS);
const errors = (doc: unknown) => problems(doc).filter(d => d.severity === 'error');

function onlyError(doc: unknown, code: string, at: (string | number)[], pattern: RegExp): EstimatorDiagnostic {
  const found = errors(doc);
  assert.equal(found.length, 1, found.map(d => d.message).join('\n'));
  assert.equal(found[0].code, code);
  assert.deepEqual(found[0].path, at);
  assert.match(found[0].message, pattern);
  return found[0];
}

test('the seed PCA example and the other examples naming a built-in algorithm stay clean', () => {
  for (const example of ['pca', 'pca-csv', 'pca-randomized', 'linear-learner']) {
    const text = fs.readFileSync(path.join(ROOT, 'examples', example, 'estimator.json'), 'utf8');
    assert.deepEqual(estimatorProblems(text, OPTIONS).map(d => d.message), [], example);
  }
});

test('sagemaker/amazon/pca.py PCA (num_components; AWS: feature_dim, mini_batch_size, num_components required): the seed PCA without num_components is an error at "hyperparameters"', () => {
  const doc = seedPca();
  delete doc.hyperparameters.num_components;
  const error = onlyError(doc, 'algorithm-hyperparameter', ['hyperparameters'], /sagemaker\.PCA \(pca\) needs the hyperparameter "num_components"/);
  const lines = JSON.stringify(doc, null, 2).split('\n');
  assert.equal(error.range.start.line, lines.findIndex(line => line.includes('"hyperparameters"')), 'at the "hyperparameters" key');
  // null is None: as missing as an absent key.
  onlyError({ ...doc, hyperparameters: { ...doc.hyperparameters, num_components: null } }, 'algorithm-hyperparameter', ['hyperparameters'], /"num_components"/);
});

test('sagemaker/amazon/pca.py PCA.algorithm_mode hp(isin("regular", "randomized")) via hyperparameter.py Hyperparameter.validate: algorithm_mode "fast" is an error at the value', () => {
  const doc = seedPca();
  doc.hyperparameters.algorithm_mode = 'fast';
  onlyError(doc, 'algorithm-hyperparameter', ['hyperparameters', 'algorithm_mode'], /algorithm_mode is "fast", but algorithm_mode must be one of "regular" or "randomized"/);
});

test('sagemaker/amazon/hyperparameter.py Hyperparameter.__set__ (data_type(value), then validation.py gt/ge/lt/le)', () => {
  // kmeans.py KMeans.k: gt(1)
  onlyError(algorithm('kmeans', { feature_dim: 2, k: 1 }), 'algorithm-hyperparameter', ['hyperparameters', 'k'], /k must be greater than 1/);
  // ntm.py NTM.num_topics: (ge(2), le(1000))
  onlyError(algorithm('ntm', { feature_dim: 2, num_topics: 1001 }), 'algorithm-hyperparameter', ['hyperparameters', 'num_topics'], /at most 1000/);
  // linear_learner.py LinearLearner.momentum: (ge(0), lt(1))
  onlyError(algorithm('linear-learner', { feature_dim: 2, predictor_type: 'regressor', momentum: 1 }), 'algorithm-hyperparameter', ['hyperparameters', 'momentum'], /less than 1/);
  // data_type=int: int("4") is 4, a fraction is not what the algorithm reads.
  assert.deepEqual(errors(algorithm('pca', { feature_dim: '4', num_components: 3, mini_batch_size: 200 })), []);
  onlyError(algorithm('pca', { feature_dim: 4.5, num_components: 3, mini_batch_size: 200 }), 'algorithm-hyperparameter', ['hyperparameters', 'feature_dim'], /must be an integer/);
  // data_type=float: float("1e-3") is a number.
  assert.deepEqual(errors(algorithm('ntm', { feature_dim: 2, num_topics: 5, tolerance: '1e-3' })), []);
  // str + isin: factorization_machines.py FactorizationMachines.predictor_type
  onlyError(algorithm('factorization-machines', { feature_dim: 2, num_factors: 4, predictor_type: 'classifier' }), 'algorithm-hyperparameter', ['hyperparameters', 'predictor_type'], /"binary_classifier" or "regressor"/);
  // object2vec.py _list_check_subset
  onlyError(algorithm('object2vec', { enc0_max_seq_len: 10, enc0_vocab_size: 100, comparator_list: 'hadamard,dot' }), 'algorithm-hyperparameter', ['hyperparameters', 'comparator_list'], /comma-separated list/);
});

test('sagemaker/amazon/hyperparameter.py Hyperparameter.serialize_all drops None: a null optional hyperparameter would be sent as "None" by the generic Estimator', () => {
  onlyError(algorithm('kmeans', { feature_dim: 2, k: 3, epochs: null }), 'algorithm-hyperparameter', ['hyperparameters', 'epochs'], /sends as "None"/);
});

test('sagemaker/amazon/linear_learner.py LinearLearner.__init__: multiclass_classifier needs num_classes greater than 2', () => {
  onlyError(algorithm('linear-learner', { feature_dim: 2, predictor_type: 'multiclass_classifier' }), 'algorithm-hyperparameter', ['hyperparameters', 'predictor_type'], /num_classes must be set to a value greater than 2/);
  onlyError(algorithm('linear-learner', { feature_dim: 2, predictor_type: 'multiclass_classifier', num_classes: 2 }), 'algorithm-hyperparameter', ['hyperparameters', 'num_classes'], /greater than 2/);
  assert.deepEqual(errors(algorithm('linear-learner', { feature_dim: 2, predictor_type: 'multiclass_classifier', num_classes: 3 })), []);
});

test('sagemaker/amazon/knn.py KNN.__init__: dimension_reduction_type needs dimension_reduction_target', () => {
  const base = { feature_dim: 10, k: 3, predictor_type: 'classifier', sample_size: 100 };
  onlyError(algorithm('knn', { ...base, dimension_reduction_type: 'sign' }), 'algorithm-hyperparameter', ['hyperparameters', 'dimension_reduction_type'], /dimension_reduction_target/);
  assert.deepEqual(errors(algorithm('knn', { ...base, dimension_reduction_type: 'sign', dimension_reduction_target: 5 })), []);
});

test('fit() mini_batch_size rules: randomcutforest.py RandomCutForest._prepare_for_training (fixed 1000), ntm.py NTM._prepare_for_training ([1, 10000])', () => {
  onlyError(algorithm('randomcutforest', { feature_dim: 2, mini_batch_size: 500 }), 'algorithm-hyperparameter', ['hyperparameters', 'mini_batch_size'], /fixed mini_batch_size of 1000/);
  onlyError(algorithm('ntm', { feature_dim: 2, num_topics: 5, mini_batch_size: 20000 }), 'algorithm-hyperparameter', ['hyperparameters', 'mini_batch_size'], /\[1, 10000\]/);
});

test('sagemaker/amazon/amazon_estimator.py AmazonAlgorithmEstimatorBase._prepare_for_training: "Must provide train channel."', () => {
  const doc = algorithm('pca', { feature_dim: 4, num_components: 3, mini_batch_size: 200 }, { inputs: { training: 's3://my-bucket/train/' } });
  onlyError(doc, 'algorithm-input', ['inputs'], /channel named "train"/);
});

test('an unknown name is a warning with the near name: the SDK classes have no such keyword argument', () => {
  const found = problems(algorithm('pca', { feature_dim: 4, num_components: 3, mini_batch_size: 200, algoritm_mode: 'regular' }));
  assert.deepEqual(found.map(d => [d.severity, d.code]), [['warning', 'algorithm-hyperparameter']]);
  assert.match(found[0].message, /did you mean "algorithm_mode"/);
});

test('sagemaker/amazon/amazon_estimator.py RecordSet.records_s3_input: the RecordSet form (a manifest, ShardedByS3Key) is a TrainingInput channel', () => {
  const doc = algorithm('pca', { feature_dim: 4, num_components: 3, mini_batch_size: 200 }, {
    inputs: { train: { s3_data: 's3://my-bucket/pca/train.manifest', s3_data_type: 'ManifestFile', distribution: 'ShardedByS3Key' } },
  });
  const text = JSON.stringify(doc);
  const loaded = loadEstimator(text, OPTIONS);
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
  const planned = planEstimator(text, loaded.spec, { region: 'us-east-1', account: '123456789012', baseDir: '/work/project' });
  assert.deepEqual(planned.plan?.request.InputDataConfig, [
    { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://my-bucket/pca/train.manifest', S3DataDistributionType: 'ShardedByS3Key' } } },
  ]);
});

test('the table mirrors the SDK: ten classes of src/sagemaker/amazon/, each with feature_dim and mini_batch_size from AmazonAlgorithmEstimatorBase', () => {
  assert.deepEqual(Object.keys(BUILTIN_ALGORITHMS).sort(), ['factorization-machines', 'ipinsights', 'kmeans', 'knn', 'lda', 'linear-learner', 'ntm', 'object2vec', 'pca', 'randomcutforest']);
  for (const [name, entry] of Object.entries(BUILTIN_ALGORITHMS)) {
    assert.match(entry.sdkSource, /^src\/sagemaker\/amazon\/\w+\.py$/, name);
    assert.ok(entry.hyperparameters.feature_dim && entry.hyperparameters.mini_batch_size, name);
    for (const key of entry.required) assert.ok(entry.hyperparameters[key], `${name}: required ${key} is in the table`);
  }
  assert.deepEqual(Object.keys(BUILTIN_ALGORITHMS.pca.hyperparameters), ['feature_dim', 'mini_batch_size', 'num_components', 'algorithm_mode', 'subtract_mean', 'extra_components']);
});

test('completion and hover: the schema describes each algorithm\'s hyperparameters, in sync with the table (scripts/algorithmSchema.mjs --check)', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'algorithmSchema.mjs'), '--check'], { stdio: 'pipe' });
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'core', 'estimator', 'estimator.schema.json'), 'utf8'));
  const pca = schema.allOf.find((entry: any) => entry.if.properties.image_uri.properties.framework.const === 'pca');
  const mode = pca.then.properties.hyperparameters.properties.algorithm_mode;
  assert.deepEqual(mode.examples, ['regular', 'randomized']);
  assert.match(mode.description, /sagemaker\.PCA/);
});
