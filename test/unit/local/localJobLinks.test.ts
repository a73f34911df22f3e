import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { startLocalTrainingJob, type LocalJobLine } from '../../../src/core/local/localJob';
import { jobPaths } from '../../../src/core/local/paths';

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const noLinks = process.platform === 'win32' && 'symbolic links need privileges on Windows';
const temps: string[] = [];
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A workspace whose estimator folder holds `code/train.py`. */
function workspace(script: string): { ws: string; est: string } {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-local-links-'));
  temps.push(ws);
  const est = path.join(ws, 'project');
  fs.mkdirSync(path.join(est, 'code'), { recursive: true });
  fs.writeFileSync(path.join(est, 'code', 'train.py'), script);
  return { ws, est };
}

const spec = { framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1 } as EstimatorSpec;

test('a model folder with a self-link fails the local job cleanly, with a message naming the link', { skip: noLinks, timeout: 60_000 }, async () => {
  const { ws, est } = workspace('import os\nm = os.environ["SM_MODEL_DIR"]\nopen(os.path.join(m, "w.bin"), "w").write("w")\nos.symlink(".", os.path.join(m, "self"))\n');
  const result = await startLocalTrainingJob(spec, { estimatorDir: est, workspaceDir: ws, jobName: 'job-self-link', python: PYTHON }).done;
  assert.equal(result.status, 'Failed');
  assert.match(result.failureReason!, /^ClientError: could not pack the model artifacts: model\/ cannot be packed: the symbolic link \S*\/model\/self leads back/);
});

test('a link to /etc in the model folder is not packed, and the job log says so, naming the link', { skip: noLinks, timeout: 60_000 }, async () => {
  const { ws, est } = workspace('import os\nm = os.environ["SM_MODEL_DIR"]\nopen(os.path.join(m, "w.bin"), "w").write("w")\nos.symlink("/etc", os.path.join(m, "etc"))\n');
  const handle = startLocalTrainingJob(spec, { estimatorDir: est, workspaceDir: ws, jobName: 'job-etc-link', python: PYTHON });
  const lines: LocalJobLine[] = [];
  handle.events.on('line', line => lines.push(line));
  const result = await handle.done;
  assert.equal(result.status, 'Completed', result.failureReason);
  const packed: string[] = [];
  await tar.t({ file: jobPaths(handle.jobDir).modelTarGz, onReadEntry: entry => packed.push(entry.path) });
  assert.deepEqual(packed, ['w.bin']);
  const warning = lines.find(l => l.stream === 'system' && l.text.startsWith('Warning:') && l.text.includes('points to'));
  assert.ok(warning, lines.map(l => l.text).join('\n'));
  assert.match(warning.text, new RegExp(`${path.join(handle.jobDir, 'model', 'etc').replace(/[/\\.]/g, '.')} points to /etc, outside`));
});

test('Stop while the model is being packed interrupts the packing; the job ends Stopped', { timeout: 120_000 }, async () => {
  // A 4 GiB sparse file: no disk, but far longer to read and gzip than the test waits.
  const { ws, est } = workspace('import os\nwith open(os.path.join(os.environ["SM_MODEL_DIR"], "big.bin"), "wb") as f:\n    f.truncate(4 * 1024 ** 3)\n');
  const handle = startLocalTrainingJob(spec, { estimatorDir: est, workspaceDir: ws, jobName: 'job-stop-packing', python: PYTHON });
  await new Promise<void>(resolve => handle.events.on('status', s => s.secondaryStatus === 'Uploading' && resolve()));
  const stoppedAt = performance.now();
  await handle.stop();
  const result = await handle.done;
  assert.ok(performance.now() - stoppedAt < 5000, `Stop took ${(performance.now() - stoppedAt).toFixed(0)} ms`);
  assert.equal(result.status, 'Stopped');
  assert.equal(result.modelArtifacts, undefined);
  assert.ok(!fs.existsSync(jobPaths(handle.jobDir).modelTarGz), 'no partial model.tar.gz');
});
