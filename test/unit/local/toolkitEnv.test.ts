import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberLiteralsFromJson } from '../../../src/core/estimator/hyperparameters';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { compileMetricDefinitions, matchMetrics, pythonRegexToJs } from '../../../src/core/logs/metrics';
import { jobPaths } from '../../../src/core/local/paths';
import { decodeHyperparameter, pyJsonCompact, pyJsonLoads, toCmdArgs } from '../../../src/core/local/pyjson';
import { localHyperparameters, localResourceConfig, toolkitEnvironment } from '../../../src/core/local/toolkitEnv';

const ctx = { jobName: 'job-1', codeDir: '/ws/code', modelDir: '/ws/.sagemaker/local/job-1/model' };

test('hyperparameters.json: str() for the generic estimator without source_dir, json.dumps() otherwise, plus the script-mode entries', () => {
  const hps = { epochs: 10, lr: 0.1, name: 'abc', flag: true, layers: [1, 2] };
  const generic = localHyperparameters({ image_uri: 'img', entry_point: 'train.py', hyperparameters: hps } as EstimatorSpec, ctx);
  assert.deepEqual(generic, {
    epochs: '10',
    lr: '0.1',
    name: 'abc',
    flag: 'True',
    layers: '[1, 2]',
    sagemaker_submit_directory: '"/ws/code"',
    sagemaker_program: '"train.py"',
    sagemaker_container_log_level: '20',
    sagemaker_job_name: '"job-1"',
  });
  const framework = localHyperparameters(
    { framework: 'pytorch', entry_point: 'src/train.py', source_dir: '.', hyperparameters: hps, container_log_level: 'DEBUG' } as EstimatorSpec,
    { ...ctx, region: 'eu-west-1' },
  );
  assert.equal(framework.name, '"abc"');
  assert.equal(framework.flag, 'true');
  assert.equal(framework.layers, '[1, 2]');
  assert.equal(framework.sagemaker_program, '"src/train.py"');
  assert.equal(framework.sagemaker_container_log_level, '10');
  assert.equal(framework.sagemaker_region, '"eu-west-1"');
});

test('a float written 1.0 stays a float (number literals), TensorFlow gets model_dir', () => {
  const text = '{"hyperparameters": {"momentum": 1.0, "epochs": 3}}';
  const hps = localHyperparameters(
    { framework: 'tensorflow', entry_point: 'train.py', hyperparameters: { momentum: 1, epochs: 3 } } as EstimatorSpec,
    { ...ctx, literals: numberLiteralsFromJson(text) },
  );
  assert.equal(hps.momentum, '1.0');
  assert.equal(hps.epochs, '3');
  assert.equal(hps.model_dir, JSON.stringify(ctx.modelDir));
});

test('json.loads semantics: ints, floats, strings that are not JSON, NaN', () => {
  assert.deepEqual(pyJsonLoads('4'), { kind: 'int', value: '4' });
  assert.deepEqual(pyJsonLoads('1.0'), { kind: 'float', value: 1 });
  assert.deepEqual(pyJsonLoads(' [1, "a"] '), { kind: 'list', items: [{ kind: 'int', value: '1' }, { kind: 'str', value: 'a' }] });
  assert.equal(pyJsonLoads('True'), undefined);
  assert.equal(pyJsonLoads('1 2'), undefined);
  assert.deepEqual(decodeHyperparameter('abc'), { kind: 'str', value: 'abc' });
  assert.deepEqual(decodeHyperparameter('NaN'), { kind: 'float', value: NaN });
  assert.deepEqual(pyJsonLoads('{"a": 1, "a": 2}'), { kind: 'dict', entries: [['a', { kind: 'int', value: '2' }]] });
});

test('command-line arguments as mapping.to_cmd_args makes them: sorted, -k for one letter, dicts as k=v', () => {
  const args = toCmdArgs([
    ['epochs', decodeHyperparameter('10')],
    ['b', decodeHyperparameter('2')],
    ['lr', decodeHyperparameter('1.0')],
    ['flag', decodeHyperparameter('true')],
    ['opt', decodeHyperparameter('{"z": 1, "a": "x"}')],
    ['name', decodeHyperparameter('abc')],
  ]);
  assert.deepEqual(args, ['-b', '2', '--epochs', '10', '--flag', 'True', '--lr', '1.0', '--name', 'abc', '--opt', 'a=x,z=1']);
});

test('compact sorted JSON as json.dumps(sort_keys=True, separators=(",", ":"))', () => {
  assert.equal(pyJsonCompact({ b: 1, a: [true, null, 'x'], c: 0.5 }), '{"a":[true,null,"x"],"b":1,"c":0.5}');
  assert.equal(pyJsonCompact('é'), '"\\u00e9"');
});

test('the SM_* environment of the training toolkit', () => {
  const paths = jobPaths('/ws/.sagemaker/local/job-1');
  const hyperparameters = localHyperparameters(
    { framework: 'sklearn', entry_point: 'train.py', source_dir: 'code', hyperparameters: { epochs: 10, 'learning-rate': 0.05, tag: 'x' } } as EstimatorSpec,
    { ...ctx, region: 'us-west-2' },
  );
  const { env, args } = toolkitEnvironment({
    jobName: 'job-1',
    paths,
    hyperparameters,
    inputDataConfig: {
      train: { ContentType: 'text/csv', TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
      test: { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
    },
    resourceConfig: localResourceConfig('local'),
    numCpus: 4,
    numGpus: 0,
    framework: 'sklearn',
  });
  assert.deepEqual(args, ['--epochs', '10', '--learning-rate', '0.05', '--tag', 'x']);
  assert.equal(env.SM_USER_ARGS, '["--epochs","10","--learning-rate","0.05","--tag","x"]');
  assert.equal(env.SM_HPS, '{"epochs":10,"learning-rate":0.05,"tag":"x"}');
  assert.equal(env.SM_HP_EPOCHS, '10');
  assert.equal(env['SM_HP_LEARNING-RATE'], '0.05');
  assert.equal(env.SM_HP_TAG, 'x');
  assert.equal(env.SM_CHANNELS, '["test","train"]');
  assert.equal(env.SM_CHANNEL_TRAIN, `${paths.inputData}/train`);
  assert.equal(env.SM_CHANNEL_TEST, `${paths.inputData}/test`);
  assert.equal(env.SM_MODEL_DIR, paths.model);
  assert.equal(env.SM_OUTPUT_DATA_DIR, paths.outputData);
  assert.equal(env.SM_OUTPUT_DIR, paths.output);
  assert.equal(env.SM_OUTPUT_INTERMEDIATE_DIR, paths.outputIntermediate);
  assert.equal(env.SM_INPUT_DIR, paths.input);
  assert.equal(env.SM_INPUT_CONFIG_DIR, paths.inputConfig);
  assert.equal(env.SM_CURRENT_HOST, 'algo-1');
  assert.equal(env.SM_HOSTS, '["algo-1"]');
  assert.equal(env.SM_NETWORK_INTERFACE_NAME, 'eth0');
  assert.equal(env.SM_NUM_CPUS, '4');
  assert.equal(env.SM_NUM_GPUS, '0');
  assert.equal(env.SM_LOG_LEVEL, '20');
  assert.equal(env.SM_MODULE_NAME, 'train');
  assert.equal(env.SM_USER_ENTRY_POINT, 'train.py');
  assert.equal(env.SM_MODULE_DIR, '/ws/code');
  assert.equal(env.SM_FRAMEWORK_MODULE, 'sagemaker_sklearn_container.training:main');
  assert.equal(env.SM_FRAMEWORK_PARAMS, '{}');
  assert.equal(env.SM_CURRENT_INSTANCE_TYPE, 'local');
  assert.equal(env.SM_IS_HETERO, 'false');
  assert.equal(env.SAGEMAKER_REGION, 'us-west-2');
  assert.equal(env.TRAINING_JOB_NAME, 'job-1');
  assert.equal(JSON.parse(env.SM_INPUT_DATA_CONFIG).train.ContentType, 'text/csv');
  assert.equal(JSON.parse(env.SM_RESOURCE_CONFIG).current_host, 'algo-1');
  const training = JSON.parse(env.SM_TRAINING_ENV);
  assert.deepEqual(Object.keys(training), Object.keys(training).sort());
  assert.deepEqual(training.hyperparameters, { epochs: 10, 'learning-rate': 0.05, tag: 'x' });
  assert.deepEqual(training.channel_input_dirs, { test: `${paths.inputData}/test`, train: `${paths.inputData}/train` });
  assert.equal(training.job_name, 'job-1');
  assert.equal(training.module_name, 'train');
  assert.equal(training.is_master, true);
  assert.equal(training.master_hostname, 'algo-1');
  assert.equal(training.num_cpus, 4);
});

test('metric definitions: first group, Python named groups, bad regexes reported', () => {
  assert.equal(pythonRegexToJs('loss=(?P<v>[0-9.]+) (?P=v)'), 'loss=(?<v>[0-9.]+) \\k<v>');
  const { metrics, problems } = compileMetricDefinitions([
    { Name: 'loss', Regex: 'loss=([0-9.eE+-]+)' },
    { Name: 'acc', Regex: 'acc: (?P<acc>[0-9.]+)' },
    { Name: 'bad', Regex: '([' },
  ]);
  assert.equal(metrics.length, 2);
  assert.match(problems[0], /bad/);
  assert.deepEqual(matchMetrics('epoch 1 loss=0.25 acc: 0.9', metrics, 5).map((m) => [m.name, m.value, m.timestamp]), [['loss', 0.25, 5], ['acc', 0.9, 5]]);
  assert.deepEqual(matchMetrics('nothing here', metrics), []);
});
