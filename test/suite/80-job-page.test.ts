import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { ExtensionApi } from '../../src/extension';
import type { JobPageApi, JobPageController } from '../../src/jobPage';
import { DEFAULT_TUNING } from '../../src/core/logs/tuning';
import { PCA_IMAGE, ROLE } from './seed';
import { activated, motoClients, motoTransitions, resetMoto, waitFor } from './support';

const GROUP = '/aws/sagemaker/TrainingJobs';
/** The tail's poll: new lines reach the page within one of these (plus the page's batching and the call). */
const POLL_MS = DEFAULT_TUNING.pollIntervalMs;

async function seedJobWithMetrics(name: string): Promise<void> {
  await motoClients().sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: PCA_IMAGE, TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'train:loss', Regex: 'loss=([0-9.]+)' }],
    },
    HyperParameters: { epochs: '20', lr: '0.01' },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://my-bucket/output/' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  }));
}

async function writeLines(stream: string, lines: { message: string; timestamp: number }[]): Promise<void> {
  const logs = motoClients().logs().client;
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP })).catch(() => undefined);
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream })).catch(() => undefined);
  await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: lines }));
}

/** The job page's API on the extension's (typed loosely, so this file compiles before activate() returns it). */
const jobPageOf = (api: ExtensionApi) => (api as unknown as { jobPage: JobPageApi }).jobPage;

const lossSeries = (page: JobPageController) => page.lastModel().series.find(s => s.name === 'train:loss');

describe('Job page', function () {
  this.timeout(120_000);
  beforeEach(resetMoto);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  after(() => motoTransitions('sagemaker::training_job', undefined));

  it('charts exactly the loss= values of the job\'s log, and lines written while it is open within one poll', async () => {
    const api = await activated();
    const name = 'job-page-live';
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 40 });
    await seedJobWithMetrics(name);
    // Written as an instance would, just now (older timestamps would read as a long ingestion lag, and the
    // tailer would rightly hold lines back longer).
    const start = Date.now() - 100;
    const first = [0.9, 0.75, 0.61, 0.5, 0.42];
    const lines = [
      { message: 'Starting training', timestamp: start },
      ...first.map((loss, i) => ({ message: `epoch ${i + 1} lr=0.01 loss=${loss}`, timestamp: start + 10 * (i + 1) })),
      { message: 'checkpoint saved', timestamp: start + 60 },
    ];
    await writeLines(`${name}/algo-1-1764000000`, lines);

    const page = await vscode.commands.executeCommand<JobPageController>('sagemaker.openJob', name);
    assert.ok(page, 'the command returns the page');
    assert.equal(jobPageOf(api).pageFor(name), page);
    await page.loaded();
    await waitFor(() => (lossSeries(page)?.v.length === first.length) || undefined, 'the first loss values on the page', 30_000);
    const series = lossSeries(page)!;
    assert.deepEqual(series.v, first);
    assert.deepEqual(series.t, first.map((_, i) => start + 10 * (i + 1)), 'at the log events\' times');
    assert.equal(page.lastModel().view?.status, 'InProgress');
    assert.equal(page.lastModel().live, true);
    assert.deepEqual(page.lastModel().view?.metricDefinitions, [{ name: 'train:loss', regex: 'loss=([0-9.]+)' }]);
    assert.ok(api.logTails.isTailing(name), 'the page started the job\'s tail (the output channel fills too)');
    assert.ok(api.outputs.get(name).lines().includes('epoch 1 lr=0.01 loss=0.9'));
    assert.ok(api.outputs.get(name).lines().some(l => l.includes('Open the job\'s page')));

    // New lines while the page is open: on the chart within one poll (plus the page's 250 ms batching).
    const more = [0.37, 0.33];
    const written = Date.now();
    await writeLines(`${name}/algo-1-1764000000`, more.map((loss, i) => ({ message: `epoch ${6 + i} loss=${loss}`, timestamp: written + i })));
    await waitFor(() => (lossSeries(page)!.v.length === first.length + more.length) || undefined, 'the new loss values', 10_000).catch(e => {
      console.log(api.outputs.get(name).lines().join('\n'), page.posted().map(m => JSON.stringify(m).slice(0, 300)).join('\n'), JSON.stringify(lossSeries(page)));
      throw e;
    });
    const latency = Date.now() - written;
    console.log(`      new lines on the chart after ${latency} ms`);
    assert.ok(latency <= POLL_MS + 1500, `appeared after ${latency} ms`);
    assert.deepEqual(lossSeries(page)!.v, [...first, ...more]);
    // The same values went to the webview: an init, then only the new points.
    const kinds = page.posted().map(m => m.kind);
    assert.ok(kinds.includes('points'), kinds.join(','));

    // Only one tail, one reader: opening the page again reuses it.
    const again = await jobPageOf(api).openJobPage(name);
    assert.equal(again, page);
    api.logTails.stop(name);
    await api.logTails.finished(name);
  });

  it('a completed job: final metrics, outputs, the timeline, and the webview\'s messages checked', async () => {
    const api = await activated();
    const name = 'job-page-done';
    await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
    await seedJobWithMetrics(name);
    const start = Date.now() - 60_000;
    await writeLines(`${name}/algo-1-1764000000`, [0.5, 0.25, 0.125].map((loss, i) => ({ message: `loss=${loss}`, timestamp: start + i * 100 })));
    const page = await jobPageOf(api).openJobPage(name);
    await page.loaded();
    await api.logTails.finished(name);
    await waitFor(() => (lossSeries(page)?.v.length === 3 && page.lastModel().view?.done) || undefined, 'the whole series and the end', 30_000);
    const view = page.lastModel().view!;
    assert.equal(view.status, 'Completed');
    assert.equal(page.lastModel().live, false);
    assert.ok(view.timeline.length >= 1 && view.timeline.every(e => e.durationMs >= 0));
    assert.equal(view.outputs.modelArtifacts, `s3://my-bucket/output/${name}/output/model.tar.gz`);
    assert.match(view.outputs.consoleUrl ?? '', /region=us-east-1#\/jobs\/job-page-done$/);
    assert.ok(view.finalMetrics.length >= 1, 'FinalMetricDataList');
    assert.deepEqual(lossSeries(page)!.v, [0.5, 0.25, 0.125]);

    await page.postFromWebview({ kind: 'copy', field: 'modelArtifacts' });
    assert.equal(await vscode.env.clipboard.readText(), view.outputs.modelArtifacts);
    await page.postFromWebview({ kind: 'copy', field: 'name', extra: '<script>' });
    await page.postFromWebview({ kind: 'openExternal', url: 'https://example.invalid' });
    assert.equal(page.rejections().length, 2);
    assert.equal(await vscode.env.clipboard.readText(), view.outputs.modelArtifacts, 'a refused message changes nothing');
  });

  it('a local job: the values of metrics.jsonl and of the running job\'s events, once each', async () => {
    const api = await activated();
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const dir = path.join(workspace, 'job-page-local');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'train.py'), [
      'import time, os',
      'for i in range(12):',
      '    print("step %d loss=%.3f" % (i, 1.0 / (i + 1)), flush=True)',
      '    time.sleep(0.15)',
      'open(os.path.join(os.environ["SM_MODEL_DIR"], "model.txt"), "w").write("ok")',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'estimator.json'), JSON.stringify({
      framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', instance_type: 'local', instance_count: 1,
      job_name: 'job-page-local-1', metric_definitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
    }));
    const name = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', vscode.Uri.file(path.join(dir, 'estimator.json')));
    assert.equal(name, 'job-page-local-1');
    await waitFor(() => fs.existsSync(path.join(workspace, '.sagemaker/local', name, 'metrics.jsonl')) || undefined, 'the first metric');
    const page = await vscode.commands.executeCommand<JobPageController>('sagemaker.openJob', { kind: 'local', value: { TrainingJobName: name } });
    await page.loaded();
    await waitFor(() => page.lastModel().view, 'the page\'s first model');
    assert.equal(page.lastModel().view?.local, true);
    assert.equal(await api.local.finished(name), 'Completed');
    const expected = Array.from({ length: 12 }, (_, i) => Number((1 / (i + 1)).toFixed(3)));
    await waitFor(() => (page.lastModel().series.find(s => s.name === 'loss')?.v.length === 12 && page.lastModel().view?.done) || undefined, 'every value and the end');
    assert.deepEqual(page.lastModel().series.find(s => s.name === 'loss')!.v, expected);
    assert.equal(page.lastModel().view?.status, 'Completed');
    assert.deepEqual(page.lastModel().view?.finalMetrics.map(m => [m.name, m.value]), [['loss', expected[11]]]);
    assert.ok(page.lastModel().view?.outputs.modelArtifacts?.endsWith('model.tar.gz'));
  });
});
