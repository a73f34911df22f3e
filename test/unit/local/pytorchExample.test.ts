/**
 * The seed's PyTorch CIFAR-10 estimator, as written, through the CLI: requirements.txt (torch, torchvision) pip-
 * installed into a cached venv from the machine's package indexes, one epoch on synthetic CIFAR-10 files, served,
 * invoked with a 32x32 image as JSON and as NPY; the second job reuses the venv.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { jobPaths, localJobDir } from '../../../src/core/local/paths';
import { readLocalJob } from '../../../src/core/local/jobStore';
import { tempDir } from '../tempDir';

const root = path.resolve(__dirname, '../../../..');
const example = path.join(root, 'examples', 'pytorch-cifar10-local');
const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const servers: { child: ChildProcess; exit: Promise<number | null> }[] = [];
after(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGINT');
  await Promise.all(servers.map((s) => s.exit));
});

// The machines' pip configuration lists local indexes as extra indexes beside pypi.org, which CI cannot reach:
// no retries keeps each miss at one failed connection (the user's index settings are left as they are).
const pipEnv = { PIP_RETRIES: '0' };

async function cli(args: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...process.env, ...pipEnv, ...env },
    cwd: root,
  });
  return { code, stdout, stderr };
}

function serveProcess(args: string[]) {
  const main = path.join(root, 'out/src/cli/main.js');
  const script = `require(${JSON.stringify(main)}).runCli(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: ${JSON.stringify(root)} }).then((c) => { process.exitCode = c; });`;
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const server = { child, exit, out: () => stdout, err: () => stderr };
  servers.push(server);
  return server;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A .npy file (format 1.0) of uint8 values with the given shape. */
function npyBytes(values: Uint8Array, shape: number[]): Buffer {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values)]);
}

function classScores(body: string): number[][] {
  const scores = JSON.parse(body) as number[][];
  assert.equal(scores.length, 1);
  assert.equal(scores[0]!.length, 10);
  assert.ok(Math.abs(scores[0]!.reduce((a, b) => a + b, 0) - 1) < 1e-4, `probabilities sum to 1: ${body}`);
  return scores;
}

test('the PyTorch CIFAR-10 example trains with its requirements.txt in a cached venv, serves, and answers JSON and NPY images with 10 class scores', { timeout: 1_500_000 }, async () => {
  const ws = tempDir('sm-pytorch-');
  const cache = tempDir('sm-venvs-');
  fs.cpSync(example, ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}data`) && !src.includes('__pycache__') });
  const made = spawnSync(PYTHON, ['make_data.py', '--out', path.join(ws, 'data'), '--train-per-batch', '40', '--test', '40'], { cwd: ws, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  // torch keeps a compile cache in the temp folder (torchinductor_<user>): the test's own, removed with it.
  const tmp = path.join(cache, 'tmp');
  fs.mkdirSync(tmp);
  const env = { XDG_CACHE_HOME: cache, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
  const estimator = path.join(ws, 'estimator.json');

  const coldStart = Date.now();
  const first = await cli(['train', estimator, '--workspace', ws, '--job-name', 'cifar-1', '--python', PYTHON], env);
  const coldSeconds = (Date.now() - coldStart) / 1000;
  assert.equal(first.code, 0, first.stdout.slice(-4000) + first.stderr.slice(-4000));
  assert.match(first.stdout, /Creating a Python environment for .*requirements\.txt in .*sm-venvs-.*sagemaker-estimator[\\/]venvs[\\/]py-[0-9a-f]{16}/);
  assert.match(first.stdout, /Successfully installed .*torch-2\.13\.0/);
  assert.equal(first.stdout.match(/Warning: framework_version is 1\.7\.1, but this job runs on the installed torch 2\.13\.0/g)?.length, 1, first.stdout);
  assert.match(first.stdout, /200 training and 40 test images/);
  assert.match(first.stdout, /Training job cifar-1: Completed/);
  assert.match(first.stdout, /train:loss = \d/);
  assert.match(first.stdout, /test:accuracy = [01]\./);
  assert.ok(fs.existsSync(jobPaths(localJobDir(ws, 'cifar-1')).modelTarGz));
  const job = readLocalJob(ws, 'cifar-1');
  assert.ok(job?.VenvPython?.startsWith(path.join(cache, 'sagemaker-estimator', 'venvs')), job?.VenvPython);

  const warmStart = Date.now();
  const second = await cli(['train', estimator, '--workspace', ws, '--job-name', 'cifar-2', '--python', PYTHON], env);
  const warmSeconds = (Date.now() - warmStart) / 1000;
  assert.equal(second.code, 0, second.stdout.slice(-4000) + second.stderr);
  assert.match(second.stdout, /Reusing the Python environment .*py-[0-9a-f]{16} \(requirements\.txt unchanged/);
  assert.doesNotMatch(second.stdout, /pip install/);
  console.log(`# pytorch example: first job (venv created) ${coldSeconds.toFixed(1)} s, second job (venv reused) ${warmSeconds.toFixed(1)} s`);

  // XDG_CACHE_HOME stays this process's: the key that signs job.json (which serve checks) is found through it.
  const serve = serveProcess(['serve', 'cifar-1', '--workspace', ws, '--python', PYTHON]);
  const url = await waitFor('the endpoint URL', () => /InService at (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.out())?.[1] ?? (serve.child.exitCode !== null && 'exited'));
  assert.notEqual(url, 'exited', serve.err());
  const pixels = new Uint8Array(32 * 32 * 3).map((_, i) => (i * 37) % 256);
  const image: number[][][] = [];
  for (let y = 0; y < 32; y++) image.push(Array.from({ length: 32 }, (_, x) => Array.from(pixels.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3))));
  const byJson = await cli(['invoke', url, '--content-type', 'application/json', '--body', JSON.stringify(image)], env);
  assert.equal(byJson.code, 0, byJson.stderr);
  const jsonScores = classScores(byJson.stdout);
  const npyFile = path.join(ws, 'image.npy');
  fs.writeFileSync(npyFile, npyBytes(pixels, [32, 32, 3]));
  const byNpy = await cli(['invoke', url, '--content-type', 'application/x-npy', '--accept', 'application/json', '--body-file', npyFile], env);
  assert.equal(byNpy.code, 0, byNpy.stderr);
  const npyScores = classScores(byNpy.stdout);
  for (let i = 0; i < 10; i++) assert.ok(Math.abs(jsonScores[0]![i]! - npyScores[0]![i]!) < 1e-5, 'the same image scores the same as JSON and NPY');
  serve.child.kill('SIGINT');
  assert.equal(await serve.exit, 0, serve.err());
});
