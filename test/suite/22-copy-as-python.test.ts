import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadEstimator } from '../../src/core/estimator/load';
import { exportEstimatorFile } from '../../src/core/export/fromFile';
import { activated } from './support';

type Window = Record<string, unknown>;

const PCA = `{
  // Copied as Python by the test
  "image_uri": { "framework": "pca" },
  "role": "arn:aws:iam::123456789012:role/SageMakerRole",
  "instance_count": 1,
  "instance_type": "ml.m4.xlarge",
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200, "subtract_mean": true },
  "inputs": { "train": { "s3_data": "s3://my-bucket/pca/train/", "content_type": "text/csv;label_size=0" } }
}
`;

describe('Copy as Python', () => {
  before(() => activated());
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('offers SDK v2, SDK v3 and boto3, and copies the SDK v2 export of the estimator to the clipboard, saying so', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(folder, 'copy-as-python', 'estimator.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, PCA);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    await vscode.env.clipboard.writeText('');

    const window = vscode.window as unknown as Window;
    const quickPick = window.showQuickPick;
    const information = window.showInformationMessage;
    let offered: string[] = [];
    const said: string[] = [];
    window.showQuickPick = async (items: vscode.QuickPickItem[]) => {
      offered = items.map(item => item.label);
      return items.find(item => item.label === 'SDK v2');
    };
    window.showInformationMessage = async (message: string) => { said.push(message); return undefined; };
    try {
      // From the palette: the active editor's estimator.
      await vscode.commands.executeCommand('sagemaker.copyAsPython');
    } finally {
      window.showQuickPick = quickPick;
      window.showInformationMessage = information;
    }
    assert.deepEqual(offered, ['SDK v2', 'SDK v3', 'boto3']);
    const loaded = loadEstimator(PCA, { fileName: file, env: {} });
    const expected = exportEstimatorFile(PCA, loaded.spec!, { target: 'sdk-v2', fileName: 'estimator.json', baseDir: path.dirname(file) }).python;
    assert.ok(expected);
    assert.equal(await vscode.env.clipboard.readText(), expected);
    assert.match(expected, /estimator = sagemaker\.estimator\.Estimator\(/);
    assert.deepEqual(said, ['SageMaker: copied copy-as-python/estimator.json as SDK v2 Python to the clipboard.']);
  });
});
