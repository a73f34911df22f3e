import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimatorProblems, planEstimator } from '../../../src/core/estimator/plan';
import { loadEstimator } from '../../../src/core/estimator/load';
import type { TrainingJobPlan } from '../../../src/core/estimator/request';
import { instanceChecks, isGpuImage, spotChecks, warmPoolChecks } from '../../../src/core/costs/checks';
import { sourceDirChecks } from '../../../src/core/costs/sourceDirChecks';
import { tempDir } from '../tempDir';
import { recordedPrices } from './recordedPrices';

const BASE = {
  framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', source_dir: 'code',
  role: 'arn:aws:iam::111122223333:role/SageMakerRole', instance_type: 'ml.m5.xlarge', instance_count: 1,
  output_path: 's3://my-bucket/output',
};

/** A project with `code/train.py` (and `extra` files, path → content), its estimator.json text and plan. */
function project(fields: Record<string, unknown>, extra: Record<string, string | Buffer> = {}) {
  const dir = tempDir('sm-costs-');
  const code = path.join(dir, 'code');
  fs.mkdirSync(code);
  fs.writeFileSync(path.join(code, 'train.py'), 'print("hi")\n');
  for (const [name, content] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(code, name)), { recursive: true });
    fs.writeFileSync(path.join(code, name), content);
  }
  const text = JSON.stringify({ ...BASE, ...fields }, null, 2);
  const fileName = path.join(dir, 'estimator.json');
  const loaded = loadEstimator(text, { fileName, env: {}, region: 'us-east-1' });
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
  const planned = planEstimator(text, loaded.spec, { region: 'us-east-1', account: '111122223333', baseDir: dir });
  assert.ok(planned.plan, JSON.stringify(planned.diagnostics));
  return { dir, code, text, fileName, spec: loaded.spec, plan: planned.plan as TrainingJobPlan };
}

test('spot without checkpoint_s3_uri is a warning with a quick fix naming a checkpoint URI in the output bucket', () => {
  const p = project({ use_spot_instances: true, max_run: 3600, max_wait: 7200 });
  const checks = spotChecks(p.spec, p.plan);
  assert.deepEqual(checks.map(c => c.code), ['spot-without-checkpoints']);
  assert.deepEqual(checks[0]!.fix, { title: 'Set checkpoint_s3_uri to s3://my-bucket/checkpoints/', path: ['checkpoint_s3_uri'], value: 's3://my-bucket/checkpoints/' });
  assert.deepEqual(spotChecks({ ...p.spec, checkpoint_s3_uri: 's3://my-bucket/ck/' }, p.plan), []);
});

test('spot with max_wait close to max_run warns and offers twice max_run; room enough does not', () => {
  const p = project({ use_spot_instances: true, checkpoint_s3_uri: 's3://my-bucket/ck/', max_run: 36000, max_wait: 36600 });
  const checks = spotChecks(p.spec, p.plan);
  assert.deepEqual(checks.map(c => [c.code, c.path, c.fix?.value]), [['spot-max-wait-close', ['max_wait'], 72000]]);
  const roomy = project({ use_spot_instances: true, checkpoint_s3_uri: 's3://my-bucket/ck/', max_run: 36000, max_wait: 43200 });
  assert.deepEqual(spotChecks(roomy.spec, roomy.plan), []);
});

test('an instance type the region\'s price list does not have is "not offered"; no price list, no judgement', () => {
  const p = project({ instance_type: 'ml.c6i.xlarge' });
  assert.deepEqual(instanceChecks(p.spec, p.plan, recordedPrices()).map(c => c.code), ['instance-not-offered']);
  assert.deepEqual(instanceChecks(p.spec, p.plan, undefined), []);
});

test('a GPU framework image on a GPU-less instance is warned about; on a GPU instance it is not', () => {
  assert.equal(isGpuImage('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310-cu121-ubuntu20.04-sagemaker'), true);
  assert.equal(isGpuImage('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-cpu-py310-ubuntu20.04-sagemaker'), false);
  const image = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310-cu121-ubuntu20.04-sagemaker';
  const cpu = project({ framework: undefined, framework_version: undefined, py_version: undefined, image_uri: image });
  assert.deepEqual(instanceChecks(cpu.spec, cpu.plan, recordedPrices()).map(c => c.code), ['gpu-image-on-cpu']);
  const gpu = project({ framework: undefined, framework_version: undefined, py_version: undefined, image_uri: image, instance_type: 'ml.g5.xlarge' });
  assert.deepEqual(instanceChecks(gpu.spec, gpu.plan, recordedPrices()), []);
});

test('instance_count > 1 without distribution warns for PyTorch, not with a distribution', () => {
  const p = project({ instance_count: 2 });
  assert.deepEqual(instanceChecks(p.spec, p.plan, recordedPrices()).map(c => [c.code, c.path]), [['multi-instance-without-distribution', ['instance_count']]]);
  const d = project({ instance_count: 2, distribution: { torch_distributed: { enabled: true } }, instance_type: 'ml.g5.xlarge', framework_version: '2.1.0' });
  assert.deepEqual(instanceChecks(d.spec, d.plan, recordedPrices()), []);
});

test('a live warm pool of another instance type or count cannot be reused and is named', () => {
  const spec = { instance_type: 'ml.g5.xlarge', instance_count: 1 };
  assert.deepEqual(warmPoolChecks(spec, [{ jobName: 'same', instanceType: 'ml.g5.xlarge', instanceCount: 1 }]), []);
  const checks = warmPoolChecks(spec, [{ jobName: 'old-job', instanceType: 'ml.p3.2xlarge', instanceCount: 1 }, { jobName: 'same', instanceType: 'ml.g5.xlarge', instanceCount: 1 }]);
  assert.equal(checks.length, 1);
  assert.match(checks[0]!.message, /old-job \(ml\.p3\.2xlarge × 1\); this job asks for ml\.g5\.xlarge × 1/);
});

test('source_dir: likely secrets are named with their sizes', () => {
  const p = project({}, { '.env': 'KEY=1\n', 'keys/server.pem': 'x'.repeat(2048), 'home/.aws/config': '[default]\n', id_rsa: 'k', 'notes.txt': 'fine' });
  const checks = sourceDirChecks(p.plan);
  assert.deepEqual(checks.map(c => c.code), ['source-dir-secrets']);
  assert.match(checks[0]!.message, /\.env \(6 B\), home\/\.aws\/config \(10 B\), id_rsa \(1 B\), keys\/server\.pem \(2\.0 KB\)/);
});

test('source_dir: .git, node_modules and a virtual environment are named with counts and sizes', () => {
  const p = project({}, { '.git/HEAD': 'ref\n', 'node_modules/a/index.js': 'x', 'node_modules/b.js': 'yy', 'env/pyvenv.cfg': 'home=/usr\n', 'env/lib/site.py': 'z' });
  const checks = sourceDirChecks(p.plan);
  assert.deepEqual(checks.map(c => c.code), ['source-dir-bulk']);
  assert.match(checks[0]!.message, /\.git\/ \(version control: 1 files, 4 B\)/);
  assert.match(checks[0]!.message, /env\/ \(a Python virtual environment: 2 files, 11 B\)/);
  assert.match(checks[0]!.message, /node_modules\/ \(Node\.js packages: 2 files, 3 B\)/);
});

test('source_dir over 50 MB names its largest files', () => {
  const p = project({}, { 'data/big.bin': Buffer.alloc(51 * 1024 * 1024) });
  const checks = sourceDirChecks(p.plan);
  assert.deepEqual(checks.map(c => c.code), ['source-dir-large']);
  assert.match(checks[0]!.message, /the largest: data\/big\.bin \(51 MB\), train\.py \(12 B\)/);
});

test('the checks reach the Problems panel as warnings at their fields; a .sagemakerignore silences what it leaves out', () => {
  const p = project({ use_spot_instances: true, max_run: 3600, max_wait: 7200 }, { '.env': 'KEY=1\n' });
  const problems = estimatorProblems(p.text, { fileName: p.fileName, env: {}, baseDir: p.dir, region: 'us-east-1', prices: () => recordedPrices() });
  assert.deepEqual(problems.map(d => [d.severity, d.code, d.path]).sort(), [
    ['warning', 'source-dir-secrets', ['source_dir']],
    ['warning', 'spot-without-checkpoints', ['use_spot_instances']],
  ]);
  fs.writeFileSync(path.join(p.code, '.sagemakerignore'), '.env\n');
  const after = estimatorProblems(p.text, { fileName: p.fileName, env: {}, baseDir: p.dir, region: 'us-east-1' });
  assert.deepEqual(after.map(d => d.code), ['spot-without-checkpoints']);
});
