/**
 * What a new user's first walk found (issue 15), in a real VS Code against moto: palette pickers that list local
 * endpoints and jobs in their own group, the same notifications from the palette's Deploy as from the tree's,
 * local endpoints stopped when the extension deactivates, the walkthrough's steps marked as the user does them,
 * the launch saying why its job name is not the preview's, and tree rows that are not redrawn when unchanged.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InvokePanelController } from '../../src/invoke/panel';
import { WALKTHROUGH_STEPS } from '../../src/core/walkthroughSteps';
import { seedTrainingJob } from './seed';
import { activated, extension, motoTransitions, recordMessages, resetMoto, waitFor } from './support';

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const WALK = 'first-walk';

/** A copy of examples/pca-local in the workspace under `folder`, with `changes` applied to its estimator. */
function localExample(folder: string, changes: Record<string, unknown>): vscode.Uri {
  const dir = path.join(workspace(), WALK, folder);
  fs.cpSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca-local'), dir, {
    recursive: true, filter: source => !source.includes(`${path.sep}.sagemaker`),
  });
  const file = path.join(dir, 'estimator.json');
  const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/m, '');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(text), ...changes }, null, 2));
  return vscode.Uri.file(file);
}

type Window = Record<string, unknown>;

/** Records calls of the extension's vscode.window.withProgress (the test shares its API object) and passes them on. */
function recordWindow<K extends 'withProgress'>(kind: K) {
  const window = vscode.window as unknown as Window;
  const original = window[kind] as (...args: unknown[]) => unknown;
  const calls: unknown[][] = [];
  window[kind] = (...args: unknown[]) => { calls.push(args); return original.apply(vscode.window, args); };
  return { calls, restore: () => { window[kind] = original; } };
}

/** A QuickPick the test drives: the extension's createQuickPick() gets one of these, and the test accepts an item. */
class DrivenQuickPick {
  title = '';
  placeholder = '';
  matchOnDescription = false;
  busy = false;
  items: vscode.QuickPickItem[] = [];
  selectedItems: vscode.QuickPickItem[] = [];
  activeItems: vscode.QuickPickItem[] = [];
  private readonly accepted = new vscode.EventEmitter<void>();
  private readonly hidden = new vscode.EventEmitter<void>();
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  show(): void { /* nothing to draw */ }
  hide(): void { this.hidden.fire(); }
  dispose(): void { this.accepted.dispose(); this.hidden.dispose(); }
  /** The separators' labels and the items under each: { 'Local (this machine)': ['a'], SageMaker: ['b'] }. */
  groups(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    let group = '(none)';
    for (const item of this.items) {
      if (item.kind === vscode.QuickPickItemKind.Separator) group = item.label;
      else (out[group] ??= []).push(item.label);
    }
    return out;
  }
  accept(label: string): void {
    const item = this.items.find(i => i.label === label && i.kind !== vscode.QuickPickItemKind.Separator);
    assert.ok(item, `no item ${label} in ${JSON.stringify(this.groups())}`);
    this.selectedItems = [item];
    this.accepted.fire();
  }
}

function drivenQuickPicks() {
  const window = vscode.window as unknown as Window;
  const original = window.createQuickPick;
  const pickers: DrivenQuickPick[] = [];
  window.createQuickPick = () => { const p = new DrivenQuickPick(); pickers.push(p); return p; };
  return {
    /** The picker of that title once it has listed everything (not busy). */
    settled: (title: string) => waitFor(() => pickers.find(p => p.title === title && !p.busy), `the ${title} picker to list`),
    restore: () => { window.createQuickPick = original; },
  };
}

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('A first walk through the extension (issue 15)', function () {
  this.timeout(240_000);
  after(async () => {
    await motoTransitions('sagemaker::training_job', undefined);
    const api = await activated();
    for (const endpoint of api.local.endpoints().filter(e => e.EndpointName.startsWith('pca-local-walk'))) await api.local.deleteEndpoint(endpoint.EndpointName);
    fs.rmSync(path.join(workspace(), WALK), { recursive: true, force: true });
  });

  const name = 'pca-local-walk';
  /** The local endpoint of the walk's job, started by the extension (as the tree's Deploy does) when a step before did not. */
  async function walkEndpoint() {
    const api = await activated();
    if (!api.local.endpoints().some(e => e.EndpointName === name && e.EndpointStatus === 'InService')) await api.local.deploy(name);
    return api.local.endpoints().find(e => e.EndpointName === name && e.EndpointStatus === 'InService')!;
  }

  it('creates, previews and launches a local job (local mode: the walkthrough\'s other way through "connect")', async () => {
    await resetMoto();
    const api = await activated();
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.newEstimator', {
      answers: { kind: { kind: 'framework', framework: 'pytorch' }, version: '2.1.0', pyVersion: 'py310', instanceType: 'local', channels: ['train'] },
      folder: path.join(workspace(), WALK, 'wizard'), open: false,
    });
    assert.ok(created, 'the wizard wrote an estimator');
    const estimator = localExample('pca', { job_name: name });
    await vscode.commands.executeCommand('sagemaker.previewTrainingJobRequest', estimator);
    assert.equal(await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', estimator), name);
    assert.equal(await api.local.finished(name), 'Completed');
  });

  it('Tail Logs from the palette offers the local job in its own group', async () => {
    const quickPick = (vscode.window as unknown as Window).showQuickPick;
    let offered: vscode.QuickPickItem[] = [];
    (vscode.window as unknown as Window).showQuickPick = async (items: vscode.QuickPickItem[]) => {
      offered = items;
      return items.find(i => i.label === name);
    };
    try {
      await vscode.commands.executeCommand('sagemaker.tailLogs');
    } finally {
      (vscode.window as unknown as Window).showQuickPick = quickPick;
    }
    const groups = offered.filter(i => i.kind === vscode.QuickPickItemKind.Separator).map(i => i.label);
    assert.equal(groups[0], 'Local (this machine)', JSON.stringify(offered));
    assert.ok(offered.some(i => i.label === name), JSON.stringify(offered));
  });

  it('Deploy from the palette offers the local job in its own group, and shows the tree\'s progress and completion notifications', async () => {
    const pickers = drivenQuickPicks();
    const progress = recordWindow('withProgress');
    const infos = recordMessages(['showInformationMessage']);
    try {
      const deploying = vscode.commands.executeCommand<string>('sagemaker.deploy');
      const deployPicker = await pickers.settled('Deploy Model: a completed training job');
      assert.ok(deployPicker.groups()['Local (this machine)']?.includes(name), JSON.stringify(deployPicker.groups()));
      deployPicker.accept(name);
      assert.equal(await deploying, name);
      assert.ok(progress.calls.some(([options]) => /starting local endpoint for pca-local-walk/.test(String((options as { title?: string }).title))),
        `a progress notification: ${JSON.stringify(progress.calls.map(c => c[0]))}`);
      assert.ok(infos.shown.some(({ message }) => /local endpoint pca-local-walk is InService at http:\/\/127\.0\.0\.1:\d+/.test(message)),
        `a completion notification: ${JSON.stringify(infos.shown.map(s => s.message))}`);
    } finally {
      pickers.restore();
      progress.restore();
      infos.restore();
    }
  });

  it('Invoke Endpoint and Open Job from the palette offer the local endpoint and job in their own group', async () => {
    await walkEndpoint();
    const pickers = drivenQuickPicks();
    try {
      const invoking = vscode.commands.executeCommand<InvokePanelController>('sagemaker.invokeEndpoint');
      const invokePicker = await pickers.settled('Invoke Endpoint');
      assert.ok(invokePicker.groups()['Local (this machine)']?.includes(name), JSON.stringify(invokePicker.groups()));
      invokePicker.accept(name);
      const panel = await invoking;
      assert.ok(panel, 'the invoke panel of the local endpoint opened');
      panel.dispose();

      const opening = vscode.commands.executeCommand('sagemaker.openJob');
      const jobPicker = await pickers.settled('Open Job');
      assert.ok(jobPicker.groups()['Local (this machine)']?.includes(name), JSON.stringify(jobPicker.groups()));
      jobPicker.hide();
      await opening;
    } finally {
      pickers.restore();
    }
  });

  it('after the loop, every walkthrough step is marked done (7/7)', async () => {
    const api = await activated();
    const walkthrough = (api.services as { walkthrough?: { done(): ReadonlySet<string> } }).walkthrough;
    assert.deepEqual([...walkthrough?.done() ?? []].sort(), [...WALKTHROUGH_STEPS].sort());
  });

  it('deactivation stops the local endpoint this window started, and forgets its record', async () => {
    const api = await activated();
    const endpoint = await walkEndpoint();
    assert.equal(endpoint?.EndpointStatus, 'InService');
    // The extension's own module (the bundle VS Code loaded), whose deactivate() VS Code calls when the window closes.
    const main = require(path.join(extension().extensionPath, 'dist', 'extension.js')) as { deactivate(): Promise<void> | undefined };
    await main.deactivate();
    assert.ok(await waitFor(() => !isAlive(endpoint.Pid) || undefined, 'the endpoint\'s server to end', 10_000));
    assert.equal(api.local.endpoints().find(e => e.EndpointName === name), undefined, 'no record left of a stopped endpoint');
  });

  it('launching without job_name says, in the notification, why the job\'s name is not the preview\'s', async () => {
    await resetMoto();
    await activated();
    const dir = path.join(workspace(), WALK, 'cloud');
    fs.cpSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca'), dir, { recursive: true });
    const file = vscode.Uri.file(path.join(dir, 'estimator.json'));
    assert.ok(!fs.readFileSync(file.fsPath, 'utf8').includes('"job_name"'), 'the example leaves the name to be made');
    const infos = recordMessages(['showInformationMessage']);
    try {
      const launched = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', file);
      assert.ok(launched);
      const message = infos.shown.map(s => s.message).find(m => m.includes(`Training job ${launched} created`));
      assert.match(message ?? '', /differs from the one the request preview showed \(set "job_name" to fix it\)/, JSON.stringify(infos.shown.map(s => s.message)));
    } finally {
      infos.restore();
    }
  });

  it('a refresh that changes nothing in a row does not redraw it (its tooltip stays open); the row says the status first', async () => {
    await resetMoto();
    const api = await activated();
    await motoTransitions('sagemaker::training_job', { progression: 'manual', times: 1_000_000 });
    await seedTrainingJob('walk-running');
    api.trainingJobs.refresh();
    await api.trainingJobs.getChildren();
    const job = await waitFor(() => api.trainingJobs.resources.find(j => j.TrainingJobName === 'walk-running' && api.trainingJobs.detailsOf(j)), 'the job\'s details');
    const redrawn: unknown[] = [];
    const subscription = api.trainingJobs.onDidChangeTreeData(node => redrawn.push(node));
    try {
      await api.trainingJobs.reload(job);
      await api.trainingJobs.reload(job);
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(redrawn, [], 'an unchanged row is not redrawn');
    const item = api.trainingJobs.getTreeItem(api.trainingJobs.nodeOf('walk-running')!);
    assert.equal(item.id, 'trainingJob:walk-running');
    assert.match(String(item.description), /^(InProgress|Starting|Downloading|Training)$/, 'status first, short');
    assert.match((item.tooltip as vscode.MarkdownString).value, /ml\\\.m4\\\.xlarge × 1/, 'the full line in the tooltip');
  });
});
