/**
 * Errors: the SDK's exception class (`kind`), the wrong argument, the listed choices and the SDK's
 * own message text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrieve, retrieveWithConfigs, ImageUriError, knownFrameworks, type RetrieveOptions } from '../../../src/core/images/imageUris';

const UPGRADE = 'You may need to upgrade your SDK version (pip install -U sagemaker)';

function failure(options: RetrieveOptions): ImageUriError {
  try {
    retrieve(options);
  } catch (e) {
    assert.ok(e instanceof ImageUriError, String(e));
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ImageUriError');
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(options)}`);
}

const pt = { framework: 'pytorch', region: 'us-west-2', version: '1.7.1', py_version: 'py3', instance_type: 'ml.c4.xlarge', image_scope: 'training' };

test('unsupported version: message lists versions then aliases, in the SDK order', () => {
  const e = failure({ ...pt, version: '9.9' });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'version');
  assert.ok(e.message.startsWith(`Unsupported pytorch version: 9.9. ${UPGRADE} for newer pytorch versions. Supported pytorch version(s): 0.4.0, 1.0.0,`));
  assert.ok(e.message.endsWith(', 2.7, 2.8.'));
  assert.equal(e.choices[0], '0.4.0');
  assert.ok(e.choices.includes('1.13.1') && e.choices.includes('1.13'));
  assert.equal(e.message, `Unsupported pytorch version: 9.9. ${UPGRADE} for newer pytorch versions. Supported pytorch version(s): ${e.choices.join(', ')}.`);
});

test('unsupported Python version and missing Python version (None)', () => {
  let e = failure({ ...pt, py_version: 'py2' });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'py_version');
  assert.deepEqual(e.choices, ['py3', 'py36']);
  assert.equal(e.message, `Unsupported Python version: py2. ${UPGRADE} for newer Python versions. Supported Python version(s): py3, py36.`);
  e = failure({ ...pt, py_version: null });
  assert.equal(e.message, `Unsupported Python version: None. ${UPGRADE} for newer Python versions. Supported Python version(s): py3, py36.`);
});

test('image scope: required when a framework has several, listed from the config keys', () => {
  const e = failure({ ...pt, image_scope: undefined });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'image_scope');
  assert.deepEqual(e.choices, ['eia', 'inference', 'inference_graviton', 'training']);
  assert.equal(
    e.message,
    `Unsupported image scope: None. ${UPGRADE} for newer image scopes. Supported image scope(s): eia, inference, inference_graviton, training.`,
  );
  const p = failure({ framework: 'pca', region: 'us-west-2', image_scope: 'bogus' });
  assert.deepEqual(p.choices, ['inference', 'training']);
});

test('region: lists the regions of that image, in the config order', () => {
  const e = failure({ framework: 'lda', region: 'cn-north-1' });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'region');
  assert.equal(e.choices.length, 16);
  assert.ok(e.message.startsWith(`Unsupported region: cn-north-1. ${UPGRADE} for newer regions. Supported region(s): ap-northeast-1, ap-northeast-2,`));
  assert.ok(e.choices.includes('us-isob-east-1'));
});

test('instance types: empty, invalid, unsupported processor, P2 deprecation', () => {
  let e = failure({ ...pt, instance_type: null });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'instance_type');
  assert.equal(e.message, 'Empty SageMaker instance type. For options, see: https://aws.amazon.com/sagemaker/pricing/instance-types');
  e = failure({ ...pt, instance_type: 'm5.large' });
  assert.equal(e.message, 'Invalid SageMaker instance type: m5.large. For options, see: https://aws.amazon.com/sagemaker/pricing/instance-types');
  e = failure({ framework: 'sklearn', region: 'us-west-2', version: '1.2-1', instance_type: 'ml.p3.2xlarge' });
  assert.equal(e.message, `Unsupported processor: gpu. ${UPGRADE} for newer processors. Supported processor(s): cpu.`);
  assert.deepEqual(e.choices, ['cpu']);
  e = failure({ ...pt, version: '1.13', py_version: 'py39', instance_type: 'ml.p2.xlarge' });
  assert.equal(
    e.message,
    'P2 instances have been deprecated for sagemaker jobs starting PyTorch 1.13 and TensorFlow 2.12' +
      'For information about supported instance types please refer to https://aws.amazon.com/sagemaker/pricing/',
  );
  // 1.12 on P2 is still allowed
  assert.equal(
    retrieve({ ...pt, version: '1.12', py_version: 'py38', instance_type: 'ml.p2.xlarge' }),
    '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.12-gpu-py38',
  );
});

test('Trainium and Graviton only for some frameworks', () => {
  let e = failure({ framework: 'tensorflow', region: 'us-west-2', version: '2.13', py_version: 'py310', instance_type: 'ml.trn1.2xlarge', image_scope: 'training' });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'framework');
  assert.equal(e.message, 'Unsupported framework: tensorflow. Supported framework(s) for Trainium instances: pytorch.');
  e = failure({ framework: 'mxnet', region: 'us-west-2', version: '1.9', py_version: 'py38', instance_type: 'ml.c6g.xlarge', image_scope: 'inference' });
  assert.equal(e.message, "Unsupported framework: mxnet. Supported framework(s) for Graviton instances: {'tensorflow', 'pytorch', 'xgboost', 'sklearn'}.");
  assert.deepEqual(e.choices, ['tensorflow', 'pytorch', 'xgboost', 'sklearn']);
  e = failure({ framework: 'sklearn', region: 'us-west-2', version: '1.0-1', image_scope: 'inference_graviton', instance_type: 'ml.c5.xlarge' });
  assert.equal(e.argument, 'instance_type');
  assert.equal(e.message, `Unsupported instance type: c5. ${UPGRADE} for newer instance types. Supported instance type(s): m6g, m6gd, c6g, c6gd, c6gn, c7g, r6g, r6gd.`);
});

test('accelerator type (Elastic Inference)', () => {
  let e = failure({ framework: 'pca', region: 'us-west-2', accelerator_type: 'fake-accelerator' });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'accelerator_type');
  assert.equal(e.message, 'Invalid SageMaker Elastic Inference accelerator type: fake-accelerator. See https://docs.aws.amazon.com/sagemaker/latest/dg/ei.html');
  e = failure({ framework: 'pca', region: 'us-west-2', accelerator_type: 'ml.eia1.medium' });
  assert.equal(e.argument, 'image_scope');
  assert.ok(e.message.startsWith('Unsupported image scope: eia.'));
});

test('HuggingFace base framework: missing or unknown, choices include the literal "version_aliases" key', () => {
  const hf = { framework: 'huggingface', region: 'us-east-1', version: '4.26', py_version: 'py39', instance_type: 'ml.g5.xlarge', image_scope: 'training' };
  let e = failure(hf);
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'base_framework_version');
  assert.equal(e.message, `Unsupported base framework: None. ${UPGRADE} for newer base frameworks. Supported base framework(s): version_aliases, pytorch1.13.1.`);
  e = failure({ ...hf, base_framework_version: 'tensorflow9' });
  assert.deepEqual(e.choices, ['version_aliases', 'pytorch1.13.1']);
});

test('KeyError where the SDK config has no container version for the processor (huggingface-neuronx training)', () => {
  const e = failure({
    framework: 'huggingface',
    region: 'us-west-2',
    version: '4.36.2',
    base_framework_version: 'pytorch1.13.1',
    py_version: 'py310',
    image_scope: 'training',
    inference_tool: 'neuronx',
  });
  assert.equal(e.kind, 'KeyError');
  assert.equal(e.message, "'trn'");
});

test('unknown framework: FileNotFoundError from the SDK, with the known frameworks as choices', () => {
  const e = failure({ framework: 'pytorhc', region: 'us-west-2' });
  assert.equal(e.kind, 'FileNotFoundError');
  assert.equal(e.argument, 'framework');
  assert.ok(e.message.startsWith("[Errno 2] No such file or directory: 'sagemaker/image_uri_config/pytorhc.json'"));
  assert.deepEqual(e.choices, knownFrameworks());
  assert.ok(e.choices.includes('pytorch'));
});

test('JumpStart: both model_id and model_version, and then not available offline', () => {
  let e = failure({ framework: 'pytorch', region: 'us-west-2', model_id: 'huggingface-llm-foo' });
  assert.equal(e.kind, 'ValueError');
  assert.equal(e.argument, 'model_version');
  assert.equal(e.message, 'Must specify JumpStart `model_id` and `model_version` when getting specs for JumpStart models.');
  e = failure({ framework: 'pytorch', region: 'us-west-2', model_version: '*' });
  assert.equal(e.argument, 'model_id');
  e = failure({ framework: 'pytorch', region: 'us-west-2', model_id: 'huggingface-llm-foo', model_version: '*' });
  assert.equal(e.kind, 'NotImplementedError');
});

test('version None: latest of the scope, or "None" in the message where the SDK finds none', () => {
  assert.equal(
    retrieve({ framework: 'huggingface-llm', region: 'us-east-1', image_scope: 'inference' }),
    '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.7.0-tgi3.3.6-gpu-py311-cu124-ubuntu22.04',
  );
  const e = failure({ framework: 'huggingface-llm', region: 'us-east-1' });
  assert.equal(e.kind, 'ValueError');
  assert.ok(e.message.startsWith(`Unsupported huggingface-llm version: None. ${UPGRADE}`));
});

test('the SDK quirks kept: sagemaker-base-python through retrieve() is a KeyError', () => {
  const e = failure({ framework: 'sagemaker-base-python', region: 'us-west-2' });
  assert.equal(e.kind, 'KeyError');
  assert.equal(e.message, "'versions'");
});

test('lookups never fall through to Object.prototype', () => {
  const config = { scope: ['training'], versions: { '1': { registries: { 'us-west-2': '1' }, repository: 'r' } }, version_aliases: {} };
  for (const version of ['constructor', '__proto__', 'toString']) {
    assert.equal(
      retrieveWithConfigs({ framework: 'x', region: 'us-west-2', version }, () => config),
      '1.dkr.ecr.us-west-2.amazonaws.com/r:1',
    );
  }
  assert.throws(
    () => retrieveWithConfigs({ framework: 'x', region: 'constructor' }, () => config),
    (e: unknown) => e instanceof ImageUriError && e.argument === 'region',
  );
  assert.throws(
    () => retrieve({ framework: 'constructor', region: 'us-west-2' }),
    (e: unknown) => e instanceof ImageUriError && e.kind === 'FileNotFoundError',
  );
});
