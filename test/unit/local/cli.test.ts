import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { readLocalJob, stopLocalJob } from '../../../src/core/local/jobStore';
import { jobPaths, localJobDir } from '../../../src/core/local/paths';

const root = path.resolve(__dirname, '../../../..');
const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const temps: string[] = [];
const started: { child: ChildProcess; exit: Promise<number | null> }[] = [];
after(async () => {
  // A test that failed half-way leaves its CLI running (serving, or training): SIGINT ends it and what it started.
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGINT');
  await Promise.all(started.map((p) => p.exit));
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-'));
  temps.push(dir);
  return dir;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd: root,
  });
  return { code, stdout, stderr };
}

/** runCli in a child process (the compiled one), for commands that wait for signals. */
function cliProcess(args: string[]) {
  const main = path.join(root, 'out/src/cli/main.js');
  const script = `require(${JSON.stringify(main)}).runCli(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: ${JSON.stringify(root)} }).then((c) => { process.exitCode = c; });`;
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const running = { child, exit, out: () => stdout, err: () => stderr };
  started.push(running);
  return running;
}

// A generous ceiling: a busy machine starts Python slowly, and a probe that holds ends the wait at once.
async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('train runs the local PCA example: logs, metrics, Completed, exit 0; serve and invoke answer with the projection', async () => {
  const ws = tempDir();
  const train = await cli(['train', 'examples/pca-local/estimator.json', '--workspace', ws, '--job-name', 'pca-cli', '--python', PYTHON]);
  assert.equal(train.code, 0, train.stderr + train.stdout);
  assert.match(train.stdout, /^--- \S+ \S+ Training: Running .*train\.py --feature_dim 4 --mini_batch_size 200 --num_components 3/m);
  assert.match(train.stdout, /#metrics explained_variance_ratio_total=/);
  assert.match(train.stdout, /Training job pca-cli: Completed/);
  assert.match(train.stdout, /train:explained_variance_ratio = 0\.9\d+/);
  assert.ok(fs.existsSync(jobPaths(localJobDir(ws, 'pca-cli')).modelTarGz));

  const serve = cliProcess(['serve', 'pca-cli', '--workspace', ws, '--python', PYTHON]);
  const url = await waitFor('the endpoint URL', () => /InService at (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.out())?.[1]);
  const byName = await cli(['invoke', 'pca-cli', '--workspace', ws, '--content-type', 'application/json', '--body', '{"instances": [{"features": [0.1, 0.2, 0.3, 0.4]}]}']);
  assert.equal(byName.code, 0, byName.stderr);
  const projection = JSON.parse(byName.stdout).projections[0].projection;
  assert.equal(projection.length, 3);
  const csvFile = path.join(tempDir(), 'rows.csv');
  fs.writeFileSync(csvFile, '0.1,0.2,0.3,0.4\n0.5,0.1,-0.2,0.3\n');
  const byUrl = await cli(['invoke', url, '--content-type', 'text/csv', '--accept', 'text/csv', '--body-file', csvFile]);
  assert.equal(byUrl.code, 0, byUrl.stderr);
  assert.equal(byUrl.stdout.trim().split('\n').length, 2);
  const bad = await cli(['invoke', url, '--content-type', 'application/json', '--body', '[[1, 2]]']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /answered 500:\nValueError: Each row needs 4 features, got 2\./);
  serve.child.kill('SIGINT');
  assert.equal(await serve.exit, 0, serve.err());
  assert.match(serve.out(), /Endpoint pca-cli stopped/);
  const gone = await cli(['invoke', 'pca-cli', '--local', '--workspace', ws, '--content-type', 'application/json', '--body', '[]']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no running local endpoint "pca-cli"/);
});

test('train refuses a non-local instance type and points to fit, which launches it on SageMaker', async () => {
  const r = await cli(['train', 'examples/pca/estimator.json'], { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/R', SAGEMAKER_BUCKET: 'my-bucket' });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'sagemaker-estimator: examples/pca/estimator.json: instance_type is "ml.m4.xlarge"; train runs local jobs only '
    + '("instance_type": "local" or "local_gpu"). To launch this job on SageMaker and follow it, run: sagemaker-estimator fit examples/pca/estimator.json\n');
});

test('a job run by another process (the CLI) is stopped by name: its process group ends, it is Stopped, the CLI exits 1', async () => {
  const ws = tempDir();
  const est = path.join(ws, 'project');
  fs.mkdirSync(path.join(est, 'code'), { recursive: true });
  fs.writeFileSync(path.join(est, 'code', 'train.py'), 'import time\nprint("ready", flush=True)\ntime.sleep(60)\n');
  fs.writeFileSync(path.join(est, 'estimator.json'), JSON.stringify({ framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1 }));
  const train = cliProcess(['train', path.join(est, 'estimator.json'), '--workspace', ws, '--job-name', 'long', '--python', PYTHON]);
  await waitFor('the job to print', () => train.out().includes('ready'));
  const pid = readLocalJob(ws, 'long')!.Pid!;
  assert.ok(pid > 0);
  const stopped = await stopLocalJob(ws, 'long', 1000);
  assert.equal(stopped.TrainingJobStatus, 'Stopped');
  assert.equal(await train.exit, 1);
  assert.match(train.out(), /Training job long: Stopped/);
  assert.throws(() => process.kill(pid, 0));
});

test('usage errors', async () => {
  assert.equal((await cli(['train'])).code, 2);
  assert.equal((await cli(['serve'])).code, 1);
  const invoke = await cli(['invoke', 'x', '--content-type', 'application/json']);
  assert.equal(invoke.code, 2);
  assert.match(invoke.stderr, /either --body or --file/);
  const help = await cli(['help']);
  assert.match(help.stdout, /train <estimator\.json>/);
  assert.match(help.stdout, /serve <job-name-or-folder>/);
  assert.match(help.stdout, /invoke <endpoint-name-or-url>/);
});
