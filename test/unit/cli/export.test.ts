import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { tempDir } from '../tempDir';

const root = path.resolve(__dirname, '../../../..');

async function cli(args: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    // No AWS configuration at all: the SDK exports must not need it.
    env: { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket' },
    cwd,
  });
  return { code, stdout, stderr };
}

test('help export and export --help document the targets and --out', async () => {
  for (const args of [['help', 'export'], ['export', '--help']]) {
    const { code, stdout } = await cli(args);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: sagemaker-estimator export <estimator\.json> \[--as sdk-v2\|sdk-v3\|boto3\] \[--out FILE\]/);
    assert.match(stdout, /--as sdk-v3 {3}SageMaker Python SDK v3: ModelTrainer/);
    assert.match(stdout, /--as boto3 {4}boto3's create_training_job\(\*\*request\)/);
  }
  assert.match((await cli(['help'])).stdout, /^ {2}export <estimator\.json>/m);
});

test('export prints SDK v2 by default, without AWS credentials', async () => {
  const { code, stdout, stderr } = await cli(['export', 'examples/pytorch-cifar10/estimator.json']);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  assert.match(stdout, /^estimator = sagemaker\.pytorch\.PyTorch\($/m);
  assert.match(stdout, /estimator\.fit\(inputs=\{"training": "s3:\/\/my-bucket\/cifar10\/"\}, wait=True, logs="All"\)/);
  const v3 = await cli(['export', 'examples/pytorch-cifar10/estimator.json', '--as', 'sdk-v3']);
  assert.equal(v3.code, 0, v3.stderr);
  assert.match(v3.stdout, /^model_trainer = sagemaker\.train\.ModelTrainer\($/m);
});

test('export --as boto3 prints the request plan prints; --out writes it to a file', async () => {
  const args = ['examples/pca/estimator.json', '--region', 'us-west-2', '--account', '111122223333', '--job-name', 'pca-1'];
  const plan = await cli(['plan', ...args]);
  const dir = tempDir('sagemaker-export-cli-');
  const out = path.join(dir, 'pca.py');
  const { code, stdout, stderr } = await cli(['export', ...args, '--as', 'boto3', '--out', out]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, '');
  const python = fs.readFileSync(out, 'utf8');
  assert.match(python, /"TrainingJobName": "pca-1",/);
  assert.match(python, /"RoleArn": "arn:aws:iam::111122223333:role\/SageMakerRole",/);
  const request = JSON.parse(plan.stdout) as { AlgorithmSpecification: { TrainingImage: string } };
  assert.ok(python.includes(`"TrainingImage": "${request.AlgorithmSpecification.TrainingImage}"`));
});

test('export refuses an unknown target (exit 2) and a file with problems (exit 1, as plan prints them)', async () => {
  const bad = await cli(['export', 'examples/pca/estimator.json', '--as', 'sdk-v4']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--as "sdk-v4" is not a target; use one of sdk-v2, sdk-v3, boto3/);
  const invalid = fs.readdirSync(path.join(root, 'test/fixtures/invalid')).filter(f => f.endsWith('.json')).sort()[0]!;
  const problems = await cli(['export', `test/fixtures/invalid/${invalid}`]);
  assert.equal(problems.code, 1);
  assert.equal(problems.stdout, '');
  assert.match(problems.stderr, /^test\/fixtures\/invalid\/[^:]+:\d+:\d+: error: /m);
});
