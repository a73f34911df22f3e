import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedEndpoint, seedTrainingJob } from './seed';
import { activated, resetMoto } from './support';

async function labels(tree: { getChildren(): Promise<unknown[]>; getTreeItem(node: never): vscode.TreeItem }) {
  const nodes = await tree.getChildren();
  return nodes.map(node => String(tree.getTreeItem(node as never).label));
}

describe('SageMaker views against moto', () => {
  beforeEach(resetMoto);
  afterEach(async () => {
    await vscode.workspace.getConfiguration('sagemaker').update('profile', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists training jobs and endpoints from the configured endpoint', async () => {
    const api = await activated();
    await seedTrainingJob('pca-job-1');
    await seedTrainingJob('pca-job-2');
    await seedEndpoint('pca-endpoint');
    api.trainingJobs.refresh();
    api.endpoints.refresh();
    assert.deepEqual((await labels(api.trainingJobs as never)).sort(), ['pca-job-1', 'pca-job-2']);
    assert.deepEqual(await labels(api.endpoints as never), ['pca-endpoint']);
  });

  it('shows nothing (so the welcome view shows) when there is nothing yet', async () => {
    const api = await activated();
    api.trainingJobs.refresh();
    assert.deepEqual(await labels(api.trainingJobs as never), []);
  });

  it('treats a profile without credentials as not connected, with an empty tree', async () => {
    const api = await activated();
    await vscode.workspace.getConfiguration('sagemaker').update('profile', 'no-such-profile', vscode.ConfigurationTarget.Global);
    api.trainingJobs.refresh();
    assert.deepEqual(await labels(api.trainingJobs as never), []);
  });

  it('shows one retry item when the endpoint cannot be reached', async () => {
    const api = await activated();
    const config = vscode.workspace.getConfiguration('sagemaker');
    const previous = config.get<string>('endpointUrl');
    await config.update('endpointUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      api.trainingJobs.refresh();
      const nodes = await api.trainingJobs.getChildren();
      assert.equal(nodes.length, 1);
      const item = api.trainingJobs.getTreeItem(nodes[0] as never);
      assert.match(String(item.label), /Could not list training jobs/);
      assert.equal(item.command?.command, 'sagemaker.refreshTrainingJobs');
    } finally {
      await config.update('endpointUrl', previous, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('commands', () => {
  it('registers every contributed command', async () => {
    await activated();
    const contributed = (vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator')!.packageJSON.contributes.commands as { command: string }[])
      .map(c => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter(c => !registered.has(c)), []);
  });
});
