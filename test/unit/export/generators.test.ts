import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { buildTrainingJobRequest } from '../../../src/core/estimator/request';
import { exportEstimator } from '../../../src/core/export/index';
import { LOCAL_MODE_ROLE } from '../../../src/core/export/sdkV2';
import { tempDir } from '../tempDir';

const ctx = { region: 'us-west-2', account: '123456789012', baseDir: __dirname, now: new Date('2024-01-31T09:05:07.042Z') };

test('sdk-v2: a framework file becomes its class with the file\'s arguments, fit() with TrainingInput as written', () => {
  const spec: EstimatorSpec = {
    framework: 'pytorch', framework_version: '2.0.1', py_version: 'py310', entry_point: 'train.py', role: 'MyRole',
    instance_type: 'ml.m5.xlarge', instance_count: 2, region: 'eu-west-1',
    inputs: { train: 's3://b/train', test: { s3_data: 's3://b/test', content_type: 'text/csv', shuffle_config: { seed: 7 } } },
    job_name: 'my-job',
  };
  const python = exportEstimator('sdk-v2', { spec, fileName: 'estimator.json' });
  assert.match(python, /^import boto3\nimport sagemaker\nimport sagemaker\.inputs\nimport sagemaker\.pytorch$/m);
  assert.match(python, /session = sagemaker\.Session\(boto_session=boto3\.Session\(region_name="eu-west-1"\)\)/);
  assert.match(python, /estimator = sagemaker\.pytorch\.PyTorch\(\n {4}framework_version="2\.0\.1",\n {4}py_version="py310",\n {4}entry_point="train\.py",\n {4}role="MyRole",/);
  assert.match(python, /"train": "s3:\/\/b\/train"/);
  assert.match(python, /sagemaker\.inputs\.TrainingInput\(\s*s3_data="s3:\/\/b\/test",\s*content_type="text\/csv",\s*shuffle_config=sagemaker\.inputs\.ShuffleConfig\(seed=7\),?\s*\)/);
  assert.match(python, /job_name="my-job"/);
  assert.doesNotMatch(python, /framework=|region=/);
});

test('sdk-v2: local mode uses LocalSession with local code, keeps file:// data, and says why the role is a placeholder', () => {
  const spec: EstimatorSpec = { framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', instance_type: 'local', inputs: { train: 'data' } };
  const python = exportEstimator('sdk-v2', { spec, fileName: 'estimator.json' });
  assert.match(python, /# Local mode \("instance_type": "local"\): LocalSession runs the job in Docker/);
  assert.match(python, /session = sagemaker\.local\.LocalSession\(\)\nsession\.config = \{"local": \{"local_code": True\}\}/);
  assert.ok(python.includes(`role="${LOCAL_MODE_ROLE}"`));
  assert.match(python, /# The file has no role/);
  assert.match(python, /"train": "file:\/\/data"/);
});

test('sdk-v2: a built-in algorithm is the generic Estimator with image_uris.retrieve and names its own class in a comment', () => {
  const spec: EstimatorSpec = { image_uri: { framework: 'pca' }, role: 'R', instance_type: 'ml.m4.xlarge', instance_count: 1, hyperparameters: { feature_dim: 4 } };
  const python = exportEstimator('sdk-v2', { spec, fileName: 'estimator.json' });
  assert.match(python, /# The built-in algorithm's own class, sagemaker\.PCA,/);
  assert.match(python, /image_uri=sagemaker\.image_uris\.retrieve\(\s*framework="pca",\s*region=session\.boto_region_name,\s*instance_type="ml\.m4\.xlarge",?\s*\)/);
  assert.match(python, /^import sagemaker\.image_uris$/m);
});

test('sdk-v3: ModelTrainer with its configs; what v3 has no place for is named in a comment with its value', () => {
  const spec: EstimatorSpec = {
    image_uri: 'img:1', role: 'R', instance_type: 'ml.m5.xlarge', instance_count: 1, max_run: 3600, model_uri: 's3://b/model.tar.gz',
    output_path: 's3://b/out', subnets: ['s-1'], security_group_ids: ['sg-1'], inputs: { train: { s3_data: 's3://b/t', input_mode: 'Pipe' } },
  };
  const python = exportEstimator('sdk-v3', { spec, fileName: 'estimator.json' });
  assert.match(python, /model_trainer = sagemaker\.train\.ModelTrainer\(/);
  assert.match(python, /training_image="img:1"/);
  assert.match(python, /stopping_condition=sagemaker\.train\.configs\.StoppingCondition\(max_runtime_in_seconds=3600\)/);
  assert.match(python, /output_data_config=sagemaker\.train\.configs\.OutputDataConfig\(s3_output_path="s3:\/\/b\/out"\)/);
  assert.match(python, /# model_uri = "s3:\/\/b\/model\.tar\.gz": ModelTrainer in SDK v3 has no equivalent/);
  assert.match(python, /# inputs\.train\.input_mode = "Pipe": InputData in SDK v3 has no/);
  assert.match(python, /model_trainer\.train\(\s*input_data_config=\[sagemaker\.train\.configs\.InputData\(channel_name="train", data_source="s3:\/\/b\/t"\)\],/);
});

test('boto3: exactly the planned request, and the uploads boto3 will not make, at the top', () => {
  const data = path.join(tempDir('sagemaker-export-boto3-'), 'train.csv');
  fs.writeFileSync(data, '1,2\n');
  const spec: EstimatorSpec = { image_uri: 'img:1', role: 'R', instance_type: 'ml.m5.xlarge', instance_count: 1, inputs: { train: data } };
  const plan = buildTrainingJobRequest(spec, ctx);
  const python = exportEstimator('boto3', { spec, fileName: 'estimator.json', plan, region: 'us-west-2' });
  assert.match(python, /^# boto3 uploads nothing: before running this, upload what the extension's launch would upload:\n# {3}\S+\/train\.csv \(channel train\) -> s3:\/\/sagemaker-us-west-2-123456789012\//m);
  assert.match(python, /sagemaker_client = boto3\.client\("sagemaker", region_name="us-west-2"\)\nresponse = sagemaker_client\.create_training_job\(\*\*request\)/);
  const literal = /request = (\{[\s\S]*?\n\})\n/.exec(python)![1]!;
  const asJson = literal.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/,(\s*[}\]])/g, '$1');
  assert.deepEqual(JSON.parse(asJson), JSON.parse(JSON.stringify(plan.request)));
  assert.throws(() => exportEstimator('boto3', { spec, fileName: 'estimator.json' }), /needs the planned request/);
});
