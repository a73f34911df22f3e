/**
 * The SDK v2's default Debugger hook and profiler, case by case. Each test names the SDK function it mirrors
 * (sagemaker-python-sdk v2.257, src/sagemaker/estimator.py and src/sagemaker/fw_utils.py).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrainingJobRequest, PlanError } from '../../../src/core/estimator/request';
import type { EstimatorSpec } from '../../../src/core/estimator/types';

const CTX = { region: 'us-west-2', account: '123456789012', now: new Date('2024-01-31T09:05:07.042Z'), baseDir: '/nowhere' };
const GENERIC: EstimatorSpec = {
  image_uri: '123456789012.dkr.ecr.us-west-2.amazonaws.com/my-algo:1',
  role: 'SageMakerRole',
  instance_count: 1,
  instance_type: 'ml.m5.xlarge',
};
const OUTPUT = 's3://sagemaker-us-west-2-123456789012/';

function plan(spec: EstimatorSpec, region = 'us-west-2'): Record<string, unknown> {
  return buildTrainingJobRequest(spec, { ...CTX, region }).request as unknown as Record<string, unknown>;
}

function planError(spec: EstimatorSpec, region = 'us-west-2'): PlanError {
  try {
    buildTrainingJobRequest(spec, { ...CTX, region });
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  assert.fail('the plan was expected to fail');
}

// estimator.py EstimatorBase._validate_and_set_debugger_configs (the hook) and _prepare_profiler_for_training
// (ProfilerConfig(s3_output_path=self.output_path)), both sent by _TrainingJob._get_train_args.
test('a generic estimator gets the default hook and profiler at the output path', () => {
  const request = plan(GENERIC);
  assert.deepEqual(request.DebugHookConfig, { S3OutputPath: OUTPUT, CollectionConfigurations: [] });
  assert.deepEqual(request.ProfilerConfig, { S3OutputPath: OUTPUT, DisableProfiler: false });
});

// Same functions: the default output is the estimator's output_path, not the default bucket.
test('the defaults follow output_path', () => {
  const request = plan({ ...GENERIC, output_path: 's3://my-bucket/out' });
  assert.deepEqual(request.DebugHookConfig, { S3OutputPath: 's3://my-bucket/out', CollectionConfigurations: [] });
  assert.deepEqual(request.ProfilerConfig, { S3OutputPath: 's3://my-bucket/out', DisableProfiler: false });
});

// EstimatorBase.__init__ keeps debugger_hook_config=False; _validate_and_set_debugger_configs then adds nothing.
test('debugger_hook_config: false sends no hook, the profiler stays', () => {
  const request = plan({ ...GENERIC, debugger_hook_config: false });
  assert.ok(!('DebugHookConfig' in request));
  assert.deepEqual(request.ProfilerConfig, { S3OutputPath: OUTPUT, DisableProfiler: false });
});

// _prepare_profiler_for_training: disable_profiler leaves profiler_config None, then ProfilerConfig(disable_profiler=True),
// whose _to_request_dict (debugger/profiler_config.py) drops S3OutputPath.
test('disable_profiler: true sends {DisableProfiler: true}, the hook stays', () => {
  const request = plan({ ...GENERIC, disable_profiler: true });
  assert.deepEqual(request.ProfilerConfig, { DisableProfiler: true });
  assert.deepEqual(request.DebugHookConfig, { S3OutputPath: OUTPUT, CollectionConfigurations: [] });
});

// EstimatorBase.__init__: `_instance_type_supports_profiler(self.instance_type)` (true for ml.trn*) sets disable_profiler.
test('Trainium instances get the profiler turned off', () => {
  for (const instanceType of ['ml.trn1.32xlarge', 'ml.trn1n.32xlarge', 'ml.trn2.48xlarge']) {
    const request = plan({ ...GENERIC, instance_type: instanceType });
    assert.deepEqual(request.ProfilerConfig, { DisableProfiler: true }, instanceType);
    assert.deepEqual(request.DebugHookConfig, { S3OutputPath: OUTPUT, CollectionConfigurations: [] }, instanceType);
  }
  assert.deepEqual(plan({ ...GENERIC, instance_type: 'ml.inf2.xlarge' }).ProfilerConfig, { S3OutputPath: OUTPUT, DisableProfiler: false });
});

// fw_utils.DEBUGGER_UNSUPPORTED_REGIONS / PROFILER_UNSUPPORTED_REGIONS: no hook, profiler disabled.
test('regions without Debugger: no hook, the profiler disabled', () => {
  for (const region of ['ap-southeast-3', 'me-central-1', 'us-gov-east-1', 'eu-central-2']) {
    const request = plan(GENERIC, region);
    assert.ok(!('DebugHookConfig' in request), region);
    assert.deepEqual(request.ProfilerConfig, { DisableProfiler: true }, region);
  }
  // `True` becomes `{}`, which Python finds false: no error, no hook.
  assert.ok(!('DebugHookConfig' in plan({ ...GENERIC, debugger_hook_config: true }, 'me-central-1')));
});

// _validate_and_set_debugger_configs: "Current region does not support debugger but debugger hook config is set!"
test('a hook asked for in a region without Debugger is refused at debugger_hook_config', () => {
  const error = planError({ ...GENERIC, debugger_hook_config: { s3_output_path: 's3://b/debug' } }, 'me-central-1');
  assert.deepEqual(error.path, ['debugger_hook_config']);
  assert.match(error.message, /me-central-1 has no SageMaker Debugger/);
});

// _prepare_profiler_for_training: "profiler_config.disable_profiler cannot be False when disable_profiler is True."
test('a profiler_config where the SDK turns the profiler off is refused at profiler_config', () => {
  const onTrainium = planError({ ...GENERIC, instance_type: 'ml.trn1.2xlarge', profiler_config: { system_monitor_interval_millis: 500 } });
  assert.deepEqual(onTrainium.path, ['profiler_config']);
  assert.match(onTrainium.message, /Trainium/);
  const disabled = planError({ ...GENERIC, disable_profiler: true, profiler_config: { s3_output_path: 's3://b/p' } });
  assert.deepEqual(disabled.path, ['profiler_config']);
  // Disabled on both sides is what the SDK accepts.
  assert.deepEqual(plan({ ...GENERIC, disable_profiler: true, profiler_config: { disable_profiler: true } }).ProfilerConfig, { DisableProfiler: true });
});

// Framework._validate_and_set_debugger_configs: checkpoints with a distributed PyTorch job drop the default hook too.
test('PyTorch with checkpoints drops the default hook, keeps the profiler', () => {
  const request = plan({
    framework: 'pytorch', framework_version: '2.0.1', py_version: 'py310', entry_point: 's3://b/train.py',
    source_dir: 's3://b/code.tar.gz', role: 'r', instance_count: 2, instance_type: 'ml.g5.xlarge',
    checkpoint_s3_uri: 's3://b/ckpt', checkpoint_local_path: '/opt/ml/checkpoints',
  });
  assert.ok(!('DebugHookConfig' in request));
  assert.deepEqual(request.ProfilerConfig, { S3OutputPath: OUTPUT, DisableProfiler: false });
});

// tensorflow/estimator.py TensorFlow._validate_and_set_debugger_configs: no hook with parameter servers.
test('TensorFlow with parameter servers drops the default hook', () => {
  const request = plan({
    framework: 'tensorflow', framework_version: '2.13', py_version: 'py310', entry_point: 'train.py',
    source_dir: 's3://b/code.tar.gz', role: 'r', instance_count: 2, instance_type: 'ml.c5.xlarge',
    distribution: { parameter_server: { enabled: true } },
  });
  assert.ok(!('DebugHookConfig' in request));
  assert.deepEqual(request.ProfilerConfig, { S3OutputPath: OUTPUT, DisableProfiler: false });
});
