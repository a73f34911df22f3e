// npm test: builds, then runs the three layers of tests and prints each layer's summary and a total.
//   node test/run-all.mjs [--only unit|cli|container|vscode|ui]
// Unit tests run on this Node; the command-line, in-VS-Code and UI layers run under the Node 24 that code-server needs,
// installed (with code-server, playwright-core and Debian's chromium) by test/harness/setup-vscode.sh.
// Every layer runs with a temp folder of its own (TMPDIR): a test, server or browser that leaves a file there, or
// a process still running at the end, fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
const wants = layer => !only || only === layer;

const testTmp = mkdtempSync(join(tmpdir(), 'sagemaker-tests-'));
const tmpEnv = { TMPDIR: testTmp, TMP: testTmp, TEMP: testTmp };
process.on('exit', () => rmSync(testTmp, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(1));

/** Processes of the run still alive: those whose environment has the run's TMPDIR (Linux: /proc). */
function processesLeft() {
  if (process.platform !== 'linux') return [];
  const left = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`TMPDIR=${testTmp}`)) continue;
      left.push(`${name} ${readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 160)}`);
    } catch { /* gone, or not ours */ }
  }
  return left;
}

/** The layer that left each entry of the temp folder: noted after each layer. */
const leftBy = new Map();
/** Kept in the temp folder by design, not litter: Node's compile cache, which the CLI (dist/cli.js) turns on. */
const EXPECTED_IN_TMP = new Set(['node-compile-cache']);
function noteLeftovers(layerName) {
  for (const entry of readdirSync(testTmp)) if (!leftBy.has(entry) && !EXPECTED_IN_TMP.has(entry)) leftBy.set(entry, layerName);
}

/** What the run left behind, reported (the folder is removed at exit, so the next run starts clean). */
function leftovers() {
  const problems = [];
  const entries = [...leftBy.entries()].sort();
  if (entries.length) problems.push(`${entries.length} entries left in the temp folder:`, ...entries.map(([e, by]) => `  ${e}  (${by} tests)`));
  const processes = processesLeft();
  if (processes.length) problems.push(`${processes.length} processes of the run still running (now ended):`, ...processes.map(p => `  ${p}`));
  for (const line of processes) try { process.kill(Number(line.split(' ')[0]), 'SIGKILL'); } catch { /* gone */ }
  return problems;
}

function step(title, command, args, options = {}) {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`== ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/** Runs a layer, echoing its output, and reads its "<layer>: N passed, M failed" line (or node:test's totals). */
function layer(title, command, args, env = {}) {
  console.log(`\n== ${title}`);
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...tmpEnv, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', chunk => { output += chunk; process.stdout.write(chunk); });
    child.on('close', code => {
      const summary = output.match(/^[\w-]+: (\d+) passed, (\d+) failed/m);
      const pass = output.match(/^ℹ pass (\d+)/m);
      const fail = output.match(/^ℹ fail (\d+)/m);
      const passed = Number(summary?.[1] ?? pass?.[1] ?? 0);
      const failed = Number(summary?.[2] ?? fail?.[1] ?? 0);
      resolve({ title, passed, failed: failed || (code !== 0 && failed === 0 ? 1 : 0), code });
    });
  });
}

function files(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

function node24() {
  const envFile = join(root, '.cache/vscode/env.sh');
  const env = Object.fromEntries([...readFileSync(envFile, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map(m => [m[1], m[2]]));
  return env.NODE24;
}

step('build', process.execPath, ['scripts/build.mjs']);
rmSync(join(root, 'out'), { recursive: true, force: true }); // no stale test files from removed sources
step('type-check and compile tests', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json']);

const results = [];
if (wants('unit')) {
  const unitFiles = files(join(root, 'out/test/unit'), '.test.js').map(f => relative(root, f)).sort();
  const result = await layer('unit tests (node:test, no server, no VS Code)', process.execPath, ['--test', '--test-reporter=spec', ...unitFiles]);
  results.push({ ...result, title: 'unit' });
  noteLeftovers('unit');
}
// The Node 24 of code-server is also the Node the command line is tested on: the CLI needs Node 22+ (package.json
// engines.node, src/cli/nodeVersion.ts), and CI's own `node` may be older.
if (wants('cli') || wants('container') || wants('vscode') || wants('ui')) step('VS Code for tests (code-server, offline) and Node 24', 'bash', ['test/harness/setup-vscode.sh']);
if (wants('cli')) {
  // The command line against moto and the fault-injecting proxy: Node 24, one moto per file, one file at a time.
  const cliFiles = files(join(root, 'out/test/cli'), '.test.js').map(f => relative(root, f)).sort();
  const result = await layer('command-line tests (node:test on Node 24, moto)', node24(), ['--test', '--test-concurrency=1', '--test-reporter=spec', ...cliFiles]);
  results.push({ ...result, title: 'cli' });
  noteLeftovers('cli');
}
if (wants('container')) {
  step('Docker engine for the container tests (Debian docker.io, busybox-static)', 'bash', ['test/harness/setup-container-engine.sh']);
  // The local-mode container contract against a real Docker engine that the tests start (test/harness/containerEngine.js).
  const containerFiles = files(join(root, 'out/test/container'), '.test.js').map(f => relative(root, f)).sort();
  const result = await layer('container tests (a real Docker engine, the local-mode container contract)', node24(), ['--test', '--test-concurrency=1', '--test-reporter=spec', ...containerFiles]);
  results.push({ ...result, title: 'container' });
  noteLeftovers('container');
}
if (wants('vscode')) {
  results.push({ ...(await layer('in-VS-Code tests (code-server extension host, moto)', node24(), ['test/harness/runVsCodeTests.js'])), title: 'vscode' });
  noteLeftovers('vscode');
  results.push({ ...(await layer('in-VS-Code tests, untrusted workspace (workspace trust on)', node24(), ['test/harness/runVsCodeTests.js', '--untrusted'])), title: 'vscode-untrusted' });
  noteLeftovers('vscode-untrusted');
}
if (wants('ui')) {
  step('package the .vsix', 'npm', ['run', '--silent', 'package']);
  results.push({ ...(await layer('UI tests (playwright-core, Debian chromium)', node24(), ['test/ui/run.js'])), title: 'ui' });
  noteLeftovers('ui');
}

const left = leftovers();
console.log('\n== summary');
for (const r of results) console.log(`${r.title}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`total: ${passed} passed, ${failed} failed`);
if (left.length) console.log(`leftovers: the tests did not clean up after themselves\n${left.join('\n')}`);
else console.log('leftovers: none (temp folder empty, no process left running)');
process.exit(failed > 0 || left.length > 0 || results.some(r => r.code !== 0) ? 1 : 0);
