/**
 * The bad-input corpus (test/fixtures/bad-input, written by its generate.mjs) through the CLI's `plan`, plus
 * multi-megabyte files and symbolic links made here: `plan` never crashes (exit 0, or 1 with `file:line:col`
 * problems, never a stack trace), never takes 5 s, and never prints a request the API refuses.
 *
 * Each corpus file runs through `runCli` in this process, timed alone (a child process's start-up alone can
 * take seconds on a busy machine, which would measure the machine, not `plan`); the files made here also run
 * through the built dist/cli.js as a child process, to check the bundle end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRequest } from '../../../src/core/api/checkRequest';
import { runCli } from '../../../src/cli/main';

function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (fs.existsSync(path.join(dir, 'test', 'fixtures', 'bad-input'))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('test/fixtures/bad-input not found');
}

const ROOT = repoRoot();
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'bad-input');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const LIMIT_MS = 5000;
const CHILD_LIMIT_MS = 60000;
const files = fs.readdirSync(CORPUS).filter(name => /^\d{3}-.*\.json$/.test(name)).sort();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

const ENV = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole' };
const ARGS = ['--region', 'us-east-1', '--account', '123456789012'];

/** `plan` in this process, as the CLI's entry calls it. */
async function planInProcess(file: string, cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: ENV, cwd };
  const started = Date.now();
  let code: number | null;
  try {
    code = await runCli(['plan', file, ...ARGS], io);
  } catch (error) {
    code = null;
    stderr += `THREW ${(error as Error)?.stack ?? String(error)}`;
  }
  return { code, stdout, stderr, ms: Date.now() - started, timedOut: false };
}

/** `plan` through the built bundle, as a user runs it. */
function plan(file: string, cwd: string): Promise<Run> {
  const started = Date.now();
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, 'plan', file, ...ARGS],
      // Start-up included and the machine possibly busy: killed only when it truly hangs.
      { cwd, timeout: CHILD_LIMIT_MS, maxBuffer: 64 * 1024 * 1024, env: ENV },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started, timedOut: Boolean(error?.killed) });
      },
    );
  });
}

function assertWellBehaved(name: string, run: Run, limitMs = LIMIT_MS): void {
  assert.ok(!run.timedOut, `${name}: plan hung (killed after ${CHILD_LIMIT_MS} ms)`);
  assert.ok(run.ms < limitMs, `${name}: plan took ${run.ms} ms`);
  assert.ok(run.code === 0 || run.code === 1, `${name}: exit code ${run.code}\n${run.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+\)?\n|Maximum call stack|RangeError|TypeError|internal error/, `${name}: crash output:\n${run.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(run.stderr, /function Object\(\)|\[native code\]|\[object Object\]/, `${name}: prototype text in a message:\n${run.stderr.slice(0, 2000)}`);
  if (run.code === 1) {
    assert.match(run.stderr, /^[^\n]+:\d+:\d+: error: /m, `${name}: exit 1 without a file:line:col error:\n${run.stderr.slice(0, 2000)}`);
    assert.equal(run.stdout, '', `${name}: printed a request and failed`);
  } else {
    const request = JSON.parse(run.stdout) as { ResourceConfig?: { InstanceType?: string } };
    // Local mode's request is run on this machine, never sent.
    if (request.ResourceConfig?.InstanceType === 'local' || request.ResourceConfig?.InstanceType === 'local_gpu') return;
    assert.deepEqual(checkRequest('CreateTrainingJob', request).map(v => v.message), [], `${name}: printed a request the API refuses`);
  }
}

test('the bad-input corpus has at least 130 files', () => {
  assert.ok(files.length >= 130, `only ${files.length} files`);
});

test('the CLI is built (node scripts/build.mjs)', () => {
  assert.ok(fs.existsSync(CLI), `${CLI} missing: run node scripts/build.mjs first`);
});

for (const file of files) {
  test(`bad input: ${file}`, async () => {
    assertWellBehaved(file, await planInProcess(file, CORPUS));
  });
}

test('bad input made at test time: a 12 MB file, symbolic links, a folder', { skip: !fs.existsSync(CLI) }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
  try {
    const base = {
      image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algorithm:latest',
      role: 'arn:aws:iam::123456789012:role/SageMakerRole',
      instance_count: 1,
      instance_type: 'ml.m5.xlarge',
      inputs: { train: 's3://my-bucket/train' },
    };
    fs.writeFileSync(path.join(dir, 'huge-string.json'), JSON.stringify({ ...base, base_job_name: 'x'.repeat(12 * 1024 * 1024) }));
    fs.writeFileSync(path.join(dir, 'huge-hyperparameters.json'), JSON.stringify({ ...base, hyperparameters: Object.fromEntries(Array.from({ length: 50000 }, (_, i) => [`h${i}`, i])) }));
    fs.writeFileSync(path.join(dir, 'huge-whitespace.json'), `${' '.repeat(8 * 1024 * 1024)}${JSON.stringify(base)}`);
    fs.writeFileSync(path.join(dir, 'real.json'), JSON.stringify(base));
    fs.symlinkSync('real.json', path.join(dir, 'link.json'));
    fs.symlinkSync('missing.json', path.join(dir, 'dangling.json'));
    fs.symlinkSync('loop-b.json', path.join(dir, 'loop-a.json'));
    fs.symlinkSync('loop-a.json', path.join(dir, 'loop-b.json'));
    fs.mkdirSync(path.join(dir, 'folder.json'));
    fs.symlinkSync('folder.json', path.join(dir, 'folder-link.json'));
    const made = ['huge-string.json', 'huge-hyperparameters.json', 'huge-whitespace.json', 'link.json', 'dangling.json', 'loop-a.json', 'folder.json', 'folder-link.json', 'missing.json'];
    const throughBundle = ['huge-string.json', 'huge-whitespace.json', 'link.json', 'dangling.json', 'loop-a.json', 'folder.json'];
    for (const name of made) assertWellBehaved(name, await planInProcess(name, dir));
    // Some of the corpus too: the deepest nesting and prototype-named keys, through the bundle.
    for (const file of files.filter(f => /nest-20000-arrays|proto-unquoted-constructor/.test(f))) fs.copyFileSync(path.join(CORPUS, file), path.join(dir, file));
    for (const name of [...throughBundle, ...fs.readdirSync(dir).filter(f => /^\d{3}-/.test(f))]) assertWellBehaved(`${name} (dist/cli.js)`, await plan(name, dir), CHILD_LIMIT_MS);
    assert.equal((await plan('link.json', dir)).code, 0, 'a link to a good file plans');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
