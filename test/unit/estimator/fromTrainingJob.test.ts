/**
 * "Save as estimator.json" without AWS: a job description made from a plan (as SageMaker would describe the
 * job it created from that request) is turned back into an estimator file, whose plan must be the same
 * request (same job name, region and account); what cannot be mapped is flagged, never dropped silently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DescribeTrainingJobResponse, Tag } from '@aws-sdk/client-sagemaker';
import { estimatorFromTrainingJob } from '../../../src/core/authoring/fromTrainingJob';
import { loadEstimator } from '../../../src/core/estimator/load';
import { estimatorProblems, planEstimator } from '../../../src/core/estimator/plan';
import { tempDir } from '../tempDir';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerRole`;
const JOB = 'roundtrip-2026-11-25-10-00-00-000';
const env = { SAGEMAKER_ROLE: ROLE, SAGEMAKER_BUCKET: 'sagemaker-example-data' };

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'examples', 'pca', 'estimator.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`examples/ not found above ${__dirname}`);
    dir = up;
  }
  return dir;
}

/** A folder with a training script, for script-mode originals (the planner reads the code). */
const codeDir = tempDir('from-job-');
fs.writeFileSync(path.join(codeDir, 'train.py'), 'print("train")\n');

type Request = Record<string, any>;

function plan(text: string, baseDir: string, jobName = JOB, region = REGION): Request {
  const loaded = loadEstimator(text, { fileName: 'estimator.json', env, region });
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics, null, 1));
  const planned = planEstimator(text, loaded.spec, { region, account: ACCOUNT, baseDir, jobName });
  assert.ok(planned.plan, JSON.stringify(planned.diagnostics, null, 1));
  return JSON.parse(JSON.stringify(planned.plan.request)) as Request;
}

/** What DescribeTrainingJob gives for a job created from `request` (without its tags, as in AWS). */
function describeOf(request: Request, region = REGION): DescribeTrainingJobResponse {
  const { Tags: _tags, ...rest } = request;
  return {
    ...rest,
    TrainingJobArn: `arn:aws:sagemaker:${region}:${ACCOUNT}:training-job/${request.TrainingJobName}`,
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    CreationTime: new Date(),
    ModelArtifacts: { S3ModelArtifacts: `${request.OutputDataConfig.S3OutputPath}${request.TrainingJobName}/output/model.tar.gz` },
  } as unknown as DescribeTrainingJobResponse;
}

/** Plans `text`, saves the "job" back as an estimator and plans that: the two requests must be equal. */
function roundTrip(text: string, baseDir = codeDir, options: { region?: string; connectionRegion?: string } = {}) {
  const region = options.region ?? REGION;
  const original = plan(text, baseDir, JOB, region);
  const saved = estimatorFromTrainingJob(describeOf(original, region), { region: options.connectionRegion ?? region, tags: original.Tags as Tag[] | undefined });
  const again = plan(saved.text, '/nonexistent', JOB, options.connectionRegion ?? region);
  assert.deepEqual(again, original, `the saved file plans differently:\n${saved.text}`);
  assert.deepEqual(saved.unmapped, [], saved.text);
  // The spec returned is what loading the text gives.
  assert.deepEqual(loadEstimator(saved.text, { fileName: 'estimator.json', env: {}, region }).spec, JSON.parse(JSON.stringify(saved.spec)));
  // And the file is clean: no diagnostic at all.
  const problems = estimatorProblems(saved.text, { fileName: 'estimator.json', env: {}, region: options.connectionRegion ?? region, baseDir: '/nonexistent' });
  assert.deepEqual(problems.map((p) => `${p.severity}: ${p.message}`), [], saved.text);
  return saved;
}

const estimator = (fields: Record<string, unknown>): string => JSON.stringify({ role: ROLE, instance_count: 1, instance_type: 'ml.m5.xlarge', ...fields }, null, 2);

test('every example under examples/ comes back as the same request', () => {
  const root = repoRoot();
  for (const example of ['pca', 'linear-learner', 'pca-csv', 'pca-randomized', 'pytorch-cifar10']) {
    const file = path.join(root, 'examples', example, 'estimator.json');
    const saved = roundTrip(fs.readFileSync(file, 'utf8'), path.dirname(file));
    assert.ok(!/"job_name"/.test(saved.text.replace(/^\s*\/\/.*$/gm, '')), 'job_name is left out');
  }
});

test('built-in algorithms come back as image_uri retrieve() arguments, numbers as numbers', () => {
  // Written by hand: 1.0 and 1e5 are Python floats, which JSON.stringify would not keep.
  const saved = roundTrip(`{
  "image_uri": { "framework": "linear-learner" }, "role": "${ROLE}", "instance_count": 1, "instance_type": "ml.m5.xlarge",
  "hyperparameters": { "feature_dim": 4, "predictor_type": "regressor", "learning_rate": 1.0, "optimizer": "adam", "use_bias": true, "wd": 1e5, "positive_example_weight_mult": "007" },
  "inputs": { "train": "s3://my-bucket/linear/train/" }
}`);
  assert.deepEqual(saved.spec.image_uri, { framework: 'linear-learner' });
  assert.match(saved.text, /"learning_rate": 1\.0/);
  assert.equal(saved.spec.hyperparameters?.use_bias, true);
  assert.match(saved.text, /"wd": 100000\.0/, 'str(1e5) is "100000.0", a float again');
  assert.equal(saved.spec.hyperparameters?.positive_example_weight_mult, '007');
  const xgb = roundTrip(estimator({ image_uri: { framework: 'xgboost', version: '1.7-1' }, hyperparameters: { num_round: 10 }, inputs: { train: 's3://my-bucket/train/' } }));
  assert.deepEqual(xgb.spec.image_uri, { framework: 'xgboost', version: '1.7-1' });
});

test('framework estimators are recognised from their sagemaker_* hyperparameters and image', () => {
  const pytorch = roundTrip(estimator({
    framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', instance_type: 'ml.g5.xlarge',
    hyperparameters: { epochs: 3, lr: 0.001, name: 'café', layers: [64, 32], opts: { a: 1.5 } }, container_log_level: 'DEBUG',
    inputs: { training: 's3://my-bucket/data/' },
  }));
  assert.equal(pytorch.spec.framework, 'pytorch');
  assert.equal(pytorch.spec.framework_version, '2.1');
  assert.equal(pytorch.spec.py_version, 'py310');
  assert.equal(pytorch.spec.entry_point, 'train.py');
  assert.equal(pytorch.spec.source_dir, `s3://sagemaker-${REGION}-${ACCOUNT}/${JOB}/source/sourcedir.tar.gz`);
  assert.equal(pytorch.spec.container_log_level, 10);
  assert.ok(!Object.keys(pytorch.spec.hyperparameters ?? {}).some((k) => k.startsWith('sagemaker_')));

  const frameworks: Record<string, unknown>[] = [
    { framework: 'pytorch', framework_version: '1.7.1', py_version: 'py3', entry_point: 'train.py' },
    { framework: 'tensorflow', framework_version: '2.14', py_version: 'py310', entry_point: 'train.py' },
    { framework: 'tensorflow', framework_version: '2.13', py_version: 'py310', entry_point: 'train.py', model_dir: '/opt/ml/model' },
    { framework: 'tensorflow', framework_version: '2.13', py_version: 'py310', entry_point: 'train.py', model_dir: false },
    { framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py' },
    { framework: 'xgboost', framework_version: '1.7-1', entry_point: 'train.py' },
    { framework: 'mxnet', framework_version: '1.9.0', py_version: 'py38', entry_point: 'train.py' },
    { framework: 'huggingface', transformers_version: '4.36', pytorch_version: '2.1', py_version: 'py310', entry_point: 'train.py', instance_type: 'ml.g5.xlarge' },
    // "2.3" and "2.3.0" name the same image; the saved file must say "2.3.0", the version
    // fw_utils.validate_torch_distributed_distribution accepts as written ("2.3" is refused).
    { framework: 'pytorch', framework_version: '2.3.0', py_version: 'py311', entry_point: 'train.py', instance_count: 2, instance_type: 'ml.g5.12xlarge', distribution: { torch_distributed: { enabled: true } } },
    { framework: 'pytorch', framework_version: '1.12', py_version: 'py38', entry_point: 'train.py', instance_type: 'ml.p4d.24xlarge', distribution: { smdistributed: { dataparallel: { enabled: true } } } },
    { framework: 'tensorflow', framework_version: '2.13', py_version: 'py310', entry_point: 'train.py', instance_count: 2, distribution: { mpi: { enabled: true, processes_per_host: 2 } } },
    { framework: 'tensorflow', framework_version: '2.13', py_version: 'py310', entry_point: 'train.py', instance_count: 2, distribution: { parameter_server: { enabled: true } } },
    { framework: 'mxnet', framework_version: '1.9.0', py_version: 'py38', entry_point: 'train.py', instance_count: 2, distribution: { parameter_server: { enabled: true } } },
  ];
  for (const fields of frameworks) {
    const saved = roundTrip(estimator({ hyperparameters: { epochs: 1 }, inputs: { train: 's3://my-bucket/train/' }, ...fields }));
    assert.equal(saved.spec.framework, fields.framework, JSON.stringify(fields));
    if (fields.framework_version === '2.3.0') assert.equal(saved.spec.framework_version, '2.3.0', saved.text);
  }
});

test('every estimator argument the request shows comes back', () => {
  const saved = roundTrip(estimator({
    image_uri: '111122223333.dkr.ecr.us-west-2.amazonaws.com/my-image:latest',
    instance_count: 2,
    volume_size: 100,
    volume_kms_key: 'arn:aws:kms:us-east-1:123456789012:key/volume',
    max_run: 7200,
    input_mode: 'Pipe',
    output_path: 's3://my-bucket/output',
    output_kms_key: 'arn:aws:kms:us-east-1:123456789012:key/output',
    disable_output_compression: true,
    hyperparameters: { epochs: '10', rate: 0.5 },
    tags: [{ Key: 'project', Value: 'demo' }],
    subnets: ['subnet-0123456789abcdef0'],
    security_group_ids: ['sg-0123456789abcdef0'],
    encrypt_inter_container_traffic: true,
    enable_network_isolation: true,
    use_spot_instances: true,
    max_wait: 10800,
    checkpoint_s3_uri: 's3://my-bucket/checkpoints/',
    checkpoint_local_path: '/opt/ml/checkpoints',
    environment: { LOG_LEVEL: 'info', MODE: 'fast' },
    max_retry_attempts: 3,
    keep_alive_period_in_seconds: 600,
    metric_definitions: [{ Name: 'loss', Regex: 'loss: ([0-9.]+)' }],
    container_entry_point: ['python', 'run.py'],
    container_arguments: ['--fast'],
    training_repository_access_mode: 'Vpc',
    enable_infra_check: true,
    enable_remote_debug: false,
    model_uri: 's3://my-bucket/model/model.tar.gz',
    model_channel_name: 'pretrained',
    inputs: {
      train: {
        s3_data: 's3://my-bucket/train/', s3_data_type: 'S3Prefix', distribution: 'ShardedByS3Key', compression: 'Gzip',
        content_type: 'text/csv', record_wrapping: 'RecordIO', input_mode: 'FastFile', shuffle_config: { seed: 7 },
      },
      manifest: { s3_data: 's3://my-bucket/train.manifest', s3_data_type: 'ManifestFile' },
      augmented: { s3_data: 's3://my-bucket/aug.manifest', s3_data_type: 'AugmentedManifestFile', attribute_names: ['source-ref', 'label'], record_wrapping: 'RecordIO', input_mode: 'Pipe' },
      efs: { file_system_id: 'fs-0123456789abcdef0', file_system_type: 'EFS', directory_path: '/data', file_system_access_mode: 'rw' },
      fsx: { file_system_id: 'fs-0123456789abcdef1', file_system_type: 'FSxLustre', directory_path: '/fsx/train', content_type: 'text/csv' },
      plain: 's3://my-bucket/plain/',
    },
  }));
  assert.equal(saved.spec.image_uri, '111122223333.dkr.ecr.us-west-2.amazonaws.com/my-image:latest');
  assert.deepEqual(saved.spec.tags, [{ Key: 'project', Value: 'demo' }]);
  assert.equal(saved.spec.model_uri, 's3://my-bucket/model/model.tar.gz');
  assert.equal(saved.spec.model_channel_name, 'pretrained');
  assert.equal((saved.spec.inputs as Record<string, unknown>).plain, 's3://my-bucket/plain/');
});

test('script mode under network isolation: the code channel becomes source_dir again', () => {
  const saved = roundTrip(estimator({
    framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', enable_network_isolation: true,
    inputs: { train: 's3://my-bucket/train/' },
  }));
  assert.match(String(saved.spec.source_dir), /^s3:\/\/.*sourcedir\.tar\.gz$/);
  assert.deepEqual(Object.keys(saved.spec.inputs as object), ['train']);
});

test('a job in another region gets "region"; the default bucket of that region is still left out', () => {
  const saved = roundTrip(estimator({ image_uri: { framework: 'kmeans' }, hyperparameters: { k: 3, feature_dim: 2 }, inputs: { train: 's3://my-bucket/k/' } }), codeDir,
    { region: 'eu-west-1', connectionRegion: 'eu-west-1' });
  assert.equal(saved.spec.region, undefined);
  const job = describeOf(plan(estimator({ image_uri: { framework: 'kmeans' }, hyperparameters: { k: 3, feature_dim: 2 } }), codeDir, JOB, 'eu-west-1'), 'eu-west-1');
  const other = estimatorFromTrainingJob(job, { region: 'us-east-1' });
  assert.equal(other.spec.region, 'eu-west-1');
  assert.deepEqual(plan(other.text, '/', JOB, 'us-east-1'), plan(estimator({ image_uri: { framework: 'kmeans' }, hyperparameters: { k: 3, feature_dim: 2 } }), codeDir, JOB, 'eu-west-1'));
});

test('what SageMaker (or moto) adds to a description is normalised or flagged, never silently lost', () => {
  const request = plan(estimator({ image_uri: { framework: 'pca' }, hyperparameters: { feature_dim: 4, num_components: 3, mini_batch_size: 200 }, inputs: { train: 's3://my-bucket/t/' } }), codeDir);
  const job = {
    ...describeOf(request),
    // As AWS describes jobs: explicit false flags, default compression, empty KMS key.
    EnableNetworkIsolation: false,
    EnableInterContainerTrafficEncryption: false,
    EnableManagedSpotTraining: false,
    OutputDataConfig: { ...request.OutputDataConfig, KmsKeyId: '', CompressionType: 'GZIP' },
    // The algorithm's own metric definitions (SageMaker adds them for built-in algorithms).
    AlgorithmSpecification: { ...request.AlgorithmSpecification, MetricDefinitions: [{ Name: 'test:mse', Regex: '#quality_metric: host=\\S+, test mse <loss>=(\\S+)' }] },
    ExperimentConfig: { ExperimentName: 'exp' },
    StoppingCondition: { ...request.StoppingCondition, MaxPendingTimeInSeconds: 7200 },
  } as DescribeTrainingJobResponse;
  const saved = estimatorFromTrainingJob(job, { region: REGION, tags: [{ Key: 'team', Value: 'ml' }, { Key: 'aws:sagemaker:domain-arn', Value: 'x' }] });
  assert.deepEqual(saved.unmapped.map((u) => u.split(':')[0]).sort(), ['AlgorithmSpecification.MetricDefinitions', 'ExperimentConfig', 'StoppingCondition.MaxPendingTimeInSeconds', 'Tags']);
  for (const line of saved.unmapped) assert.ok(saved.text.includes(`//   ${line}`), `flagged in the file: ${line}`);
  assert.deepEqual(saved.spec.tags, [{ Key: 'team', Value: 'ml' }]);
  assert.equal(saved.spec.metric_definitions, undefined);
  const again = plan(saved.text, '/');
  for (const field of ['InputDataConfig', 'HyperParameters', 'ResourceConfig', 'OutputDataConfig', 'RoleArn']) assert.deepEqual(again[field], request[field], field);

  // moto writes a canned metric definition over every job's: flagged, not taken as the job's own.
  const pytorch = plan(estimator({ framework: 'pytorch', framework_version: '1.7.1', py_version: 'py3', entry_point: 'train.py', metric_definitions: [{ Name: 'loss', Regex: 'loss: ([0-9.]+)' }] }), codeDir);
  const moto = describeOf(pytorch);
  moto.AlgorithmSpecification!.MetricDefinitions = [{ Name: 'test:dcg', Regex: '#quality_metric: host=\\S+, test dcg <score>=(\\S+)' }];
  const fromMoto = estimatorFromTrainingJob(moto, { region: REGION });
  assert.equal(fromMoto.spec.metric_definitions, undefined);
  assert.match(fromMoto.unmapped.join('\n'), /AlgorithmSpecification\.MetricDefinitions: .*moto/);
});

test('values no estimator argument can give are kept in a comment and listed', () => {
  const request = plan(estimator({ framework: 'pytorch', framework_version: '1.7.1', py_version: 'py3', entry_point: 'train.py', hyperparameters: { epochs: 1 } }), codeDir);
  const job = describeOf(request);
  job.HyperParameters = { ...job.HyperParameters, raw: 'not json' };
  const saved = estimatorFromTrainingJob(job, { region: REGION });
  assert.ok(saved.unmapped.some((u) => u.startsWith('HyperParameters.raw:')), saved.unmapped.join('\n'));
  assert.match(saved.text, /\/\/ {3}HyperParameters\.raw: "not json"/);

  const algorithm = describeOf(plan(estimator({ image_uri: { framework: 'pca' }, hyperparameters: { feature_dim: 4, num_components: 3, mini_batch_size: 200 }, inputs: { train: 's3://my-bucket/t/' } }), codeDir));
  algorithm.AlgorithmSpecification = { AlgorithmName: 'arn:aws:sagemaker:us-east-1:123456789012:algorithm/my-algo', TrainingInputMode: 'File' };
  const fromAlgorithm = estimatorFromTrainingJob(algorithm, { region: REGION });
  assert.ok(fromAlgorithm.unmapped.some((u) => u.startsWith('AlgorithmSpecification.AlgorithmName:')));
});

test('EnableSageMakerMetricsTimeSeries different from the framework default is written explicitly', () => {
  const request = plan(estimator({ framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', enable_sagemaker_metrics: false }), codeDir);
  const saved = estimatorFromTrainingJob(describeOf(request), { region: REGION });
  assert.equal((saved.spec as Record<string, unknown>).enable_sagemaker_metrics, false);
  assert.deepEqual(plan(saved.text, '/'), request);
});
