import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { seedEndpoint, seedTrainingJob } from './seed';
import { activated, motoClients, motoTransitions, resetMoto, waitFor } from './support';

async function writeLogs(group: string, streams: Record<string, string[]>, start = Date.now() - 60_000): Promise<void> {
  const logs = motoClients().logs().client;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  for (const [stream, lines] of Object.entries(streams)) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch(() => undefined);
    await logs.send(new PutLogEventsCommand({
      logGroupName: group, logStreamName: stream,
      logEvents: lines.map((message, i) => ({ timestamp: start + i * 10, message })),
    }));
  }
}

describe('Log tails in the output channel', function () {
  this.timeout(120_000);
  beforeEach(resetMoto);
  after(() => motoTransitions('sagemaker::training_job', undefined));

  it('merges a 2-instance job\'s streams with host prefixes, then ends with the job\'s status', async () => {
    const api = await activated();
    await seedTrainingJob('logs-two-hosts', { instanceCount: 2 });
    await writeLogs('/aws/sagemaker/TrainingJobs', {
      'logs-two-hosts/algo-1-1764000000': ['epoch 1 loss=0.9', 'epoch 2 loss=0.5'],
      'logs-two-hosts/algo-2-1764000000': ['worker ready', 'epoch 2 done'],
    });
    await vscode.commands.executeCommand('sagemaker.tailLogs', 'logs-two-hosts');
    const summary = await api.logTails.finished('logs-two-hosts');
    assert.equal(summary?.status, 'Completed');
    const lines = api.outputs.get('logs-two-hosts').lines();
    for (const expected of ['[algo-1] epoch 1 loss=0.9', '[algo-1] epoch 2 loss=0.5', '[algo-2] worker ready', '[algo-2] epoch 2 done']) {
      assert.ok(lines.includes(expected), `missing ${expected} in:\n${lines.join('\n')}`);
    }
    assert.ok(lines.indexOf('[algo-1] epoch 1 loss=0.9') < lines.indexOf('[algo-2] worker ready'), 'merged in time order');
    assert.ok(lines.some(l => l.startsWith('--- Completed')), lines.join('\n'));
  });

  it('shows lines written while the job runs, once each', async () => {
    const api = await activated();
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 12 });
    await seedTrainingJob('logs-live');
    await writeLogs('/aws/sagemaker/TrainingJobs', { 'logs-live/algo-1-1764000000': ['before the tail'] }, Date.now() - 5000);
    void vscode.commands.executeCommand('sagemaker.tailLogs', 'logs-live');
    await waitFor(() => api.outputs.get('logs-live').lines().includes('before the tail') || undefined, 'the backfilled line', 30_000);
    await writeLogs('/aws/sagemaker/TrainingJobs', { 'logs-live/algo-1-1764000000': ['written during the tail'] }, Date.now());
    await waitFor(() => api.outputs.get('logs-live').lines().includes('written during the tail') || undefined, 'the new line', 30_000);
    await api.logTails.finished('logs-live');
    const lines = api.outputs.get('logs-live').lines();
    assert.equal(lines.filter(l => l === 'written during the tail').length, 1);
    assert.equal(lines.filter(l => l === 'before the tail').length, 1);
  });

  it('shows a line that reaches CloudWatch minutes late, after the tail has read past it, once at the end', async () => {
    const api = await activated();
    // The job stays InProgress until the late line is written, then completes at the tail's next DescribeTrainingJob.
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 3_600 });
    await seedTrainingJob('logs-late-line');
    const stream = 'logs-late-line/algo-1-1764000000';
    await writeLogs('/aws/sagemaker/TrainingJobs', { [stream]: ['on time'] }, Date.now() - 2_000);
    void vscode.commands.executeCommand('sagemaker.tailLogs', 'logs-late-line');
    await waitFor(() => api.outputs.get('logs-late-line').lines().includes('on time') || undefined, 'the first line', 30_000);
    // Written 150 s ago (before every read-back window of the tail), ingested now.
    await writeLogs('/aws/sagemaker/TrainingJobs', { [stream]: ['ingested 150 s late'] }, Date.now() - 150_000);
    await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
    await api.logTails.finished('logs-late-line');
    const lines = api.outputs.get('logs-late-line').lines();
    assert.equal(lines.filter(l => l === 'ingested 150 s late').length, 1, lines.join('\n'));
    assert.equal(lines.filter(l => l === 'on time').length, 1);
    assert.ok(!lines.some(l => l.includes('could not be checked') || l.includes('may be incomplete')), lines.join('\n'));
  });

  it('tails an endpoint\'s log streams with their hosts', async () => {
    const api = await activated();
    await seedEndpoint('logs-endpoint');
    await writeLogs('/aws/sagemaker/Endpoints/logs-endpoint', {
      'AllTraffic/i-0aaa': ['model loaded'],
      'AllTraffic/i-0bbb': ['ping ok'],
    }, Date.now() - 30_000);
    await vscode.commands.executeCommand('sagemaker.tailLogs', { kind: 'resource', resource: { EndpointName: 'logs-endpoint' } });
    await waitFor(() => {
      const lines = api.outputs.get('logs-endpoint').lines();
      return lines.some(l => l.endsWith('model loaded') && l.includes('i-0aaa')) && lines.some(l => l.endsWith('ping ok') && l.includes('i-0bbb')) || undefined;
    }, 'both endpoint streams in the output', 30_000);
    api.logTails.stop('logs-endpoint');
    await api.logTails.finished('logs-endpoint');
  });
});
