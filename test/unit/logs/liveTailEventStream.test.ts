/**
 * What the SDK really does with a Live Tail stream: a local HTTP server answers StartLiveTail with
 * application/vnd.amazon.eventstream frames written by the SDK's own codec, and the real CloudWatchLogsClient
 * deserializes them. The session's exceptions are THROWN by the async iterator (not yielded as union members).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { CloudWatchLogsApi } from '../../../src/aws/clients/cloudWatchLogs';
import type { AwsClients } from '../../../src/aws/clientFactory';
import { cloudWatchLogsApi, customLogsEndpoint } from '../../../src/aws/logAdapters';
import { classifyLiveTailEnd } from '../../../src/core/logs/liveSession';
import type { LiveTailUpdate } from '../../../src/core/logs/types';
import { tempDir } from '../tempDir';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value: string) => ({ type: 'string' as const, value });
const event = (type: string, body: unknown) => codec.encode({
  headers: { ':message-type': str('event'), ':event-type': str(type), ':content-type': str('application/json') },
  body: fromUtf8(JSON.stringify(body)),
});
const exception = (type: string, message: string) => codec.encode({
  headers: { ':message-type': str('exception'), ':exception-type': str(type), ':content-type': str('application/json') },
  body: fromUtf8(JSON.stringify({ message })),
});

/** A server whose StartLiveTail answer is `frames`, then the end of the response. */
async function liveTailServer(frames: Uint8Array[]): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.headers['x-amz-target']} ${req.headers.host}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'r-1' });
      for (const frame of frames) res.write(frame);
      res.end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function clientsFor(url: string): { clients: AwsClients; client: CloudWatchLogsClient } {
  // disableHostPrefix: the operation's "stream-" host prefix would otherwise be put before 127.0.0.1.
  const client = new CloudWatchLogsClient({
    endpoint: url, region: 'eu-west-1', disableHostPrefix: true, maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const clients = {
    settings: {}, logs: () => new CloudWatchLogsApi(client), region: async () => 'eu-west-1',
    sts: () => ({ getCallerIdentity: async () => ({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/me' }) }),
  } as unknown as AwsClients;
  return { clients, client };
}

async function drain(updates: AsyncIterable<LiveTailUpdate>): Promise<{ updates: LiveTailUpdate[]; error?: unknown }> {
  const out: LiveTailUpdate[] = [];
  try {
    for await (const update of updates) out.push(update);
  } catch (error) {
    return { updates: out, error };
  }
  return { updates: out };
}

const sessionStart = event('sessionStart', { sessionId: 's-1', logGroupIdentifiers: ['arn:aws:logs:eu-west-1:111122223333:log-group:/g'] });
const sessionUpdate = event('sessionUpdate', {
  sessionMetadata: { sampled: false },
  sessionResults: [{ logStreamName: 'job/algo-1-1', timestamp: 1764064800000, message: 'epoch 1', ingestionTime: 1764064800400 }],
});

for (const [exceptionType, expected] of [['SessionTimeoutException', 'clean'], ['SessionStreamingException', 'transient']] as const) {
  test(`StartLiveTail over real event-stream frames: ${exceptionType} is thrown by the iterator, and means a ${expected} end (a new session)`, async () => {
    const { server, url, requests } = await liveTailServer([sessionStart, sessionUpdate, exception(exceptionType, 'the session ended')]);
    const { clients, client } = clientsFor(url);
    try {
      const api = cloudWatchLogsApi(clients, { liveTail: true });
      const result = await drain(api.startLiveTail!({ logGroupName: '/g', logStreamNamePrefix: 'job/' }, new AbortController().signal));
      assert.deepEqual(result.updates, [
        { started: true, events: [] },
        { events: [{ logStreamName: 'job/algo-1-1', timestamp: 1764064800000, message: 'epoch 1', ingestionTime: 1764064800400 }], sampled: false },
      ]);
      assert.ok(result.error, 'the iterator threw');
      assert.equal((result.error as Error).name, exceptionType);
      assert.equal(classifyLiveTailEnd(result.error).kind, expected);
      assert.deepEqual(requests, [`Logs_20140328.StartLiveTail ${url.replace('http://', '')}`]);
    } finally {
      client.destroy();
      await new Promise(resolve => server.close(resolve));
    }
  });
}

test('StartLiveTail over real event-stream frames: a clean close of the stream ends the iteration without an error', async () => {
  const { server, url } = await liveTailServer([sessionStart, sessionUpdate]);
  const { clients, client } = clientsFor(url);
  try {
    const result = await drain(cloudWatchLogsApi(clients, { liveTail: true }).startLiveTail!({ logGroupName: '/g', logStreamNamePrefix: '' }, new AbortController().signal));
    assert.equal(result.updates.length, 2);
    assert.equal(result.error, undefined);
  } finally {
    client.destroy();
    await new Promise(resolve => server.close(resolve));
  }
});

test('Live Tail is not offered where the SDK resolves a custom CloudWatch Logs endpoint (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, a profile\'s endpoint_url)', async () => {
  const saved = { ...process.env };
  const dir = tempDir('live-endpoint-');
  try {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
    const plain = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const clientsOf = (client: CloudWatchLogsClient) => ({ settings: {}, logs: () => new CloudWatchLogsApi(client) }) as unknown as AwsClients;
    process.env.AWS_CONFIG_FILE = path.join(dir, 'none');
    assert.equal(await customLogsEndpoint(clientsOf(plain)), undefined, 'AWS\'s own endpoint');

    process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = 'https://logs.internal.example.com';
    const fromEnv = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    assert.equal(await customLogsEndpoint(clientsOf(fromEnv)), 'https://logs.internal.example.com');
    const refused = await drain(cloudWatchLogsApi(clientsOf(fromEnv)).startLiveTail!({ logGroupName: '/g', logStreamNamePrefix: '' }, new AbortController().signal));
    assert.equal(classifyLiveTailEnd(refused.error).kind, 'permanent');
    assert.match((refused.error as Error).message, /custom endpoint \(https:\/\/logs\.internal\.example\.com\).*stream-/);
    delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;

    const configFile = path.join(dir, 'config');
    fs.writeFileSync(configFile, '[profile vpc]\nregion = eu-west-1\nendpoint_url = https://vpce-0abc.logs.eu-west-1.vpce.amazonaws.com\n');
    process.env.AWS_CONFIG_FILE = configFile;
    process.env.AWS_PROFILE = 'vpc';
    const fromProfile = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    assert.equal(await customLogsEndpoint(clientsOf(fromProfile)), 'https://vpce-0abc.logs.eu-west-1.vpce.amazonaws.com');
    for (const c of [plain, fromEnv, fromProfile]) c.destroy();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
});
