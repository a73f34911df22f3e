/**
 * The SageMaker local-mode container contract against a real Docker engine (started by the harness like moto):
 * a tiny local image whose `train` writes /opt/ml/model and whose `serve` answers /ping and /invocations on 8080.
 * Where no engine can be had, every test FAILS saying why, unless SAGEMAKER_TEST_NO_CONTAINER_ENGINE=1 says this
 * environment has none on purpose (then they are skipped, with the reason).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findContainerEngine, serveInContainer, trainInContainer, type ContainerEngine } from '../../src/core/local/container';
import { tempDir } from '../unit/tempDir';

const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require(path.join(root, 'test/harness/containerEngine')) as {
  startContainerEngine(): Promise<{ env: NodeJS.ProcessEnv; version: string; started: boolean; stop(): Promise<void> }>;
  buildBusyboxImage(env: NodeJS.ProcessEnv, name: string, filesDir: string): string;
};

const IMAGE = `sm-contract-test:${process.pid}`;
const NAME = `sm-contract-${process.pid}`;
let stopEngine: (() => Promise<void>) | undefined;
let unavailable: string | undefined;
let engine: ContainerEngine;

before(async () => {
  try {
    const started = await harness.startContainerEngine();
    stopEngine = started.stop;
    // The code under test runs `docker` with this process's environment, as it would a user's.
    if (started.env.DOCKER_HOST) process.env.DOCKER_HOST = started.env.DOCKER_HOST;
    harness.buildBusyboxImage(process.env, IMAGE, path.join(root, 'test/fixtures/container-image'));
    const found = await findContainerEngine();
    if (!found.engine) throw new Error(found.problems.join('; '));
    engine = found.engine;
  } catch (error) {
    unavailable = (error as Error).message;
    process.stderr.write(`\n!!! container tests: no Docker engine: ${unavailable}\n`);
  }
});

after(async () => {
  if (engine) {
    const left = spawnSync('docker', ['ps', '-aq', '--filter', `name=${NAME}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    if (left.length) spawnSync('docker', ['rm', '-f', ...left]);
    spawnSync('docker', ['rmi', '-f', IMAGE]);
  }
  await stopEngine?.();
});

/** Fails (or, where the environment says it has no engine on purpose, skips) when no engine could be had. */
function needsEngine(t: { skip(reason: string): void }): boolean {
  if (!unavailable) return true;
  if (process.env.SAGEMAKER_TEST_NO_CONTAINER_ENGINE === '1') {
    t.skip(`no Docker engine here: ${unavailable}`);
    return false;
  }
  assert.fail(`No Docker engine could be started, so the container contract was NOT tested: ${unavailable}. `
    + 'Install docker.io and busybox-static (as npm test does when run as root), or set SAGEMAKER_TEST_NO_CONTAINER_ENGINE=1 to skip on purpose.');
}

function trainingData(): string {
  const data = tempDir('contract-data-');
  fs.writeFileSync(path.join(data, 'part-1.csv'), '1,2\n3,4\n');
  fs.writeFileSync(path.join(data, 'part-2.csv'), '5,6\n');
  return data;
}

test('train: the config files and the channel are where the contract says; the model is written to /opt/ml/model', async t => {
  if (!needsEngine(t)) return;
  const hostDir = tempDir('contract-job-');
  const lines: string[] = [];
  const { exitCode } = await trainInContainer({
    engine, image: IMAGE, hostDir, containerName: `${NAME}-train`,
    hyperparameters: { epochs: 2, optimizer: 'sgd' }, channels: [{ name: 'train', hostPath: trainingData(), contentType: 'text/csv' }],
    onLine: line => lines.push(line),
  });
  assert.equal(exitCode, 0, lines.join('\n'));
  assert.ok(lines.includes('train: hyperparameters {"epochs":"2","optimizer":"sgd"}'), lines.join('\n'));
  assert.ok(lines.includes('train: resources {"current_host":"algo-1","hosts":["algo-1"],"network_interface_name":"eth0","current_instance_type":"local"}'), lines.join('\n'));
  assert.ok(lines.includes('train: channels {"train":{"TrainingInputMode":"File","ContentType":"text/csv"}}'), lines.join('\n'));
  assert.equal(fs.readFileSync(path.join(hostDir, 'model', 'model.txt'), 'utf8'), 'rows=3\n{"epochs":"2","optimizer":"sgd"}');
});

test('train: a failing image gives its exit code, its stderr lines and /opt/ml/output/failure', async t => {
  if (!needsEngine(t)) return;
  const hostDir = tempDir('contract-fail-');
  const lines: string[] = [];
  const { exitCode } = await trainInContainer({
    engine, image: IMAGE, hostDir, containerName: `${NAME}-fail`, hyperparameters: { fail: 'yes' },
    channels: [{ name: 'train', hostPath: trainingData() }], onLine: (line, stream) => lines.push(`${stream}: ${line}`),
  });
  assert.equal(exitCode, 3);
  assert.ok(lines.includes('stderr: train: failing as asked'), lines.join('\n'));
  assert.equal(fs.readFileSync(path.join(hostDir, 'output', 'failure'), 'utf8'), 'asked to fail\n');
});

test('serve: the model folder at /opt/ml/model, GET /ping and POST /invocations on 8080; stop removes the container', async t => {
  if (!needsEngine(t)) return;
  const hostDir = tempDir('contract-serve-');
  await trainInContainer({
    engine, image: IMAGE, hostDir, containerName: `${NAME}-train2`, hyperparameters: {},
    channels: [{ name: 'train', hostPath: trainingData() }], onLine: () => undefined,
  });
  const served = await serveInContainer({ engine, image: IMAGE, modelDir: path.join(hostDir, 'model'), containerName: `${NAME}-serve` });
  try {
    assert.equal((await fetch(`${served.url}/ping`)).status, 200);
    const reply = await fetch(`${served.url}/invocations`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(reply.status, 200);
    assert.equal(await reply.text(), 'rows=3 body=hello');
  } finally {
    await served.stop();
  }
  const after = spawnSync('docker', ['ps', '-aq', '--filter', `name=${NAME}-serve`], { encoding: 'utf8' });
  assert.equal(after.stdout.trim(), '', 'the serving container is gone');
});
