// The log tailer's bench: node bench/logs.mjs  (or `import { runLogsBench } from './logs.mjs'` from bench/run.mjs)
//
// 1. Throughput: lines per second into a no-op sink, the tailer fed by a fake CloudWatch that hands out pre-built
//    pages (a finished job's backfill), and a streaming run under the fake clock (16 instances, every poll re-reading
//    its overlap window: the tailer's steady-state work, de-duplication included).
// 2. A 1-million-line backfill's RSS growth, ours, the SDK v2's algorithm and the SDK client alone, each in a fresh
//    process with the SDK clients and HTTP, as an extension host has them (bench/logsBackfillMemory.cjs), reading
//    from a fake CloudWatch in another process (bench/logsBackfillFake.cjs); 3 runs each, the medians.
//    Alone: node bench/logs.mjs --backfill-memory (BACKFILL_RUNS=1 for one run each; BACKFILL_NODE=<node binary> to
//    measure on another Node than the one running the bench)
// 3. On moto (the project's patched moto), jobs of 16, 1 and 64 instances, a writer putting 4-12 lines per instance
//    a second: our tailer and a model of the SDK v2's logs_for_job (sdkLogsForJob below, at its default cadence)
//    read the same job at the same time, each through its own counting proxy in front of the same moto, each until
//    it ends by itself; every call is counted, DescribeTrainingJob included. Also: events fetched per line shown
//    (ours: lines shown + duplicates dropped; the SDK: every event GetLogEvents returned), and the delay from
//    PutLogEvents to our sink.
//
// The TypeScript sources are bundled with esbuild into a temporary file first (no dependency on `tsc` output).
// Writes bench/logs-results.json and prints a table when run directly.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sdkLogSkip from './sdkLogSkip.cjs';
const { skipShown } = sdkLogSkip;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const INSTANCES = 16;
// The SDK polls every 10 s and asks for the job's status every 30 s: a minute of writing shows both cadences.
const WRITE_SECONDS = Number(process.env.LOGS_BENCH_WRITE_SECONDS || 60);
const WIDE_SECONDS = Number(process.env.LOGS_BENCH_WIDE_SECONDS || 20);
const WRITE_EVERY_MS = 1_000; // each instance's agent puts once a second (SageMaker's flushes every few seconds)

async function loadCore() {
  const esbuild = await import('esbuild');
  const outfile = join(mkdtempSync(join(tmpdir(), 'logs-bench-')), 'core.cjs');
  await esbuild.build({
    stdin: {
      contents: `
        export { LogTailer, DEFAULT_TUNING } from './src/core/logs/tailer';
        export { trainingJobTarget } from './src/core/logs/format';
        export { FakeClock, FakeCloudWatch, FakeJob, agentLines, runWithClock, seededRandom } from './test/support/logFakes';
        export { createTrainingJobTail } from './src/aws/logAdapters';
        export { createAwsClients } from './src/aws/clientFactory';
        export { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
        export { CreateTrainingJobCommand, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
      `,
      resolveDir: root, loader: 'ts', sourcefile: 'logs-bench-entry.ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning', mainFields: ['module', 'main'],
  });
  // Kept until the bench ends: the backfill memory runs load it in processes of their own.
  return { core: require(outfile), bundle: outfile, cleanup: () => rmSync(dirname(outfile), { recursive: true, force: true }) };
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const quantile = (values, q) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const message = (stream, seq) => `[${stream.slice(-15)}] epoch=3 step=${seq} loss=${(1 / (seq + 1)).toFixed(6)} acc=0.${String(seq * 7919 % 10000).padStart(4, '0')} lr=0.0001`;

// ---------------------------------------------------------------- 1. throughput

async function throughput(core) {
  const { LogTailer, trainingJobTarget } = core;
  const job = 'bench-throughput';
  const streams = Array.from({ length: INSTANCES }, (_, i) => `${job}/algo-${i + 1}-1764064800`);
  const t0 = Date.UTC(2026, 10, 25, 10);
  const total = 500_000;
  const pageSize = 10_000;
  // Pre-built pages, as FilterLogEvents returns them: interleaved, in time order, 10,000 a page.
  const pages = [];
  for (let p = 0; p < total / pageSize; p++) {
    const events = [];
    for (let k = 0; k < pageSize; k++) {
      const i = p * pageSize + k;
      const stream = streams[i % INSTANCES];
      const ts = t0 + i; // 1,000 lines a second across the job: 500,000 lines are 8 minutes of log
      events.push({ logStreamName: stream, timestamp: ts, message: message(stream, i), eventId: String(i).padStart(20, '0'), ingestionTime: ts + 900 });
    }
    pages.push(events);
  }
  const logs = {
    filterLogEvents: async input => {
      const p = input.nextToken ? Number(input.nextToken) : 0;
      return { events: pages[p], ...(p + 1 < pages.length ? { nextToken: String(p + 1) } : {}) };
    },
  };
  const status = {
    describe: async () => ({ status: 'Completed', secondaryStatusTransitions: [], instanceCount: INSTANCES, spot: false, creationTime: t0, endTime: t0 + 60_000 }),
  };
  let lines = 0;
  const sink = { line: () => { lines++; }, status: () => undefined, end: () => undefined };
  const runs = [];
  for (let r = 0; r < 3; r++) {
    lines = 0;
    const started = process.hrtime.bigint();
    await new LogTailer({ target: trainingJobTarget(job), logs, status, sink }).run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (lines !== total) throw new Error(`throughput run showed ${lines} lines, expected ${total}`);
    runs.push(lines / seconds);
  }

  // Streaming: 16 instances writing 1,000 lines/s for 2 minutes under the fake clock; every 2 s poll re-reads the
  // last 60 s (60,000 lines, 6 pages) and keeps the few thousand new ones.
  const { FakeClock, FakeCloudWatch, FakeJob, agentLines, runWithClock, seededRandom } = core;
  const clock = new FakeClock();
  const s0 = clock.now();
  const generated = agentLines({ streams, count: 7_500, start: s0 + 1_000, spacingMs: 24, flushEveryMs: 1_000, jitterMs: 200, reorderMs: 200, seed: 1, message });
  const fake = new FakeCloudWatch({ clock, logGroupName: '/aws/sagemaker/TrainingJobs', seed: 2 });
  fake.add(generated);
  // The fake answers synchronously (no latency): the time spent in it is measured and left out.
  let fakeNs = 0n;
  const timedFake = {
    filterLogEvents: (input, signal) => {
      const t = process.hrtime.bigint();
      const out = fake.filterLogEvents(input, signal);
      fakeNs += process.hrtime.bigint() - t;
      return out;
    },
  };
  const endAt = Math.max(...generated.map(l => l.ts)) + 100;
  let streamed = 0;
  const streamingSink = { line: () => { streamed++; }, status: () => undefined, end: () => undefined };
  const tailer = new LogTailer({
    target: trainingJobTarget(job), logs: timedFake, sink: streamingSink, clock, random: seededRandom(1),
    status: new FakeJob({ clock, creationTime: s0, endAt, instanceCount: INSTANCES, transitions: [] }),
  });
  const started = process.hrtime.bigint();
  await runWithClock(clock, tailer.run());
  const seconds = Number(process.hrtime.bigint() - started - fakeNs) / 1e9;
  if (streamed !== generated.length) throw new Error(`streaming run showed ${streamed} of ${generated.length} lines`);
  const stats = tailer.stats();
  return {
    backfillLinesPerSecond: Math.round(quantile(runs, 0.5)),
    backfillLines: total,
    backfillRuns: runs.map(Math.round),
    streamingLinesPerSecond: Math.round(streamed / seconds),
    streamingLines: streamed,
    streamingEventsReadPerSecond: Math.round((streamed + stats.duplicates) / seconds),
    streamingFakeSeconds: Math.round(Number(fakeNs) / 1e7) / 100,
    streamingPolls: stats.filterLogEventsCalls,
    streamingDeepPolls: stats.deepPolls,
    streamingDuplicatesDropped: stats.duplicates,
    streamingVirtualSeconds: Math.round((clock.now() - s0) / 1000),
    streamingSeenWindowPeak: stats.seenWindowPeak,
  };
}

// ---------------------------------------------------------------- 2 and 3. moto

const SDK_POLL_MS = 10_000; // logs_for_job(poll=10)
const SDK_DESCRIBE_EVERY_MS = 30_000; // "elif time.time() - last_describe_job_call >= 30"
/** The SDK's stream listing repeats its first request while CloudWatch returns a nextToken (more than 50 streams). */
const SDK_STUCK_AFTER_CALLS = 200;

/**
 * The SageMaker Python SDK v2's `logs_for_job(wait=True)` as its source describes it (session.py `_logs_for_job`,
 * `_flush_log_streams`; logs.py `multi_stream_iter`, `log_stream`), with the calls it makes:
 * - one DescribeTrainingJob first, then after each 10 s sleep one more when 30 s have passed since the last;
 * - every poll a DescribeLogStreams (prefix "<job>/", orderBy LogStreamName, limit min(instances, 50)): the list it
 *   fills is rebound inside `_flush_log_streams`, so the caller's stays empty and the streams are listed every poll.
 *   While the answer carries a nextToken, the SDK sends the same request again without it (limit 50): past 50
 *   streams it never gets past the first page (the model stops after SDK_STUCK_AFTER_CALLS and says so);
 * - per stream, GetLogEvents(startTime = its last timestamp, startFromHead) and on with nextForwardToken until a
 *   page is empty, skipping the events at the last timestamp already shown (its position's `skip`);
 * - after the job reaches a terminal status: one more sleep and a last flush.
 * `onLine` is called as each line would be printed (its stream's page in hand: the SDK prints while it merges the
 * streams' first pages, so this is no later than the SDK's print), for the line delay next to ours.
 */
function sdkLogsForJob(core, clients, job, instanceCount, signal, onLine = () => undefined) {
  const { DescribeLogStreamsCommand, GetLogEventsCommand, DescribeTrainingJobCommand } = core;
  const logs = clients.logs().client;
  const sageMaker = clients.sageMaker().client;
  const group = '/aws/sagemaker/TrainingJobs';
  const positions = new Map(); // stream -> { timestamp, skip }
  const state = { linesRead: 0, eventsFetched: 0, polls: 0, stuck: false, stuckAfterMs: undefined, endedAt: undefined };
  const sleepOrAbort = ms => new Promise(resolve => {
    const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
  const readStream = async name => {
    let { timestamp, skip } = positions.get(name);
    let token;
    for (;;) {
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: name, startTime: timestamp, startFromHead: true, ...(token ? { nextToken: token } : {}) }), { abortSignal: signal });
      token = out.nextForwardToken;
      const page = out.events ?? [];
      state.eventsFetched += page.length;
      if (page.length === 0) break;
      const unseen = skipShown(page, skip);
      skip = unseen.skip;
      for (const e of unseen.events) {
        state.linesRead++;
        onLine(name, e.message);
        const p = positions.get(name);
        positions.set(name, e.timestamp === p.timestamp ? { timestamp: p.timestamp, skip: p.skip + 1 } : { timestamp: e.timestamp, skip: 1 });
      }
    }
  };
  const flush = async started => {
    let names = [];
    try {
      let out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: `${job}/`, orderBy: 'LogStreamName', limit: Math.min(instanceCount, 50) }), { abortSignal: signal });
      names = (out.logStreams ?? []).map(s => s.logStreamName);
      let repeats = 0;
      while (out.nextToken) {
        if (++repeats >= SDK_STUCK_AFTER_CALLS || signal.aborted) {
          state.stuck = true;
          state.stuckAfterMs = Date.now() - started;
          return;
        }
        out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: `${job}/`, orderBy: 'LogStreamName', limit: 50 }), { abortSignal: signal });
        names.push(...(out.logStreams ?? []).map(s => s.logStreamName));
      }
      for (const name of names) if (!positions.has(name)) positions.set(name, { timestamp: 0, skip: 0 });
    } catch (error) {
      if (error?.name !== 'ResourceNotFoundException') throw error;
    }
    // multi_stream_iter drains every stream's generator (it interleaves them by timestamp: the calls are the same).
    for (const name of names) await readStream(name);
  };
  const describe = () => sageMaker.send(new DescribeTrainingJobCommand({ TrainingJobName: job }), { abortSignal: signal });
  state.done = (async () => {
    const started = Date.now();
    await describe();
    let lastDescribe = Date.now();
    let phase = 'tailing';
    try {
      for (;;) {
        state.polls++;
        await flush(started);
        if (state.stuck || phase === 'complete' || signal.aborted) break;
        await sleepOrAbort(SDK_POLL_MS);
        if (signal.aborted) break;
        if (phase === 'job-complete') phase = 'complete';
        else if (Date.now() - lastDescribe >= SDK_DESCRIBE_EVERY_MS) {
          const d = await describe();
          lastDescribe = Date.now();
          if (['Completed', 'Failed', 'Stopped'].includes(d.TrainingJobStatus)) phase = 'job-complete';
        }
      }
    } catch (error) {
      if (!signal.aborted) state.error = String(error?.message ?? error);
    }
    state.endedAt = Date.now();
  })();
  return state;
}

/**
 * One training job on moto with `instances` instances: a writer PutLogEvents (directly to moto) to its streams for
 * `seconds`; our tailer reads it through one counting proxy until the job's final read, and with `sdk` the SDK's
 * logs_for_job model reads the same job through a second counting proxy in front of the same moto, each side until
 * it ends by itself. Every call each side makes is counted (DescribeTrainingJob included).
 */
async function jobRun(core, env, { seconds, instances, sdk: withSdk }) {
  const { createTrainingJobTail, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, CreateTrainingJobCommand } = core;
  const { server, oursProxy, sdkProxy, oursClients, sdkClients, writer } = env;
  const job = `bench-logs-${instances}-${Date.now()}`;
  const group = '/aws/sagemaker/TrainingJobs';
  // The job ends (moto's state manager) a second after the writer stops.
  const res = await fetch(`${server.url}/moto-api/state-manager/set-transition`, {
    method: 'POST', body: JSON.stringify({ model_name: 'sagemaker::training_job', transition: { progression: 'time', seconds: seconds + 1 } }),
  });
  if (!res.ok) throw new Error(`moto set-transition: ${res.status}`);
  await writer.sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: job, RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
    AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
    OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: instances, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  }));
  const logs = writer.logs().client;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(e => { if (e.name !== 'ResourceAlreadyExistsException') throw e; });

  await fetch(`${oursProxy.url}/__proxy/reset`, { method: 'POST' });
  await fetch(`${sdkProxy.url}/__proxy/reset`, { method: 'POST' });
  const sentAt = new Map();
  const ackedAt = new Map();
  const putTimes = [];
  const delays = [];
  const delaysFromAck = [];
  let shown = 0;
  let summary;
  const sink = {
    line: line => {
      shown++;
      const now = Date.now();
      const id = `${line.host}:${/step=(\d+)/.exec(line.message)?.[1]}`;
      if (sentAt.has(id)) delays.push(now - sentAt.get(id));
      if (ackedAt.has(id)) delaysFromAck.push(now - ackedAt.get(id));
    },
    status: () => undefined,
    end: s => { summary = s; },
  };
  // The readers start first: the job's streams do not exist yet.
  const abort = new AbortController();
  const started = Date.now();
  const tail = createTrainingJobTail(oursClients, job, { sink, signal: abort.signal });
  let oursEndedAt;
  const ours = tail.run().then(() => { oursEndedAt = Date.now(); });
  const sdkAbort = new AbortController();
  const sdkDelays = [];
  const sdkLine = (stream, text) => {
    const id = `${/\/(algo-\d+)-/.exec(stream)?.[1]}:${/step=(\d+)/.exec(text)?.[1]}`;
    if (sentAt.has(id)) sdkDelays.push(Date.now() - sentAt.get(id));
  };
  const sdk = withSdk ? sdkLogsForJob(core, sdkClients, job, instances, sdkAbort.signal, sdkLine) : undefined;

  // The writer: each instance puts 4-12 lines once a second, not in step with the others.
  const epoch = Math.floor(Date.now() / 1000);
  const streams = Array.from({ length: instances }, (_, i) => ({ name: `${job}/algo-${i + 1}-${epoch}`, host: `algo-${i + 1}`, seq: 0 }));
  await Promise.all(streams.map(s => logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s.name }))));
  let written = 0;
  let puts = 0;
  const writeUntil = Date.now() + seconds * 1000;
  await Promise.all(streams.map(async (s, i) => {
    let next = Date.now() + Math.round((i + 1) * WRITE_EVERY_MS / instances);
    while (Date.now() < writeUntil) {
      const tick = Date.now();
      const n = 4 + ((s.seq * 7 + i) % 9);
      const events = [];
      const ids = [];
      for (let k = 0; k < n; k++) {
        const seq = s.seq++;
        ids.push(`${s.host}:${seq}`);
        events.push({ timestamp: tick, message: message(s.name, seq) });
      }
      for (const id of ids) sentAt.set(id, tick);
      await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: s.name, logEvents: events }));
      const acked = Date.now();
      putTimes.push(acked - tick);
      for (const id of ids) ackedAt.set(id, acked);
      written += n;
      puts++;
      await sleep(Math.max(0, next - Date.now()));
      next += WRITE_EVERY_MS;
    }
  }));
  const writerDone = Date.now();
  // The SDK ends up to 30 s (its DescribeTrainingJob cadence) + 10 s after the job: both are given time to end.
  const timeout = setTimeout(() => { abort.abort(); sdkAbort.abort(); }, 90_000);
  await ours;
  await sdk?.done;
  clearTimeout(timeout);
  const tailStats = tail.stats();
  const perMinute = (n, ms) => Math.round(n / (ms / 60_000) * 10) / 10;
  const total = stats => Object.values(stats).reduce((a, b) => a + b, 0);
  const oursStats = oursProxy.stats();
  const oursMs = (oursEndedAt ?? Date.now()) - started;
  const oursCalls = total(oursStats);
  const spread = values => ({ samples: values.length, median: quantile(values, 0.5), p95: quantile(values, 0.95), max: quantile(values, 1) });
  const result = {
    job, instances,
    linesWritten: written,
    putLogEventsCalls: puts,
    putLogEventsRoundTripMs: spread(putTimes),
    finalReadAfterWriterStoppedSeconds: Math.round(((oursEndedAt ?? Date.now()) - writerDone) / 100) / 10,
    ours: {
      tailSeconds: Math.round(oursMs / 100) / 10,
      linesShown: shown,
      end: summary?.text,
      calls: oursStats,
      callsTotal: oursCalls,
      callsPerMinute: perMinute(oursCalls, oursMs),
      eventsFetched: shown + tailStats.duplicates,
      fetchesPerLine: Math.round((shown + tailStats.duplicates) / Math.max(1, shown) * 100) / 100,
      duplicatesPerLine: Math.round(tailStats.duplicates / Math.max(1, shown) * 100) / 100,
      deepPolls: tailStats.deepPolls,
      streamReads: tailStats.streamReads,
      lateLines: tailStats.lateLines,
      holdbackMs: tailStats.holdbackMs,
    },
    // From the PutLogEvents request being sent (the line's timestamp) to our sink.
    delayMs: spread(delays),
    // From the PutLogEvents response (the line is in CloudWatch) to our sink.
    delayFromAckMs: spread(delaysFromAck),
  };
  if (sdk) {
    const sdkStats = sdkProxy.stats();
    const sdkMs = (sdk.endedAt ?? Date.now()) - started;
    const sdkCalls = total(sdkStats);
    result.sdk = {
      tailSeconds: Math.round(sdkMs / 100) / 10,
      linesRead: sdk.linesRead,
      calls: sdkStats,
      callsTotal: sdkCalls,
      callsPerMinute: perMinute(sdkCalls, sdkMs),
      eventsFetched: sdk.eventsFetched,
      fetchesPerLine: Math.round(sdk.eventsFetched / Math.max(1, sdk.linesRead) * 100) / 100,
      polls: sdk.polls,
      // From the PutLogEvents request being sent to the SDK printing the line.
      delayMs: spread(sdkDelays),
      stuck: sdk.stuck,
      ...(sdk.stuck ? { stuckAfterMs: sdk.stuckAfterMs } : {}),
      ...(sdk.error ? { error: sdk.error } : {}),
    };
    result.callRatio = Math.round(result.sdk.callsPerMinute / Math.max(0.1, result.ours.callsPerMinute) * 100) / 100;
  }
  return result;
}

async function moto(core) {
  const { startMoto, FAKE_CREDENTIALS } = require(join(root, 'test/harness/moto.js'));
  const { startAwsProxy } = require(join(root, 'test/harness/awsProxy.js'));
  const saved = Object.fromEntries(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'].map(k => [k, process.env[k]]));
  Object.assign(process.env, FAKE_CREDENTIALS, { AWS_DEFAULT_REGION: 'us-east-1' });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const server = await startMoto();
  // Two counting proxies in front of the same moto: each side's calls are counted apart.
  const oursProxy = await startAwsProxy(server.url);
  const sdkProxy = await startAwsProxy(server.url);
  const env = {
    server, oursProxy, sdkProxy,
    oursClients: core.createAwsClients({ endpointUrl: oursProxy.url, region: 'us-east-1' }),
    sdkClients: core.createAwsClients({ endpointUrl: sdkProxy.url, region: 'us-east-1' }),
    writer: core.createAwsClients({ endpointUrl: server.url, region: 'us-east-1' }),
  };
  try {
    const runs = {};
    for (const instances of [16, 1]) runs[`instances${instances}`] = await jobRun(core, env, { seconds: WRITE_SECONDS, instances, sdk: true });
    // Past 50 streams the SDK's listing repeats its first page: what it does with 64 instances.
    runs.instances64 = await jobRun(core, env, { seconds: WIDE_SECONDS, instances: 64, sdk: true });
    return { pollIntervalMs: DEFAULT_TUNING_OF(core).pollIntervalMs, statusIntervalMs: DEFAULT_TUNING_OF(core).statusIntervalMs, sdkPollMs: SDK_POLL_MS, sdkDescribeEveryMs: SDK_DESCRIBE_EVERY_MS, ...runs };
  } finally {
    env.oursClients.destroy();
    env.sdkClients.destroy();
    env.writer.destroy();
    oursProxy.stop();
    sdkProxy.stop();
    server.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
const DEFAULT_TUNING_OF = core => core.DEFAULT_TUNING;

const BACKFILL_RUNS = Number(process.env.BACKFILL_RUNS || 3);
// The Node the measured processes run: this one, or BACKFILL_NODE (another Node's binary; V8's heap sizing, and so
// the growth, differ between Node versions: VS Code's desktop extension host runs Electron's Node, code-server the
// Node it is started with).
const BACKFILL_NODE = process.env.BACKFILL_NODE || process.execPath;
export const BACKFILL_MEASURED = 'tailer process RSS growth, fake CloudWatch in another process';

/** Starts bench/logsBackfillFake.cjs; resolves with its URL and a stop(). It also exits when this process does. */
function startBackfillFake() {
  const child = spawn(process.execPath, [join(root, 'bench/logsBackfillFake.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = () => { child.stdin.end(); child.kill(); };
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', code => reject(new Error(`the fake CloudWatch exited (${code}) before listening: ${out}`)));
    child.stdout.on('data', chunk => {
      out += chunk;
      const url = /^listening (\S+)$/m.exec(out)?.[1];
      if (url) resolve({ url, stop });
    });
  });
}

/**
 * The 1-million-line backfill's RSS growth, each reader in a fresh process of its own (bench/logsBackfillMemory.cjs)
 * against the fake CloudWatch in another one: ours, the SDK v2's algorithm and the SDK client alone, taking turns,
 * BACKFILL_RUNS times; the medians, and each run's figures.
 */
async function backfillMemory(bundle) {
  const fake = await startBackfillFake();
  const samples = { client: [], ours: [], sdk: [] };
  try {
    for (let r = 0; r < BACKFILL_RUNS; r++) {
      for (const mode of Object.keys(samples)) {
        const p = spawnSync(BACKFILL_NODE, [join(root, 'bench/logsBackfillMemory.cjs'), bundle, mode, fake.url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        if (p.status !== 0) throw new Error(`backfill memory (${mode}) failed`);
        samples[mode].push(JSON.parse(p.stdout));
      }
    }
  } finally {
    fake.stop();
  }
  const out = {};
  for (const [mode, runs] of Object.entries(samples)) {
    const median = [...runs].sort((a, b) => a.growthMiB - b.growthMiB)[Math.floor(runs.length / 2)];
    out[mode] = { ...median, growthMiB: median.growthMiB, growthRunsMiB: runs.map(s => s.growthMiB), everyRunEveryLineOnce: runs.every(s => s.everyLineOnceInOrder) };
  }
  return { measured: BACKFILL_MEASURED, lines: out.ours.lines, runs: BACKFILL_RUNS, node: out.ours.node, targetGrowthMiB: 64, ...out };
}

export async function runLogsBench() {
  const { core, bundle, cleanup } = await loadCore();
  const started = Date.now();
  try {
    const results = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map(l => Math.round(l * 100) / 100) },
      throughput: await throughput(core),
      backfillMemory: await backfillMemory(bundle),
      moto: await moto(core),
    };
    results.benchSeconds = Math.round((Date.now() - started) / 100) / 10;
    const m = results.moto;
    const runs = [m.instances16, m.instances1, m.instances64];
    const fetches = Math.max(...runs.map(r => r.ours.fetchesPerLine));
    results.targets = {
      throughputLinesPerSecond: { target: 100_000, value: results.throughput.backfillLinesPerSecond, met: results.throughput.backfillLinesPerSecond >= 100_000 },
      fetchesPerLine: { target: 1.5, value: fetches, met: fetches <= 1.5 },
      callRatio16: { target: 8, value: m.instances16.callRatio, met: m.instances16.callRatio >= 8 },
      callRatio1: { target: 1, value: m.instances1.callRatio, met: m.instances1.callRatio >= 1 },
      backfillGrowthMiB: { target: 64, value: results.backfillMemory.ours.growthMiB, met: results.backfillMemory.ours.growthMiB <= 64 },
      everyLineOnce: { met: runs.every(r => r.ours.linesShown === r.linesWritten) && results.backfillMemory.ours.everyRunEveryLineOnce },
      // No target: the price of the call budget, next to the SDK model's own delay at its 10 s poll.
      lineDelayMs16: { median: m.instances16.delayMs.median, p95: m.instances16.delayMs.p95, sdkMedian: m.instances16.sdk.delayMs.median, sdkP95: m.instances16.sdk.delayMs.p95 },
      lineDelayMs1: { median: m.instances1.delayMs.median, p95: m.instances1.delayMs.p95, sdkMedian: m.instances1.sdk.delayMs.median, sdkP95: m.instances1.sdk.delayMs.p95 },
    };
    return results;
  } finally {
    cleanup();
  }
}

export function printTable(r) {
  const t = r.throughput;
  const m = r.moto;
  const b = r.backfillMemory;
  const n = x => x.toLocaleString('en-US');
  const x = (a, c) => `${(a / c).toFixed(2)}×`;
  const rows = [
    ['tailer throughput: backfill, pre-built pages → no-op sink', `${n(t.backfillLinesPerSecond)} lines/s`, '', '≥ 100,000'],
    [`tailer throughput: streaming, 16 instances, fake clock (fake's time excluded)`, `${n(t.streamingLinesPerSecond)} lines/s`, '', ''],
    ...backfillRows(b),
  ];
  for (const key of ['instances16', 'instances1', 'instances64']) {
    const run = m[key];
    const k = run.instances;
    const sdk = run.sdk;
    const sdkCalls = Object.entries(sdk.calls).map(([op, c]) => `${op.split('.').pop()} ${c}`).join(', ');
    const ourCalls = Object.entries(run.ours.calls).map(([op, c]) => `${op.split('.').pop()} ${c}`).join(', ');
    rows.push([`${k} instance(s) on moto: calls/min, ours (${ourCalls}) vs SDK logs_for_job (${sdkCalls})`, `${run.ours.callsPerMinute}`,
      `SDK ${sdk.callsPerMinute}, SDK/ours ${run.callRatio}×${sdk.stuck ? `; SDK STUCK listing streams after ${sdk.stuckAfterMs} ms` : ''}`,
      k === 16 ? '≥ 8×' : k === 1 ? '≥ 1×' : '']);
    rows.push([`  events fetched per line shown: ours vs SDK`, `${run.ours.fetchesPerLine}`, `SDK ${sdk.fetchesPerLine}${sdk.stuck ? ' (read no line)' : ''}`, '≤ 1.5']);
    rows.push([`  lines written / shown by ours / read by the SDK`, `${run.linesWritten} / ${run.ours.linesShown}`, `${sdk.linesRead}`, 'all, once']);
    rows.push([`  PutLogEvents sent → shown: median / p95 / max, ours (poll ${m.pollIntervalMs} ms) vs SDK (poll ${m.sdkPollMs} ms)`, `${run.delayMs.median} / ${run.delayMs.p95} / ${run.delayMs.max} ms`,
      `SDK ${sdk.delayMs.median} / ${sdk.delayMs.p95} / ${sdk.delayMs.max} ms`, '']);
  }
  const w = [0, 1, 2].map(i => Math.max(...rows.map(row => row[i].length)));
  console.log(`\n${'log tailer'.padEnd(w[0])}  ${'ours'.padEnd(w[1])}  ${'compared to'.padEnd(w[2])}  target\n${'-'.repeat(w[0])}  ${'-'.repeat(w[1])}  ${'-'.repeat(w[2])}  ------`);
  for (const row of rows) console.log(`${row[0].padEnd(w[0])}  ${row[1].padEnd(w[1])}  ${row[2].padEnd(w[2])}  ${row[3]}`);
  console.log(`\nend of the 16-instance tail: ${m.instances16.ours.end}  (bench ${r.benchSeconds} s)`);
}

const peakParts = run => {
  const p = run.atSampledPeak;
  return `${p.heapTotalMiB} / ${p.heapUsedMiB}, young ${p.spaces?.new_space?.sizeMiB ?? '?'}, ext ${p.externalMiB}`;
};

/** The backfill memory rows: ours against the SDK's algorithm, and the SDK client alone (the floor under both). */
function backfillRows(b) {
  const lines = b.lines.toLocaleString('en-US');
  const once = mode => (b[mode].everyRunEveryLineOnce ? 'every line once, in order' : `NOT every line once: ${b[mode].firstProblem ?? 'see runs'}`);
  const ratio = `${(b.ours.growthMiB / b.sdk.growthMiB).toFixed(2)}×`;
  return [
    [`${lines}-line backfill, ${BACKFILL_MEASURED}, Node ${b.node ?? '?'} (median of ${b.runs}; runs ${b.ours.growthRunsMiB.join(', ')})`, `${b.ours.growthMiB} MiB`,
      `SDK v2 multi_stream_iter ${b.sdk.growthMiB} MiB (runs ${b.sdk.growthRunsMiB.join(', ')}), ours/SDK ${ratio}`, `≤ ${b.targetGrowthMiB} MiB`],
    [`  the same, the SDK client paging FilterLogEvents alone (the floor under both)`, `${b.client.growthMiB} MiB`, `runs ${b.client.growthRunsMiB.join(', ')}`, ''],
    [`  at the peak: V8 heap total / used, of it the young generation (new_space), external (MiB)`, peakParts(b.ours), `SDK ${peakParts(b.sdk)}; client alone ${peakParts(b.client)}`, ''],
    [`  lines: ours / SDK`, `${b.ours.lines}, ${once('ours')}`, `${b.sdk.lines}, ${once('sdk')}`, `${lines}, once`],
  ];
}

if (process.argv.includes('--backfill-memory')) {
  // The memory bench alone: node bench/logs.mjs --backfill-memory
  const { bundle, cleanup } = await loadCore();
  try {
    const b = await backfillMemory(bundle);
    console.log(JSON.stringify(b, null, 2));
    for (const row of backfillRows(b)) console.log(row.join('  |  '));
  } finally {
    cleanup();
  }
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runLogsBench();
  writeFileSync(join(root, 'bench/logs-results.json'), JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  console.log('written: bench/logs-results.json');
  const missed = Object.entries(results.targets).filter(([, v]) => v.met === false).map(([k]) => k);
  if (missed.length) {
    console.log(`targets missed: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
}
