import { formatLogLine } from '../../../src/core/logs/format';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  applySeriesUpdate, downsampleMinMax, jobPageHtml, MetricExtractor, MetricSeriesStore, metricDefinitionsOf, modelFromCloudJob, modelFromLocalJob,
  timelineOf, validateJobPageMessage, validateJobPageState, type SeriesData,
} from '../../../src/core/jobPage';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const webviewDownsample = require(path.join(__dirname, '../../../../media/jobPage/downsample.js')) as { downsampleMinMax: typeof downsampleMinMax };

test('metric regexes apply to the raw message; the host prefix exists only in the output channel', () => {
  const extractor = new MetricExtractor([{ Name: 'train:loss', Regex: 'loss=([0-9.]+)' }, { Name: 'anchored', Regex: '^epoch (\\d+)' }]);
  const line = { timestamp: 1000, host: 'algo-2', stream: 'job/algo-2-1700000000', message: 'epoch 3 loss=0.25', hosts: 2 };
  assert.equal(formatLogLine(line), '[algo-2] epoch 3 loss=0.25');
  assert.deepEqual(extractor.fromMessage(line.message, line.timestamp), [
    { name: 'train:loss', value: 0.25, timestamp: 1000 },
    { name: 'anchored', value: 3, timestamp: 1000 },
  ]);
  assert.deepEqual(extractor.fromMessage('epoch 4 loss=0.2', 2000), [
    { name: 'train:loss', value: 0.2, timestamp: 2000 },
    { name: 'anchored', value: 4, timestamp: 2000 },
  ]);
  assert.deepEqual(extractor.fromMessage('[algo-2] epoch 5', 3000), [], 'a prefix in the message itself is the program\'s own text');
  assert.deepEqual(extractor.fromMessage('nothing here', 1), []);
});

test('Python named groups compile; a broken regex is reported and left out', () => {
  const extractor = new MetricExtractor([{ Name: 'acc', Regex: 'acc=(?P<v>[0-9.]+)' }, { Name: 'bad', Regex: 'loss=([' }]);
  assert.deepEqual(extractor.names, ['acc']);
  assert.equal(extractor.problems.length, 1);
  assert.match(extractor.problems[0]!, /bad/);
  assert.deepEqual(extractor.fromMessage('acc=0.9', 5).map(m => m.value), [0.9]);
  assert.deepEqual(metricDefinitionsOf({ MetricDefinitions: [{ Name: 'a', Regex: 'b' }, { Name: 1 }, null] }), [{ Name: 'a', Regex: 'b' }]);
  assert.deepEqual(metricDefinitionsOf(undefined), []);
});

test('series stay in time order; flush sends only what changed, from the first moved point', () => {
  const store = new MetricSeriesStore(['loss']);
  store.add('loss', 10, 1);
  store.add('loss', 20, 2);
  const mirror: SeriesData = { name: 'loss', t: [], v: [] };
  for (const u of store.flush()) applySeriesUpdate(mirror, u);
  assert.deepEqual(mirror, { name: 'loss', t: [10, 20], v: [1, 2] });
  assert.deepEqual(store.flush(), []);
  store.add('loss', 30, 3);
  store.add('loss', 15, 1.5); // late
  store.add('loss', 15, 1.6); // same time: after the first
  const updates = store.flush();
  assert.deepEqual(updates, [{ name: 'loss', from: 1, t: [15, 15, 20, 30], v: [1.5, 1.6, 2, 3] }]);
  for (const u of updates) applySeriesUpdate(mirror, u);
  assert.deepEqual(mirror, { name: 'loss', t: [10, 15, 15, 20, 30], v: [1, 1.5, 1.6, 2, 3] });
  assert.deepEqual(store.snapshot(), [mirror]);
  assert.equal(store.pointCount, 5);
  assert.equal(store.declare('loss'), false);
  assert.equal(store.declare('acc'), true);
});

function randomSeries(n: number, seed = 7): { t: number[]; v: number[] } {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t: number[] = [];
  const v: number[] = [];
  let time = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    time += 1 + Math.floor(rnd() * 50);
    t.push(time);
    v.push(i === 500 ? NaN : Math.sin(i / 1000) + rnd() - 0.5);
  }
  return { t, v };
}

test('downsampling keeps every column\'s extremes in at most 4 points per pixel, in time order', () => {
  const { t, v } = randomSeries(100_000);
  const width = 800;
  const d = downsampleMinMax(t, v, width);
  assert.ok(d.t.length <= 4 * width, `${d.t.length} points`);
  assert.ok(d.t.length > width, 'about a few per column');
  for (let i = 1; i < d.t.length; i++) assert.ok(d.t[i]! >= d.t[i - 1]!, 'ascending');
  const finite = v.filter(Number.isFinite);
  assert.equal(Math.min(...(d.v.filter(x => x !== null) as number[])), Math.min(...finite));
  assert.equal(Math.max(...(d.v.filter(x => x !== null) as number[])), Math.max(...finite));
  assert.equal(d.t[0], t[0]);
  assert.equal(d.t[d.t.length - 1], t[t.length - 1]);
  // Small series come back whole; non-finite values become gaps.
  assert.deepEqual(downsampleMinMax([1, 2, 3], [1, NaN, 3], 100), { t: [1, 2, 3], v: [1, null, 3] });
  // A visible range: only its points, plus one on each side.
  const mid = t[50_000]!;
  const z = downsampleMinMax(t, v, 100, mid, t[60_000]);
  assert.ok(z.t[1]! >= mid && z.t[0]! < mid && z.t.length <= 402);
});

test('the webview\'s downsampling (media/jobPage/downsample.js) gives the same points as the core\'s', () => {
  const { t, v } = randomSeries(30_000, 3);
  for (const [w, lo, hi] of [[640, undefined, undefined], [100, t[1000], t[9000]], [5000, undefined, undefined]] as const) {
    assert.deepEqual(webviewDownsample.downsampleMinMax(t, v, w, lo, hi), downsampleMinMax(t, v, w, lo, hi));
  }
});

test('timeline: durations from end times, the next start, or now for the running status', () => {
  const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
  const transitions = [
    { Status: 'Starting', StartTime: at(0), EndTime: at(90), StatusMessage: 'Preparing the instances for training' },
    { Status: 'Downloading', StartTime: at(90), StatusMessage: 'Downloading input data' },
    { Status: 'Training', StartTime: at(150), StatusMessage: 'Training in progress' },
  ];
  const running = timelineOf(transitions, at(400).getTime(), false);
  assert.deepEqual(running.map(e => [e.status, e.durationMs / 1000, e.current]), [['Starting', 90, false], ['Downloading', 60, false], ['Training', 250, true]]);
  assert.equal(running[0]!.durationText, '1m 30s');
  const done = timelineOf([...transitions, { Status: 'Completed', StartTime: at(500) }], at(900).getTime(), true);
  assert.deepEqual(done.map(e => [e.status, e.durationMs / 1000, e.current]), [['Starting', 90, false], ['Downloading', 60, false], ['Training', 350, false], ['Completed', 0, false]]);
  assert.deepEqual(timelineOf(undefined, 0, false), []);
});

test('the cloud page model: configuration, channels, outputs, billing and spot savings', () => {
  const view = modelFromCloudJob({
    TrainingJobName: 'xgb-1', TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/xgb-1',
    TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed',
    AlgorithmSpecification: { TrainingImage: 'img:1', TrainingInputMode: 'File', MetricDefinitions: [{ Name: 'validation:rmse', Regex: 'rmse:([0-9.]+)' }] },
    HyperParameters: { max_depth: '5', eta: '0.2' },
    InputDataConfig: [
      { ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://b/train/', S3DataType: 'S3Prefix', S3DataDistributionType: 'ShardedByS3Key' } }, ContentType: 'text/csv' },
      { ChannelName: 'efs', DataSource: { FileSystemDataSource: { FileSystemId: 'fs-1', FileSystemType: 'EFS', DirectoryPath: '/data', FileSystemAccessMode: 'ro' } } },
    ],
    OutputDataConfig: { S3OutputPath: 's3://b/out/' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
    EnableManagedSpotTraining: true, CheckpointConfig: { S3Uri: 's3://b/ckpt/' },
    TrainingTimeInSeconds: 200, BillableTimeInSeconds: 60,
    ModelArtifacts: { S3ModelArtifacts: 's3://b/out/xgb-1/output/model.tar.gz' },
    CreationTime: new Date(0), TrainingEndTime: new Date(300_000),
    FinalMetricDataList: [{ MetricName: 'validation:rmse', Value: 0.5, Timestamp: new Date(299_000) }],
    RetryStrategy: { MaximumRetryAttempts: 2 }, Environment: { B: '2', A: '1' },
  }, 'eu-west-1', 1_000_000);
  assert.equal(view.done, true);
  assert.equal(view.config.instanceType, 'ml.m5.xlarge');
  assert.equal(view.config.instanceCount, 2);
  assert.deepEqual(view.config.hyperparameters, [['eta', '0.2'], ['max_depth', '5']]);
  assert.deepEqual(view.config.environment, [['A', '1'], ['B', '2']]);
  assert.deepEqual(view.config.channels.map(c => [c.name, c.kind, c.source]), [['train', 's3', 's3://b/train/'], ['efs', 'efs', 'fs-1/data']]);
  assert.deepEqual(view.config.channels[0]!.detail, ['ShardedByS3Key', 'text/csv']);
  assert.equal(view.config.spot, true);
  assert.equal(view.config.checkpointS3Uri, 's3://b/ckpt/');
  assert.equal(view.config.retryAttempts, 2);
  assert.match(view.config.maxWaitText!, /^7,200 s/);
  assert.equal(view.outputs.modelArtifacts, 's3://b/out/xgb-1/output/model.tar.gz');
  assert.equal(view.outputs.consoleUrl, 'https://console.aws.amazon.com/sagemaker/home?region=eu-west-1#/jobs/xgb-1');
  assert.equal(view.billing.spotSavingsPercent, 70);
  assert.equal(view.billing.billableText, '60 s × 2 instances = 120 instance-seconds (2m 00s)');
  assert.equal(view.elapsedText, '5m 00s');
  assert.deepEqual(view.finalMetrics, [{ name: 'validation:rmse', value: 0.5, timestamp: 299_000 }]);
  assert.deepEqual(view.metricDefinitions, [{ name: 'validation:rmse', regex: 'rmse:([0-9.]+)' }]);
  const running = modelFromCloudJob({ TrainingJobName: 'r', TrainingJobStatus: 'InProgress', ModelArtifacts: { S3ModelArtifacts: 's3://x' } }, undefined, 0);
  assert.equal(running.done, false);
  assert.equal(running.outputs.modelArtifacts, undefined, 'no artifacts until the job completes');
});

test('the local page model: channels from files, the job folder, artifacts on disk', () => {
  const view = modelFromLocalJob({
    TrainingJobName: 'pca-local-1', TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training',
    AlgorithmSpecification: { TrainingInputMode: 'File', MetricDefinitions: [{ Name: 'loss', Regex: 'loss=(\\S+)' }] },
    ResourceConfig: { InstanceType: 'local', InstanceCount: 1, VolumeSizeInGB: 30 },
    InputDataConfig: [{ ChannelName: 'train', Source: '/ws/data', LocalPath: '/ws/.sagemaker/local/j/input/data/train', Staging: 'symlink' }],
    CreationTime: new Date(0).toISOString(),
    SecondaryStatusTransitions: [{ Status: 'Training', StartTime: new Date(0).toISOString(), StatusMessage: 'Training' }],
    JobDir: '/ws/.sagemaker/local/j', EntryPoint: 'train.py', SourceDir: '/ws/code', Framework: 'sklearn',
  }, 10_000);
  assert.equal(view.local, true);
  assert.equal(view.done, false);
  assert.deepEqual(view.config.channels, [{ name: 'train', source: '/ws/data', kind: 'file', detail: ['symlink'] }]);
  assert.equal(view.outputs.outputPath, '/ws/.sagemaker/local/j');
  assert.equal(view.outputs.consoleUrl, undefined);
  assert.equal(view.config.entryPoint, 'train.py in /ws/code');
  assert.equal(view.timeline[0]!.durationMs, 10_000);
});

test('messages from the webview: fixed actions only, every field checked', () => {
  for (const kind of ['ready', 'refresh', 'openConsole', 'showLog', 'revealArtifacts']) {
    assert.deepEqual(validateJobPageMessage({ kind }), { ok: true, message: { kind } });
  }
  assert.deepEqual(validateJobPageMessage({ kind: 'copy', field: 'modelArtifacts' }), { ok: true, message: { kind: 'copy', field: 'modelArtifacts' } });
  for (const [raw, reason] of [
    [null, /object/], [[], /object/], [{}, /kind must be a string/], [{ kind: 'exec' }, /unknown kind/],
    [{ kind: 'ready', extra: 1 }, /unexpected field "extra"/], [{ kind: 'copy', field: 'https://evil' }, /copy.field/],
    [{ kind: 'copy' }, /copy.field/], [{ kind: 'openConsole', url: 'x' }, /unexpected/], [{ kind: 'toString' }, /unknown kind/],
  ] as const) {
    const r = validateJobPageMessage(raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
    assert.match((r as { reason: string }).reason, reason);
  }
  assert.deepEqual(validateJobPageState({ jobName: 'job-1' }), { jobName: 'job-1' });
  assert.deepEqual(validateJobPageState({ jobName: 'pca-local-2024.01', local: true }), { jobName: 'pca-local-2024.01', local: true });
  for (const bad of [{ jobName: '../x', local: true }, { jobName: 'a b' }, { jobName: 'x', local: 'yes' }, 'job', null]) assert.equal(validateJobPageState(bad), undefined);
});

test('the page\'s markup: strict CSP with the nonce on every script, the name escaped', () => {
  const html = jobPageHtml({ cspSource: 'vscode-resource:', nonce: 'n0nce', media: (...p) => `vscode-resource:/media/${p.join('/')}`, jobName: '<job>', local: false });
  assert.match(html, /default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource:; font-src vscode-resource:; script-src 'nonce-n0nce';/);
  const scripts = html.match(/<script[^>]*>/g)!;
  // host.js, then the charts' scripts (uPlot and ours) and the page's module, as scripts/build.mjs bundles them.
  assert.equal(scripts.length, 3);
  for (const s of scripts) assert.match(s, /nonce="n0nce"/);
  assert.ok(!html.includes('<job>') && html.includes('&lt;job&gt;'));
  assert.ok(!/style="/.test(html) && !/<style/.test(html) && !/ on\w+="/.test(html), 'nothing inline');
  assert.match(html, /vendor\/jobPage\/charts\.js/);
});
