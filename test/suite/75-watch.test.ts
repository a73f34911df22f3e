/**
 * Watched jobs (issue 19) in a real VS Code against moto: a launched job is watched; a watched job's end raises one
 * notification (Completed with its actions, Failed with its reason and the error lines read from its log); none for a
 * job stopped from here or with the setting off; the status bar count goes 1 → 0; the list is read back from global
 * state by a second instance, as activate() after a window reload; a failed endpoint says what a ping failure means.
 * Moto's jobs stay InProgress (a one-hour "time" transition) until the test lets them end ("immediate").
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from '@aws-sdk/client-sagemaker';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ExtensionApi } from '../../src/extension';
import { PCA_IMAGE, ROLE, seedTrainingJob } from './seed';
import { activated, motoClients, motoTransitions, recordMessages, resetMoto, waitFor } from './support';

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const FOLDER = 'watch-jobs';
const config = () => vscode.workspace.getConfiguration('sagemaker');

/** Records the notifications the extension shows and passes them on; `about` picks those of one job or endpoint. */
function recordNotifications() {
  const { shown, restore } = recordMessages();
  return {
    about: (name: string) => shown.filter(s => s.message.includes(`job ${name} `) || s.message.includes(`Endpoint ${name} `)),
    restore,
  };
}

async function writeLogs(group: string, stream: string, lines: string[], start: number): Promise<void> {
  const logs = motoClients().logs().client;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch(() => undefined);
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: lines.map((message, i) => ({ timestamp: start + i * 10, message })) }));
}

/** Watches `name`, sees it counted as running, then lets moto end it and waits until it has left the list. */
async function watchUntilEnded(api: ExtensionApi, name: string, watch = true): Promise<void> {
  if (watch) await vscode.commands.executeCommand('sagemaker.watchTrainingJob', name);
  assert.ok(api.watchedJobs.has(name));
  const rounds = api.watchedJobs.rounds;
  await waitFor(() => api.watchedJobs.rounds > rounds || undefined, 'a round of DescribeTrainingJob');
  assert.deepEqual(api.watchedJobs.statusBarState, { text: '$(eye) 1', visible: true });
  await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
  await waitFor(() => !api.watchedJobs.has(name) || undefined, `${name} to end and leave the watch list`, 90_000);
}

describe('Watched jobs', function () {
  this.timeout(180_000);
  let notifications: ReturnType<typeof recordNotifications>;
  before(async () => { await config().update('refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Global); });
  after(async () => {
    await config().update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await motoTransitions('sagemaker::training_job', undefined);
    await motoTransitions('sagemaker::endpoint', undefined);
    fs.rmSync(path.join(workspace(), FOLDER), { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetMoto();
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 3_600 });
    notifications = recordNotifications();
  });
  afterEach(() => notifications.restore());

  it('a watched job that completes raises one notification with its actions; the row shows it watched; the count goes 1 → 0', async () => {
    const api = await activated();
    await seedTrainingJob('watch-completes');
    await vscode.commands.executeCommand('sagemaker.watchTrainingJob', 'watch-completes');
    await api.trainingJobs.getChildren();
    const row = api.trainingJobs.nodeOf('watch-completes');
    assert.ok(row, 'the job is in the tree');
    assert.equal(api.trainingJobs.getTreeItem(row as never).contextValue, 'trainingJob.InProgress.watched');
    await watchUntilEnded(api, 'watch-completes', false);
    const shown = await waitFor(() => notifications.about('watch-completes')[0], 'the end notification');
    assert.equal(shown.kind, 'showInformationMessage');
    assert.match(shown.message, /^SageMaker: Training job watch-completes Completed, ran \d+ s, billable \d+ s\.$/);
    assert.deepEqual(shown.items, ['Open Job', 'Show Logs', 'Deploy', 'Save as estimator.json']);
    assert.deepEqual(api.watchedJobs.statusBarState, { text: '$(eye) 0', visible: false });
    // Another job's rounds come and go: the ended one is not announced again.
    await seedTrainingJob('watch-other');
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 3_600 });
    await watchUntilEnded(api, 'watch-other');
    assert.equal(notifications.about('watch-completes').length, 1, JSON.stringify(notifications.about('watch-completes')));
  });

  it('a watched row that the tree sees finish before the watcher does keeps its status\'s menus (Deploy), not the watch marker', async () => {
    const api = await activated();
    // The watcher reads once on Watch, then not for an hour: the tree reads the job's end first.
    await config().update('refreshIntervalSeconds', 3_600, vscode.ConfigurationTarget.Global);
    try {
      await seedTrainingJob('watch-tree-first');
      await vscode.commands.executeCommand('sagemaker.watchTrainingJob', 'watch-tree-first');
      const rounds = api.watchedJobs.rounds;
      await waitFor(() => api.watchedJobs.rounds > rounds || undefined, 'the first round');
      await api.trainingJobs.getChildren();
      const item = () => api.trainingJobs.getTreeItem(api.trainingJobs.nodeOf('watch-tree-first') as never);
      assert.equal(item().contextValue, 'trainingJob.InProgress.watched');
      await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
      await api.trainingJobs.reload(api.trainingJobs.resources.find(j => j.TrainingJobName === 'watch-tree-first')!);
      assert.ok(api.watchedJobs.has('watch-tree-first'), 'the watcher has not read the end yet');
      assert.equal(item().contextValue, 'trainingJob.Completed');
    } finally {
      await vscode.commands.executeCommand('sagemaker.unwatchTrainingJob', 'watch-tree-first');
      await config().update('refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
    }
  });

  it('a watched job that fails shows its failure reason and the last error lines of its log', async () => {
    const api = await activated();
    await seedTrainingJob('watch-fails', { tags: [{ Key: 'moto:final-status', Value: 'Failed' }] });
    await writeLogs('/aws/sagemaker/TrainingJobs', 'watch-fails/algo-1-1764000000', [
      'epoch 1 loss=0.52',
      'Traceback (most recent call last):',
      '  File "/opt/ml/code/train.py", line 12, in <module>',
      'ValueError: shapes (3,4) and (5,) not aligned',
    ], Date.now());
    await writeLogs('/aws/sagemaker/TrainingJobs', 'other-job/algo-1-1764000000', ['RuntimeError: not this job'], Date.now());
    await watchUntilEnded(api, 'watch-fails');
    const shown = await waitFor(() => notifications.about('watch-fails')[0], 'the failure notification');
    assert.equal(shown.kind, 'showErrorMessage');
    assert.match(shown.message, /^SageMaker: Training job watch-fails Failed, ran \d+ s, billable \d+ s\. AlgorithmError: simulated failure \(moto:final-status tag\)\. Last errors: /);
    assert.ok(shown.message.endsWith('Last errors: Traceback (most recent call last): | ValueError: shapes (3,4) and (5,) not aligned'), shown.message);
    assert.deepEqual(shown.items, ['Open Job', 'Show Logs', 'Save as estimator.json']);
    assert.equal(notifications.about('watch-fails').length, 1);
  });

  it('says nothing when the job was stopped from this window, or when sagemaker.notifications.jobEnd is off', async () => {
    const api = await activated();
    await seedTrainingJob('watch-stopped-here');
    await vscode.commands.executeCommand('sagemaker.watchTrainingJob', 'watch-stopped-here');
    await vscode.commands.executeCommand('sagemaker.stopTrainingJob', 'watch-stopped-here', { confirmed: true });
    await watchUntilEnded(api, 'watch-stopped-here', false);

    await config().update('notifications.jobEnd', false, vscode.ConfigurationTarget.Global);
    try {
      await seedTrainingJob('watch-quiet');
      await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 3_600 });
      await watchUntilEnded(api, 'watch-quiet');
    } finally {
      await config().update('notifications.jobEnd', undefined, vscode.ConfigurationTarget.Global);
    }
    // A third job's end is announced: by then the first two would have been.
    await seedTrainingJob('watch-loud');
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 3_600 });
    await watchUntilEnded(api, 'watch-loud');
    await waitFor(() => notifications.about('watch-loud')[0], 'the third job\'s notification');
    assert.deepEqual(notifications.about('watch-stopped-here'), []);
    assert.deepEqual(notifications.about('watch-quiet'), []);
  });

  it('watches a job launched from this window, and the list is read back from global state after a reload', async () => {
    const api = await activated();
    const dir = path.join(workspace(), FOLDER, 'pca');
    fs.cpSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca'), dir, { recursive: true });
    const launched = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', vscode.Uri.file(path.join(dir, 'estimator.json')));
    assert.ok(launched, 'the job was launched');
    assert.ok(api.watchedJobs.has(launched), 'a launched job is watched');
    // What activate() does after a reload: a new instance over the same global state.
    const reloaded = api.watchedJobs.reopened();
    try {
      assert.deepEqual(reloaded.list().map(j => j.name), [launched]);
    } finally {
      reloaded.dispose();
    }
    await vscode.commands.executeCommand('sagemaker.unwatchTrainingJob', launched);
    const afterUnwatch = api.watchedJobs.reopened();
    try {
      assert.deepEqual(afterUnwatch.list(), []);
    } finally {
      afterUnwatch.dispose();
    }
  });

  it('a watched endpoint that fails its ping health check says what that usually means, with the first error lines of its log', async () => {
    const api = await activated();
    await motoTransitions('sagemaker::endpoint', { progression: 'time', seconds: 3_600 });
    const name = 'watch-endpoint';
    const reason = 'The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.';
    const sm = motoClients().sageMaker().client;
    await sm.send(new CreateModelCommand({ ModelName: `${name}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: PCA_IMAGE } }));
    await sm.send(new CreateEndpointConfigCommand({
      EndpointConfigName: `${name}-config`,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-model`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    }));
    await sm.send(new CreateEndpointCommand({
      EndpointName: name, EndpointConfigName: `${name}-config`,
      Tags: [{ Key: 'moto:final-status', Value: 'Failed' }, { Key: 'moto:failure-reason', Value: reason }],
    }));
    await writeLogs(`/aws/sagemaker/Endpoints/${name}`, 'AllTraffic/i-0aaa', [
      'Starting the inference server',
      "ModuleNotFoundError: No module named 'xgboost'",
      'Worker exited, Exception in model_fn',
    ], Date.now());
    api.watchedJobs.watch(name, 'endpoint');
    const rounds = api.watchedJobs.rounds;
    await waitFor(() => api.watchedJobs.rounds > rounds || undefined, 'a round of DescribeEndpoint');
    assert.equal(api.watchedJobs.runningCount, 1);
    await motoTransitions('sagemaker::endpoint', { progression: 'immediate' });
    const shown = await waitFor(() => notifications.about(name)[0], 'the endpoint\'s failure notification', 90_000);
    assert.equal(shown.kind, 'showErrorMessage');
    assert.ok(shown.message.startsWith(`SageMaker: Endpoint ${name} Failed`), shown.message);
    assert.ok(shown.message.includes(reason), shown.message);
    assert.match(shown.message, /did not answer GET \/ping with HTTP 200 on port 8080 within the startup timeout/);
    assert.ok(shown.message.endsWith("First errors: ModuleNotFoundError: No module named 'xgboost' | Worker exited, Exception in model_fn"), shown.message);
    assert.deepEqual(shown.items, ['Show Logs', 'Open in Console']);
    assert.equal(api.watchedJobs.runningCount, 0);
  });

  it('Deploy without waiting to the end watches the endpoint, and its InService is announced once', async () => {
    const api = await activated();
    await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
    await motoTransitions('sagemaker::endpoint', { progression: 'time', seconds: 3_600 });
    await seedTrainingJob('watch-deployed');
    const outcome = await vscode.commands.executeCommand<{ outcome: string; created: { endpoint: string } } | undefined>('sagemaker.deploy', 'watch-deployed', {
      estimator: false, confirmed: true, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, wait: false },
    });
    assert.equal(outcome?.outcome, 'created', JSON.stringify(outcome));
    const endpoint = outcome!.created.endpoint;
    assert.ok(api.watchedJobs.has(endpoint, 'endpoint'), `${endpoint} is watched: ${JSON.stringify(api.watchedJobs.list())}`);
    const rounds = api.watchedJobs.rounds;
    await waitFor(() => api.watchedJobs.rounds > rounds || undefined, 'a round of DescribeEndpoint');
    assert.equal(api.watchedJobs.runningCount, 1, 'the endpoint is still being created');
    assert.deepEqual(api.watchedJobs.statusBarState, { text: '$(eye) 1', visible: true });
    await motoTransitions('sagemaker::endpoint', { progression: 'immediate' });
    const shown = await waitFor(() => notifications.about(endpoint)[0], 'the endpoint\'s InService notification', 90_000);
    assert.equal(shown.kind, 'showInformationMessage');
    assert.match(shown.message, new RegExp(`^SageMaker: Endpoint ${endpoint} is InService(, after [^.]+)?\\.$`));
    assert.deepEqual(shown.items, ['Invoke Endpoint', 'Show Logs']);
    assert.equal(api.watchedJobs.has(endpoint, 'endpoint'), false);
    assert.equal(notifications.about(endpoint).length, 1);
  });

  it('a job launched into another region than the connection\'s is watched there until it ends', async () => {
    const api = await activated();
    const dir = path.join(workspace(), FOLDER, 'pca-west');
    fs.cpSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca'), dir, { recursive: true });
    const file = path.join(dir, 'estimator.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^\{/, '{\n  "region": "us-west-2",'));
    const launched = await vscode.commands.executeCommand<string>('sagemaker.launchTrainingJob', vscode.Uri.file(file));
    assert.ok(launched, 'the job was launched');
    const rounds = api.watchedJobs.rounds;
    // Two rounds: the first may have begun before the launch put the job on the list. Not found, it would leave the list.
    await waitFor(() => api.watchedJobs.rounds > rounds + 1 || !api.watchedJobs.has(launched) || undefined, 'two rounds of DescribeTrainingJob');
    assert.ok(api.watchedJobs.has(launched), 'still watched: it was found in its region');
    assert.equal(api.watchedJobs.runningCount, 1);
    assert.equal(api.watchedJobs.list().find(j => j.name === launched)?.region, 'us-west-2');
    await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
    const ended = () => notifications.about(launched).filter(s => s.message.startsWith(`SageMaker: Training job ${launched} Completed`));
    await waitFor(() => ended()[0], 'its end notification', 90_000);
    assert.equal(ended().length, 1);
  });
});
