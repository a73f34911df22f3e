/**
 * Local jobs of several hosts, with real processes: each host's environment and folder, its `[algo-N]` lines,
 * ShardedByS3Key channels split across hosts, one failing host failing the job and ending the others, stop
 * ending every host, and the model gathered from all hosts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { hostPaths, loopbackInterfaceName, shardKeys, sortedKeys } from '../../../src/core/local/hosts';
import { readLocalJob, stopLocalJob, writeJobDescription } from '../../../src/core/local/jobStore';
import { startLocalTrainingJob, type LocalJobLine } from '../../../src/core/local/localJob';
import { recordProcess } from '../../../src/core/local/ownership';
import { localJobDir } from '../../../src/core/local/paths';
import { isProcessAlive } from '../../../src/core/local/process';
import { tempDir } from '../tempDir';

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';

function workspace(files: Record<string, string>): { ws: string; est: string } {
  const ws = tempDir('sm-multihost-');
  const est = path.join(ws, 'project');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(est, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { ws, est };
}

function spec(extra: Partial<EstimatorSpec>): EstimatorSpec {
  return { framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 2, ...extra } as EstimatorSpec;
}

async function tarEntries(file: string): Promise<string[]> {
  const names: string[] = [];
  await tar.t({ file, onReadEntry: (e) => names.push(e.path) });
  return names.sort();
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ENV_SCRIPT = `
import json, os
host = os.environ["SM_CURRENT_HOST"]
print(f"hello from {host}", flush=True)
names = ("SM_HOSTS", "SM_CURRENT_HOST", "SM_NUM_GPUS", "SM_NETWORK_INTERFACE_NAME", "SM_RESOURCE_CONFIG", "SM_MODEL_DIR", "SM_TRAINING_ENV", "MASTER_ADDR", "RANK")
with open(os.path.join(os.environ["SM_INPUT_CONFIG_DIR"], "resourceconfig.json")) as f:
    resource = json.load(f)
def files(channel):
    root = os.environ["SM_CHANNEL_" + channel.upper()]
    return sorted(os.path.relpath(os.path.join(d, n), root) for d, _, ns in os.walk(root, followlinks=True) for n in ns)
with open(os.path.join(os.environ["SM_MODEL_DIR"], host + ".json"), "w") as f:
    json.dump({"env": {k: os.environ.get(k) for k in names}, "resource": resource, "shards": files("shards"), "full": files("full")}, f)
print(f"{host} done", flush=True)
`;

test('two hosts: each has its own folder, the multi-host toolkit environment, resourceconfig.json, its shard of a ShardedByS3Key channel and all of a FullyReplicated one; lines are prefixed [algo-N]; the model gathers both hosts', async () => {
  const shardFiles = ['a.csv', 'b.csv', 'c.csv', 'sub/d.csv', 'e.csv'];
  const files: Record<string, string> = { 'code/train.py': ENV_SCRIPT, 'full/x.txt': 'x', 'full/y.txt': 'y' };
  for (const f of shardFiles) files[`shards/${f}`] = f;
  const { ws, est } = workspace(files);
  const lines: LocalJobLine[] = [];
  const handle = startLocalTrainingJob(
    spec({ inputs: { shards: { s3_data: 'file://shards', distribution: 'ShardedByS3Key' }, full: 'full' } }),
    { estimatorDir: est, workspaceDir: ws, jobName: 'two-hosts', python: PYTHON, useVenv: false },
  );
  handle.events.on('line', (l) => lines.push(l));
  const result = await handle.done;
  assert.equal(result.status, 'Completed', result.failureReason);
  const texts = lines.map((l) => l.text);
  for (const host of ['algo-1', 'algo-2']) {
    assert.ok(texts.includes(`[${host}] hello from ${host}`), texts.join('\n'));
    assert.ok(lines.some((l) => l.host === host && l.text === `[${host}] ${host} done`));
  }
  assert.match(fs.readFileSync(path.join(localJobDir(ws, 'two-hosts'), 'job.log'), 'utf8'), /^\[algo-2\] hello from algo-2$/m);
  assert.equal(result.description.ResourceConfig.InstanceCount, 2);

  const jobDir = localJobDir(ws, 'two-hosts');
  const dumps = ['algo-1', 'algo-2'].map((host) => {
    const dir = hostPaths(jobDir, host);
    return { host, dir, dump: JSON.parse(fs.readFileSync(path.join(dir.model, `${host}.json`), 'utf8')) as {
      env: Record<string, string>; resource: Record<string, unknown>; shards: string[]; full: string[];
    } };
  });
  assert.notEqual(dumps[0]!.dir.root, dumps[1]!.dir.root, 'each host has its own /opt/ml');
  const keys = sortedKeys(path.join(est, 'shards'));
  assert.deepEqual(keys, ['a.csv', 'b.csv', 'c.csv', 'e.csv', 'sub/d.csv']);
  for (const [rank, { host, dir, dump }] of dumps.entries()) {
    assert.deepEqual(JSON.parse(dump.env.SM_HOSTS!), ['algo-1', 'algo-2']);
    assert.equal(dump.env.SM_CURRENT_HOST, host);
    assert.equal(dump.env.SM_NUM_GPUS, '0');
    assert.equal(dump.env.SM_NETWORK_INTERFACE_NAME, loopbackInterfaceName());
    assert.equal(dump.env.SM_MODEL_DIR, dir.model);
    assert.equal(dump.env.MASTER_ADDR, '127.0.0.1');
    assert.equal(dump.env.RANK, null, 'no torchrun variables without torch_distributed');
    const resource = JSON.parse(dump.env.SM_RESOURCE_CONFIG!) as Record<string, unknown>;
    assert.deepEqual(dump.resource, resource);
    assert.equal(resource.current_host, host);
    assert.deepEqual(resource.hosts, ['algo-1', 'algo-2']);
    assert.equal(resource.network_interface_name, loopbackInterfaceName());
    assert.equal((JSON.parse(dump.env.SM_TRAINING_ENV!) as { is_master: boolean }).is_master, rank === 0);
    assert.deepEqual(dump.full, ['x.txt', 'y.txt']);
    assert.deepEqual(dump.shards, shardKeys(keys, rank, 2));
  }
  assert.deepEqual(dumps[0]!.dump.shards, ['a.csv', 'c.csv', 'sub/d.csv']);
  assert.deepEqual(dumps[1]!.dump.shards, ['b.csv', 'e.csv']);
  assert.deepEqual(await tarEntries(result.modelArtifacts!), ['algo-1.json', 'algo-2.json']);
});

const FAIL_SCRIPT = `
import os, sys, time
host = os.environ["SM_CURRENT_HOST"]
shared = os.environ["SHARED_DIR"]
with open(os.path.join(shared, host + ".pid"), "w") as f:
    f.write(str(os.getpid()))
print(f"{host} started", flush=True)
if host == "algo-2" and os.environ.get("FAIL") == "1":
    while not os.path.exists(os.path.join(shared, "algo-1.pid")):
        time.sleep(0.02)
    raise RuntimeError("algo-2 cannot go on")
time.sleep(600)
`;

test('a host that exits 1 fails the job with its own error, and the other host (still running) is stopped', async () => {
  const { ws, est } = workspace({ 'code/train.py': FAIL_SCRIPT });
  const shared = tempDir('sm-multihost-pids-');
  const lines: LocalJobLine[] = [];
  const handle = startLocalTrainingJob(spec({ environment: { SHARED_DIR: shared, FAIL: '1' } }), {
    estimatorDir: est, workspaceDir: ws, jobName: 'one-fails', python: PYTHON, useVenv: false, stopGraceMs: 2000,
  });
  handle.events.on('line', (l) => lines.push(l));
  const result = await handle.done;
  assert.equal(result.status, 'Failed');
  assert.equal(result.exitCode, 1);
  assert.match(result.failureReason!, /^AlgorithmError: ExecuteUserScriptError:\nExitCode 1\n/);
  assert.match(result.failureReason!, /RuntimeError: algo-2 cannot go on/);
  assert.equal(result.description.FailedHost, 'algo-2');
  assert.ok(lines.some((l) => l.stream === 'stderr' && l.text === '[algo-2] RuntimeError: algo-2 cannot go on'));
  assert.ok(lines.some((l) => l.stream === 'system' && /algo-2 ended with exit code 1: stopping algo-1/.test(l.text)));
  const waiter = Number(fs.readFileSync(path.join(shared, 'algo-1.pid'), 'utf8'));
  assert.equal(isProcessAlive(waiter), false, 'algo-1 was stopped');
  assert.equal(result.description.TrainingJobStatus, 'Failed');
});

test('stop ends every host, and the job ends Stopped', async () => {
  const { ws, est } = workspace({ 'code/train.py': FAIL_SCRIPT });
  const shared = tempDir('sm-multihost-pids-');
  const handle = startLocalTrainingJob(spec({ instance_count: 3, environment: { SHARED_DIR: shared } }), {
    estimatorDir: est, workspaceDir: ws, jobName: 'stop-all', python: PYTHON, useVenv: false, stopGraceMs: 2000,
  });
  const pids = await waitFor('three hosts to start', () => {
    const files = ['algo-1', 'algo-2', 'algo-3'].map((h) => path.join(shared, `${h}.pid`));
    return files.every((f) => fs.existsSync(f) && fs.readFileSync(f, 'utf8') !== '') && files.map((f) => Number(fs.readFileSync(f, 'utf8')));
  });
  await handle.stop();
  const result = await handle.done;
  assert.equal(result.status, 'Stopped');
  for (const pid of pids) assert.equal(isProcessAlive(pid), false, `process ${pid} ended`);
});

test('shardKeys gives each host every N-th sorted key, disjoint and covering all keys', () => {
  const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
  const shards = [0, 1, 2].map((rank) => shardKeys(keys, rank, 3));
  assert.deepEqual(shards, [['k0', 'k3', 'k6'], ['k1', 'k4'], ['k2', 'k5']]);
  assert.deepEqual(shards.flat().sort(), keys);
  assert.deepEqual(shardKeys(['only'], 1, 2), [], 'a host past the number of objects gets none, as SageMaker warns');
});

const TORCHRUN_SCRIPT = `
import json, os
names = ("MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "GLOO_SOCKET_IFNAME", "SM_FRAMEWORK_PARAMS", "SM_TRAINING_ENV")
with open(os.path.join(os.environ["SM_MODEL_DIR"], os.environ["SM_CURRENT_HOST"] + ".json"), "w") as f:
    json.dump({n: os.environ.get(n) for n in names}, f)
`;

test('pytorchddp launches each host as a torchrun worker: one MASTER_PORT for the job, RANK by host, and the toolkit told of the launch', async () => {
  const { ws, est } = workspace({ 'code/train.py': TORCHRUN_SCRIPT });
  const handle = startLocalTrainingJob(spec({ distribution: { pytorchddp: { enabled: true } } }), {
    estimatorDir: est, workspaceDir: ws, jobName: 'ddp-env', python: PYTHON, useVenv: false,
  });
  const result = await handle.done;
  assert.equal(result.status, 'Completed', result.failureReason);
  const jobDir = localJobDir(ws, 'ddp-env');
  const envs = ['algo-1', 'algo-2'].map((host) => JSON.parse(fs.readFileSync(path.join(hostPaths(jobDir, host).model, `${host}.json`), 'utf8')) as Record<string, string>);
  assert.match(envs[0]!.MASTER_PORT!, /^\d+$/);
  for (const [rank, env] of envs.entries()) {
    assert.equal(env.MASTER_ADDR, '127.0.0.1');
    assert.equal(env.MASTER_PORT, envs[0]!.MASTER_PORT);
    assert.equal(env.WORLD_SIZE, '2');
    assert.equal(env.RANK, String(rank));
    assert.equal(env.LOCAL_RANK, '0');
    assert.equal(env.LOCAL_WORLD_SIZE, '1');
    assert.equal(env.GLOO_SOCKET_IFNAME, loopbackInterfaceName());
    assert.equal((JSON.parse(env.SM_FRAMEWORK_PARAMS!) as Record<string, unknown>).sagemaker_pytorch_ddp_enabled, true);
    const training = JSON.parse(env.SM_TRAINING_ENV!) as { distribution_hosts: string[]; master_hostname: string; is_master: boolean };
    assert.deepEqual(training.distribution_hosts, ['algo-1', 'algo-2']);
    assert.equal(training.master_hostname, 'algo-1');
    assert.equal(training.is_master, rank === 0);
  }
  assert.ok(result.description.HyperParameters.sagemaker_pytorch_ddp_enabled === 'true');
});

test('sortedKeys lists files in S3 key order (UTF-8 bytes) and skips a link back to a folder being walked', () => {
  const dir = tempDir('sm-multihost-keys-');
  for (const f of ['b.txt', 'a/z.txt', 'B.txt', 'é.txt']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), f);
  }
  fs.symlinkSync(dir, path.join(dir, 'a', 'loop'));
  assert.deepEqual(sortedKeys(dir), ['B.txt', 'a/z.txt', 'b.txt', 'é.txt']);
});

test('Stop from a window that did not start the job (its runner gone) ends every host recorded in job.json', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'pass\n' });
  const done = await startLocalTrainingJob(spec({}), { estimatorDir: est, workspaceDir: ws, jobName: 'finished', python: PYTHON, useVenv: false }).done;
  assert.equal(done.status, 'Completed', done.failureReason);
  assert.equal(done.description.HostProcesses, undefined, 'no host process is recorded once the job has ended');
  // Two hosts' processes left running by a runner that is gone (the editor was closed), each in its own group.
  const hosts = [1, 2].map(() => spawn('sleep', ['300'], { detached: true, stdio: 'ignore' }));
  try {
    const dir = localJobDir(ws, 'orphan');
    fs.mkdirSync(dir, { recursive: true });
    const [first, second] = hosts.map((h) => recordProcess(h.pid!, 'token'));
    writeJobDescription(dir, {
      ...done.description, TrainingJobName: 'orphan', JobDir: dir, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training',
      Pid: first!.Pid, Process: first!, HostProcesses: [second!], RunnerPid: 0,
    });
    assert.equal(readLocalJob(ws, 'orphan')?.TrainingJobStatus, 'InProgress', 'a job whose hosts still run is not reconciled as ended');
    const stopped = await stopLocalJob(ws, 'orphan', 500);
    assert.equal(stopped.TrainingJobStatus, 'Stopped');
    await waitFor('both hosts to end', () => hosts.every((h) => h.exitCode !== null || h.signalCode !== null));
  } finally {
    for (const h of hosts) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  }
});
