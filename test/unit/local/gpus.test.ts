import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { countGpus, countGpusSync } from '../../../src/core/local/gpus';
import { prepareLocalJob } from '../../../src/core/local/jobSetup';
import type { StartLocalJobOptions } from '../../../src/core/local/jobTypes';
import { tempDir } from '../tempDir';

const TWO_GPUS = 'echo "GPU 0: NVIDIA A10G (UUID: GPU-aaaa)"\necho "GPU 1: NVIDIA A10G (UUID: GPU-bbbb)"\n';

/** A folder holding only a fake `nvidia-smi` running `body`, to put on PATH. */
function fakeNvidiaSmi(prefix: string, body: string): string {
  const bin = tempDir(prefix);
  fs.writeFileSync(path.join(bin, 'nvidia-smi'), `#!/bin/sh\n${body}`, { mode: 0o755 });
  return bin;
}

/** `bin` first, then this process's PATH (for sleep, touch, dirname, python3). */
function withSystemPath(bin: string): string {
  return `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
}

/** A script-mode local_gpu estimator in a fresh workspace, and the options a start would get. */
function localGpuJob(env: NodeJS.ProcessEnv, jobName: string): { spec: EstimatorSpec; options: StartLocalJobOptions } {
  const ws = tempDir('local-gpu-job-');
  fs.writeFileSync(path.join(ws, 'train.py'), 'print("training")\n');
  const spec = { framework: 'pytorch', entry_point: 'train.py', instance_type: 'local_gpu', instance_count: 1 } as EstimatorSpec;
  return { spec, options: { estimatorDir: ws, workspaceDir: ws, jobName, python: 'python3', env } };
}

test('the GPU count, blocking (command line) or not (extension host), is the number of GPUs nvidia-smi lists; none without an answering nvidia-smi', async () => {
  const two = { PATH: fakeNvidiaSmi('nvidia-two-', TWO_GPUS) };
  assert.equal(countGpusSync(two), 2);
  assert.equal(await countGpus(two), 2);
  const failing = { PATH: fakeNvidiaSmi('nvidia-failing-', 'echo "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." >&2\nexit 9\n') };
  assert.equal(countGpusSync(failing), 0);
  assert.equal(await countGpus(failing), 0);
  const missing = { PATH: tempDir('no-nvidia-') };
  assert.equal(countGpusSync(missing), 0);
  assert.equal(await countGpus(missing), 0);
  const hanging = { PATH: withSystemPath(fakeNvidiaSmi('nvidia-hanging-', 'exec sleep 30\n')) };
  assert.equal(countGpusSync(hanging, 300), 0);
  assert.equal(await countGpus(hanging, 300), 0);
});

test('counting GPUs without blocking leaves the event loop free while nvidia-smi takes its time', async () => {
  const slow = { PATH: withSystemPath(fakeNvidiaSmi('nvidia-slow-', `sleep 1\n${TWO_GPUS}`)) };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  try {
    assert.equal(await countGpus(slow), 2);
  } finally {
    clearInterval(timer);
  }
  // A second of nvidia-smi: the timer ran through it (a blocked loop would have let it tick at most once).
  assert.ok(ticks >= 5, `the timer ticked ${ticks} times during a 1 s nvidia-smi`);
});

test('a local_gpu job started from a command line asks the nvidia-smi on its environment\'s PATH: SM_NUM_GPUS and num_gpus', () => {
  const { spec, options } = localGpuJob({ PATH: withSystemPath(fakeNvidiaSmi('nvidia-cli-', TWO_GPUS)) }, 'gpu-cli');
  const run = prepareLocalJob(spec, options);
  assert.equal(run.env.SM_NUM_GPUS, '2');
  assert.equal(JSON.parse(run.env.SM_TRAINING_ENV!).num_gpus, 2);
});

test('a local_gpu job given the count its caller made without blocking uses it and never runs nvidia-smi', () => {
  const bin = fakeNvidiaSmi('nvidia-not-asked-', `touch "$(dirname "$0")/asked"\n${TWO_GPUS}`);
  const { spec, options } = localGpuJob({ PATH: withSystemPath(bin) }, 'gpu-counted');
  const run = prepareLocalJob(spec, { ...options, gpuCount: 3 });
  assert.equal(run.env.SM_NUM_GPUS, '3');
  assert.equal(JSON.parse(run.env.SM_TRAINING_ENV!).num_gpus, 3);
  assert.equal(fs.existsSync(path.join(bin, 'asked')), false, 'nvidia-smi was run although the caller gave the count');
});

test('a job on "local" has no GPUs whatever nvidia-smi says, and does not ask it', () => {
  const bin = fakeNvidiaSmi('nvidia-cpu-', `touch "$(dirname "$0")/asked"\n${TWO_GPUS}`);
  const { spec, options } = localGpuJob({ PATH: withSystemPath(bin) }, 'cpu-job');
  const run = prepareLocalJob({ ...spec, instance_type: 'local' }, options);
  assert.equal(run.env.SM_NUM_GPUS, '0');
  assert.equal(fs.existsSync(path.join(bin, 'asked')), false);
});
