import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

const root = path.resolve(__dirname, '../../../..');

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket', ...env },
    cwd: root,
  });
  return { code, stdout, stderr };
}

test('plan prints the request of each seed example as JSON', async () => {
  for (const example of ['pca', 'linear-learner', 'pca-csv', 'pca-randomized', 'pytorch-cifar10']) {
    const { code, stdout, stderr } = await cli(['plan', `examples/${example}/estimator.json`, '--region', 'us-west-2', '--account', '111122223333', '--job-name', `${example}-1`]);
    assert.equal(code, 0, `${example}: ${stderr}`);
    const request = JSON.parse(stdout);
    assert.equal(request.TrainingJobName, `${example}-1`);
    assert.equal(request.RoleArn, 'arn:aws:iam::111122223333:role/SageMakerRole');
    assert.match(request.AlgorithmSpecification.TrainingImage, /\.dkr\.ecr\.us-west-2\.amazonaws\.com\//);
  }
});

test('plan reports problems as file:line:col and exits 1', async () => {
  const { code, stdout, stderr } = await cli(['plan', 'test/fixtures/invalid/' + firstInvalid(), '--region', 'us-east-1', '--account', '111122223333']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^test\/fixtures\/invalid\/[^:]+:\d+:\d+: error: /m);
});

test('plan names an unset variable', async () => {
  const { code, stderr } = await cli(['plan', 'examples/pca/estimator.json', '--region', 'us-east-1', '--account', '111122223333'], { SAGEMAKER_ROLE: undefined });
  assert.equal(code, 1);
  assert.match(stderr, /SAGEMAKER_ROLE/);
});

test('plan of a missing file says so', async () => {
  const { code, stderr } = await cli(['plan', 'nope/estimator.json', '--account', '1', '--region', 'us-east-1']);
  assert.equal(code, 1);
  assert.match(stderr, /^nope\/estimator\.json:1:1: error: cannot read the estimator file/);
});

test('image-uri prints one URI', async () => {
  const { code, stdout } = await cli(['image-uri', '--framework', 'pytorch', '--region', 'us-west-2', '--version', '1.7.1', '--py-version', 'py3', '--instance-type', 'ml.p3.2xlarge', '--image-scope', 'training']);
  assert.equal(code, 0);
  assert.equal(stdout, '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.7.1-gpu-py3\n');
});

test('image-uri of a built-in algorithm in China', async () => {
  const { code, stdout } = await cli(['image-uri', '--framework', 'pca', '--region', 'cn-north-1']);
  assert.equal(code, 0);
  assert.equal(stdout, '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/pca:1\n');
});

test('image-uri errors list the valid choices and exit 1', async () => {
  const { code, stdout, stderr } = await cli(['image-uri', '--framework', 'pytorch', '--region', 'us-west-2', '--version', '0.1', '--py-version', 'py3', '--instance-type', 'ml.m5.xlarge', '--image-scope', 'training']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^ValueError: Unsupported pytorch version: 0\.1\..*1\.7\.1/s);
});

test('usage errors exit 1 with the usage', async () => {
  assert.equal((await cli(['image-uri', '--region', 'us-east-1'])).code, 1);
  assert.equal((await cli(['bogus'])).code, 1);
  assert.equal((await cli(['plan', '--unknown-flag', 'x'])).code, 1);
  const help = await cli(['help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /plan <estimator\.json>/);
});

function firstInvalid(): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const names = require('node:fs').readdirSync(path.join(root, 'test/fixtures/invalid')).filter((n: string) => /^\d+.*\.json$/.test(n)).sort();
  return names[0];
}

test('the invalid corpus gives the same messages through the CLI as in the editor', async () => {
  const fs = await import('node:fs');
  const { estimatorProblems } = await import('../../../src/core/estimator/plan');
  const { formatDiagnostic } = await import('../../../src/cli/estimatorArg');
  const dir = path.join(root, 'test/fixtures/invalid');
  const env = { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket' };
  const names = fs.readdirSync(dir).filter(n => /^\d+.*\.json$/.test(n)).sort();
  assert.ok(names.length >= 100, `only ${names.length} invalid files`);
  let refused = 0;
  for (const name of names) {
    const file = `test/fixtures/invalid/${name}`;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const problems = estimatorProblems(text, { fileName: path.join(root, file), env, workspaceFolder: root, region: 'us-east-1', baseDir: path.dirname(path.join(root, file)) });
    const expected = problems.map(d => formatDiagnostic(file, d));
    const { code, stderr } = await cli(['plan', file, '--region', 'us-east-1', '--account', '111122223333']);
    // A file whose only problems are warnings still plans (like a compiler's warnings).
    assert.equal(code, problems.some(d => d.severity === 'error') ? 1 : 0, name);
    if (code === 1) refused++;
    assert.deepEqual(stderr.trimEnd().split('\n'), expected, name);
  }
  assert.ok(refused >= 100, `only ${refused} corpus files are refused with an error`);
});
