/**
 * Local mode's training of an image-only estimator (image_uri, no entry_point) through a real Docker engine
 * (started by the harness, as in contract.test.ts): the job run, its lines in job.log, its status in job.json,
 * model.tar.gz from /opt/ml/model, the container's failure text, and stop removing the container; then its model
 * served by the same image's `serve` (GET /ping, POST /invocations on 8080) and that endpoint stopped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EstimatorSpec } from '../../src/core/estimator/types';
import { readLocalJob, readLocalJobLog } from '../../src/core/local/jobStore';
import { listLocalEndpoints, startLocalEndpoint, stopLocalEndpoint } from '../../src/core/local/localEndpoint';
import { startLocalTrainingJob } from '../../src/core/local/localJob';
import { jobPaths } from '../../src/core/local/paths';
import { killGroup } from '../../src/core/local/process';
import { tempDir } from '../unit/tempDir';

const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require(path.join(root, 'test/harness/containerEngine')) as {
  startContainerEngine(): Promise<{ env: NodeJS.ProcessEnv; version: string; started: boolean; stop(): Promise<void> }>;
  buildBusyboxImage(env: NodeJS.ProcessEnv, name: string, filesDir: string): string;
};

const IMAGE = `sm-local-job-test:${process.pid}`;
// Job (and so container) names of this run only: an engine that already answers may be shared.
const RUN = `p${process.pid}`;
let stopEngine: (() => Promise<void>) | undefined;
let unavailable: string | undefined;

before(async () => {
  try {
    const started = await harness.startContainerEngine();
    stopEngine = started.stop;
    // Local mode runs `docker` with this process's environment, as it would a user's.
    if (started.env.DOCKER_HOST) process.env.DOCKER_HOST = started.env.DOCKER_HOST;
    harness.buildBusyboxImage(process.env, IMAGE, path.join(root, 'test/fixtures/container-image'));
  } catch (error) {
    unavailable = (error as Error).message;
    process.stderr.write(`\n!!! container tests: no Docker engine: ${unavailable}\n`);
  }
});

after(async () => {
  if (!unavailable) {
    const left = [...containersNamed(`sagemaker-local-${RUN}-`), ...containersNamed(`sagemaker-local-serve-${RUN}-`)];
    if (left.length) spawnSync('docker', ['rm', '-f', ...left]);
    spawnSync('docker', ['rmi', '-f', IMAGE]);
  }
  await stopEngine?.();
});

function needsEngine(t: { skip(reason: string): void }): boolean {
  if (!unavailable) return true;
  if (process.env.SAGEMAKER_TEST_NO_CONTAINER_ENGINE === '1') {
    t.skip(`no Docker engine here: ${unavailable}`);
    return false;
  }
  assert.fail(`No Docker engine could be started, so local mode's container jobs were NOT tested: ${unavailable}.`);
}

function containersNamed(prefix: string): string[] {
  return spawnSync('docker', ['ps', '-aq', '--filter', `name=${prefix}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

/** A workspace with an estimator folder holding a `data/` channel of three rows. */
function workspace(): { ws: string; est: string } {
  const ws = tempDir('local-image-job-');
  const est = path.join(ws, 'estimator');
  fs.mkdirSync(path.join(est, 'data'), { recursive: true });
  fs.writeFileSync(path.join(est, 'data', 'part-1.csv'), '1,2\n3,4\n');
  fs.writeFileSync(path.join(est, 'data', 'part-2.csv'), '5,6\n');
  return { ws, est };
}

function imageOnly(hyperparameters: Record<string, unknown>): EstimatorSpec {
  return { image_uri: IMAGE, instance_type: 'local', instance_count: 1, hyperparameters, inputs: { train: 'data' } } as EstimatorSpec;
}

test('an image-only estimator trains in its container: lines in job.log, Completed, model.tar.gz from /opt/ml/model', async t => {
  if (!needsEngine(t)) return;
  const { ws, est } = workspace();
  const handle = startLocalTrainingJob(imageOnly({ epochs: 2 }), { estimatorDir: est, workspaceDir: ws, jobName: `${RUN}-image-job`, python: 'python3' });
  const lines: string[] = [];
  handle.events.on('line', line => lines.push(line.text));
  const result = await handle.done;
  assert.equal(result.status, 'Completed', `${result.failureReason}\n${lines.join('\n')}`);
  assert.ok(lines.includes('train: wrote /opt/ml/model/model.txt from 3 rows'), lines.join('\n'));
  assert.ok(lines.some(l => l.startsWith('train: hyperparameters {"epochs":"2"}')), lines.join('\n'));
  assert.ok(lines.some(l => /^train: channels \{"train":\{.*"TrainingInputMode":"File"/.test(l)), lines.join('\n'));
  const log = readLocalJobLog(handle.jobDir);
  assert.match(log, /train: wrote \/opt\/ml\/model\/model\.txt from 3 rows/);
  const recorded = readLocalJob(ws, `${RUN}-image-job`)!;
  assert.equal(recorded.TrainingJobStatus, 'Completed');
  assert.equal(recorded.AlgorithmSpecification.TrainingImage, IMAGE);
  const tarball = jobPaths(handle.jobDir).modelTarGz;
  assert.equal(recorded.ModelArtifacts?.LocalPath, tarball);
  const members = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  assert.deepEqual(members.stdout.split('\n').filter(Boolean), ['model.txt'], members.stderr);
  const model = spawnSync('tar', ['-xzOf', tarball, 'model.txt'], { encoding: 'utf8' });
  assert.match(model.stdout, /^rows=3\n/, model.stderr);
  assert.deepEqual(containersNamed(`sagemaker-local-${RUN}-image-job-`), [], 'the container is removed');
});

test('a failing image: Failed, with the failure text the container wrote', async t => {
  if (!needsEngine(t)) return;
  const { ws, est } = workspace();
  const handle = startLocalTrainingJob(imageOnly({ fail: 'yes' }), { estimatorDir: est, workspaceDir: ws, jobName: `${RUN}-image-fails`, python: 'python3' });
  const result = await handle.done;
  assert.equal(result.status, 'Failed');
  assert.equal(result.exitCode, 3);
  assert.match(result.failureReason ?? '', /asked to fail/);
  assert.match(readLocalJob(ws, `${RUN}-image-fails`)!.FailureReason ?? '', /asked to fail/);
  assert.match(readLocalJobLog(handle.jobDir), /train: failing as asked/);
});

test('stop ends the container and removes it: Stopped', async t => {
  if (!needsEngine(t)) return;
  const { ws, est } = workspace();
  const handle = startLocalTrainingJob(imageOnly({ sleep: 'yes' }), { estimatorDir: est, workspaceDir: ws, jobName: `${RUN}-image-stop`, python: 'python3', stopGraceMs: 1000 });
  await new Promise<void>(resolve => handle.events.on('line', line => line.text === 'train: sleeping until stopped' && resolve()));
  assert.equal(containersNamed(`sagemaker-local-${RUN}-image-stop-`).length, 1, 'the container runs');
  await handle.stop();
  const result = await handle.done;
  assert.equal(result.status, 'Stopped');
  assert.deepEqual(containersNamed(`sagemaker-local-${RUN}-image-stop-`), [], 'the container is removed');
});

test('the model of an image-only job is served by its image: invoke answers from the model; stop removes the container', async t => {
  if (!needsEngine(t)) return;
  const { ws, est } = workspace();
  const trained = await startLocalTrainingJob(imageOnly({ epochs: 1 }), { estimatorDir: est, workspaceDir: ws, jobName: `${RUN}-image-serve`, python: 'python3' }).done;
  assert.equal(trained.status, 'Completed', trained.failureReason);
  const endpoint = await startLocalEndpoint({ jobDir: trained.jobDir, python: 'python3', workspaceDir: ws });
  try {
    assert.equal(endpoint.url, 'http://127.0.0.1:8080');
    assert.equal(containersNamed(`sagemaker-local-serve-${RUN}-image-serve-`).length, 1, 'the serving container runs');
    const listed = listLocalEndpoints(ws).find(e => e.EndpointName === `${RUN}-image-serve`);
    assert.equal(listed?.EndpointStatus, 'InService', listed?.FailureReason);
    const answer = await fetch(`${endpoint.url}/invocations`, { method: 'POST', body: 'hello', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), 'rows=3 body=hello');
  } finally {
    assert.equal(await stopLocalEndpoint(ws, `${RUN}-image-serve`), true);
  }
  assert.deepEqual(containersNamed(`sagemaker-local-serve-${RUN}-image-serve-`), [], 'the serving container is removed');
  assert.equal(listLocalEndpoints(ws).length, 0);
});

test('a serving container ends with its process group, as another process (the CLI) stops an endpoint', async t => {
  if (!needsEngine(t)) return;
  const { ws, est } = workspace();
  const trained = await startLocalTrainingJob(imageOnly({ epochs: 1 }), { estimatorDir: est, workspaceDir: ws, jobName: `${RUN}-image-kill`, python: 'python3' }).done;
  assert.equal(trained.status, 'Completed', trained.failureReason);
  const endpoint = await startLocalEndpoint({ jobDir: trained.jobDir, python: 'python3', workspaceDir: ws });
  try {
    // What stopLocalEndpoint does from a process without the handle: SIGTERM to the recorded group, SIGKILL later.
    await killGroup(endpoint.pid, 10_000);
    const deadline = Date.now() + 30_000;
    while (containersNamed(`sagemaker-local-serve-${RUN}-image-kill-`).length > 0 && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
    assert.deepEqual(containersNamed(`sagemaker-local-serve-${RUN}-image-kill-`), [], 'the serving container is gone');
  } finally {
    await stopLocalEndpoint(ws, `${RUN}-image-kill`);
  }
});
