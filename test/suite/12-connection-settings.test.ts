import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seedTrainingJob } from './seed';
import { activated, recordMessages, resetMoto, waitFor } from './support';

async function labels(tree: { getChildren(): Promise<unknown[]>; getTreeItem(node: never): vscode.TreeItem }) {
  return (await tree.getChildren()).map(node => tree.getTreeItem(node as never));
}

/** A second local AWS endpoint that counts what reaches it and lists no training jobs. */
async function startListener() {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`));
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{"TrainingJobSummaries":[]}'));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

describe('Connection settings from the workspace', function () {
  this.timeout(120_000);
  const folder = () => vscode.workspace.workspaceFolders![0]!;
  const settingsFile = () => path.join(folder().uri.fsPath, '.vscode', 'settings.json');

  beforeEach(resetMoto);

  async function changeConnection(change: () => Promise<void> | void): Promise<void> {
    const api = await activated();
    let changed = false;
    const subscription = api.connection.onDidChange(() => { changed = true; });
    try {
      await change();
      await waitFor(() => changed || undefined, 'the connection to take the change');
    } finally {
      subscription.dispose();
    }
  }

  it('does not use a workspace endpointUrl or profile until the user allows it, and asks naming the workspace and the value', async () => {
    const api = await activated();
    await seedTrainingJob('conn-user-endpoint-job');
    const listener = await startListener();
    const warnings = recordMessages(['showWarningMessage'], 'hold');
    const hadVscodeFolder = fs.existsSync(path.dirname(settingsFile()));
    try {
      await changeConnection(() => {
        fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
        fs.writeFileSync(settingsFile(), `{\n  // from the repository\n  "sagemaker.endpointUrl": "${listener.url}",\n  "sagemaker.profile": "no-such-profile",\n}\n`);
      });
      // VS Code keeps the application-scoped values out of the configuration the extension reads.
      assert.equal(vscode.workspace.getConfiguration('sagemaker').get('endpointUrl'), process.env.SAGEMAKER_TEST_PROXY_URL);

      api.trainingJobs.refresh();
      // The user's endpoint (moto) and credentials are still what the calls use.
      assert.deepEqual((await labels(api.trainingJobs as never)).map(i => String(i.label)), ['conn-user-endpoint-job']);
      const endpointQuestion = await waitFor(() => warnings.shown.find(s => s.message.includes('"sagemaker.endpointUrl"')), 'the endpoint question');
      const profileQuestion = await waitFor(() => warnings.shown.find(s => s.message.includes('"sagemaker.profile"')), 'the profile question');
      assert.match(endpointQuestion.message, new RegExp(`^The workspace "${folder().name}" sets "sagemaker\\.endpointUrl" to "${listener.url}" \\(in \\.vscode/settings\\.json\\)\\. `
        + 'SageMaker would send every signed AWS call there, uploads of your data included\\. It is not used unless you allow it'));
      assert.match(profileQuestion.message, new RegExp(`^The workspace "${folder().name}" sets "sagemaker\\.profile" to "no-such-profile"`));
      assert.deepEqual(endpointQuestion.items, ['Use This Time', 'Always Use in This Workspace', 'Ignore']);
      assert.equal(listener.requests.length, 0, `nothing reached the workspace's endpoint: ${listener.requests.join(', ')}`);

      // Asked once: listing again does not ask again.
      api.trainingJobs.refresh();
      await labels(api.trainingJobs as never);
      assert.equal(warnings.shown.length, 2);

      // Allowed for this window: the calls now go there (and the ignored profile still is not used).
      await changeConnection(() => {
        profileQuestion.answer('Ignore');
        endpointQuestion.answer('Use This Time');
      });
      api.trainingJobs.refresh();
      assert.deepEqual(await labels(api.trainingJobs as never), []);
      assert.ok(listener.requests.includes('SageMaker.ListTrainingJobs'), `the allowed endpoint is used: ${listener.requests.join(', ')}`);
    } finally {
      await changeConnection(() => {
        if (hadVscodeFolder) fs.rmSync(settingsFile(), { force: true });
        else fs.rmSync(path.dirname(settingsFile()), { recursive: true, force: true });
      });
      warnings.restore();
      await listener.close();
    }
    // Without the workspace file, the user's endpoint again.
    api.trainingJobs.refresh();
    assert.deepEqual((await labels(api.trainingJobs as never)).map(i => String(i.label)), ['conn-user-endpoint-job']);
  });

  it('cannot be written to workspace settings', async () => {
    await activated();
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('sagemaker').update('endpointUrl', 'http://127.0.0.1:1', vscode.ConfigurationTarget.Workspace)),
      /can be written only into User settings/);
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('sagemaker').update('profile', 'other', vscode.ConfigurationTarget.Workspace)),
      /can be written only into User settings/);
  });

  it('refuses a user endpointUrl over plain http:// to another machine, saying why and what is allowed', async () => {
    const api = await activated();
    const config = vscode.workspace.getConfiguration('sagemaker');
    const previous = config.inspect<string>('endpointUrl')?.globalValue;
    const errors = recordMessages(['showErrorMessage'], 'hold');
    try {
      // 192.0.2.0/24 is reserved for documentation: nothing answers there, and nothing should be sent.
      await changeConnection(async () => { await config.update('endpointUrl', 'http://192.0.2.1:5000', vscode.ConfigurationTarget.Global); });
      api.trainingJobs.refresh();
      const items = await labels(api.trainingJobs as never);
      assert.equal(items.length, 1);
      assert.match(String(items[0]!.label), /Could not list training jobs/);
      assert.match(String(items[0]!.description), /^The setting "sagemaker\.endpointUrl" "http:\/\/192\.0\.2\.1:5000" sends AWS calls over plain http:\/\/ to 192\.0\.2\.1, .*Use https:\/\/, or http:\/\/ only to this machine/);
      const shown = await waitFor(() => errors.shown[0], 'the refusal to be shown');
      assert.match(shown.message, /^SageMaker: The setting "sagemaker\.endpointUrl" "http:\/\/192\.0\.2\.1:5000" sends AWS calls over plain http:\/\//);
      assert.deepEqual(shown.items, ['Open Settings']);
    } finally {
      await changeConnection(async () => { await config.update('endpointUrl', previous, vscode.ConfigurationTarget.Global); });
      errors.restore();
    }
  });
});
