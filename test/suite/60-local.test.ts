import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { invokeLocalEndpoint } from '../../src/core/local';
import type { InvokePanelController } from '../../src/invoke/panel';
import { activated, waitFor } from './support';

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

/** A copy of examples/pca-local in the workspace, with `changes` applied to its estimator. */
function localExample(folder: string, changes: Record<string, unknown> = {}, files: Record<string, string> = {}): vscode.Uri {
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

/** Alive and not a zombie (an ended child whose parent has not reaped it yet counts as gone). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function localRows() {
  const api = await activated();
  const [section] = await api.trainingJobs.getChildren();
  assert.equal(api.trainingJobs.getTreeItem(section as never).label, 'Local');
  return (await api.trainingJobs.getChildren(section as never)).map(node => ({ node, item: api.trainingJobs.getTreeItem(node as never) }));
}

describe('Local mode in VS Code', function () {
  this.timeout(120_000);

  it('trains the pca-local example: logs in its output, Completed in the tree, model.tar.gz written', async () => {
    const api = await activated();
    const uri = localExample('local-train', { job_name: 'pca-local-vscode' });
    const name = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', uri);
    assert.equal(name, 'pca-local-vscode');
    assert.equal(await api.local.finished(name), 'Completed');
    const lines = api.outputs.get(name).lines();
    assert.ok(lines.some(l => /explained_variance_ratio_total=/.test(l)), lines.join('\n'));
    // Each status change once, in the cloud tail's format ("--- 2026-11-25 10:00:03 Training: ...").
    for (const status of ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']) {
      const shown = lines.filter(l => new RegExp(`^--- \\d{4}-\\d\\d-\\d\\d[ T][0-9:.Z]+ ${status}\\b`).test(l));
      assert.equal(shown.length, 1, `${status} once:\n${lines.join('\n')}`);
      assert.match(shown[0]!, new RegExp(`^--- \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${status}: `));
    }
    const row = (await localRows()).find(r => r.item.label === name)!;
    assert.equal(row.item.contextValue, 'localJob.Completed');
    assert.ok(fs.existsSync(path.join(workspace(), '.sagemaker/local', name, 'output/model.tar.gz')));
  });

  it('deploys the local job; it and the invoke panel answer JSON and CSV with the projection', async () => {
    const api = await activated();
    const endpoint = await vscode.commands.executeCommand<string>('sagemaker.deploy', (await localRows()).find(r => r.item.label === 'pca-local-vscode')!.node);
    assert.equal(endpoint, 'pca-local-vscode');
    const [section] = await api.endpoints.getChildren();
    const [node] = await api.endpoints.getChildren(section as never);
    const item = api.endpoints.getTreeItem(node as never);
    assert.equal(item.contextValue, 'localEndpoint.InService');
    const url = (node as { value: { Url: string } }).value.Url;
    const json = await invokeLocalEndpoint(url, JSON.stringify({ instances: [{ features: [0.1, 0.2, 0.3, 0.4] }] }), 'application/json', 'application/json');
    assert.equal(json.status, 200, json.body.toString());
    assert.equal(JSON.parse(json.body.toString()).projections[0].projection.length, 3);
    const csv = await invokeLocalEndpoint(url, '0.1,0.2,0.3,0.4\n0.5,0.6,0.7,0.8\n', 'text/csv', 'text/csv');
    assert.equal(csv.status, 200, csv.body.toString());
    assert.equal(csv.body.toString().trim().split('\n').length, 2);
    // The invoke panel on the local endpoint, as on a cloud one.
    const panel = await vscode.commands.executeCommand<InvokePanelController>('sagemaker.invokeEndpoint', node);
    await panel.postFromWebview({ kind: 'ready' });
    const request = (text: string, contentType: string) => ({
      contentType, accept: contentType, customAttributes: '', targetVariant: '', targetModel: '', inferenceId: '', body: { type: 'text' as const, text },
    });
    await panel.postFromWebview({ kind: 'send', request: request('{"instances":[{"features":[0.1,0.2,0.3,0.4]}]}', 'application/json') });
    const shownJson = panel.lastRendered();
    assert.ok(shownJson?.ok, JSON.stringify(shownJson));
    assert.equal(shownJson.view.type, 'json');
    assert.equal(JSON.parse((shownJson.view as { text: string }).text).projections[0].projection.length, 3);
    await panel.postFromWebview({ kind: 'send', request: request('0.1,0.2,0.3,0.4\n0.5,0.6,0.7,0.8', 'text/csv') });
    const shownCsv = panel.lastRendered();
    assert.ok(shownCsv?.ok, JSON.stringify(shownCsv));
    assert.equal(shownCsv.view.type, 'csv');
    assert.equal((shownCsv.view as { rows: string[][] }).rows.length, 2);
    assert.equal((shownCsv.view as { rows: string[][] }).rows[0]!.length, 3);
    panel.dispose();

    await vscode.commands.executeCommand('sagemaker.deleteEndpoint', node, { confirmed: true });
    assert.equal(api.local.endpoints().filter(e => e.EndpointStatus === 'InService').length, 0);
  });

  it('a script that raises ends Failed with the traceback\'s last lines as the reason', async () => {
    const api = await activated();
    const uri = localExample('local-fail', { job_name: 'pca-local-raises', entry_point: 'broken.py' },
      { 'code/broken.py': 'def train():\n    raise ValueError("feature_dim does not match the data")\n\ntrain()\n' });
    const name = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', uri);
    assert.equal(await api.local.finished(name), 'Failed');
    const job = api.local.jobs().find(j => j.TrainingJobName === name)!;
    assert.match(job.FailureReason ?? '', /ValueError: feature_dim does not match the data/);
  });

  it('Stop in the middle of training ends the process group and shows Stopped', async () => {
    const api = await activated();
    const script = [
      'import subprocess, sys, time, os',
      'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])',
      'open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "child.pid"), "w").write(str(child.pid))',
      'print("training started", flush=True)',
      'time.sleep(120)',
    ].join('\n');
    const uri = localExample('local-stop', { job_name: 'pca-local-stopped', entry_point: 'slow.py' }, { 'code/slow.py': script });
    const name = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', uri);
    await waitFor(() => api.outputs.get(name).lines().some(l => l.includes('training started')) || undefined, 'the script to start', 30_000);
    const childPidFile = path.join(workspace(), '.sagemaker/local', name, 'output/data/child.pid');
    const childPid = Number(await waitFor(() => (fs.existsSync(childPidFile) ? fs.readFileSync(childPidFile, 'utf8') : undefined), 'the child pid'));
    const row = (await localRows()).find(r => r.item.label === name)!;
    assert.equal(row.item.contextValue, 'localJob.InProgress');
    await vscode.commands.executeCommand('sagemaker.stopTrainingJob', row.node, { confirmed: true });
    assert.equal(await api.local.finished(name), 'Stopped');
    assert.equal((await localRows()).find(r => r.item.label === name)!.item.contextValue, 'localJob.Stopped');
    assert.ok(await waitFor(() => !isAlive(childPid) || undefined, 'the child the script started to end', 10_000));
  });
});
