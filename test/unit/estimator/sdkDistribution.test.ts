/**
 * The SageMaker Python SDK v2's framework checks (sagemaker-python-sdk v2.257.6), case by case: each
 * test names the SDK file and function it mirrors. The SDK compares framework versions as strings,
 * so "2.3" is refused where "2.3.0" is accepted; so do we.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEstimator } from '../../../src/core/estimator/load';
import type { EstimatorDiagnostic } from '../../../src/core/estimator/types';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';

function pytorch(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    framework: 'pytorch', framework_version: '2.3.0', py_version: 'py311', entry_point: 'train.py',
    role: ROLE, instance_count: 2, instance_type: 'ml.p4d.24xlarge', region: 'us-east-1', ...extra,
  };
}

function tensorflow(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...pytorch(), framework: 'tensorflow', framework_version: '2.11.0', py_version: 'py39', instance_type: 'ml.p3.16xlarge', ...extra };
}

function problems(value: Record<string, unknown>): EstimatorDiagnostic[] {
  const text = JSON.stringify(value, null, 2);
  return loadEstimator(text, { fileName: 'estimator.json', env: {}, region: 'us-east-1' }).diagnostics;
}

/** The diagnostics as `severity code path`, and the text under each one's range (to prove the range). */
function summary(value: Record<string, unknown>): string[] {
  return problems(value).map(d => `${d.severity} ${d.code} ${d.path.join('.')}`);
}

function only(value: Record<string, unknown>): EstimatorDiagnostic {
  const list = problems(value);
  assert.equal(list.length, 1, JSON.stringify(list.map(d => d.message)));
  return list[0];
}

function textAt(value: Record<string, unknown>, d: EstimatorDiagnostic): string {
  const lines = JSON.stringify(value, null, 2).split('\n');
  assert.equal(d.range.start.line, d.range.end.line);
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

const torchDistributed = { torch_distributed: { enabled: true } };

// fw_utils.validate_torch_distributed_distribution -----------------------------------------------

test('fw_utils.validate_torch_distributed_distribution: GPU versions compared as written ("2.3" refused, "2.3.0" accepted), at framework_version, naming the supported list', () => {
  assert.deepEqual(summary(pytorch({ distribution: torchDistributed })), []);
  const value = pytorch({ framework_version: '2.3', distribution: torchDistributed });
  const d = only(value);
  assert.equal(d.code, 'distribution');
  assert.deepEqual(d.path, ['framework_version']);
  assert.equal(textAt(value, d), '"2.3"');
  assert.match(d.message, /"1\.13\.1", "2\.0\.0", .*"2\.3\.0", "2\.3\.1", .*"2\.8\.0"/);
  assert.match(d.message, /ml\.p4d\.24xlarge/);
});

test('fw_utils.validate_torch_distributed_distribution + _is_trainium_instance: the Trainium version list', () => {
  const value = pytorch({ instance_type: 'ml.trn1.32xlarge', framework_version: '2.1.2', py_version: 'py310', distribution: torchDistributed });
  const versionProblems = problems(value).filter(d => d.code === 'distribution');
  assert.deepEqual(versionProblems.map(d => d.path), [['framework_version']]);
  assert.match(versionProblems[0].message, /Trainium.*"1\.11", "1\.11\.0", "1\.12", "1\.12\.0", "1\.12\.1", "1\.13\.1", "2\.0\.0"/);
});

test('fw_utils.validate_torch_distributed_distribution + _is_gpu_instance: only GPU and Trainium instance types, at instance_type', () => {
  const value = pytorch({ instance_type: 'ml.c5.xlarge', distribution: torchDistributed });
  const d = only(value);
  assert.deepEqual(d.path, ['instance_type']);
  assert.equal(textAt(value, d), '"ml.c5.xlarge"');
  assert.match(d.message, /GPU .*Trainium/);
  assert.deepEqual(summary(pytorch({ instance_type: 'ml.g5.12xlarge', distribution: torchDistributed })), []);
});

test('fw_utils.validate_torch_distributed_distribution: the entry point must end in .py (even with an image_uri)', () => {
  const value = pytorch({ entry_point: 'train.sh', distribution: torchDistributed });
  const d = only(value);
  assert.deepEqual(d.path, ['entry_point']);
  assert.match(d.message, /\*\.py/);
  const withImage = pytorch({ entry_point: 'train.sh', framework_version: undefined, py_version: undefined, image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1', distribution: torchDistributed });
  assert.deepEqual(summary(withImage), ['error distribution entry_point']);
});

test('fw_utils.validate_torch_distributed_distribution: an image_uri skips the version and instance checks, as in the SDK', () => {
  const value = pytorch({ framework_version: '2.3', instance_type: 'ml.c5.xlarge', image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1', distribution: torchDistributed });
  assert.deepEqual(summary(value), []);
});

test('fw_utils.validate_torch_distributed_distribution: not enabled, not checked', () => {
  assert.deepEqual(summary(pytorch({ framework_version: '2.3', distribution: { torch_distributed: { enabled: false } } })), []);
});

test('fw_utils.validate_distribution: HuggingFace with a PyTorch base checks pytorch_version against the torch_distributed list', () => {
  const hf = { framework: 'huggingface', transformers_version: '4.36', pytorch_version: '2.1', py_version: 'py310', entry_point: 'train.py', role: ROLE, instance_count: 2, instance_type: 'ml.g5.12xlarge', region: 'us-east-1', distribution: torchDistributed };
  const d = only(hf);
  assert.deepEqual(d.path, ['pytorch_version']);
  assert.match(d.message, /pytorch_version "2\.1" is not supported by torch_distributed/);
});

// fw_utils.validate_distribution_for_instance_type ------------------------------------------------

test('fw_utils.validate_distribution_for_instance_type: Trainium takes torch_distributed only', () => {
  const value = pytorch({ framework_version: '2.0.0', py_version: 'py38', image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-neuron-torch:1', instance_type: 'ml.trn1.32xlarge', distribution: { mpi: { enabled: true } } });
  const d = only(value);
  assert.deepEqual(d.path, ['distribution', 'mpi']);
  assert.match(d.message, /Trainium.*"torch_distributed"/);
  const two = pytorch({ framework_version: '2.0.0', py_version: 'py38', image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-neuron-torch:1', instance_type: 'ml.trn1.32xlarge', distribution: { torch_distributed: { enabled: true }, mpi: { enabled: false } } });
  assert.deepEqual(summary(two), ['error distribution distribution']);
  assert.deepEqual(summary(pytorch({ framework_version: '2.0.0', py_version: 'py38', image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-neuron-torch:1', instance_type: 'ml.trn1.32xlarge', distribution: torchDistributed })), []);
});

// fw_utils.validate_smdistributed / _validate_smdataparallel_args ----------------------------------

test('fw_utils._validate_smdataparallel_args: the SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS list, as written', () => {
  const ok = pytorch({ framework_version: '2.2.0', py_version: 'py310', distribution: { smdistributed: { dataparallel: { enabled: true } } } });
  assert.deepEqual(summary(ok), []);
  const value = pytorch({ framework_version: '2.3.0', distribution: { smdistributed: { dataparallel: { enabled: true } } } });
  const d = only(value);
  assert.deepEqual(d.path, ['framework_version']);
  assert.match(d.message, /smdistributed dataparallel.*"1\.6", "1\.6\.0", .*"2\.2\.0"/);
  // TensorFlow's own list: 2.11.0 yes, 2.12.0 no.
  assert.deepEqual(summary(tensorflow({ distribution: { smdistributed: { dataparallel: { enabled: true } } } })), []);
  const tf212 = problems(tensorflow({ framework_version: '2.12.0', py_version: 'py310', distribution: { smdistributed: { dataparallel: { enabled: true } } } }));
  assert.deepEqual(tf212.map(p => p.path.join('.')), ['framework_version']);
});

test('PyTorch.__init__ rewrites pytorchddp to smdistributed.dataparallel, so fw_utils._validate_smdataparallel_args checks it', () => {
  const value = pytorch({ distribution: { pytorchddp: { enabled: true } } });
  const d = only(value);
  assert.deepEqual(d.path, ['framework_version']);
  assert.match(d.message, /pytorchddp/);
  assert.deepEqual(summary(pytorch({ framework_version: '2.2.0', py_version: 'py310', distribution: { pytorchddp: { enabled: true } } })), []);
});

test('fw_utils.validate_smdistributed: one strategy, dataparallel or modelparallel', () => {
  const both = pytorch({ image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1', distribution: { smdistributed: { dataparallel: { enabled: true }, modelparallel: { enabled: false } } } });
  assert.deepEqual(summary(both), ['error distribution distribution.smdistributed']);
});

test('fw_utils._validate_smdataparallel_args: an image_uri skips the version check', () => {
  const value = pytorch({ framework_version: '2.3', image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1', distribution: { smdistributed: { dataparallel: { enabled: true } } } });
  assert.deepEqual(summary(value), []);
});

// estimator.Framework._distribution_configuration (at fit) -----------------------------------------

test('estimator.Framework._distribution_configuration: smdistributed refuses p5 without torch_distributed, and the 2.0.1-gpu-py310-cu121 image', () => {
  const image = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.1-gpu-py310-cu121-ubuntu20.04-sagemaker';
  const p5 = pytorch({ image_uri: image.replace('2.0.1-gpu-py310-cu121', '2.2.0-gpu-py310-cu121'), instance_type: 'ml.p5.48xlarge', distribution: { smdistributed: { modelparallel: { enabled: true } } } });
  assert.deepEqual(summary(p5), ['error distribution distribution.smdistributed']);
  assert.match(problems(p5)[0].message, /p5/);
  const dlc = pytorch({ image_uri: image, distribution: { smdistributed: { modelparallel: { enabled: true } } } });
  assert.deepEqual(summary(dlc), ['error distribution distribution.smdistributed']);
  assert.deepEqual(summary({ ...p5, distribution: { torch_distributed: { enabled: true }, smdistributed: { modelparallel: { enabled: true } } } }), []);
});

test('fw_utils.validate_mp_config: the model-parallel parameters, at the parameter', () => {
  const mp = (parameters: Record<string, unknown>) => pytorch({ image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1', distribution: { smdistributed: { modelparallel: { enabled: true, parameters } } } });
  assert.deepEqual(summary(mp({ partitions: 2, microbatches: 4, ddp: true })), []);
  const prefix = 'error distribution distribution.smdistributed.modelparallel.parameters.';
  assert.deepEqual(summary(mp({ pipeline: 'fast' })), [`${prefix}pipeline`]);
  assert.deepEqual(summary(mp({ partitions: 0 })), [`${prefix}partitions`]);
  assert.deepEqual(summary(mp({ ddp: 'yes' })), [`${prefix}ddp`]);
  assert.deepEqual(summary(mp({ partitions: 2, auto_partition: false })), [`${prefix}auto_partition`]);
  assert.deepEqual(summary(mp({ partitions: 2, default_partition: 2 })), [`${prefix}default_partition`]);
  assert.deepEqual(summary(mp({ memory_weight: 1.5 })), [`${prefix}memory_weight`]);
  assert.deepEqual(summary(mp({ ddp_port: 8000 })), [`${prefix}ddp_port`]);
  assert.deepEqual(summary(mp({ ddp: true, horovod: true })), [`${prefix}horovod`]);
  // Not enabled: get_mp_parameters returns None, nothing is checked.
  assert.deepEqual(summary(pytorch({ image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1', distribution: { smdistributed: { modelparallel: { enabled: false, parameters: { pipeline: 'fast' } } } } })), []);
});

test('estimator.Framework._validate_mwms_config: TensorFlow 2.9 or later, without parameter_server or smdistributed', () => {
  const mwms = { multi_worker_mirrored_strategy: { enabled: true } };
  assert.deepEqual(summary(tensorflow({ instance_type: 'ml.c5.xlarge', distribution: mwms })), []);
  const old = problems(tensorflow({ framework_version: '2.8.0', instance_type: 'ml.c5.xlarge', distribution: mwms })).filter(d => d.code === 'distribution');
  assert.deepEqual(old.map(d => d.path.join('.')), ['framework_version']);
  const withPs = tensorflow({ instance_type: 'ml.c5.xlarge', distribution: { ...mwms, parameter_server: { enabled: false } } });
  assert.ok(summary(withPs).includes('error distribution distribution.multi_worker_mirrored_strategy'));
});

// warn_if_parameter_server_with_multi_gpu, MXNet, PyTorch XLA, TensorFlow._validate_args -------------

test('fw_utils.warn_if_parameter_server_with_multi_gpu: a warning on multi-GPU instances only', () => {
  const ps = { parameter_server: { enabled: true } };
  assert.deepEqual(summary(tensorflow({ distribution: ps })), ['warning distribution distribution.parameter_server']);
  assert.deepEqual(summary(tensorflow({ instance_type: 'ml.p3.2xlarge', distribution: ps })), []);
  assert.deepEqual(summary(tensorflow({ instance_type: 'ml.c5.xlarge', distribution: ps })), []);
});

test('pytorch/estimator.py PyTorch.__init__: pytorchxla needs compiler_config', () => {
  const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-torch:1';
  const value = pytorch({ image_uri: image, distribution: { pytorchxla: { enabled: true } } });
  assert.deepEqual(summary(value), ['error distribution distribution.pytorchxla']);
  assert.deepEqual(summary({ ...value, compiler_config: {} }), []);
});

test('tensorflow/estimator.py TensorFlow._validate_args: no py2 after 2.1.1, and 1.10.0 or older only with an image_uri (legacy mode)', () => {
  const py2 = problems(tensorflow({ framework_version: '2.2.0', py_version: 'py2', distribution: undefined }));
  assert.ok(py2.some(d => d.code === 'py-version' && /stops at 2\.1\.1/.test(d.message)), JSON.stringify(py2.map(d => d.message)));
  const legacy = problems(tensorflow({ framework_version: '1.10.0', py_version: 'py2', distribution: undefined }));
  assert.ok(legacy.some(d => d.path[0] === 'framework_version' && /legacy mode/.test(d.message)), JSON.stringify(legacy.map(d => d.message)));
});

test('mxnet/estimator.py MXNet._configure_distribution: script-mode versions, compared part by part as strings', () => {
  const mxnet = { framework: 'mxnet', framework_version: '1.9.0', py_version: 'py38', entry_point: 'train.py', role: ROLE, instance_count: 2, instance_type: 'ml.c5.xlarge', region: 'us-east-1', distribution: { parameter_server: { enabled: true } } };
  assert.deepEqual(summary(mxnet), []);
  const old = problems({ ...mxnet, framework_version: '1.2.1' }).filter(d => d.code === 'distribution');
  assert.deepEqual(old.map(d => d.path.join('.')), ['distribution']);
});
