import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, waitFor, workspaceFile } from './support';


// The job's role names an environment variable: the validation reads it, so it is part of what is reused.
const PCA = `{
  "image_uri": { "framework": "pca" },
  "role": "arn:aws:iam::123456789012:role/\${env:SAGEMAKER_TEST_REUSE_ROLE}",
  "instance_count": 1,
  "instance_type": "ml.m4.xlarge",
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },
  "inputs": { "train": { "s3_data": "s3://my-bucket/pca/train/", "content_type": "text/csv;label_size=0" } }
}
`;

const codeLenses = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);

describe('CodeLens and diagnostics share one validation per text', function () {
  this.timeout(60_000);
  const region = () => vscode.workspace.getConfiguration('sagemaker').inspect<string>('region')?.workspaceValue;
  let regionBefore: string | undefined;
  before(() => { regionBefore = region(); process.env.SAGEMAKER_TEST_REUSE_ROLE = 'SageMakerRole'; });
  after(async () => {
    await vscode.workspace.getConfiguration('sagemaker').update('region', regionBefore, vscode.ConfigurationTarget.Workspace);
    delete process.env.SAGEMAKER_TEST_REUSE_ROLE;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('validates an opened estimator once for its diagnostics and its CodeLenses, and again after an edit, a settings change or a changed variable', async () => {
    const api = await activated();
    const uri = workspaceFile('codelens-reuse/estimator.json', PCA);
    const start = api.estimatorValidations(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitFor(() => api.estimatorValidations(uri) > start || undefined, 'the diagnostics of the opened estimator');
    const lenses = await codeLenses(uri);
    assert.ok(lenses.some(l => l.command?.command === 'sagemaker.launchTrainingJob'), JSON.stringify(lenses.map(l => l.command?.title)));
    assert.equal(api.estimatorValidations(uri) - start, 1, 'diagnostics and CodeLenses of one version: one validation');

    // An edit: the diagnostics (after their 150 ms debounce) validate the new text once, and the CodeLenses reuse it.
    const edit = new vscode.WorkspaceEdit();
    const offset = document.getText().indexOf('"instance_count": 1');
    edit.replace(uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + '"instance_count": 1'.length)), '"instance_count": 2');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => api.estimatorValidations(uri) - start === 2 || undefined, 'the diagnostics of the edited text');
    const edited = await codeLenses(uri);
    assert.ok(edited.some(l => l.command?.command === 'sagemaker.launchTrainingJob'));
    assert.equal(api.estimatorValidations(uri) - start, 2, 'the edited version validated once');

    // The region setting is read by the validation: the provider tells VS Code to ask again, and the open editor's
    // CodeLenses are validated afresh without anything else being done.
    const otherRegion = regionBefore === 'eu-west-1' ? 'us-west-2' : 'eu-west-1';
    await vscode.workspace.getConfiguration('sagemaker').update('region', otherRegion, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.estimatorValidations(uri) - start === 3 || undefined, 'the CodeLenses of the new region');
    await codeLenses(uri);
    assert.equal(api.estimatorValidations(uri) - start, 3, 'the same region again: reused');

    // A variable the text names changed: validated again.
    process.env.SAGEMAKER_TEST_REUSE_ROLE = 'OtherRole';
    await codeLenses(uri);
    assert.equal(api.estimatorValidations(uri) - start, 4, 'a changed ${env:...} variable: validated again');
  });

  it('checks the open estimators again when the region setting changes: an image the new region lacks is a problem at once', async () => {
    const api = await activated();
    await vscode.workspace.getConfiguration('sagemaker').update('region', 'us-east-1', vscode.ConfigurationTarget.Workspace);
    const uri = workspaceFile('codelens-reuse/region.estimator.json', PCA);
    const start = api.estimatorValidations(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor(() => api.estimatorValidations(uri) > start || undefined, 'the diagnostics of the opened estimator');
    const imageProblems = () => vscode.languages.getDiagnostics(uri).filter(d => d.source === 'SageMaker' && /image_uri/.test(d.message)).map(d => d.message);
    assert.deepEqual(imageProblems(), [], 'pca has an image in us-east-1');
    // ap-southeast-5 is an AWS region the SDK's pca table has no registry for.
    await vscode.workspace.getConfiguration('sagemaker').update('region', 'ap-southeast-5', vscode.ConfigurationTarget.Workspace);
    const found = await waitFor(() => imageProblems().find(m => /Unsupported region: ap-southeast-5/.test(m)), 'the image problem of the new region, without an edit');
    assert.match(found, /no pca image/);
    await vscode.workspace.getConfiguration('sagemaker').update('region', 'us-east-1', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => imageProblems().length === 0 || undefined, 'the problem gone in a region that has the image');
  });

  it('reuses that validation for the request preview and the spot quick fixes of the same text', async () => {
    const api = await activated();
    const spot = PCA.replace('"instance_count": 1,', '"instance_count": 1,\n  "use_spot_instances": true,\n  "max_run": 3600,\n  "max_wait": 3700,');
    const uri = workspaceFile('codelens-reuse/spot.estimator.json', spot);
    const start = api.estimatorValidations(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const fixable = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(uri).filter(d => d.code === 'spot-without-checkpoints' || d.code === 'spot-max-wait-close');
      return found.length === 2 ? found : undefined;
    }, 'the two spot diagnostics');
    assert.equal(api.estimatorValidations(uri) - start, 1, 'the diagnostics validated the text once');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, fixable.find(d => d.code === 'spot-max-wait-close')!.range);
    assert.ok(actions.some(a => a.title === 'Set max_wait to 7200 (twice max_run)'), JSON.stringify(actions.map(a => a.title)));
    await vscode.commands.executeCommand('sagemaker.previewTrainingJobRequest', uri);
    await waitFor(() => vscode.window.visibleTextEditors.find(e => e.document.uri.scheme === 'sagemaker-request'
      && e.document.getText().includes('"MaxWaitTimeInSeconds": 3700')), 'the request preview');
    assert.equal(api.estimatorValidations(uri) - start, 1, 'the quick fixes and the preview reused it');
  });
});
