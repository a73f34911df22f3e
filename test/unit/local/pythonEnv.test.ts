/**
 * requirements.txt environments: cached per interpreter and requirements, built once even when two jobs ask at
 * the same time, a failed pip install reported with pip's lines and what to do, and jobs that use them.
 * pip runs with the machine's own configuration (its local package indexes have tomli-w).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLocalTrainingJob } from '../../../src/core/local/localJob';
import { ensurePythonEnv, PythonEnvError, venvCacheDir } from '../../../src/core/local/pythonEnv';
import { acquireLock } from '../../../src/core/local/venvLock';
import { tempDir } from '../tempDir';

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
// pypi.org is listed beside the local indexes and unreachable in CI: one attempt per miss, not five.
const env = { ...process.env, PIP_RETRIES: '0' };

function request(requirementsFile: string, cacheDir: string, lines: string[] = []) {
  return { python: PYTHON, requirementsFile, cacheDir, env, onLine: (t: string) => lines.push(t), signal: new AbortController().signal };
}

test('the cache folder is under XDG_CACHE_HOME when set, else ~/.cache', () => {
  assert.equal(venvCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), path.join('/x/cache', 'sagemaker-estimator', 'venvs'));
  if (process.platform !== 'win32') assert.equal(venvCacheDir({ HOME: '/home/u' }), path.join('/home/u', '.cache', 'sagemaker-estimator', 'venvs'));
});

test('two jobs asking at once build the environment once; the next one reuses it; the package is importable only there', { timeout: 600_000 }, async () => {
  const code = tempDir('sm-req-');
  const cache = tempDir('sm-venvs-');
  const requirements = path.join(code, 'requirements.txt');
  fs.writeFileSync(requirements, 'tomli-w\n');
  const lines: string[] = [];
  const [a, b] = await Promise.all([ensurePythonEnv(request(requirements, cache, lines)), ensurePythonEnv(request(requirements, cache, lines))]);
  assert.equal(a.venvDir, b.venvDir);
  assert.deepEqual([a.reused, b.reused].sort(), [false, true]);
  assert.equal(lines.filter((l) => l.startsWith('Creating a Python environment')).length, 1, lines.join('\n'));
  assert.ok(lines.some((l) => /Successfully installed tomli-w/.test(l)), lines.join('\n'));
  assert.equal(fs.existsSync(`${a.venvDir}.lock`), false, 'the lock is released');
  const imported = spawnSync(a.python, ['-c', 'import tomli_w, numpy; print(tomli_w.__file__)'], { encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
  assert.ok(imported.stdout.startsWith(a.venvDir), 'installed into the venv; the base Python\'s numpy still importable');

  const again = await ensurePythonEnv(request(requirements, cache));
  assert.equal(again.reused, true);
  fs.writeFileSync(requirements, 'tomli-w\n# changed\n');
  const changed = await ensurePythonEnv(request(requirements, cache));
  assert.notEqual(changed.venvDir, a.venvDir, 'another requirements text is another environment');
});

test('a requirement pip cannot find: PythonEnvError with pip\'s last lines and what to do; nothing half-built is left', { timeout: 600_000 }, async () => {
  const code = tempDir('sm-req-');
  const cache = tempDir('sm-venvs-');
  const requirements = path.join(code, 'requirements.txt');
  fs.writeFileSync(requirements, 'no-such-package-sagemaker-estimator-test==1.0\n');
  await assert.rejects(ensurePythonEnv(request(requirements, cache)), (error: Error) => {
    assert.ok(error instanceof PythonEnvError);
    assert.match(error.message, /pip could not install .*requirements\.txt \(exit 1\)/);
    assert.match(error.message, /No matching distribution found for no-such-package-sagemaker-estimator-test==1\.0/);
    assert.match(error.message, /What to do: .*pip config list.*--no-venv/s);
    return true;
  });
  assert.deepEqual(fs.readdirSync(cache), [], 'no venv and no lock left in the cache');
});

test('a lock whose owner has died is taken over', async () => {
  const dir = tempDir('sm-lock-');
  const lockDir = path.join(dir, 'env.lock');
  fs.mkdirSync(lockDir);
  // A pid far above any pid_max in use: no process has it.
  fs.writeFileSync(path.join(lockDir, 'owner'), '2147483646\n');
  const release = await acquireLock(lockDir, { signal: new AbortController().signal, isDone: () => false, onWait: () => assert.fail('a dead owner is not waited for') });
  assert.ok(release);
  assert.equal(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8').trim(), String(process.pid));
  release();
  assert.equal(fs.existsSync(lockDir), false);
});

function scriptJob(files: Record<string, string>, useVenv: boolean, cache: string) {
  const dir = tempDir('sm-venv-job-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return startLocalTrainingJob({ entry_point: 'train.py', instance_type: 'local' }, {
    estimatorDir: dir, workspaceDir: dir, jobName: 'venv-job', python: PYTHON, env, useVenv, venvCacheDir: cache,
  });
}

test('a job whose requirements.txt fails to install ends Failed with pip\'s lines in the reason; the script never runs', { timeout: 600_000 }, async () => {
  const cache = tempDir('sm-venvs-');
  const job = scriptJob({ 'train.py': 'open("ran", "w").write("yes")\n', 'requirements.txt': 'no-such-package-sagemaker-estimator-test\n' }, true, cache);
  const result = await job.done;
  assert.equal(result.status, 'Failed');
  assert.match(result.failureReason ?? '', /^ClientError: pip could not install .*No matching distribution found for no-such-package-sagemaker-estimator-test/s);
  assert.equal(fs.existsSync(path.join(path.dirname(job.jobDir), '..', '..', 'ran')), false);
});

test('with environments off, requirements.txt is not installed: a note says so and the job runs on the Python as it is', { timeout: 120_000 }, async () => {
  const cache = tempDir('sm-venvs-');
  const job = scriptJob({ 'train.py': 'import sys; print("prefix", sys.prefix == sys.base_prefix)\n', 'requirements.txt': 'no-such-package-sagemaker-estimator-test\n' }, false, cache);
  const lines: string[] = [];
  job.events.on('line', (l) => lines.push(l.text));
  const result = await job.done;
  assert.equal(result.status, 'Completed', result.failureReason);
  assert.ok(lines.some((l) => /requirements\.txt is not installed: environments are turned off/.test(l)), lines.join('\n'));
  assert.ok(lines.includes('prefix True'));
  assert.deepEqual(fs.readdirSync(cache), []);
});
