import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { activated, motoClients, resetMoto } from './support';

const BUCKET = 'sagemaker-us-east-1-123456789012';

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0]!.uri.fsPath;
}

describe('SageMaker: Upload Data to S3 against moto', function () {
  this.timeout(120_000);
  const root = () => path.join(workspaceFolder(), 'upload-data-suite');
  before(async () => { await activated(); });
  beforeEach(resetMoto);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root(), { recursive: true, force: true });
  });

  it('uploads a folder as upload_data does, copies the URI and adds it as a channel of the open estimator, formatting kept', async () => {
    const data = path.join(root(), 'data');
    fs.mkdirSync(path.join(data, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(data, 'train.csv'), '1,2,3\n');
    fs.writeFileSync(path.join(data, 'nested', 'more.csv'), '4,5,6\n');
    const estimator = path.join(root(), 'estimator.json');
    fs.writeFileSync(estimator, '{\n    // channels\n    "inputs": {\n        "test": "s3://b/test/"\n    }\n}\n');
    const document = await vscode.workspace.openTextDocument(estimator);
    await vscode.window.showTextDocument(document);

    const uri = await vscode.commands.executeCommand<string | undefined>('sagemaker.uploadData', vscode.Uri.file(data),
      { keyPrefix: 'suite/data', channel: 'train' });

    assert.equal(uri, `s3://${BUCKET}/suite/data`);
    const listed = await motoClients().s3().client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    assert.deepEqual((listed.Contents ?? []).map(o => o.Key).sort(), ['suite/data/nested/more.csv', 'suite/data/train.csv']);
    const open = await motoClients().s3().client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    assert.deepEqual(open.Uploads ?? [], []);
    assert.equal(await vscode.env.clipboard.readText(), uri);
    assert.equal(document.getText(),
      `{\n    // channels\n    "inputs": {\n        "test": "s3://b/test/",\n        "train": "${uri}"\n    }\n}\n`);
    assert.ok(document.isDirty, 'the edit is the user\'s to save or undo');
    // The edit is reverted before the folder is removed, so that nothing is left to save into a folder that is gone.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(document.isDirty, false);
  });

  it('with several explorer items selected, says it takes one and uploads nothing', async () => {
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showErrorMessage;
    const shown: string[] = [];
    window.showErrorMessage = (message: string) => { shown.push(message); return Promise.resolve(undefined); };
    try {
      fs.mkdirSync(root(), { recursive: true });
      const a = path.join(root(), 'a.csv');
      const b = path.join(root(), 'b.csv');
      fs.writeFileSync(a, '1\n');
      fs.writeFileSync(b, '2\n');
      const uri = await vscode.commands.executeCommand<string | undefined>('sagemaker.uploadData', vscode.Uri.file(a), [vscode.Uri.file(a), vscode.Uri.file(b)]);
      assert.equal(uri, undefined);
      assert.deepEqual(shown, ['SageMaker: Upload Data to S3 takes one file or folder (as upload_data does), and 2 are selected. Select one, or put them in a folder and upload that.']);
      const buckets = await motoClients().s3().client.send(new ListBucketsCommand({}));
      for (const bucket of buckets.Buckets ?? []) {
        const listed = await motoClients().s3().client.send(new ListObjectsV2Command({ Bucket: bucket.Name! }));
        assert.ok(!(listed.Contents ?? []).some(o => /(^|\/)[ab]\.csv$/.test(o.Key ?? '')), JSON.stringify(listed.Contents));
      }
    } finally {
      window.showErrorMessage = original;
    }
  });
});
