/**
 * `None` means "not set": JSON null on an argument whose SDK v2 default is None behaves exactly as if the key
 * were absent (src/core/estimator/normalize.ts), and a null hyperparameter is sent as the SDK sends None.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEstimator } from '../../../src/core/estimator/load';
import {
  NONE_DEFAULT_DEPLOY_KEYS,
  NONE_DEFAULT_ESTIMATOR_KEYS,
  NONE_DEFAULT_FILE_SYSTEM_INPUT_KEYS,
  NONE_DEFAULT_TRAINING_INPUT_KEYS,
} from '../../../src/core/estimator/normalize';
import { planEstimator } from '../../../src/core/estimator/plan';
import { estimatorSchema } from '../../../src/core/estimator/estimatorSchema';

const ENV = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket' };
const OPTIONS = { fileName: 'estimator.json', env: ENV, workspaceFolder: '/work/project' };
const CONTEXT = { region: 'us-east-1', account: '123456789012', baseDir: '/work/project', now: new Date('2026-01-02T03:04:05.678Z') };

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'examples', 'linear-learner', 'estimator.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('examples/ not found above ' + __dirname);
  }
}

function plan(text: string) {
  const loaded = loadEstimator(text, OPTIONS);
  assert.deepEqual(loaded.diagnostics.filter(d => d.severity === 'error'), [], 'no error diagnostics');
  const planned = planEstimator(text, loaded.spec!, CONTEXT);
  assert.deepEqual(planned.diagnostics, []);
  return planned.plan!;
}

const BASE = {
  image_uri: '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1',
  role: '${env:SAGEMAKER_ROLE}',
  instance_count: 1,
  instance_type: 'ml.m5.large',
  hyperparameters: { predictor_type: 'regressor', feature_dim: 3 },
  inputs: { train: { s3_data: 's3://my-bucket/train/', content_type: 'text/csv' } },
  deploy: { initial_instance_count: 1, instance_type: 'ml.m5.large' },
};

const typesOf = (schema: unknown): string[] => {
  const type = (schema as { type?: string | string[] }).type;
  return Array.isArray(type) ? type : type === undefined ? [] : [type];
};

test("sagemaker/inputs.py TrainingInput.__init__ (compression=None, record_wrapping=None): the seed's linear learner with record_wrapping: null, compression: null plans cleanly, as if they were absent", () => {
  const seed = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'examples', 'linear-learner', 'estimator.json'), 'utf8'));
  const withNulls = structuredClone(seed);
  for (const channel of Object.values(withNulls.inputs) as Record<string, unknown>[]) Object.assign(channel, { record_wrapping: null, compression: null });
  assert.deepEqual(plan(JSON.stringify(withNulls, null, 2)).request, plan(JSON.stringify(seed, null, 2)).request);
});

test('sagemaker/estimator.py EstimatorBase.__init__ / Framework.__init__: every argument defaulting to None accepts null as if absent', () => {
  const expected = loadEstimator(JSON.stringify(BASE), OPTIONS).spec;
  assert.ok(expected);
  for (const key of NONE_DEFAULT_ESTIMATOR_KEYS) {
    const loaded = loadEstimator(JSON.stringify({ ...BASE, [key]: null }), OPTIONS);
    const errors = loaded.diagnostics.filter(d => d.severity === 'error');
    // Without the key some arguments are required (role, image_uri, ...): null must give the same problems.
    const without = loadEstimator(JSON.stringify({ ...BASE, [key]: undefined }), OPTIONS);
    assert.deepEqual(errors.map(d => d.code), without.diagnostics.filter(d => d.severity === 'error').map(d => d.code), `${key}: null`);
    assert.deepEqual(loaded.spec, without.spec, `${key}: null`);
  }
});

test('sagemaker/inputs.py TrainingInput.__init__ and FileSystemInput.__init__: None-default channel arguments accept null', () => {
  for (const key of NONE_DEFAULT_TRAINING_INPUT_KEYS) {
    const loaded = loadEstimator(JSON.stringify({ ...BASE, inputs: { train: { s3_data: 's3://my-bucket/train/', [key]: null } } }), OPTIONS);
    assert.deepEqual(loaded.diagnostics.filter(d => d.severity === 'error'), [], `inputs.train.${key}: null`);
    assert.deepEqual(loaded.spec?.inputs, { train: { s3_data: 's3://my-bucket/train/' } });
  }
  const fileSystem = { file_system_id: 'fs-0123456789abcdef0', file_system_type: 'EFS', directory_path: '/data', content_type: null };
  const loaded = loadEstimator(JSON.stringify({ ...BASE, subnets: ['subnet-0123abcd'], security_group_ids: ['sg-0123abcd'], inputs: { train: fileSystem } }), OPTIONS);
  assert.deepEqual(loaded.diagnostics.filter(d => d.severity === 'error'), []);
  assert.equal('content_type' in (loaded.spec?.inputs as Record<string, object>).train, false);
});

test('sagemaker/estimator.py EstimatorBase.deploy: None-default deploy arguments accept null', () => {
  for (const key of NONE_DEFAULT_DEPLOY_KEYS) {
    const loaded = loadEstimator(JSON.stringify({ ...BASE, deploy: { ...BASE.deploy, [key]: null } }), OPTIONS);
    const without = loadEstimator(JSON.stringify({ ...BASE, deploy: { ...BASE.deploy, [key]: undefined } }), OPTIONS);
    assert.deepEqual(loaded.diagnostics.map(d => d.code), without.diagnostics.map(d => d.code), `deploy.${key}: null`);
    assert.deepEqual(loaded.spec?.deploy, without.spec?.deploy, `deploy.${key}: null`);
  }
});

test('null stays refused where the SDK default is not None (volume_size=30, input_mode="File", s3_data_type="S3Prefix")', () => {
  for (const [doc, field] of [
    [{ ...BASE, volume_size: null }, 'volume_size'],
    [{ ...BASE, input_mode: null }, 'input_mode'],
    [{ ...BASE, inputs: { train: { s3_data: 's3://my-bucket/train/', s3_data_type: null } } }, 's3_data_type'],
  ] as const) {
    const loaded = loadEstimator(JSON.stringify(doc), OPTIONS);
    assert.ok(loaded.diagnostics.some(d => d.severity === 'error' && d.path.includes(field)), `${field}: null is refused`);
  }
});

test('the schema (for the editor) allows null on exactly the None-default keys of normalize.ts', () => {
  const schema = estimatorSchema as { properties: Record<string, unknown>; definitions: Record<string, { properties: Record<string, unknown> }> };
  const sections: [Record<string, unknown>, readonly string[]][] = [
    [schema.properties, NONE_DEFAULT_ESTIMATOR_KEYS],
    [schema.definitions.trainingInput.properties, NONE_DEFAULT_TRAINING_INPUT_KEYS],
    [schema.definitions.fileSystemInput.properties, NONE_DEFAULT_FILE_SYSTEM_INPUT_KEYS],
    [schema.definitions.deploy.properties, NONE_DEFAULT_DEPLOY_KEYS],
  ];
  for (const [properties, keys] of sections) {
    for (const [key, property] of Object.entries(properties)) {
      assert.equal(typesOf(property).includes('null'), keys.includes(key), `${key}: null allowed iff its SDK default is None`);
    }
  }
});

test('sagemaker/estimator.py Estimator.set_hyperparameters: a null hyperparameter is str(None) = "None" for the generic Estimator', () => {
  const request = plan(JSON.stringify({ ...BASE, hyperparameters: { ...BASE.hyperparameters, l1: null } })).request;
  assert.equal(request.HyperParameters?.l1, 'None');
});

test('sagemaker/estimator.py EstimatorBase._json_encode_hyperparameters: a null hyperparameter is json.dumps(None) = "null" with a source_dir and for framework estimators', () => {
  const generic = plan(JSON.stringify({
    image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-image:latest', role: '${env:SAGEMAKER_ROLE}', instance_count: 1, instance_type: 'ml.m5.large',
    entry_point: 'train.py', source_dir: 's3://my-bucket/code/sourcedir.tar.gz', hyperparameters: { lr: null },
  })).request;
  assert.equal(generic.HyperParameters?.lr, 'null');
  const pytorch = plan(JSON.stringify({
    framework: 'pytorch', framework_version: '2.1', py_version: 'py310', role: '${env:SAGEMAKER_ROLE}', instance_count: 1, instance_type: 'ml.m5.large',
    entry_point: 'train.py', source_dir: 's3://my-bucket/code/sourcedir.tar.gz', hyperparameters: { lr: null },
  })).request;
  assert.equal(pytorch.HyperParameters?.lr, 'null');
});
