import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHyperparameter, frameworkFromImage, frameworkVersionFromTag, scriptModeOf } from '../../../src/core/deploy/frameworkImage';
import { checkInstanceCount, checkInstanceType, checkMaxConcurrency, checkResourceName, hasCapacity, withCapacity } from '../../../src/core/deploy/choices';
import { endpointLogGroup, endpointLogsConsoleUrl } from '../../../src/core/facts';
import { matchEstimators } from '../../../src/core/deploy/matchEstimator';
import type { TrainingJobDescription } from '../../../src/core/deploy/plan';

test('framework_name_from_image: official framework images, legacy and xgboost; built-ins are none', () => {
  assert.deepEqual(frameworkFromImage('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.7.1-cpu-py3'), { framework: 'pytorch', version: '1.7.1', pyVersion: 'py3' });
  assert.deepEqual(frameworkFromImage('763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.0.1-gpu-py310'), { framework: 'pytorch', version: '2.0.1', pyVersion: 'py310' });
  assert.deepEqual(frameworkFromImage('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3'), { framework: 'sklearn', version: '1.2-1', pyVersion: 'py3' });
  assert.deepEqual(frameworkFromImage('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'), { framework: 'xgboost', version: '1.7-1', pyVersion: 'py3' });
  assert.deepEqual(frameworkFromImage('520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-mxnet-py3-cpu:1.0'), { framework: 'mxnet', version: '1.0', pyVersion: 'py3' });
  assert.deepEqual(frameworkFromImage('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:1.13.1-transformers4.26.0-gpu-py39-cu117-ubuntu20.04')?.framework, 'huggingface');
  assert.equal(frameworkFromImage('382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1'), undefined);
  assert.equal(frameworkFromImage('my-image:latest'), undefined);
  assert.equal(frameworkVersionFromTag('1.7.1-cpu-py3'), '1.7.1');
  assert.equal(frameworkVersionFromTag('latest'), undefined);
});

test('script mode from the hyperparameters the framework estimators JSON-encode', () => {
  assert.deepEqual(scriptModeOf({ sagemaker_program: '"train.py"', sagemaker_submit_directory: '"s3://b/j/source/sourcedir.tar.gz"', sagemaker_container_log_level: '20' }),
    { program: 'train.py', submitDirectory: 's3://b/j/source/sourcedir.tar.gz', containerLogLevel: 20 });
  assert.equal(scriptModeOf({ feature_dim: '4' }), undefined);
  assert.equal(scriptModeOf(undefined), undefined);
  assert.equal(decodeHyperparameter('not json'), 'not json');
});

test('deploy questions: checks of the answers', () => {
  assert.equal(checkInstanceType('ml.m5.large'), undefined);
  assert.match(checkInstanceType('m5.large')!, /ml\.\*/);
  assert.match(checkInstanceType('local')!, /Local mode/);
  assert.equal(checkInstanceCount('3'), undefined);
  assert.ok(checkInstanceCount('0'));
  assert.ok(checkInstanceCount('1.5'));
  assert.equal(checkMaxConcurrency('200'), undefined);
  assert.ok(checkMaxConcurrency('201'));
  assert.equal(checkResourceName(''), undefined);
  assert.equal(checkResourceName('my-endpoint-1'), undefined);
  assert.ok(checkResourceName('-bad'));
  assert.ok(checkResourceName('a'.repeat(64)));
  assert.equal(hasCapacity({ instance_type: 'ml.m5.large', initial_instance_count: 1 }), true);
  assert.equal(hasCapacity({ endpoint_name: 'x' }), false);
  assert.equal(hasCapacity({ serverless_inference_config: {} }), true);
  assert.deepEqual(withCapacity({ endpoint_name: 'x', instance_type: 'ml.c5.large' }, { serverless: { memory: 1024, maxConcurrency: 2 } }),
    { endpoint_name: 'x', serverless_inference_config: { memory_size_in_mb: 1024, max_concurrency: 2 } });
  assert.deepEqual(withCapacity(undefined, { instanceType: 'ml.m5.large', count: 2 }), { instance_type: 'ml.m5.large', initial_instance_count: 2 });
});

test('links to an endpoint\'s logs', () => {
  assert.equal(endpointLogGroup('e1'), '/aws/sagemaker/Endpoints/e1');
  assert.equal(endpointLogsConsoleUrl('us-east-1', 'e1'), 'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Fsagemaker$252FEndpoints$252Fe1');
});

test('which estimator file a job came from', () => {
  const job = {
    TrainingJobName: 'pca-2026-11-20-08-00-00-001',
    AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
  } as unknown as TrainingJobDescription;
  const candidates = [
    { source: 'linear/estimator.json', spec: { image_uri: { framework: 'linear-learner' }, base_job_name: 'linear-learner' } },
    { source: 'pca/estimator.json', spec: { image_uri: { framework: 'pca' }, base_job_name: 'pca' } },
    { source: 'pca-csv/estimator.json', spec: { image_uri: { framework: 'pca' }, base_job_name: 'pca-csv' } },
    { source: 'named/estimator.json', spec: { image_uri: 'x', job_name: 'pca-2026-11-20-08-00-00-001' } },
  ];
  const matches = matchEstimators(job, candidates, 'us-east-1');
  assert.deepEqual(matches.map(m => m.source), ['named/estimator.json', 'pca/estimator.json']);
  assert.deepEqual(matches[1]!.reasons, ['image', 'base_job_name']);
  assert.deepEqual(matchEstimators(job, candidates.slice(0, 1), 'us-east-1'), []);
});
