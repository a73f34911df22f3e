import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudWatchLogsApi } from '../../../src/aws/clients/cloudWatchLogs';
import { SageMakerApi } from '../../../src/aws/clients/sageMaker';
import { StsApi } from '../../../src/aws/clients/sts';
import type { AwsClients } from '../../../src/aws/clientFactory';
import {
  cloudWatchLogsApi, createEndpointTail, createTrainingJobTail, logGroupArn, toJobStatus, trainingJobStatusApi,
} from '../../../src/aws/logAdapters';
import { FakeClock, RecordingSink, runWithClock } from '../../support/logFakes';

interface Sent {
  command: string;
  input: Record<string, unknown>;
  abortSignal?: AbortSignal;
}

/** AwsClients whose send() answers from `reply` and records what was sent. */
function stubClients(reply: (command: string, input: Record<string, unknown>) => unknown, settings: AwsClients['settings'] = {}): { clients: AwsClients; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = {
    // The resolved configuration of a client sending to AWS's own endpoints (no custom endpoint configured).
    config: { isCustomEndpoint: false, ignoreConfiguredEndpointUrls: true },
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }, options?: { abortSignal?: AbortSignal }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push({ command: name, input: command.input, ...(options?.abortSignal ? { abortSignal: options.abortSignal } : {}) });
      const out = reply(name, command.input);
      if (out instanceof Error) throw out;
      return out;
    },
  };
  const clients = {
    settings, logs: () => new CloudWatchLogsApi(client as never), sageMaker: () => new SageMakerApi(client as never), sts: () => new StsApi(client as never), region: async () => 'eu-west-1',
  } as unknown as AwsClients;
  return { clients, sent };
}

test('FilterLogEvents: one call with the stream prefix, interleaved, paging token passed through; events mapped', async () => {
  const { clients, sent } = stubClients(() => ({
    events: [{ logStreamName: 'job/algo-1-1', timestamp: 5, message: 'hi\n', eventId: '0001', ingestionTime: 9 }], nextToken: 'next',
  }));
  const api = cloudWatchLogsApi(clients);
  const abort = new AbortController();
  const out = await api.filterLogEvents({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: 'job/', startTime: 3, nextToken: 'tok' }, abort.signal);
  assert.deepEqual(out, { events: [{ logStreamName: 'job/algo-1-1', timestamp: 5, message: 'hi\n', eventId: '0001', ingestionTime: 9 }], nextToken: 'next' });
  assert.deepEqual(sent[0]!.input, { logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: 'job/', startTime: 3, nextToken: 'tok', interleaved: true });
  assert.equal(sent[0]!.command, 'FilterLogEvents');
  assert.equal(sent[0]!.abortSignal, abort.signal);
  await api.filterLogEvents({ logGroupName: '/aws/sagemaker/Endpoints/ep', logStreamNamePrefix: '' });
  assert.deepEqual(sent[1]!.input, { logGroupName: '/aws/sagemaker/Endpoints/ep', interleaved: true }, 'no empty prefix');
});

test('Live Tail: StartLiveTail on the group ARN with the stream prefix; session start, updates and the 3-hour timeout mapped', async () => {
  const { clients, sent } = stubClients((command) => {
    if (command === 'GetCallerIdentity') return { Account: '111122223333' };
    return {
      responseStream: (async function* () {
        yield { sessionStart: { sessionId: 's' } };
        yield { sessionUpdate: { sessionMetadata: { sampled: false }, sessionResults: [{ logStreamName: 'job/algo-1-1', timestamp: 7, message: 'm', ingestionTime: 8 }] } };
        yield { SessionTimeoutException: { message: 'timeout' } };
        yield { sessionUpdate: { sessionResults: [{ message: 'never' }] } };
      })(),
    };
  });
  const api = cloudWatchLogsApi(clients);
  assert.ok(api.startLiveTail);
  const updates = [];
  for await (const u of api.startLiveTail!({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: 'job/' }, new AbortController().signal)) updates.push(u);
  assert.deepEqual(updates, [
    { started: true, events: [] },
    { events: [{ logStreamName: 'job/algo-1-1', timestamp: 7, message: 'm', ingestionTime: 8 }], sampled: false },
  ]);
  const start = sent.find(s => s.command === 'StartLiveTail')!;
  assert.deepEqual(start.input, { logGroupIdentifiers: ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/sagemaker/TrainingJobs'], logStreamNamePrefixes: ['job/'] });

  const failing = stubClients(command => command === 'GetCallerIdentity' ? { Account: '1' }
    : { responseStream: (async function* () { yield { SessionStreamingException: { message: 'boom' } }; })() });
  await assert.rejects(async () => {
    for await (const _ of cloudWatchLogsApi(failing.clients).startLiveTail!({ logGroupName: 'g', logStreamNamePrefix: '' }, new AbortController().signal)) { /* drain */ }
  }, { name: 'SessionStreamingException', message: 'boom' });
});

test('Live Tail is not offered through a custom endpoint (emulators) unless asked for', () => {
  const { clients } = stubClients(() => ({}), { endpointUrl: 'http://127.0.0.1:5000' });
  assert.equal(cloudWatchLogsApi(clients).startLiveTail, undefined);
  assert.ok(cloudWatchLogsApi(clients, { liveTail: true }).startLiveTail);
  assert.equal(cloudWatchLogsApi(stubClients(() => ({})).clients, { liveTail: false }).startLiveTail, undefined);
});

test('log group ARNs per partition', () => {
  assert.equal(logGroupArn('us-east-1', '1', '/g'), 'arn:aws:logs:us-east-1:1:log-group:/g');
  assert.equal(logGroupArn('cn-north-1', '1', '/g'), 'arn:aws-cn:logs:cn-north-1:1:log-group:/g');
  assert.equal(logGroupArn('us-gov-west-1', '1', '/g'), 'arn:aws-us-gov:logs:us-gov-west-1:1:log-group:/g');
  assert.equal(logGroupArn('us-isof-south-1', '1', '/g'), 'arn:aws-iso-f:logs:us-isof-south-1:1:log-group:/g');
  assert.equal(logGroupArn('eusc-de-east-1', '1', '/g'), 'arn:aws-eusc:logs:eusc-de-east-1:1:log-group:/g');
});

test('Live Tail takes the partition from the caller\'s ARN (GetCallerIdentity), not from a table of regions', async () => {
  const { clients, sent } = stubClients(command => command === 'GetCallerIdentity'
    ? { Account: '111122223333', Arn: 'arn:aws-eusc:sts::111122223333:assumed-role/ml/me' }
    : { responseStream: (async function* () { yield { sessionStart: { sessionId: 's' } }; })() });
  for await (const _ of cloudWatchLogsApi(clients).startLiveTail!({ logGroupName: '/g', logStreamNamePrefix: '' }, new AbortController().signal)) { /* drain */ }
  const start = sent.find(s => s.command === 'StartLiveTail')!;
  assert.deepEqual(start.input.logGroupIdentifiers, ['arn:aws-eusc:logs:eu-west-1:111122223333:log-group:/g']);
});

test('DescribeTrainingJob as the tailer needs it: instance groups counted, times in ms, spot', async () => {
  const created = new Date(Date.UTC(2026, 10, 25, 10));
  const ended = new Date(Date.UTC(2026, 10, 25, 11));
  const job = toJobStatus({
    TrainingJobName: 'j', TrainingJobArn: 'arn', TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed', CreationTime: created,
    TrainingEndTime: ended, BillableTimeInSeconds: 100, TrainingTimeInSeconds: 250, EnableManagedSpotTraining: true,
    ResourceConfig: { VolumeSizeInGB: 30, InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.p4d.24xlarge', InstanceCount: 2 }, { InstanceGroupName: 'b', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 }] },
    SecondaryStatusTransitions: [{ Status: 'Starting', StartTime: created, EndTime: ended, StatusMessage: 'Preparing the instances for training' }],
    AlgorithmSpecification: { TrainingInputMode: 'File' }, ModelArtifacts: { S3ModelArtifacts: 's3://b/m' }, StoppingCondition: {},
  });
  assert.deepEqual(job, {
    status: 'Completed', instanceCount: 3, spot: true, billableSeconds: 100, trainingTimeSeconds: 250,
    creationTime: created.getTime(), endTime: ended.getTime(),
    secondaryStatusTransitions: [{ status: 'Starting', startTime: created.getTime(), endTime: ended.getTime(), message: 'Preparing the instances for training' }],
  });
  const { clients, sent } = stubClients(() => ({ $metadata: {}, TrainingJobStatus: 'InProgress', ResourceConfig: { InstanceCount: 4 } }));
  const status = await trainingJobStatusApi(clients, 'j').describe();
  assert.equal(status.instanceCount, 4);
  assert.equal(status.status, 'InProgress');
  assert.deepEqual(sent[0], { command: 'DescribeTrainingJob', input: { TrainingJobName: 'j' } });
});

test('the glue: a training job tail and an endpoint tail over the SDK clients', async () => {
  const clock = new FakeClock();
  const now = clock.now();
  const { clients, sent } = stubClients((command, input) => {
    if (command === 'DescribeTrainingJob') {
      return { TrainingJobStatus: 'Completed', CreationTime: new Date(now - 3_600_000), TrainingEndTime: new Date(now - 600_000), BillableTimeInSeconds: 42, ResourceConfig: { InstanceCount: 1 }, SecondaryStatusTransitions: [] };
    }
    if (command === 'DescribeEndpoint') return { ProductionVariants: [{ CurrentInstanceCount: 2 }, { CurrentInstanceCount: 1 }] };
    if (command === 'FilterLogEvents' && input.logGroupName === '/aws/sagemaker/TrainingJobs') {
      return { events: [{ logStreamName: 'j/algo-1-1764064800', timestamp: now - 3_000_000, message: 'done\n', eventId: '1', ingestionTime: now - 2_999_000 }] };
    }
    if (command === 'FilterLogEvents') return { events: [{ logStreamName: 'AllTraffic/i-1', timestamp: now - 1_000, message: 'ping', eventId: '2', ingestionTime: now - 900 }] };
    if (command === 'StartQuery') return { queryId: 'q-1' };
    if (command === 'GetQueryResults') return { status: 'Complete', results: [[{ field: '@logStream', value: 'j/algo-1-1764064800' }, { field: 'lines', value: '1' }]] };
    return new Error(`unexpected ${command}`);
  }, { endpointUrl: 'http://127.0.0.1:1' });
  const sink = new RecordingSink();
  const summary = await runWithClock(clock, createTrainingJobTail(clients, 'j', { sink, clock }).run());
  assert.deepEqual(sink.output, ['done', '--- Completed. Billable 42 s × 1 instance (42 instance-seconds).']);
  assert.equal(summary.reason, 'ended');
  assert.equal(sent.find(s => s.command === 'FilterLogEvents')!.input.logStreamNamePrefix, 'j/');
  assert.equal(sent.find(s => s.command === 'FilterLogEvents')!.input.startTime, now - 3_600_000 - 300_000, 'from before the job was created');
  // The late-line check at the end: one Insights count over the job's streams, from the tail's start, in seconds.
  assert.deepEqual(sent.filter(s => s.command === 'StartQuery').map(s => ({ ...s.input, endTime: undefined })), [{
    logGroupName: '/aws/sagemaker/TrainingJobs', startTime: Math.ceil((now - 3_900_000) / 1000), endTime: undefined,
    queryString: 'filter @logStream like /^j\\// | stats count(*) as lines by @logStream',
  }]);

  const abort = new AbortController();
  const endpointSink = new RecordingSink();
  const endpointTail = await createEndpointTail(clients, 'ep', { sink: endpointSink, clock, signal: abort.signal });
  await runWithClock(clock, endpointTail.run(), { onStep: () => { if (clock.now() > now + 10_000) abort.abort(); } });
  assert.deepEqual(endpointSink.lines.map(l => l.text), ['[AllTraffic/i-1] ping'], 'three instances behind the endpoint: hosts shown');
  const endpointCall = sent.find(s => s.command === 'FilterLogEvents' && s.input.logGroupName === '/aws/sagemaker/Endpoints/ep')!;
  assert.equal(endpointCall.input.startTime, now - 600_000, 'the last ten minutes');
  assert.equal(endpointCall.input.logStreamNamePrefix, undefined);
});

test('per-stream reads and DescribeLogStreams: the stream names instead of the prefix; streams mapped, paging token passed through', async () => {
  const { clients, sent } = stubClients(command => (command === 'DescribeLogStreams'
    ? { logStreams: [{ logStreamName: 'job/algo-2-1', creationTime: 1, lastEventTimestamp: 7, lastIngestionTime: 8, storedBytes: 0 }], nextToken: 'more' }
    : { events: [] }));
  const api = cloudWatchLogsApi(clients);
  await api.filterLogEvents({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: 'job/', logStreamNames: ['job/algo-2-1'], startTime: 3, endTime: 4 });
  assert.deepEqual(sent[0]!.input, { logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNames: ['job/algo-2-1'], startTime: 3, endTime: 4, interleaved: true });
  const out = await api.describeLogStreams!({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: 'job/', nextToken: 'tok' });
  assert.deepEqual(sent[1], { command: 'DescribeLogStreams', input: { logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: 'job/', nextToken: 'tok' } });
  assert.deepEqual(out, { logStreams: [{ logStreamName: 'job/algo-2-1', creationTime: 1, lastEventTimestamp: 7, lastIngestionTime: 8 }], nextToken: 'more' });
});

test('Insights line counts: the query runs until Complete; its rows become counts; a failed or malformed query is an error', async () => {
  let polls = 0;
  const { clients, sent } = stubClients(command => {
    if (command === 'StartQuery') return { queryId: 'q-7' };
    polls++;
    return polls === 1 ? { status: 'Running', results: [] }
      : { status: 'Complete', results: [[{ field: '@logStream', value: 'job.v2/algo-1' }, { field: 'lines', value: '1204' }], [{ field: '@logStream', value: 'job.v2/algo-2' }, { field: 'lines', value: '3' }]] };
  });
  const api = cloudWatchLogsApi(clients);
  const counts = await api.countLines!({ logGroupName: 'g', logStreamNamePrefix: 'job.v2/', startTime: 1_000_500, endTime: 2_000_500 });
  assert.deepEqual([...counts], [['job.v2/algo-1', 1204], ['job.v2/algo-2', 3]]);
  assert.deepEqual(sent[0]!.input, { logGroupName: 'g', startTime: 1000, endTime: 2001, queryString: 'filter @logStream like /^job\\.v2\\// | stats count(*) as lines by @logStream' });
  assert.deepEqual(sent.slice(1).map(s => s.input), [{ queryId: 'q-7' }, { queryId: 'q-7' }]);

  const failed = stubClients(command => (command === 'StartQuery' ? { queryId: 'q' } : { status: 'Failed' })).clients;
  await assert.rejects(cloudWatchLogsApi(failed).countLines!({ logGroupName: 'g', logStreamNamePrefix: 'p/', startTime: 0, endTime: 1 }), /the query ended Failed/);
  const malformed = stubClients(command => (command === 'StartQuery' ? { queryId: 'q' } : { status: 'Complete', results: [[{ field: '@ptr', value: 'x' }]] })).clients;
  await assert.rejects(cloudWatchLogsApi(malformed).countLines!({ logGroupName: 'g', logStreamNamePrefix: 'p/', startTime: 0, endTime: 1 }), /no per-stream counts/);
});
