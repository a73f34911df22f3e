import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseJsonc } from 'jsonc-parser';
import { buildTrainingJobRequest } from '../../src/core/estimator/request';
import { loadEstimator } from '../../src/core/estimator/load';
import { activated, resetMoto, waitFor, workspaceFile } from './support';


const PCA = `{
  // The seed's built-in PCA
  "image_uri": { "framework": "pca" },
  "role": "arn:aws:iam::123456789012:role/SageMakerRole",
  "instance_count": 1,
  "instance_type": "ml.m4.xlarge",
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },
  "inputs": { "train": { "s3_data": "s3://my-bucket/pca/train/", "content_type": "text/csv;label_size=0" } },
  "job_name": "pca-preview-test"
}
`;

async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

function positionAfter(document: vscode.TextDocument, marker: string): vscode.Position {
  const offset = document.getText().indexOf(marker);
  assert.ok(offset >= 0, `marker ${marker} not found`);
  return document.positionAt(offset + marker.length);
}

describe('estimator.json in the editor', () => {
  before(async () => { await activated(); await resetMoto(); });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('completes the TrainingInput keys inside inputs.train', async () => {
    const uri = workspaceFile('completion/estimator.json', '{\n  "image_uri": "x",\n  "inputs": { "train": {  } }\n}\n');
    const editor = await openEditor(uri);
    const position = positionAfter(editor.document, '"train": { ');
    const labels = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      const names = list.items.map(item => (typeof item.label === 'string' ? item.label : item.label.label).replace(/"/g, ''));
      return names.includes('s3_data') ? names : undefined;
    }, 'completion items from the estimator schema', 30_000);
    for (const key of ['s3_data', 'content_type', 'distribution', 'compression', 's3_data_type', 'input_mode', 'record_wrapping', 'shuffle_config']) {
      assert.ok(labels.includes(key), `completion lacks ${key}: ${labels.join(', ')}`);
    }
  });

  it('shows the schema description on hover', async () => {
    const uri = workspaceFile('hover/estimator.json', '{\n  "instance_type": "ml.m5.xlarge"\n}\n');
    const editor = await openEditor(uri);
    const position = positionAfter(editor.document, '"instance_');
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const joined = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
      return joined.length > 0 ? joined : undefined;
    }, 'a hover from the estimator schema', 30_000);
    assert.match(text, /instance/i);
  });

  it('puts problems in the Problems panel at their range as the user types', async () => {
    const uri = workspaceFile('problems/estimator.json', '{\n  "image_uri": "x",\n  "instance_typo": "ml.m5.xlarge"\n}\n');
    await openEditor(uri);
    const diagnostics = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(uri).filter(d => d.source === 'SageMaker');
      return found.length > 0 ? found : undefined;
    }, 'SageMaker diagnostics');
    const unknown = diagnostics.find(d => /instance_typo/.test(d.message));
    assert.ok(unknown, diagnostics.map(d => d.message).join('\n'));
    assert.equal(unknown.range.start.line, 2);
    assert.match(unknown.message, /instance_type/, 'suggests the close key');
    // VS Code's JSON language service gets a schema without the validating keywords: each problem shows once.
    await new Promise(resolve => setTimeout(resolve, 1500));
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter(d => d.source !== 'SageMaker').map(d => d.message), []);

    const editor = await openEditor(uri);
    await editor.edit(edit => edit.replace(new vscode.Range(2, 3, 2, 16), 'instance_type'));
    await waitFor(() => vscode.languages.getDiagnostics(uri).filter(d => /instance_typo/.test(d.message)).length === 0 || undefined,
      'the problem to clear after the fix');
  });

  it('previews the exact CreateTrainingJob request beside the file, read-only', async () => {
    const uri = workspaceFile('preview/estimator.json', PCA);
    await openEditor(uri);
    await vscode.commands.executeCommand('sagemaker.previewTrainingJobRequest', uri);
    const preview = await waitFor(() => vscode.window.visibleTextEditors.find(e => e.document.uri.scheme === 'sagemaker-request'),
      'the request preview');
    const shown = parseJsonc(preview.document.getText());
    const loaded = loadEstimator(PCA, { fileName: uri.fsPath, env: process.env });
    assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
    const expected = buildTrainingJobRequest(loaded.spec, { region: 'us-east-1', account: '123456789012', baseDir: path.dirname(uri.fsPath) }).request;
    assert.deepEqual(shown, JSON.parse(JSON.stringify(expected)));
    assert.equal(shown.TrainingJobName, 'pca-preview-test');
    assert.match(preview.document.getText(), /account 123456789012/, 'the account comes from STS (moto)');
  });

  it('offers Preview and Launch as CodeLenses at the top of an estimator file', async () => {
    const uri = workspaceFile('lens/estimator.json', PCA);
    await openEditor(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const commands = lenses.map(l => l.command?.command);
    assert.ok(commands.includes('sagemaker.previewTrainingJobRequest'));
    assert.ok(commands.includes('sagemaker.launchTrainingJob'));
    assert.ok(lenses.every(l => l.range.start.line === 0));
  });
});
