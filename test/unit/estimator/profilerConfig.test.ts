/**
 * The SageMaker Python SDK v2's ProfilerConfig checks (v2.257.6), case by case, each naming the SDK file
 * and function it mirrors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEstimator } from '../../../src/core/estimator/load';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';

function diagnostics(extra: Record<string, unknown>) {
  const value = {
    framework: 'pytorch', framework_version: '1.13.1', py_version: 'py39', entry_point: 'train.py',
    role: ROLE, instance_count: 1, instance_type: 'ml.g5.xlarge', region: 'us-east-1', ...extra,
  };
  return loadEstimator(JSON.stringify(value, null, 2), { fileName: 'estimator.json', env: {}, region: 'us-east-1' }).diagnostics;
}

const summary = (extra: Record<string, unknown>): string[] => diagnostics(extra).map(d => `${d.severity} ${d.code} ${d.path.join('.')}`);

test('debugger/profiler_config.py ProfilerConfig.__init__: profile_params and framework_profile_params together are refused', () => {
  const both = { profiler_config: { profiling_parameters: { DataloaderProfilingConfig: '{}' }, framework_profile_params: { DetailedProfilingConfig: '{}' } } };
  assert.deepEqual(summary(both), ['error debugger profiler_config.profiling_parameters']);
  assert.deepEqual(summary({ profiler_config: { profiling_parameters: { DataloaderProfilingConfig: '{}' } } }), []);
});

test('debugger/profiler_config.py ProfilerConfig.__init__: framework_profile_params alone is deprecated (a note)', () => {
  assert.deepEqual(summary({ profiler_config: { framework_profile_params: { DetailedProfilingConfig: '{}' } } }), ['info debugger profiler_config.framework_profile_params']);
});

test('fw_utils.profiler_config_deprecation_warning: no framework metrics from PyTorch 2.0 and TensorFlow 2.12', () => {
  const params = { profiler_config: { framework_profile_params: { DetailedProfilingConfig: '{}' } } };
  assert.deepEqual(summary({ ...params, framework_version: '2.0.1', py_version: 'py310' }), ['warning debugger profiler_config.framework_profile_params']);
  assert.match(diagnostics({ ...params, framework_version: '2.0.1', py_version: 'py310' })[0].message, /no framework metrics/);
  const tf = { ...params, framework: 'tensorflow', py_version: 'py310', instance_type: 'ml.c5.xlarge' };
  assert.deepEqual(summary({ ...tf, framework_version: '2.12.0' }), ['warning debugger profiler_config.framework_profile_params']);
  assert.deepEqual(summary({ ...tf, framework_version: '2.11.0', py_version: 'py39' }), ['info debugger profiler_config.framework_profile_params']);
});

test('ProfilerConfig system_monitor_interval_millis: the documented values (100, 200, 500, 1000, 5000, 60000)', () => {
  assert.deepEqual(summary({ profiler_config: { system_monitor_interval_millis: 500 } }), []);
  assert.deepEqual(summary({ profiler_config: { system_monitor_interval_millis: 300 } }).map(s => s.split(' ')[0]), ['error']);
});

test('estimator.py EstimatorBase._validate_and_set_debugger_configs: profiler_config.disable_profiler cannot be False when disable_profiler is True', () => {
  assert.deepEqual(summary({ disable_profiler: true, profiler_config: { disable_profiler: false } }), ['error debugger profiler_config.disable_profiler']);
});
