import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCommand, type Services } from '../../src/commands/commandTable';
import type { CommandId } from '../../src/commands/commandIds';
import type { EstimatorSpec } from '../../src/core/estimator/types';
import { LocalMode } from '../../src/local/localMode';
import { activated, waitFor } from './support';

// This window runs with workspace trust disabled (every folder trusted), so `vscode.workspace.isTrusted` cannot be
// made false here; 90-local.untrusted.test.ts runs the commands in a window whose workspace is really untrusted. These tests run the extension's own command table (runCommand, what every registered
// command calls) with services whose trust check answers "untrusted" — and a LocalMode that answers the same —
// aimed at a real running job and a real live endpoint of the trusted window, and check that no process is started
// or signalled.

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

function localExample(folder: string, changes: Record<string, unknown>, files: Record<string, string> = {}): vscode.Uri {
  const dir = path.join(workspace(), folder);
  fs.cpSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca-local'), dir, {
    recursive: true, filter: source => !source.includes(`${path.sep}.sagemaker`),
  });
  const file = path.join(dir, 'estimator.json');
  const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/m, '');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(text), ...changes }, null, 2));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return vscode.Uri.file(file);
}

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('Local mode in an untrusted workspace', function () {
  this.timeout(180_000);

  it('starts, stops, deploys, invokes and deletes nothing: no local process is started or signalled', async () => {
    const api = await activated();
    const untrusted = new LocalMode(api.outputs, () => false);
    const services: Services = { ...api.services, local: untrusted, isTrusted: () => false };
    const command = (id: CommandId, ...args: unknown[]) => runCommand(services, id, args);
    const local = (value: unknown) => ({ kind: 'local' as const, value: value as never });

    // What the trusted window runs: a completed job served on loopback, and a job still training.
    const trainedUri = localExample('trust-trained', { job_name: 'pca-trust-trained' });
    assert.equal(await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', trainedUri), 'pca-trust-trained');
    assert.equal(await api.local.finished('pca-trust-trained'), 'Completed');
    assert.equal(await api.local.deploy('pca-trust-trained'), 'pca-trust-trained');
    const slowUri = localExample('trust-slow', { job_name: 'pca-trust-slow', entry_point: 'slow.py' },
      { 'code/slow.py': 'import time\nprint("training started", flush=True)\ntime.sleep(120)\n' });
    assert.equal(await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', slowUri), 'pca-trust-slow');
    const slow = await waitFor(() => api.local.jobs().find(j => j.TrainingJobName === 'pca-trust-slow' && j.Pid), 'the slow job to run', 30_000);
    const endpoint = api.local.endpoints().find(e => e.EndpointName === 'pca-trust-trained')!;
    assert.equal(endpoint.EndpointStatus, 'InService');
    try {
      // Train: nothing runs, no job folder.
      const document = await vscode.workspace.openTextDocument(localExample('trust-untrusted', { job_name: 'pca-trust-untrusted' }));
      assert.equal(await untrusted.train(JSON.parse(document.getText()) as EstimatorSpec, document), undefined);
      assert.ok(!fs.existsSync(path.join(workspace(), '.sagemaker/local/pca-trust-untrusted')), 'no job folder');

      // Stop and Delete: nothing signalled.
      await command('sagemaker.stopTrainingJob', local(slow), { confirmed: true });
      assert.ok(isAlive(slow.Pid!), 'the job is still running');
      assert.equal(api.local.jobs().find(j => j.TrainingJobName === 'pca-trust-slow')!.TrainingJobStatus, 'InProgress');
      await command('sagemaker.deleteEndpoint', local(endpoint), { confirmed: true });
      assert.ok(isAlive(endpoint.Pid), 'the endpoint server is still running');
      assert.equal(api.local.endpoints().find(e => e.EndpointName === 'pca-trust-trained')!.EndpointStatus, 'InService');

      // Deploy and Invoke: nothing started, nothing sent.
      const completed = api.local.jobs().find(j => j.TrainingJobName === 'pca-trust-trained')!;
      const log = fs.readFileSync(endpoint.LogFile, 'utf8');
      assert.equal(await command('sagemaker.deploy', local({ ...completed })), undefined);
      assert.equal(await command('sagemaker.invokeEndpoint', local(endpoint)), undefined);
      assert.equal(await command('sagemaker.invokeEndpointWithFile', local(endpoint)), undefined);
      assert.equal(api.local.endpoints().filter(e => e.EndpointName === 'pca-trust-trained').length, 1);
      assert.equal(fs.readFileSync(endpoint.LogFile, 'utf8'), log, 'the server got no request');
    } finally {
      await api.local.stop('pca-trust-slow');
      await api.local.deleteEndpoint('pca-trust-trained');
    }
    assert.equal(await api.local.finished('pca-trust-slow'), 'Stopped');
    assert.ok(!isAlive(slow.Pid!));
    assert.ok(await waitFor(() => !isAlive(endpoint.Pid) || undefined, 'the endpoint server to end', 10_000));
  });
});
