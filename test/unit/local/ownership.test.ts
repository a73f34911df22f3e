import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { LocalModeError } from '../../../src/core/local/errors';
import { listLocalJobs, readJobDescription, stopLocalJob, writeJobDescription, type LocalJobDescription } from '../../../src/core/local/jobStore';
import { listLocalEndpoints, resolveLocalEndpointUrl, startLocalEndpoint, stopLocalEndpoint } from '../../../src/core/local/localEndpoint';
import { startLocalTrainingJob } from '../../../src/core/local/localJob';
import { recordProcess } from '../../../src/core/local/ownership';
import { jobPaths, localEndpointsDir, localJobDir } from '../../../src/core/local/paths';
import { signalGroup } from '../../../src/core/local/process';

// Stop and Delete signal the process group a state file in the workspace names: a state file that came with a
// repository (not signed by local mode here), or one whose process is not the one we started, signals nothing.

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const temps: string[] = [];
const sleepers: ChildProcess[] = [];
after(() => {
  for (const s of sleepers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** A process started outside local mode's API, in its own process group (as a job's would be). */
function sleeper(): number {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  sleepers.push(child);
  return child.pid!;
}

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function completedJob(): Promise<{ ws: string; description: LocalJobDescription }> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-owner-'));
  temps.push(ws);
  const est = path.join(ws, 'project');
  fs.mkdirSync(path.join(est, 'code'), { recursive: true });
  fs.writeFileSync(path.join(est, 'code', 'train.py'), 'import os\nopen(os.path.join(os.environ["SM_MODEL_DIR"], "model.txt"), "w").write("1")\n');
  fs.writeFileSync(path.join(est, 'code', 'inference.py'), 'def model_fn(d):\n    return 1\n');
  const spec = {
    framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1,
    deploy: { env: { SAGEMAKER_PROGRAM: 'inference.py' } },
  } as unknown as EstimatorSpec;
  const result = await startLocalTrainingJob(spec, { estimatorDir: est, workspaceDir: ws, jobName: 'done', python: PYTHON }).done;
  assert.equal(result.status, 'Completed', result.failureReason);
  return { ws, description: result.description };
}

/** A job.json as a repository could ship it: plain JSON, InProgress, naming `pid`. */
function forgeRunningJob(ws: string, base: LocalJobDescription, name: string, pid: number): string {
  const dir = localJobDir(ws, name);
  fs.mkdirSync(dir, { recursive: true });
  const forged = { ...base, TrainingJobName: name, JobDir: dir, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', Pid: pid, RunnerPid: pid };
  fs.writeFileSync(jobPaths(dir).jobJson, JSON.stringify(forged, null, 2));
  return dir;
}

test('a job.json that came with the workspace, naming a process we did not start: Stop signals nothing and says why', async () => {
  const { ws, description } = await completedJob();
  const victim = sleeper();
  const dir = forgeRunningJob(ws, description, 'forged', victim);
  const before = fs.readFileSync(jobPaths(dir).jobJson, 'utf8');

  await assert.rejects(stopLocalJob(ws, 'forged', 200), (error: unknown) => {
    assert.ok(error instanceof LocalModeError);
    assert.equal(error.kind, 'process');
    assert.match(error.message, /Not stopping local job forged: .*job\.json\) was not written by local mode on this machine/);
    return true;
  });
  assert.ok(isAlive(victim), 'the process the file names is still running');
  assert.ok(!fs.existsSync(jobPaths(dir).stopRequest), 'nothing written into the job folder');
  // Listed as not running here (no Stop offered), and the file is left as it came.
  const listed = listLocalJobs(ws).find((j) => j.TrainingJobName === 'forged')!;
  assert.equal(listed.TrainingJobStatus, 'Failed');
  assert.match(listed.FailureReason!, /not written by local mode on this machine/);
  assert.equal(fs.readFileSync(jobPaths(dir).jobJson, 'utf8'), before);
});

test('"Pid": 1 is never signalled, from a state file or a direct call', async () => {
  const { ws, description } = await completedJob();
  forgeRunningJob(ws, description, 'init', 1);
  await assert.rejects(stopLocalJob(ws, 'init', 200), /Not stopping local job init/);
  // Even a signed record naming pid 1 (or our own process) is refused.
  const dir = localJobDir(ws, 'signed-init');
  fs.mkdirSync(dir, { recursive: true });
  writeJobDescription(dir, { ...description, TrainingJobName: 'signed-init', TrainingJobStatus: 'InProgress', Pid: 1, Process: { Pid: 1 }, RunnerPid: 1 });
  await assert.rejects(stopLocalJob(ws, 'signed-init', 200), /names process 1, which local mode never signals/);
  assert.equal(signalGroup(1, 'SIGTERM'), false);
  assert.equal(signalGroup(process.pid, 'SIGTERM'), false);
});

test('a signed job.json whose process id now belongs to another process (other start time) signals nothing', async () => {
  const { ws, description } = await completedJob();
  const other = sleeper();
  const dir = localJobDir(ws, 'reused');
  fs.mkdirSync(dir, { recursive: true });
  const record = recordProcess(other, 'token');
  assert.ok(record.StartTime, 'Linux records the start time');
  writeJobDescription(dir, {
    ...description, TrainingJobName: 'reused', JobDir: dir, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training',
    Pid: other, Process: { ...record, StartTime: String(Number(record.StartTime) - 1) }, RunnerPid: 0,
  });
  const stopped = await stopLocalJob(ws, 'reused', 200);
  assert.equal(stopped.TrainingJobStatus, 'Stopped');
  assert.ok(isAlive(other), 'the process that now has that id is left alone');
});

test('a job.json edited after local mode wrote it no longer verifies', async () => {
  const { ws, description } = await completedJob();
  const dir = localJobDir(ws, 'done');
  const signed = readJobDescription(dir)!;
  assert.match(signed.Signature ?? '', /^[0-9a-f]{64}$/);
  const victim = sleeper();
  fs.writeFileSync(jobPaths(dir).jobJson, JSON.stringify({ ...signed, TrainingJobStatus: 'InProgress', Pid: victim, Process: { ...description.Process, Pid: victim } }, null, 2));
  await assert.rejects(stopLocalJob(ws, 'done', 200), /not written by local mode on this machine/);
  assert.ok(isAlive(victim));
});

test('an endpoint state file that came with the workspace: not InService, not invoked, Delete signals nothing', async () => {
  const { ws } = await completedJob();
  const victim = sleeper();
  const dir = localEndpointsDir(ws);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'shipped.json'), JSON.stringify({
    EndpointName: 'shipped', EndpointStatus: 'InService', CreationTime: new Date().toISOString(), LastModifiedTime: new Date().toISOString(),
    Local: true, Url: 'http://attacker.example:80', Port: 80, Pid: victim, ModelDir: '/', Python: 'python3', LogFile: '/etc/passwd',
  }));
  const [listed] = listLocalEndpoints(ws);
  assert.equal(listed!.EndpointStatus, 'Failed');
  assert.match(listed!.FailureReason!, /not written by local mode on this machine/);
  assert.equal(resolveLocalEndpointUrl(ws, 'shipped'), undefined);
  await assert.rejects(stopLocalEndpoint(ws, 'shipped'), (error: unknown) => {
    assert.ok(error instanceof LocalModeError);
    assert.match(error.message, /Not stopping local endpoint shipped: .*not written by local mode/);
    return true;
  });
  assert.ok(isAlive(victim), 'the process the file names is still running');
  assert.ok(fs.existsSync(path.join(dir, 'shipped.json')), 'the file is left for the user to look at');
});

test('Deploy of a job.json that came with the workspace starts nothing: its paths and environment are not used', async () => {
  const { ws, description } = await completedJob();
  const dir = localJobDir(ws, 'shipped-job');
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(ws, 'ran');
  fs.writeFileSync(path.join(ws, 'evil.py'), `open(${JSON.stringify(marker)}, "w").write("ran")\n`);
  fs.writeFileSync(jobPaths(dir).jobJson, JSON.stringify({ ...description, TrainingJobName: 'shipped-job', JobDir: dir, SourceDir: ws, ServingEntryPoint: 'evil.py' }, null, 2));
  await assert.rejects(
    startLocalEndpoint({ jobDir: dir, python: PYTHON, workspaceDir: ws, startTimeoutMs: 10_000 }),
    /job\.json was not written by local mode on this machine.*Train the job here first/s,
  );
  assert.ok(!fs.existsSync(marker), 'the shipped script did not run');
  assert.ok(!fs.existsSync(path.join(localEndpointsDir(ws), 'shipped-job')), 'no endpoint folder was made');
});

test('our own endpoint still verifies and stops by name (the record is signed, the process matches)', async () => {
  const { ws } = await completedJob();
  const handle = await startLocalEndpoint({ jobDir: localJobDir(ws, 'done'), python: PYTHON, workspaceDir: ws });
  try {
    const [listed] = listLocalEndpoints(ws);
    assert.equal(listed!.EndpointStatus, 'InService');
    assert.equal(listed!.Process?.Pid, handle.pid);
    // As another process would stop it: by name, from the state file alone.
    const state = path.join(localEndpointsDir(ws), 'done.json');
    const saved = fs.readFileSync(state, 'utf8');
    await handle.stop();
    fs.writeFileSync(state, saved);
    assert.equal(await stopLocalEndpoint(ws, 'done'), true, 'an ended server of ours: nothing to signal, the state is forgotten');
    assert.ok(!fs.existsSync(state));
  } finally {
    await handle.stop();
  }
});

test('the command line shares the checks: serve of a shipped job.json and invoke of a shipped endpoint do nothing and say why', async () => {
  const { runCli } = await import('../../../src/cli/main');
  const { ws, description } = await completedJob();
  const dir = localJobDir(ws, 'shipped');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(jobPaths(dir).jobJson, JSON.stringify({ ...description, TrainingJobName: 'shipped', JobDir: dir }, null, 2));
  fs.mkdirSync(localEndpointsDir(ws), { recursive: true });
  fs.writeFileSync(path.join(localEndpointsDir(ws), 'remote.json'), JSON.stringify({
    EndpointName: 'remote', EndpointStatus: 'InService', CreationTime: new Date().toISOString(), LastModifiedTime: new Date().toISOString(),
    Local: true, Url: 'http://attacker.example:80', Port: 80, Pid: process.pid, ModelDir: '/', Python: 'python3', LogFile: '/dev/null',
  }));
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { PATH: process.env.PATH, HOME: process.env.HOME }, cwd: ws });
    return { code, stdout, stderr };
  };
  const serve = await run(['serve', 'shipped', '--workspace', ws, '--python', PYTHON]);
  assert.equal(serve.code, 1);
  assert.match(serve.stderr, /job\.json was not written by local mode on this machine/);
  assert.ok(!fs.existsSync(path.join(localEndpointsDir(ws), 'shipped')), 'no endpoint folder');
  const invoke = await run(['invoke', 'remote', '--workspace', ws, '--content-type', 'text/csv', '--body', '1']);
  assert.equal(invoke.code, 1);
  assert.match(invoke.stderr, /no running local endpoint "remote"/);
});
