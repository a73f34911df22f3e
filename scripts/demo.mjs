// npm run demo: the local-mode PCA example end to end, with the command line the extension ships (dist/cli.js):
//   train examples/pca-local on this machine -> serve the model on 127.0.0.1 -> invoke it once -> print the projection.
// Needs Node.js 22+ (see the README's "Which Node") and a Python 3 with numpy (SAGEMAKER_LOCAL_PYTHON, default python3); no AWS account or credentials.
//   node scripts/demo.mjs            (after node scripts/build.mjs; builds first if dist/cli.js is missing)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples', 'pca-local');
const cli = join(root, 'dist', 'cli.js');
const python = process.env.SAGEMAKER_LOCAL_PYTHON || 'python3';
const started = Date.now();

function fail(message) {
  console.error(`\ndemo: ${message}`);
  process.exit(1);
}

function step(title) {
  console.log(`\n== ${title}`);
}

if (!existsSync(cli)) {
  step('build (dist/cli.js is missing)');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed.');
}

const probe = spawnSync(python, ['-c', 'import sys, numpy; print(sys.version.split()[0], numpy.__version__)'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  fail(`${python} with numpy is needed (the example's training script uses numpy only).` +
    ` ${probe.error ? probe.error.message : (probe.stderr || '').trim().split('\n').pop()}` +
    '\nInstall numpy (python3 -m pip install numpy), or set SAGEMAKER_LOCAL_PYTHON to a Python that has it.');
}
const [pythonVersion, numpyVersion] = probe.stdout.trim().split(' ');

// The example folder is the workspace: jobs go to examples/pca-local/.sagemaker/local/<job>/ (git-ignored).
const pad = (n, w = 2) => String(n).padStart(w, '0');
const now = new Date();
const jobName = `pca-local-demo-${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}-` +
  `${pad(now.getUTCHours())}-${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}-${pad(now.getUTCMilliseconds(), 3)}`;
// Nothing here may reach AWS: the demo runs the same with or without credentials.
const env = { ...process.env, SAGEMAKER_LOCAL_PYTHON: python };

step(`train: sagemaker-estimator train estimator.json --job-name ${jobName}   (Python ${pythonVersion}, numpy ${numpyVersion})`);
const train = spawnSync(process.execPath, [cli, 'train', 'estimator.json', '--job-name', jobName, '--python', python], { cwd: example, env, stdio: 'inherit' });
if (train.status !== 0) fail(`training did not complete (exit ${train.status ?? train.signal}).`);

step(`serve: sagemaker-estimator serve ${jobName}`);
const server = spawn(process.execPath, [cli, 'serve', jobName, '--python', python], { cwd: example, env, stdio: ['ignore', 'pipe', 'pipe'] });
let serverOutput = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the endpoint did not start within 60 s')), 60_000);
  server.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    serverOutput += text;
    process.stdout.write(text.replace(/^(?=.)/gm, '  [serve] '));
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

// Three rows of the training data, in the built-in PCA algorithm's JSON format.
const rows = readFileSync(join(example, 'data', 'train.csv'), 'utf8').trim().split('\n').slice(0, 3).map((line) => line.split(',').map(Number));
const body = JSON.stringify({ instances: rows.map((features) => ({ features })) });
step(`invoke: sagemaker-estimator invoke ${jobName} --content-type application/json --body '${body}'`);
const invoke = spawnSync(process.execPath, [cli, 'invoke', jobName, '--content-type', 'application/json', '--body', body], { cwd: example, env, encoding: 'utf8' });

server.kill('SIGINT');
const serverExit = await new Promise((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.on('exit', resolve)));

if (invoke.status !== 0) fail(`invoke failed (exit ${invoke.status}):\n${invoke.stderr}`);
let projections;
try {
  projections = JSON.parse(invoke.stdout).projections;
} catch {
  fail(`the endpoint's answer is not the expected JSON:\n${invoke.stdout}`);
}
console.log(`\nProjection of ${rows.length} rows (4 features) onto the ${projections[0].projection.length} principal components, from ${url}:`);
rows.forEach((row, i) => console.log(`  [${row.map((x) => x.toFixed(5)).join(', ')}]  ->  [${projections[i].projection.map((x) => x.toFixed(6)).join(', ')}]`));
console.log(`\n${invoke.stdout.trim()}`);
if (serverExit !== 0) fail(`the endpoint did not stop cleanly (exit ${serverExit}).`);
console.log(`\ndemo: trained, served and invoked ${jobName} locally in ${((Date.now() - started) / 1000).toFixed(1)} s; the endpoint is stopped.`);
console.log(`      job folder: ${join('examples', 'pca-local', '.sagemaker', 'local', jobName)}`);
