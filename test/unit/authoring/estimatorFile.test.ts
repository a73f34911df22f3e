/**
 * The New Estimator wizard without VS Code: the choices it offers come from the image tables, and every
 * combination of answers writes an estimator.json with no diagnostic (and a train.py that is valid Python).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimatorProblems } from '../../../src/core/estimator/plan';
import {
  baseFrameworkChoices,
  builtInAlgorithms,
  channelChoices,
  channelNameProblem,
  instanceTypeChoices,
  kindChoices,
  pyVersionChoices,
  versionChoices,
  type EstimatorKind,
} from '../../../src/core/authoring/choices';
import { buildEstimatorFiles, EXAMPLE_ROLE, type WizardAnswers } from '../../../src/core/authoring/estimatorFile';
import { tempDir } from '../tempDir';

const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Writes the wizard's output into a fresh folder; returns the problems of estimator.json. */
function writeAndCheck(answers: WizardAnswers, env: Record<string, string> = {}) {
  const out = buildEstimatorFiles(answers);
  const dir = tempDir('wizard-');
  for (const folder of out.folders) fs.mkdirSync(path.join(dir, folder), { recursive: true });
  for (const [file, content] of Object.entries(out.files)) fs.writeFileSync(path.join(dir, file), content);
  const file = path.join(dir, out.estimatorPath);
  fs.writeFileSync(file, out.estimatorText);
  const problems = estimatorProblems(out.estimatorText, { fileName: file, env, baseDir: dir, workspaceFolder: dir });
  return { out, dir, problems };
}

function answersFor(kind: EstimatorKind, instanceType: string, version = versionChoices(kind)[0]): WizardAnswers {
  let baseFramework: string | undefined;
  if (kind.kind === 'framework' && kind.framework === 'huggingface' && version) baseFramework = baseFrameworkChoices(version)[0];
  const pyVersion = pyVersionChoices(kind, version, baseFramework)[0];
  return {
    kind,
    ...(version ? { version } : {}),
    ...(baseFramework ? { baseFramework } : {}),
    ...(pyVersion ? { pyVersion } : {}),
    instanceType,
    channels: channelChoices(kind).filter((c) => c.picked).map((c) => c.name),
  };
}

test('the kinds: framework estimators, then the built-in algorithms of the image tables', () => {
  const kinds = kindChoices().map((c) => c.value);
  const frameworks = kinds.filter((k) => k.kind === 'framework').map((k) => (k as { framework: string }).framework);
  assert.deepEqual(frameworks, ['pytorch', 'tensorflow', 'sklearn', 'xgboost', 'huggingface', 'mxnet']);
  const algorithms = builtInAlgorithms();
  for (const algorithm of ['pca', 'kmeans', 'linear-learner', 'xgboost', 'factorization-machines', 'image-classification', 'randomcutforest']) {
    assert.ok(algorithms.includes(algorithm), algorithm);
  }
  for (const notAnAlgorithm of ['pytorch', 'debugger', 'sklearn', 'huggingface', 'clarify']) assert.ok(!algorithms.includes(notAnAlgorithm), notAnAlgorithm);
});

test('versions newest first without aliases; py versions of the version; instance types the image runs on', () => {
  const pytorch: EstimatorKind = { kind: 'framework', framework: 'pytorch' };
  const versions = versionChoices(pytorch);
  assert.ok(versions.includes('1.7.1') && versions.includes('2.1.0'));
  assert.ok(versions.indexOf('2.1.0') < versions.indexOf('1.7.1'), 'newest first');
  assert.ok(!versions.includes('2.1'), 'aliases are left out');
  assert.deepEqual(pyVersionChoices(pytorch, '1.7.1'), ['py36', 'py3']);
  assert.deepEqual(pyVersionChoices(pytorch, '2.1.0'), ['py310']);
  assert.deepEqual(versionChoices({ kind: 'builtin', algorithm: 'pca' }), [], 'one image version: no question');
  assert.equal(versionChoices({ kind: 'builtin', algorithm: 'xgboost' })[0], '3.0-5');
  assert.ok(versionChoices({ kind: 'framework', framework: 'huggingface' }).includes('4.36.0'));
  assert.deepEqual(baseFrameworkChoices('4.36.0'), ['pytorch2.1.0']);
  assert.deepEqual(baseFrameworkChoices('4.17.0'), ['pytorch1.10.2', 'tensorflow2.6.3']);

  const types = (kind: EstimatorKind, version?: string) => instanceTypeChoices(kind, version).map((c) => c.value);
  assert.deepEqual(types(pytorch, '2.1.0').slice(0, 3), ['local', 'local_gpu', 'ml.m5.large']);
  assert.ok(!types({ kind: 'framework', framework: 'sklearn' }, '1.2-1').some((t) => t === 'local_gpu' || t.startsWith('ml.g') || t.startsWith('ml.p')), 'scikit-learn is CPU only');
  const hf = types({ kind: 'framework', framework: 'huggingface' }, '4.36.0');
  assert.ok(!hf.includes('local') && hf.includes('local_gpu') && hf[1] === 'ml.g5.xlarge', 'Hugging Face is GPU only');
  assert.equal(channelNameProblem('train'), undefined);
  assert.ok(channelNameProblem('my data'));
  assert.ok(channelNameProblem('x'.repeat(65)));
});

test('every kind, on a local, a CPU and a GPU instance, writes an estimator.json with no diagnostic', () => {
  for (const { value: kind } of kindChoices()) {
    const types = instanceTypeChoices(kind, versionChoices(kind)[0]).map((c) => c.value);
    const picks = [types.find((t) => t.startsWith('local')), types.find((t) => /^ml\.[mc]5/.test(t)), types.find((t) => /^ml\.[gp]/.test(t))].filter(Boolean) as string[];
    for (const instanceType of picks) {
      const answers = answersFor(kind, instanceType);
      const { out, problems } = writeAndCheck(answers);
      assert.deepEqual(problems.map((p) => `${p.severity}: ${p.message}`), [], `${JSON.stringify(answers)}\n${out.estimatorText}`);
      assert.equal(!!out.files['train.py'], kind.kind === 'framework', 'script mode has train.py');
    }
  }
});

test('every framework version the wizard offers (with each py version) gives a clean estimator', () => {
  for (const framework of ['pytorch', 'tensorflow', 'sklearn', 'xgboost', 'mxnet', 'huggingface'] as const) {
    const kind: EstimatorKind = { kind: 'framework', framework };
    for (const version of versionChoices(kind)) {
      const bases = framework === 'huggingface' ? baseFrameworkChoices(version) : [undefined];
      for (const baseFramework of bases) {
        const pys = pyVersionChoices(kind, version, baseFramework);
        for (const pyVersion of pys.length ? pys : [undefined]) {
          const instanceType = instanceTypeChoices(kind, version).map((c) => c.value).find((t) => t.startsWith('ml.'))!;
          const answers: WizardAnswers = { kind, version, ...(baseFramework ? { baseFramework } : {}), ...(pyVersion ? { pyVersion } : {}), instanceType, channels: ['train'] };
          const { out, problems } = writeAndCheck(answers);
          const errors = problems.filter((p) => p.severity === 'error');
          assert.deepEqual(errors.map((p) => p.message), [], `${JSON.stringify(answers)}\n${out.estimatorText}`);
        }
      }
    }
  }
});

test('a PyTorch local estimator: local channels as folders, train.py reading the SM_* environment', () => {
  const answers: WizardAnswers = {
    kind: { kind: 'framework', framework: 'pytorch' }, version: '2.5.1', pyVersion: 'py311', instanceType: 'local', channels: ['train', 'my-data'],
  };
  const { out, dir, problems } = writeAndCheck(answers);
  assert.deepEqual(problems, []);
  assert.deepEqual(out.folders, ['data/train', 'data/my-data']);
  const spec = JSON.parse(out.estimatorText.replace(/^\s*\/\/.*$/gm, ''));
  assert.equal(spec.framework, 'pytorch');
  assert.equal(spec.framework_version, '2.5.1');
  assert.equal(spec.instance_type, 'local');
  assert.equal(spec.entry_point, 'train.py');
  assert.equal(spec.role, undefined, 'local mode needs no role');
  assert.match(out.estimatorText, /add "role"/);
  assert.deepEqual(spec.inputs, { train: 'file://data/train', 'my-data': 'file://data/my-data' });
  const script = out.files['train.py'];
  for (const needle of ['SM_MODEL_DIR', 'SM_CHANNEL_TRAIN', 'SM_CHANNEL_MY-DATA', 'args.my_data', 'train loss: ', 'import torch']) assert.ok(script.includes(needle), needle);
  if (hasPython) {
    const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', path.join(dir, 'train.py')], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
  }
});

test('a role and bucket from the environment are written as variables; built-in algorithms get their hyperparameters', () => {
  const answers: WizardAnswers = {
    kind: { kind: 'builtin', algorithm: 'linear-learner' }, instanceType: 'ml.m5.xlarge', channels: ['train', 'validation'],
    role: '${env:SAGEMAKER_ROLE}', bucket: '${env:SAGEMAKER_BUCKET}',
  };
  const { out, problems } = writeAndCheck(answers, { SAGEMAKER_ROLE: EXAMPLE_ROLE, SAGEMAKER_BUCKET: 'my-bucket' });
  assert.deepEqual(problems, []);
  const spec = JSON.parse(out.estimatorText.replace(/^\s*\/\/.*$/gm, ''));
  assert.deepEqual(spec.image_uri, { framework: 'linear-learner' });
  assert.equal(spec.role, '${env:SAGEMAKER_ROLE}');
  assert.equal(spec.hyperparameters.predictor_type, 'binary_classifier');
  assert.deepEqual(spec.inputs.train, { s3_data: 's3://${env:SAGEMAKER_BUCKET}/linear-learner/train/', content_type: 'text/csv' });
});

test('every train.py skeleton is valid Python', { skip: !hasPython && 'no python3' }, () => {
  for (const framework of ['pytorch', 'tensorflow', 'sklearn', 'xgboost', 'mxnet', 'huggingface'] as const) {
    const { dir } = writeAndCheck(answersFor({ kind: 'framework', framework }, 'ml.m5.xlarge'));
    const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', path.join(dir, 'train.py')], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, `${framework}: ${parsed.stderr}`);
  }
});

test('the header names a framework once: "XGBoost script mode", never "XGBoost (script mode) script mode"', () => {
  for (const framework of ['pytorch', 'tensorflow', 'sklearn', 'xgboost', 'mxnet', 'huggingface'] as const) {
    for (const instanceType of ['local', 'ml.m5.xlarge']) {
      const out = buildEstimatorFiles(answersFor({ kind: 'framework', framework }, instanceType));
      assert.doesNotMatch(out.estimatorText, /\(script mode\)/, `${framework} ${instanceType}:\n${out.estimatorText}`);
    }
  }
  const xgboost = buildEstimatorFiles(answersFor({ kind: 'framework', framework: 'xgboost' }, 'ml.m5.xlarge'));
  assert.match(xgboost.estimatorText, /^\s*\/\/ XGBoost script mode: train\.py is the training script, run in the XGBoost training image\.$/m);
});
