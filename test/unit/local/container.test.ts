import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findContainerEngine, noEngineMessage, trainingRunArgs, writeContainerConfig } from '../../../src/core/local/container';
import { probeDocker, probeDockerSync } from '../../../src/core/local/docker';
import { LocalModeError } from '../../../src/core/local/errors';
import { startLocalTrainingJob } from '../../../src/core/local/localJob';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { containerEngineOf } from '../../../src/core/local/containerJob';
import { tempDir } from '../tempDir';

test('without docker or podman on PATH, the engine search says what is missing for each, and the message what to do', async () => {
  const found = await findContainerEngine({ PATH: tempDir('no-engines-') });
  assert.equal(found.engine, undefined);
  assert.deepEqual(found.problems, ['no "docker" command on PATH', 'no "podman" command on PATH']);
  const message = noEngineMessage(found.problems);
  assert.match(message, /needs a Docker-compatible engine, and none answers here \(no "docker" command on PATH; no "podman" command on PATH\)/);
  assert.match(message, /"docker info" or "podman info" succeeds/);
  assert.match(message, /set "entry_point"/);
});

test('a docker command whose engine does not answer is named with its own error line', async () => {
  const bin = tempDir('dead-engine-');
  fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock." >&2\nexit 1\n', { mode: 0o755 });
  const found = await findContainerEngine({ PATH: bin });
  assert.deepEqual(found.problems, ['"docker info" failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.', 'no "podman" command on PATH']);
});

test('the config files are written as the SDK\'s write_config_files writes them', () => {
  const hostDir = tempDir('container-config-');
  writeContainerConfig({ hostDir, hyperparameters: { epochs: 2, lr: '0.1', nested: { a: 1 } }, channels: [{ name: 'train', hostPath: '/d', contentType: 'text/csv' }, { name: 'test', hostPath: '/e' }] });
  const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(hostDir, 'input', 'config', name), 'utf8'));
  assert.deepEqual(read('hyperparameters.json'), { epochs: '2', lr: '0.1', nested: '{"a":1}' });
  assert.deepEqual(read('resourceconfig.json'), { current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0', current_instance_type: 'local' });
  assert.deepEqual(read('inputdataconfig.json'), { train: { TrainingInputMode: 'File', ContentType: 'text/csv' }, test: { TrainingInputMode: 'File' } });
  for (const dir of ['model', 'output/data', 'input/data']) assert.ok(fs.statSync(path.join(hostDir, dir)).isDirectory(), dir);
});

test('a training container mounts input, model, output and each channel read-only, on the host network, running "train"', () => {
  const args = trainingRunArgs({
    engine: { command: 'docker', version: '26' }, image: 'img:1', hostDir: '/jobs/j/algo-1', containerName: 'j-algo-1',
    hyperparameters: {}, channels: [{ name: 'train', hostPath: '/data/train' }], environment: { TRAINING_JOB_NAME: 'j' }, onLine: () => undefined,
  });
  assert.deepEqual(args, [
    'run', '--rm', '--name', 'j-algo-1', '--network', 'host', '--hostname', 'algo-1',
    '-v', '/jobs/j/algo-1/input:/opt/ml/input', '-v', '/jobs/j/algo-1/model:/opt/ml/model', '-v', '/jobs/j/algo-1/output:/opt/ml/output',
    '-v', '/data/train:/opt/ml/input/data/train:ro', '-e', 'TRAINING_JOB_NAME=j', 'img:1', 'train',
  ]);
});

test('local mode asks docker, then podman: a machine with only Podman runs images in it, and its jobs are served by it', () => {
  const bin = tempDir('podman-only-');
  fs.writeFileSync(path.join(bin, 'podman'), '#!/bin/sh\n[ "$1" = info ] && echo 5.4.2\n', { mode: 0o755 });
  const probe = probeDockerSync(3000, { PATH: bin });
  assert.deepEqual(probe, { answers: true, command: 'podman', detail: 'Podman 5.4.2' });
  assert.equal(containerEngineOf({ Command: ['podman', 'run', '--rm', 'image', 'train'] }), 'podman');
  assert.equal(containerEngineOf({ Command: ['docker', 'run'] }), 'docker');
  assert.equal(containerEngineOf({}), 'docker');
});

test('when neither docker nor podman answers, the probe says why for each', () => {
  const bin = tempDir('dead-docker-');
  fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n', { mode: 0o755 });
  const probe = probeDockerSync(3000, { PATH: bin });
  assert.equal(probe.answers, false);
  assert.equal(probe.detail, 'docker info failed: Cannot connect to the Docker daemon; the podman command is not installed');
});

test('the probe without blocking (for the extension host) answers as the synchronous one: docker, else podman, else why not', async () => {
  const podmanOnly = tempDir('podman-only-async-');
  fs.writeFileSync(path.join(podmanOnly, 'podman'), '#!/bin/sh\n[ "$1" = info ] && echo 5.4.2\n', { mode: 0o755 });
  assert.deepEqual(await probeDocker(3000, { PATH: podmanOnly }), { answers: true, command: 'podman', detail: 'Podman 5.4.2' });
  const dead = tempDir('dead-docker-async-');
  fs.writeFileSync(path.join(dead, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n', { mode: 0o755 });
  const probe = await probeDocker(3000, { PATH: dead });
  assert.equal(probe.answers, false);
  assert.equal(probe.detail, '"docker info" failed: Cannot connect to the Docker daemon; no "podman" command on PATH');
});

test('startLocalTrainingJob uses the probe its caller made instead of asking docker synchronously', () => {
  const ws = tempDir('image-only-probed-');
  const spec = { image_uri: 'my-image:1', instance_type: 'local', instance_count: 1 } as EstimatorSpec;
  assert.throws(() => startLocalTrainingJob(spec, { estimatorDir: ws, workspaceDir: ws, jobName: 'probed', python: 'python3', dockerProbe: { answers: false, command: 'docker', detail: 'told by the caller' } }),
    (error: Error) => error instanceof LocalModeError && /none answers here \(told by the caller\)/.test(error.message));
});
