/**
 * Costs in the real VS Code against moto, with the prices moto serves from the recorded GetProducts pages
 * (test/fixtures/aws/moto_pricing.py): the estimate in the preview and the CodeLens, the confirmation of a launch
 * above sagemaker.costs.confirmAbove, the endpoints marked and listed by the daily reminder (its clock moved a day
 * on), and a source_dir's .env warned about before launch.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ListEndpointsCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { seedEndpoint } from './seed';
import { activated, motoClients, recordMessages, resetMoto, waitFor, workspaceFile } from './support';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';


const PCA = (jobName: string) => `{
  "image_uri": { "framework": "pca" },
  "role": "${ROLE}",
  "instance_count": 1,
  "instance_type": "ml.m4.xlarge",
  "max_run": 36000,
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },
  "inputs": { "train": { "s3_data": "s3://my-data-bucket/pca/train/", "content_type": "text/csv;label_size=0" } },
  "job_name": "${jobName}"
}
`;

type Window = Record<string, unknown>;

/** Answers the extension's showWarningMessage calls and records them. */
function answerWarnings(answer: (message: string, items: string[]) => string | undefined | Promise<string | undefined>) {
  const { shown, restore } = recordMessages(['showWarningMessage'], answer);
  return { calls: shown, restore };
}

async function setCostSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('sagemaker').update(`costs.${name}`, value, vscode.ConfigurationTarget.Global);
}

describe('Costs: estimates, confirmation, endpoint reminders, checks before launch', function () {
  this.timeout(180_000);
  before(async () => { await activated(); });
  beforeEach(resetMoto);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows the estimate from the served price list in the request preview and the CodeLens', async () => {
    const uri = workspaceFile('costs-preview/estimator.json', PCA('costs-preview'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lens = await waitFor(async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10))
      .find(l => l.command?.title.includes('/h')), 'the estimate CodeLens');
    // ml.m4.xlarge at $0.24/h, max_run 10 h.
    assert.equal(lens.command!.title, '$(credit-card) $0.24/h · up to $2.40');
    await vscode.commands.executeCommand('sagemaker.previewTrainingJobRequest', uri);
    const preview = await waitFor(() => vscode.window.visibleTextEditors.find(e => e.document.uri.scheme === 'sagemaker-request'
      && e.document.getText().includes('Estimated cost')), 'the request preview with its estimate');
    const text = preview.document.getText();
    assert.match(text, /\/\/ {3}ml\.m4\.xlarge: \$0\.24 per hour × 1 instance\(s\)/);
    assert.match(text, /\/\/ {3}Worst case in all: \$2\.40/);
    assert.match(text, /On-demand prices of us-east-1, read \d{4}-\d\d-\d\d/);
  });

  it('asks before launching above sagemaker.costs.confirmAbove: declining launches nothing, accepting launches', async () => {
    await setCostSetting('confirmAbove', 2);
    const warnings = answerWarnings((message, items) => (message.includes('costs-declined') ? undefined : items.find(i => i === 'Launch')));
    try {
      const declined = workspaceFile('costs-confirm/declined.json', PCA('costs-declined'));
      assert.equal(await vscode.commands.executeCommand('sagemaker.launchTrainingJob', declined), undefined);
      assert.match(warnings.calls[0]?.message ?? '', /costs-declined may cost up to \$2\.40, above \$2\.00 \(sagemaker\.costs\.confirmAbove\)/);
      const sm = motoClients().sageMaker().client;
      assert.deepEqual((await sm.send(new ListTrainingJobsCommand({}))).TrainingJobSummaries, []);
      const accepted = workspaceFile('costs-confirm/accepted.json', PCA('costs-accepted'));
      assert.equal(await vscode.commands.executeCommand('sagemaker.launchTrainingJob', accepted), 'costs-accepted');
      assert.equal(warnings.calls.length, 2);
      assert.deepEqual((await sm.send(new ListTrainingJobsCommand({}))).TrainingJobSummaries?.map(j => j.TrainingJobName), ['costs-accepted']);
    } finally {
      warnings.restore();
      await setCostSetting('confirmAbove', undefined);
    }
  });

  it('marks endpoints in service past the reminder hours (and idle ones), lists them once a day, and deletes from the reminder', async () => {
    const api = await activated();
    await seedEndpoint('ep-idle');
    await seedEndpoint('ep-busy');
    const rows = async () => Promise.all((await api.endpoints.getChildren()).map(n => api.endpoints.getTreeItem(n as never)));
    api.endpoints.refresh();
    // Prices first (the trees read them without waiting): the rows show $/h once they are loaded.
    await waitFor(async () => (await rows()).filter(r => /\$0\.1\d\/h/.test(String(r.description))).length === 2 || undefined, 'endpoint costs in the rows');
    assert.ok((await rows()).every(r => !(r.tooltip as vscode.MarkdownString).value.includes('Long in service')));
    const dayLater = new Date(Date.now() + 25 * 3_600_000);
    // ep-busy was invoked an hour before the moved clock; ep-idle never was.
    await motoClients().cloudWatch().client.send(new PutMetricDataCommand({
      Namespace: 'AWS/SageMaker',
      MetricData: [{ MetricName: 'Invocations', Value: 5, Timestamp: new Date(dayLater.getTime() - 3_600_000),
        Dimensions: [{ Name: 'EndpointName', Value: 'ep-busy' }, { Name: 'VariantName', Value: 'AllTraffic' }] }],
    }));
    // The reminder's Delete is chosen only once the test has read the marked tree (deleting changes it).
    let chooseDelete: () => void = () => undefined;
    const deleteChosen = new Promise<string>(resolve => { chooseDelete = () => resolve('Delete Endpoints…'); });
    const warnings = answerWarnings((message, items) => {
      if (message.startsWith('SageMaker: 2 endpoints bill')) return deleteChosen;
      return message === 'Delete endpoint ep-idle?' ? items.find(i => i === 'Delete Endpoint') : undefined;
    });
    const window = vscode.window as unknown as Window;
    const quickPick = window.showQuickPick;
    window.showQuickPick = async (items: { label: string }[]) => items.filter(i => i.label === 'ep-idle');
    try {
      api.endpointReminder.useClock(() => new Date(dayLater));
      api.endpoints.refresh();
      const marked = await waitFor(async () => {
        const shown = await rows();
        const read = (r: vscode.TreeItem) => (r.tooltip as vscode.MarkdownString).value;
        return shown.length === 2 && shown.every(r => read(r).includes('Long in service') && read(r).includes('Config:')) ? shown : undefined;
      }, 'both endpoints marked long in service, with their details');
      for (const row of marked) assert.equal((row.iconPath as vscode.ThemeIcon).id, 'warning');
      const tooltipOf = (name: string) => (marked.find(r => r.label === name)!.tooltip as vscode.MarkdownString).value;
      assert.match(tooltipOf('ep-idle'), /Idle: no invocations in the last 24 h/);
      assert.doesNotMatch(tooltipOf('ep-busy'), /Idle/);
      const reminder = await waitFor(() => warnings.calls.find(c => c.message.startsWith('SageMaker: 2 endpoints')), 'the reminder');
      assert.match(reminder.message, /ep-idle \(\$2\.\d\d so far: in service 1d 01h \(more than 24 h\), no invocations in the last 24 h\)/);
      assert.match(reminder.message, /ep-busy \(\$2\.\d\d so far: in service 1d 01h \(more than 24 h\)\)/);
      assert.match(reminder.message, /Total so far: \$5\.\d\d\.$/);
      assert.deepEqual(reminder.items, ['Delete Endpoints…', 'Show Endpoints']);
      chooseDelete();
      const sm = motoClients().sageMaker().client;
      await waitFor(async () => ((await sm.send(new ListEndpointsCommand({}))).Endpoints ?? []).length === 1 || undefined, 'ep-idle deleted from the reminder');
      assert.deepEqual((await sm.send(new ListEndpointsCommand({}))).Endpoints?.map(e => e.EndpointName), ['ep-busy']);
      // Once a day: refreshing again the same (moved) day shows no second reminder.
      api.endpoints.refresh();
      await waitFor(async () => (await rows()).length === 1 || undefined, 'the tree after the delete');
      assert.equal(api.endpointReminder.check(), undefined);
      assert.equal(warnings.calls.filter(c => c.message.startsWith('SageMaker: ') && c.message.includes('bill')).length, 1);
    } finally {
      api.endpointReminder.useClock(undefined);
      warnings.restore();
      window.showQuickPick = quickPick;
    }
  });

  it('warns about a .env in source_dir before launch, naming it', async () => {
    workspaceFile('costs-secrets/src/train.py', 'print("training")\n');
    workspaceFile('costs-secrets/src/.env', 'AWS_SECRET_ACCESS_KEY=not-a-real-one\n');
    const uri = workspaceFile('costs-secrets/estimator.json', `{
  "framework": "pytorch",
  "framework_version": "2.1",
  "py_version": "py310",
  "entry_point": "train.py",
  "source_dir": "src",
  "role": "${ROLE}",
  "instance_count": 1,
  "instance_type": "ml.m5.xlarge",
  "job_name": "costs-secrets"
}
`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const warning = await waitFor(() => vscode.languages.getDiagnostics(uri).find(d => d.severity === vscode.DiagnosticSeverity.Warning && /\.env/.test(d.message)),
      'the .env warning');
    assert.match(warning.message, /\.env \(\d+ B\)/);
    assert.equal(warning.source, 'SageMaker');
  });
});
