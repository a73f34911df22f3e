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
  const { code, stderr } = await cli(['plan', 'nope/estimator.json', '--account', '111122223333', '--region', 'us-east-1']);
  assert.equal(code, 1);
  assert.match(stderr, /^nope\/estimator\.json:1:1: error: cannot read the estimator file: there is no such file \(from .+\)\n$/);
});

test('plan of a folder names the estimator file in it, when there is one', async () => {
  const withOne = await cli(['plan', 'examples/pca', '--account', '111122223333', '--region', 'us-east-1']);
  assert.equal(withOne.code, 1);
  assert.equal(withOne.stderr, `examples/pca:1:1: error: cannot read the estimator file: it is a folder: give the estimator file in it, ${path.join('examples/pca', 'estimator.json')}\n`);
  const without = await cli(['plan', 'examples', '--account', '111122223333', '--region', 'us-east-1']);
  assert.equal(without.code, 1);
  assert.equal(without.stderr, 'examples:1:1: error: cannot read the estimator file: it is a folder: give the estimator file (a .json file)\n');
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

test('image-uri errors name the option to give or change, without the SDK\'s advice to upgrade the SDK', async () => {
  const noScope = await cli(['image-uri', '--framework', 'pytorch', '--region', 'us-east-1', '--version', '2.1', '--py-version', 'py310']);
  assert.equal(noScope.code, 1);
  assert.equal(noScope.stderr, 'ValueError: Unsupported image scope: None. Supported image scope(s): eia, inference, inference_graviton, training. Give --image-scope.\n');
  const oldVersion = await cli(['image-uri', '--framework', 'pytorch', '--region', 'us-east-1', '--version', '0.1', '--image-scope', 'training']);
  assert.equal(oldVersion.code, 1);
  assert.match(oldVersion.stderr, /^ValueError: Unsupported pytorch version: 0\.1\. Supported pytorch version\(s\): .*\. Change --version\.\n$/);
  assert.doesNotMatch(noScope.stderr + oldVersion.stderr, /pip install|upgrade your SDK/);
});

test('image-uri errors list the valid choices and exit 1', async () => {
  const { code, stdout, stderr } = await cli(['image-uri', '--framework', 'pytorch', '--region', 'us-west-2', '--version', '0.1', '--py-version', 'py3', '--instance-type', 'ml.m5.xlarge', '--image-scope', 'training']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^ValueError: Unsupported pytorch version: 0\.1\..*1\.7\.1/s);
});

test('usage errors exit 2 with one line saying what to do', async () => {
  for (const args of [['image-uri', '--region', 'us-east-1'], ['bogus'], ['plan', '--unknown-flag', 'x'], ['plan'], ['fit', 'a.json', 'b.json'], ['logs'], ['list', '--max', '0'], ['fit', 'examples/pca/estimator.json', '--max-cost', 'abc']]) {
    const { code, stdout, stderr } = await cli(args);
    assert.equal(code, 2, args.join(' '));
    assert.equal(stdout, '');
    assert.equal(stderr.split('\n').length, 2, `one line: ${stderr}`);
    assert.match(stderr, /^sagemaker-estimator: /);
  }
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

test('a bad --job-name, --account or --region is a usage error (exit 2) naming the option and what is allowed, on every command', async () => {
  const plan = ['plan', 'examples/pca/estimator.json'];
  const cases: { args: string[]; message: RegExp }[] = [
    { args: [...plan, '--region', 'us-east-1', '--account', '111122223333', '--job-name', 'my_job'],
      message: /^sagemaker-estimator: --job-name "my_job" is not a valid training job name: it contains "_": .*Allowed: 1 to 63 letters, digits and hyphens/ },
    { args: [...plan, '--region', 'us-east-1', '--account', '111122223333', '--job-name', 'a'.repeat(64)], message: /--job-name "a{64}" .*at most 63/ },
    { args: [...plan, '--region', 'us-east-1', '--account', '111122223333', '--job-name=-job'], message: /--job-name "-job" .*not a hyphen/ },
    { args: [...plan, '--region', 'us-east-1', '--account', '1111-2222-3333'],
      message: /^sagemaker-estimator: --account "1111-2222-3333" is not an AWS account ID: allowed are exactly 12 digits, such as 111122223333\. Did you mean "111122223333"\?$/ },
    { args: [...plan, '--region', 'us-east-1', '--account', '1'], message: /--account "1" is not an AWS account ID/ },
    { args: [...plan, '--region', 'US_EAST_1', '--account', '111122223333'],
      message: /^sagemaker-estimator: --region "US_EAST_1" is not an AWS region name: allowed are names such as us-east-1 or eu-west-1\. Did you mean "us-east-1"\?$/ },
    { args: [...plan, '--region', 'us-east-1/../x', '--account', '111122223333'], message: /--region "us-east-1\/\.\.\/x" is not an AWS region name/ },
    { args: ['deploy-plan', 'some-job', '--region', 'moon-1', '--account', '111122223333'], message: /--region "moon-1" is not an AWS region name/ },
    { args: ['deploy-plan', 'some-job', '--region', 'us-east-1', '--account', '12345678901x'], message: /--account "12345678901x"/ },
    { args: ['train', 'examples/pca-local/estimator.json', '--job-name', '../escape'], message: /--job-name "\.\.\/escape" is not a valid training job name/ },
    { args: ['train', 'examples/pca-local/estimator.json', '--region', 'eu west 1'], message: /--region "eu west 1"/ },
    { args: ['image-uri', '--framework', 'pca', '--region', 'us-east-1 '], message: /--region "us-east-1 " .*Did you mean "us-east-1"/ },
  ];
  for (const { args, message } of cases) {
    const { code, stdout, stderr } = await cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.equal(stdout, '');
    assert.equal(stderr.split('\n').length, 2, `one line: ${stderr}`);
    assert.match(stderr.trimEnd(), message);
  }
  // Valid values still pass the check (the plan succeeds with them).
  const ok = await cli([...plan, '--region', 'eu-west-1', '--account', '111122223333', '--job-name', 'My-Job-2']);
  assert.equal(ok.code, 0, ok.stderr);
});

test('invoke of a local URL nothing listens at says so and how to serve it, exit 1', async () => {
  const net = await import('node:net');
  // A port that was free a moment ago and is closed again: connections to it are refused.
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const { code, stdout, stderr } = await cli(['invoke', `${url}/`, '--content-type', 'text/csv', '--body', '1,2,3']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.equal(stderr, `sagemaker-estimator: ${url} did not take the request: nothing listens there. Is it still served? Start it with: sagemaker-estimator serve <job>\n`);
});

test('invoke refuses a body over the 6 MB real-time limit before sending anything, with the invoke panel\'s message', async () => {
  const http = await import('node:http');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { payloadTooLargeMessage, REALTIME_PAYLOAD_LIMIT_BYTES } = await import('../../../src/core/invoke/payload');
  const received: number[] = [];
  const server = http.createServer((req, res) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => {
      received.push(size);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-invoke-'));
  try {
    const overFile = path.join(dir, 'over.bin');
    fs.writeFileSync(overFile, Buffer.alloc(REALTIME_PAYLOAD_LIMIT_BYTES + 1, 0x61));
    const fromFile = await cli(['invoke', url, '--content-type', 'application/octet-stream', '--body-file', overFile]);
    assert.equal(fromFile.code, 1);
    assert.equal(fromFile.stdout, '');
    assert.equal(fromFile.stderr, `sagemaker-estimator: --body-file ${overFile}: ${payloadTooLargeMessage(REALTIME_PAYLOAD_LIMIT_BYTES + 1)}\n`);

    const inline = await cli(['invoke', url, '--content-type', 'text/csv', '--body', '\u00e9'.repeat(REALTIME_PAYLOAD_LIMIT_BYTES / 2 + 1)]);
    assert.equal(inline.code, 1);
    // Measured in UTF-8 bytes, as sent: 2 bytes per "é".
    assert.equal(inline.stderr, `sagemaker-estimator: --body: ${payloadTooLargeMessage(REALTIME_PAYLOAD_LIMIT_BYTES + 2)}\n`);
    assert.deepEqual(received, [], 'nothing reached the endpoint');

    const atLimitFile = path.join(dir, 'at-limit.bin');
    fs.writeFileSync(atLimitFile, Buffer.alloc(REALTIME_PAYLOAD_LIMIT_BYTES, 0x61));
    const atLimit = await cli(['invoke', url, '--content-type', 'application/octet-stream', '--body-file', atLimitFile]);
    assert.equal(atLimit.code, 0, atLimit.stderr);
    assert.deepEqual(received, [REALTIME_PAYLOAD_LIMIT_BYTES]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
});

test('--endpoint-url over http:// to another machine is a usage error (exit 2); loopback and https:// are accepted', async () => {
  const plan = ['plan', 'examples/pca/estimator.json', '--region', 'us-east-1', '--account', '111122223333'];
  const refused = await cli([...plan, '--endpoint-url', 'http://10.0.0.5:5000']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /^sagemaker-estimator: --endpoint-url "http:\/\/10\.0\.0\.5:5000" sends AWS calls over plain http:\/\/ to 10\.0\.0\.5, .*Use https:\/\/, or http:\/\/ only to this machine \(127\.0\.0\.1, localhost or \[::1\]\)\.\n$/);
  for (const url of ['http://127.0.0.1:5000', 'http://localhost:4566', 'https://sagemaker.example.com']) {
    const ok = await cli([...plan, '--endpoint-url', url]);
    assert.equal(ok.code, 0, `${url}: ${ok.stderr}`);
  }
});

test('every command prints its usage for --help, -h and help <command> (exit 0, stdout); help of an unknown command is a usage error', async () => {
  const { COMMANDS } = await import('../../../src/cli/commands');
  assert.ok(COMMANDS.length >= 14, COMMANDS.map(c => c.name).join(' '));
  for (const command of COMMANDS) {
    for (const args of [[command.name, '--help'], [command.name, '-h'], ['help', command.name], [command.name, 'x.json', '--help']]) {
      const { code, stdout, stderr } = await cli(args);
      assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, '');
      assert.ok(stdout.startsWith(`Usage: sagemaker-estimator ${command.name}`), `${args.join(' ')}: ${stdout}`);
      assert.match(stdout, /Exit status: 0 success/);
    }
  }
  const all = await cli(['help']);
  for (const command of COMMANDS) assert.ok(all.stdout.includes(`  ${command.name}`), command.name);
  const unknown = await cli(['help', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^sagemaker-estimator: no command "nope"; the commands are plan, fit, /);
});

test('the overview of the commands gives each a one-sentence summary under its usage, not a line cut from its help', async () => {
  const { COMMANDS } = await import('../../../src/cli/commands');
  const { stdout } = await cli(['help']);
  for (const command of COMMANDS) {
    assert.match(command.summary, /^[A-Z][^\n]*\.$/, command.name);
    assert.ok(`      ${command.summary}`.length <= 110, `${command.name}: ${command.summary.length} characters`);
    assert.ok(stdout.includes(`\n      ${command.summary}\n`), command.name);
  }
  // Each summary line ends a sentence: the first line of a wrapped help text (the overview's old text) often did not.
  for (const line of stdout.split('\n').filter(l => /^ {6}\S/.test(l))) assert.match(line, /\.$/, line);
});

test('help fit and help wait say that an expired AWS session pauses them, and the command that renews it', async () => {
  for (const command of ['fit', 'wait']) {
    const { code, stdout } = await cli(['help', command]);
    assert.equal(code, 0);
    assert.match(stdout.replace(/\s+/g, ' '), /An expired AWS session \(SSO, temporary credentials\).* pauses .*aws sso login --profile P/, command);
  }
});

test('image-uri of an unknown framework says so in our words and lists the known ones (no Python FileNotFoundError)', async () => {
  const { code, stdout, stderr } = await cli(['image-uri', '--framework', 'pytorchh', '--region', 'us-east-1']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.doesNotMatch(stderr, /FileNotFoundError|image_uri_config|\.json/);
  assert.match(stderr, /^sagemaker-estimator: --framework "pytorchh" is not a framework or algorithm with SageMaker images\. Known ones: .*\bpytorch\b.*\bxgboost\b.*\.\n$/);
});
