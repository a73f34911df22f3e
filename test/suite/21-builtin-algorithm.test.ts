import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, waitFor } from './support';

/**
 * The seed's PCA estimator (examples/pca/estimator.json) with the mistakes sagemaker.PCA refuses before any
 * job exists (amazon/pca.py: num_components is required, algorithm_mode is "regular" or "randomized"):
 * each is an Error in the Problems panel, at its field.
 */
describe('built-in algorithm checks in the Problems panel', () => {
  before(async () => { await activated(); });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows the seed PCA without num_components and with algorithm_mode "fast" as two errors at their ranges', async () => {
    const seed = fs.readFileSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples', 'pca', 'estimator.json'), 'utf8');
    const text = seed
      .replace(/\n\s*"num_components": 3,/, '')
      .replace('"mini_batch_size": 200', '"mini_batch_size": 200,\n    "algorithm_mode": "fast"');
    assert.notEqual(text, seed);
    assert.ok(!text.includes('num_components') && text.includes('"algorithm_mode": "fast"'));
    const folder = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'pca-mistakes');
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'estimator.json');
    fs.writeFileSync(file, text);
    try {
      await expectPcaErrors(vscode.Uri.file(file));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

async function expectPcaErrors(uri: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);

  const rangeOf = (needle: string): vscode.Range => {
    const offset = document.getText().indexOf(needle);
    assert.ok(offset >= 0, needle);
    return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
  };
  const [missing, mode] = await waitFor(() => {
    const errors = vscode.languages.getDiagnostics(uri).filter(d => d.source === 'SageMaker' && d.severity === vscode.DiagnosticSeverity.Error);
    const found = [errors.find(d => /num_components/.test(d.message)), errors.find(d => /algorithm_mode/.test(d.message))];
    return found[0] && found[1] ? (found as vscode.Diagnostic[]) : undefined;
  }, 'the two PCA errors in the Problems panel', 60_000);
  assert.ok(missing.range.isEqual(rangeOf('"hyperparameters"')), `num_components error at ${JSON.stringify(missing.range)}`);
  assert.ok(mode.range.isEqual(rangeOf('"fast"')), `algorithm_mode error at ${JSON.stringify(mode.range)}`);
  assert.match(mode.message, /regular.*randomized/);
}
