/**
 * The Training Jobs tree over an expired AWS session (issue 19) in a real VS Code against moto: the proxy refuses
 * ListTrainingJobs with ExpiredTokenException for a few seconds; a refresh then keeps the rows the tree had, the window
 * shows its one paused message (the renew command, "Retry") and no connection warning, and the tree lists again by
 * itself once the session works (the window's quiet check, shortened here from a minute).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedTrainingJob } from './seed';
import { activated, injectFaults, recordMessages, resetAwsCalls, resetMoto, waitFor } from './support';

type Tree = { getChildren(): Promise<unknown[]>; getTreeItem(node: never): vscode.TreeItem; onDidChangeTreeData: vscode.Event<unknown> };

/**
 * Reads the tree as the workbench does while its view is shown: again each time it says it changed (this extension
 * host has no workbench drawing the view). `labels` are the resource rows of the last read (local sections left out),
 `errors` its error rows.
 */
function showView(tree: Tree) {
  const view = { labels: [] as string[], errors: [] as string[], reads: 0, dispose: () => subscription.dispose() };
  const labelsOf = (nodes: unknown[], kind: string) => nodes.filter(node => (node as { kind: string }).kind === kind)
    .map(node => tree.getTreeItem(node as never).label).map(label => String(typeof label === 'object' ? label.label : label));
  const read = async () => {
    const nodes = await tree.getChildren();
    view.labels = labelsOf(nodes, 'resource');
    view.errors = labelsOf(nodes, 'error');
    view.reads++;
  };
  const subscription = tree.onDidChangeTreeData(() => void read());
  void read();
  return view;
}

describe('Training Jobs tree over an expired session', function () {
  this.timeout(180_000);

  it('keeps its rows, shows the one paused message with Retry, and lists again by itself when the session works', async () => {
    const api = await activated();
    await resetMoto();
    await resetAwsCalls();
    await seedTrainingJob('tree-kept-one');
    const checkMs = api.connection.pausedCheckMs;
    api.connection.pausedCheckMs = 500;
    const messages = recordMessages(['showWarningMessage', 'showErrorMessage']);
    const view = showView(api.trainingJobs as unknown as Tree);
    try {
      api.trainingJobs.refresh();
      await waitFor(() => view.labels.includes('tree-kept-one') || undefined, 'the first listing');

      await injectFaults([{ operation: 'SageMaker.ListTrainingJobs', kind: 'error', status: 400, type: 'ExpiredTokenException', message: 'The security token included in the request is expired', forMs: 4_000 }]);
      await seedTrainingJob('tree-kept-two');
      const reads = view.reads;
      api.trainingJobs.refresh();
      await waitFor(() => messages.shown.some(s => /have expired/.test(s.message)) || undefined, 'the paused message');
      await waitFor(() => view.reads > reads || undefined, 'the refreshed rows');
      assert.deepEqual(view.labels, ['tree-kept-one'], 'the rows it had, not an empty tree');
      assert.deepEqual(view.errors, [], 'no error row');

      await waitFor(() => view.labels.includes('tree-kept-two') || undefined, 'the tree to list again after the session works', 60_000);
      const expiry = messages.shown.filter(s => /expired/.test(s.message));
      assert.equal(expiry.length, 1, `one expiry message: ${JSON.stringify(messages.shown)}`);
      assert.match(expiry[0]!.message, /aws sso login/);
      assert.deepEqual(expiry[0]!.items, ['Retry']);
      assert.deepEqual(messages.shown.filter(s => s.items.includes('Select Profile')), [], 'no generic connection warning');
      assert.equal(api.connection.current, 'connected');
    } finally {
      view.dispose();
      messages.restore();
      api.connection.pausedCheckMs = checkMs;
    }
  });
});
