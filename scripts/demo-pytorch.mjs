// npm run demo:pytorch: the seed's PyTorch CIFAR-10 estimator end to end, with the command line the extension ships:
//   synthetic CIFAR-10 files -> train examples/pytorch-cifar10-local (requirements.txt pip-installed into a cached venv)
//   -> serve on 127.0.0.1 -> invoke with one 32x32 image (JSON) -> print the 10 class scores.
// Needs Node.js 22+ (see the README's "Which Node") and a Python 3 with numpy and pip (SAGEMAKER_LOCAL_PYTHON, default python3) whose pip can install
// torch (its configured index); no AWS account. The first run creates the venv (minutes: torch is large), later runs reuse it.
// Offline with pypi.org in the pip configuration, PIP_RETRIES=0 keeps pip from retrying it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples', 'pytorch-cifar10-local');
const cli = join(root, 'dist', 'cli.js');
const python = process.env.SAGEMAKER_LOCAL_PYTHON || 'python3';
const started = Date.now();
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function fail(message) {
  console.error(`\ndemo: ${message}`);
  process.exit(1);
}

function step(title) {
  console.log(`\n== ${title}`);
}

function run(args, options = {}) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: example, env, ...options });
}

if (!existsSync(cli)) {
  step('build (dist/cli.js is missing)');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed.');
}
const env = { ...process.env, SAGEMAKER_LOCAL_PYTHON: python };

step(`data: ${python} make_data.py   (synthetic images in CIFAR-10's own format, in data/cifar-10-batches-py)`);
const data = spawnSync(python, ['make_data.py', '--train-per-batch', '100', '--test', '100'], { cwd: example, stdio: 'inherit' });
if (data.status !== 0) fail(`make_data.py failed (exit ${data.status ?? data.error?.message}); it needs numpy.`);

const pad = (n) => String(n).padStart(2, '0');
const now = new Date();
const jobName = `pytorch-demo-${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}-${pad(now.getUTCHours())}-${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}`;
step(`train: sagemaker-estimator train estimator.json --job-name ${jobName}`);
const train = run(['train', 'estimator.json', '--job-name', jobName, '--python', python], { stdio: 'inherit' });
if (train.status !== 0) fail(`training did not complete (exit ${train.status ?? train.signal}).`);

step(`serve: sagemaker-estimator serve ${jobName}`);
const server = spawn(process.execPath, [cli, 'serve', jobName, '--python', python], { cwd: example, env, stdio: ['ignore', 'pipe', 'pipe'] });
let serverOutput = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the endpoint did not start within 180 s')), 180_000);
  server.stdout.on('data', (chunk) => {
    serverOutput += chunk.toString();
    process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '  [serve] '));
    const m = /InService at (http:\/\/127\.0\.0\.1:\d+)/.exec(serverOutput);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.stderr.on('data', (chunk) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, '  [serve] ')));
  server.on('exit', (code) => {
    clearTimeout(timer);
    reject(new Error(`the endpoint's server exited (${code})`));
  });
}).catch((error) => fail(error.message));

// One 32x32 RGB image, height x width x channel with values 0-255 as CIFAR-10 stores them: a red-to-blue gradient.
const image = Array.from({ length: 32 }, (_, y) => Array.from({ length: 32 }, (_, x) => [Math.round((255 * x) / 31), 64, Math.round((255 * y) / 31)]));
step(`invoke: sagemaker-estimator invoke ${jobName} --content-type application/json --body '<32x32x3 image>'`);
const invoke = run(['invoke', jobName, '--content-type', 'application/json', '--body', JSON.stringify(image)], { encoding: 'utf8' });
server.kill('SIGINT');
const serverExit = await new Promise((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.on('exit', resolve)));
if (invoke.status !== 0) fail(`invoke failed (exit ${invoke.status}):\n${invoke.stderr}`);
let scores;
try {
  scores = JSON.parse(invoke.stdout)[0];
} catch {
  fail(`the endpoint's answer is not the expected JSON:\n${invoke.stdout}`);
}
console.log(`\nClass scores from ${url}:`);
scores.forEach((p, i) => console.log(`  ${CLASSES[i].padEnd(10)} ${p.toFixed(4)}`));
if (serverExit !== 0) fail(`the endpoint did not stop cleanly (exit ${serverExit}).`);
console.log(`\ndemo: trained, served and invoked ${jobName} locally in ${((Date.now() - started) / 1000).toFixed(1)} s; the endpoint is stopped.`);
console.log(`      job folder: ${join('examples', 'pytorch-cifar10-local', '.sagemaker', 'local', jobName)}`);
