import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DescribeTrainingJobCommand, ListEndpointConfigsCommand, ListEndpointsCommand, ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { seedEndpoint, seedTrainingJob } from './seed';
import { activated, awsCalls, motoClients, motoTransitions, proxyUrl, recordMessages, resetAwsCalls, resetMoto, waitFor } from './support';

/** Resolves once no AWS call has been counted for `quietMs` (the counts polled as they change). */
async function waitForQuietCalls(quietMs: number, timeoutMs: number): Promise<void> {
  let last = JSON.stringify(await awsCalls());
  let since = Date.now();
  await waitFor(async () => {
    const now = JSON.stringify(await awsCalls());
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    return Date.now() - since >= quietMs || undefined;
  }, `no AWS call for ${quietMs / 1000} s`, timeoutMs);
}

/** The jobs DescribeTrainingJob was called for since the last reset, in order. */
async function describedNames(): Promise<string[]> {
  const requests = await (await fetch(`${proxyUrl()}/__proxy/requests?operation=SageMaker.DescribeTrainingJob`)).json() as { body: string }[];
  return requests.map(r => (JSON.parse(r.body) as { TrainingJobName: string }).TrainingJobName);
}

async function rows(tree: { getChildren(): Promise<unknown[]>; getTreeItem(node: never): vscode.TreeItem }) {
  return (await tree.getChildren()).map(node => tree.getTreeItem(node as never));
}

/**
 * A job seeded InProgress (its status held for `describes` DescribeTrainingJob calls), listed by the visible tree:
 * its row's node, as a user would pick it. The tree stays visible.
 */
async function inProgressJobNode(name: string, describes: number): Promise<unknown> {
  const api = await activated();
  await motoTransitions('sagemaker::training_job', { progression: 'manual', times: describes });
  await seedTrainingJob(name);
  api.trainingJobs.setVisible(true);
  api.trainingJobs.refresh();
  const nodes = await api.trainingJobs.getChildren();
  assert.equal(api.trainingJobs.getTreeItem(nodes[0] as never).contextValue, 'trainingJob.InProgress');
  return nodes[0];
}

describe('Training Jobs and Endpoints trees', function () {
  this.timeout(180_000);
  const config = () => vscode.workspace.getConfiguration('sagemaker');

  before(async () => { await config().update('refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Global); });
  after(async () => {
    await config().update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await motoTransitions('sagemaker::training_job', undefined);
    await motoTransitions('sagemaker::endpoint', undefined);
  });
  beforeEach(async () => { await resetMoto(); await resetAwsCalls(); });

  it('shows the first page of 2,000 jobs with one call, then loads more, and makes no calls while idle', async () => {
    const api = await activated();
    const names = Array.from({ length: 2000 }, (_, i) => `bulk-job-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map(name => seedTrainingJob(name)));
    await resetAwsCalls();
    api.trainingJobs.setVisible(true);
    api.trainingJobs.refresh();
    const first = await rows(api.trainingJobs as never);
    assert.equal(first.at(-1)!.label, 'Load more…');
    assert.equal(first.length, 51, 'one page of 50 and the Load more item');
    assert.equal((await awsCalls())['SageMaker.ListTrainingJobs'], 1, 'the first page is one ListTrainingJobs call');

    await vscode.commands.executeCommand('sagemaker.refreshTrainingJobs.loadMore');
    const second = await rows(api.trainingJobs as never);
    assert.equal(second.length, 101);
    assert.equal((await awsCalls())['SageMaker.ListTrainingJobs'], 2);

    // Tooltips carry the instance type once the shown jobs are described (descriptions keep to the status).
    // Every shown job's describe has answered once its row carries the details (however slow the machine).
    const described = async () => (await rows(api.trainingJobs as never)).filter(r => r.label !== 'Load more…')
      .every(r => (r.tooltip as vscode.MarkdownString | undefined)?.value.includes('ml\\.m4\\.xlarge'));
    await waitFor(async () => (await described()) || undefined, 'the details of both pages', 120_000);
    // Every shown row is now terminal. A refresh tick begun before may still describe the rows it queued (once
    // each); then the calls stop: no count may change across three refresh intervals however loaded the machine.
    await resetAwsCalls();
    await waitForQuietCalls(3 * 1000, 120_000);
    const drained = await awsCalls();
    assert.deepEqual(Object.keys(drained).filter(operation => operation !== 'SageMaker.DescribeTrainingJob'), [], `idle calls: ${JSON.stringify(drained)}`);
    const describedAgain = await describedNames();
    const shown = new Set((await rows(api.trainingJobs as never)).map(r => String(r.label)));
    assert.ok(describedAgain.every(name => shown.has(name)), `only shown rows: ${describedAgain.join(', ')}`);
    assert.equal(new Set(describedAgain).size, describedAgain.length, `each at most once: ${describedAgain.join(', ')}`);
    api.trainingJobs.setVisible(false);
  });

  it('filters by name and status with ListTrainingJobs filters', async () => {
    const api = await activated();
    await seedTrainingJob('alpha-one');
    await seedTrainingJob('beta-two');
    api.trainingJobs.setFilter({ nameContains: 'alpha' });
    assert.deepEqual((await rows(api.trainingJobs as never)).map(r => r.label), ['alpha-one']);
    api.trainingJobs.setFilter({ status: 'Failed' });
    assert.deepEqual((await rows(api.trainingJobs as never)).map(r => r.label), []);
    api.trainingJobs.setFilter({});
  });

  it('moves a stopped job through Stopping to Stopped, re-reading only that job', async () => {
    const api = await activated();
    const node = await inProgressJobNode('stop-me', 3);
    await vscode.commands.executeCommand('sagemaker.stopTrainingJob', node, { confirmed: true });
    const seen = new Set<string>();
    await waitFor(async () => {
      const [row] = await rows(api.trainingJobs as never);
      const status = String(row!.contextValue).replace('trainingJob.', '');
      seen.add(status);
      return status === 'Stopped' || undefined;
    }, 'the job to reach Stopped', 30_000);
    assert.ok(seen.has('Stopping'), `statuses seen: ${[...seen].join(', ')}`);
    const calls = await awsCalls();
    assert.equal(calls['SageMaker.ListTrainingJobs'], 1, 'the refresh ticks describe the job instead of listing again');
    assert.equal(calls['SageMaker.StopTrainingJob'], 1);
    api.trainingJobs.setVisible(false);
    await motoTransitions('sagemaker::training_job', undefined);
  });

  it('stopping a job that ended since its row was drawn says so (not SageMaker\'s refusal) and brings the row up to date', async () => {
    const api = await activated();
    const node = await inProgressJobNode('ended-meanwhile', 2);
    api.trainingJobs.setVisible(false);
    // It ends out of the tree's sight.
    const describe = new DescribeTrainingJobCommand({ TrainingJobName: 'ended-meanwhile' });
    await waitFor(async () => (await motoClients().sageMaker().client.send(describe)).TrainingJobStatus === 'Completed' || undefined, 'the job to complete');
    const messages = recordMessages(['showInformationMessage', 'showErrorMessage'], () => undefined);
    try {
      await vscode.commands.executeCommand('sagemaker.stopTrainingJob', node, { confirmed: true });
      assert.deepEqual(messages.shown.map(m => [m.kind, m.message]),
        [['showInformationMessage', 'SageMaker: training job ended-meanwhile has ended already (Completed): nothing to stop.']]);
    } finally {
      messages.restore();
    }
    await waitFor(async () => (await rows(api.trainingJobs as never))[0]?.contextValue === 'trainingJob.Completed' || undefined, 'the row to say Completed');
    await motoTransitions('sagemaker::training_job', undefined);
  });

  it('describes endpoints (instance type × count) and deletes one with its config and model', async () => {
    const api = await activated();
    await seedEndpoint('ep-keep');
    await seedEndpoint('ep-delete');
    api.endpoints.refresh();
    await waitFor(async () => (await rows(api.endpoints as never)).every(r => String(r.description).includes('ml.m5.large × 1')) || undefined,
      'endpoint details');
    const nodes = await api.endpoints.getChildren();
    const target = nodes.find(n => api.endpoints.getTreeItem(n as never).label === 'ep-delete');
    await vscode.commands.executeCommand('sagemaker.deleteEndpoint', target, { confirmed: true, alsoConfigAndModel: true });
    assert.deepEqual((await rows(api.endpoints as never)).map(r => r.label), ['ep-keep']);
    const sm = motoClients().sageMaker().client;
    assert.deepEqual((await sm.send(new ListEndpointsCommand({}))).Endpoints?.map(e => e.EndpointName), ['ep-keep']);
    assert.deepEqual((await sm.send(new ListEndpointConfigsCommand({}))).EndpointConfigs?.map(e => e.EndpointConfigName), ['ep-keep-config']);
    assert.deepEqual((await sm.send(new ListModelsCommand({}))).Models?.map(m => m.ModelName), ['ep-keep-model']);
  });

  it('puts image, channels, hyperparameters and instances in the job tooltip', async () => {
    const api = await activated();
    await seedTrainingJob('tooltip-job', { instanceCount: 2 });
    api.trainingJobs.refresh();
    await waitFor(async () => ((await rows(api.trainingJobs as never))[0]!.tooltip as vscode.MarkdownString | undefined)?.value.includes('× 2') || undefined, 'job details');
    const [row] = await rows(api.trainingJobs as never);
    const tooltip = (row!.tooltip as vscode.MarkdownString).value;
    for (const part of ['pca:1', 'train', 'feature\\_dim=4', 'ml\\.m4\\.xlarge × 2']) assert.ok(tooltip.includes(part), `tooltip lacks ${part}: ${tooltip}`);
  });
});
