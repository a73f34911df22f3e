import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated } from './support';

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

describe('Local mode in VS Code: local_gpu', function () {
  this.timeout(120_000);
  const originalPath = process.env.PATH;
  let fakeBin: string | undefined;

  afterEach(() => {
    process.env.PATH = originalPath;
    if (fakeBin) fs.rmSync(fakeBin, { recursive: true, force: true });
    fakeBin = undefined;
  });

  it('counts the GPUs for SM_NUM_GPUS without blocking the extension host while nvidia-smi answers', async () => {
    const api = await activated();
    // The tests run in the extension host: an nvidia-smi first on its PATH is the one local mode asks.
    fakeBin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-nvidia-smi-'));
    fs.writeFileSync(path.join(fakeBin, 'nvidia-smi'), '#!/bin/sh\nsleep 2\necho "GPU 0: NVIDIA A10G (UUID: GPU-aaaa)"\necho "GPU 1: NVIDIA A10G (UUID: GPU-bbbb)"\n', { mode: 0o755 });
    process.env.PATH = `${fakeBin}${path.delimiter}${originalPath ?? ''}`;

    const dir = path.join(workspace(), 'local-gpu');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'gpus.py'), 'import os\nprint("gpus=" + os.environ["SM_NUM_GPUS"], flush=True)\n');
    const file = path.join(dir, 'estimator.json');
    fs.writeFileSync(file, JSON.stringify({ framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'gpus.py', instance_type: 'local_gpu', instance_count: 1, job_name: 'local-gpu-count' }, null, 2));

    // The longest the extension host's event loop went without running a timer, while the job was started.
    let longestGapMs = 0;
    let last = Date.now();
    let ticks = 0;
    const timer = setInterval(() => { const now = Date.now(); longestGapMs = Math.max(longestGapMs, now - last); last = now; ticks++; }, 10);
    let name: string | undefined;
    try {
      name = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', vscode.Uri.file(file));
      // The command's promise can resolve right after a blocking call, before any timer runs: one more tick records the gap.
      const ticked = ticks;
      await new Promise<void>(resolve => { const wait = setInterval(() => { if (ticks > ticked) { clearInterval(wait); resolve(); } }, 5); });
    } finally {
      clearInterval(timer);
    }
    assert.equal(name, 'local-gpu-count');
    assert.equal(await api.local.finished(name), 'Completed');
    const lines = api.outputs.get(name).lines();
    assert.ok(lines.some(l => /\bgpus=2$/.test(l)), lines.join('\n'));
    // nvidia-smi took 2 s; a synchronous ask would have held the loop that long.
    assert.ok(longestGapMs < 1000, `the extension host's event loop was blocked for ${longestGapMs} ms`);
  });
});
