// The log tailer's bench: node bench/logs.mjs  (or `import { runLogsBench } from './logs.mjs'` from bench/run.mjs)
//
// 1. Throughput: lines per second into a no-op sink, the tailer fed by a fake CloudWatch that hands out pre-built
//    pages (a finished job's backfill), and a streaming run under the fake clock (16 instances, every poll re-reading
//    its overlap window: the tailer's steady-state work, de-duplication included).
// 2. CloudWatch calls per minute for a 16-instance job on moto (the project's patched moto behind the counting
//    proxy, test/harness): our tailer (one FilterLogEvents run per poll) and, in the same run on the same emulator,
//    the SageMaker SDK's algorithm as a baseline (DescribeLogStreams, then one GetLogEvents per stream, every poll),
//    both polling every 2 s while a writer PutLogEvents to the 16 streams (4-12 lines per instance a second) for 24 s.
// 3. Delay from PutLogEvents to the line reaching our sink (median, p95, max): in a job of its own (20 s, same writer)
//    with our tailer alone; side by side, the baseline's 17 calls a poll slow moto's own PutLogEvents down (that
//    delay is reported too).
//
// The TypeScript sources are bundled with esbuild into a temporary file first (no dependency on `tsc` output).
// Writes bench/logs-results.json and prints a table when run directly.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const POLL_MS = 2_000;
const INSTANCES = 16;
const WRITE_SECONDS = Number(process.env.LOGS_BENCH_WRITE_SECONDS || 24);
const LATENCY_SECONDS = Number(process.env.LOGS_BENCH_LATENCY_SECONDS || 20);
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
        export { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
      `,
      resolveDir: root, loader: 'ts', sourcefile: 'logs-bench-entry.ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning',
  });
  try {
    return require(outfile);
  } finally {
    rmSync(dirname(outfile), { recursive: true, force: true }); // loaded: the bundle is no longer needed
  }
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

/** The SageMaker Python SDK's logs_for_job algorithm, per poll: DescribeLogStreams(prefix), then GetLogEvents per stream. */
function sdkBaseline(core, clients, job, signal) {
  const { DescribeLogStreamsCommand, GetLogEventsCommand } = core;
  const logs = clients.logs().client;
  const group = '/aws/sagemaker/TrainingJobs';
  const tokens = new Map();
  const state = { lines: 0, calls: { DescribeLogStreams: 0, GetLogEvents: 0 }, polls: 0, errors: 0 };
  state.done = (async () => {
    while (!signal.aborted) {
      const started = Date.now();
      state.polls++;
      try {
        const names = [];
        let nextToken;
        do {
          state.calls.DescribeLogStreams++;
          const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: `${job}/`, orderBy: 'LogStreamName', limit: 50, ...(nextToken ? { nextToken } : {}) }));
          names.push(...(out.logStreams ?? []).map(s => s.logStreamName));
          nextToken = out.nextToken;
        } while (nextToken);
        for (const name of names) {
          for (;;) {
            state.calls.GetLogEvents++;
            const token = tokens.get(name);
            const out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: name, startFromHead: true, ...(token ? { nextToken: token } : {}) }));
            state.lines += (out.events ?? []).length;
            tokens.set(name, out.nextForwardToken);
            if ((out.events ?? []).length < 10_000) break; // a full page: read on, as the SDK does
          }
        }
      } catch (error) {
        if (error?.name !== 'ResourceNotFoundException') state.errors++;
      }
      await sleep(Math.max(0, POLL_MS - (Date.now() - started)));
    }
  })();
  return state;
}

/**
 * One 16-instance training job on moto: a writer PutLogEvents (directly to moto) to its 16 streams for `seconds`,
 * our tailer reads it through the counting proxy until the job's final read; with `baseline`, the SDK's algorithm
 * reads it too, through the same proxy, at the same interval.
 */
async function jobRun(core, env, { seconds, baseline: withBaseline }) {
  const { createTrainingJobTail, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, CreateTrainingJobCommand } = core;
  const { server, proxy, readers, writer } = env;
  const job = `bench-logs-${Date.now()}`;
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
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: INSTANCES, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  }));
  const logs = writer.logs().client;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(e => { if (e.name !== 'ResourceAlreadyExistsException') throw e; });

  await fetch(`${proxy.url}/__proxy/reset`, { method: 'POST' });
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
  const tail = createTrainingJobTail(readers, job, { sink, signal: abort.signal });
  const ours = tail.run();
  const baselineAbort = new AbortController();
  const baseline = withBaseline ? sdkBaseline(core, readers, job, baselineAbort.signal) : undefined;

  // The writer: 16 instances, each putting 4-12 lines once a second, not in step with each other.
  const epoch = Math.floor(Date.now() / 1000);
  const streams = Array.from({ length: INSTANCES }, (_, i) => ({ name: `${job}/algo-${i + 1}-${epoch}`, host: `algo-${i + 1}`, seq: 0 }));
  await Promise.all(streams.map(s => logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s.name }))));
  let written = 0;
  let puts = 0;
  const writeUntil = Date.now() + seconds * 1000;
  await Promise.all(streams.map(async (s, i) => {
    // Every container prints as it starts; then each instance's agent puts on its own cycle.
    let next = Date.now() + Math.round((i + 1) * WRITE_EVERY_MS / INSTANCES);
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
  const timeout = setTimeout(() => abort.abort(), 45_000);
  await ours;
  clearTimeout(timeout);
  const tailEnded = Date.now();
  baselineAbort.abort();
  await baseline?.done;
  const minutes = (tailEnded - started) / 60_000;
  const stats = proxy.stats();
  const count = name => stats[name] ?? 0;
  const perMinute = n => Math.round(n / minutes * 10) / 10;
  const oursCalls = count('Logs_20140328.FilterLogEvents');
  const baselineCalls = count('Logs_20140328.DescribeLogStreams') + count('Logs_20140328.GetLogEvents');
  const tailStats = tail.stats();
  const spread = values => ({ samples: values.length, median: quantile(values, 0.5), p95: quantile(values, 0.95), max: quantile(values, 1) });
  return {
    job,
    linesWritten: written,
    putLogEventsCalls: puts,
    putLogEventsRoundTripMs: spread(putTimes),
    tailSeconds: Math.round((tailEnded - started) / 100) / 10,
    finalReadAfterWriterStoppedSeconds: Math.round((tailEnded - writerDone) / 100) / 10,
    ours: {
      linesShown: shown,
      end: summary?.text,
      filterLogEventsCalls: oursCalls,
      callsPerMinute: perMinute(oursCalls),
      describeTrainingJobCalls: count('SageMaker.DescribeTrainingJob'),
      describeTrainingJobPerMinute: perMinute(count('SageMaker.DescribeTrainingJob')),
      deepPolls: tailStats.deepPolls,
      duplicatesDropped: tailStats.duplicates,
      lateLines: tailStats.lateLines,
      holdbackMs: tailStats.holdbackMs,
    },
    ...(baseline ? {
      sdkBaseline: {
        linesRead: baseline.lines,
        describeLogStreamsCalls: count('Logs_20140328.DescribeLogStreams'),
        getLogEventsCalls: count('Logs_20140328.GetLogEvents'),
        callsPerMinute: perMinute(baselineCalls),
        polls: baseline.polls,
        errors: baseline.errors,
      },
      callRatio: Math.round(baselineCalls / Math.max(1, oursCalls) * 10) / 10,
    } : {}),
    // From the PutLogEvents request being sent (the line's timestamp) to our sink.
    delayMs: { ...spread(delays), target: POLL_MS + 300 },
    // From the PutLogEvents response (the line is in CloudWatch) to our sink.
    delayFromAckMs: spread(delaysFromAck),
    proxyStats: stats,
  };
}

async function moto(core) {
  const { startMoto, FAKE_CREDENTIALS } = require(join(root, 'test/harness/moto.js'));
  const { startAwsProxy } = require(join(root, 'test/harness/awsProxy.js'));
  const saved = Object.fromEntries(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'].map(k => [k, process.env[k]]));
  Object.assign(process.env, FAKE_CREDENTIALS, { AWS_DEFAULT_REGION: 'us-east-1' });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const server = await startMoto();
  const proxy = await startAwsProxy(server.url);
  const env = {
    server, proxy,
    readers: core.createAwsClients({ endpointUrl: proxy.url, region: 'us-east-1' }),
    writer: core.createAwsClients({ endpointUrl: server.url, region: 'us-east-1' }),
  };
  try {
    // Delay: ours alone (the baseline's 17 calls a poll slow the emulator's own ingestion down).
    const alone = await jobRun(core, env, { seconds: LATENCY_SECONDS, baseline: false });
    // Calls: ours and the SDK's algorithm side by side on one job.
    const sideBySide = await jobRun(core, env, { seconds: WRITE_SECONDS, baseline: true });
    return { instances: INSTANCES, pollIntervalMs: POLL_MS, sideBySide, alone };
  } finally {
    env.readers.destroy();
    env.writer.destroy();
    proxy.stop();
    server.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function runLogsBench() {
  const core = await loadCore();
  const started = Date.now();
  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map(l => Math.round(l * 100) / 100) },
    throughput: await throughput(core),
    moto: await moto(core),
  };
  results.benchSeconds = Math.round((Date.now() - started) / 100) / 10;
  const m = results.moto;
  results.targets = {
    throughputLinesPerSecond: { target: 100_000, value: results.throughput.backfillLinesPerSecond, met: results.throughput.backfillLinesPerSecond >= 100_000 },
    callRatio: { target: 8, value: m.sideBySide.callRatio, met: m.sideBySide.callRatio >= 8 },
    delayP95Ms: { target: POLL_MS + 300, value: m.alone.delayMs.p95, met: m.alone.delayMs.p95 <= POLL_MS + 300 },
    everyLineOnce: {
      met: [m.sideBySide, m.alone].every(r => r.ours.linesShown === r.linesWritten) && m.sideBySide.sdkBaseline.linesRead === m.sideBySide.linesWritten,
    },
  };
  return results;
}

export function printTable(r) {
  const t = r.throughput;
  const m = r.moto.sideBySide;
  const a = r.moto.alone;
  const n = x => x.toLocaleString('en-US');
  const rows = [
    ['tailer throughput: backfill, pre-built pages → no-op sink', `${n(t.backfillLinesPerSecond)} lines/s`, '≥ 100,000'],
    [`tailer throughput: streaming, ${INSTANCES} instances, fake clock (fake's time excluded)`, `${n(t.streamingLinesPerSecond)} lines/s`, ''],
    [`CloudWatch calls/min, ${INSTANCES}-instance job on moto: ours (FilterLogEvents)`, `${m.ours.callsPerMinute}`, ''],
    [`  SDK algorithm, same run (DescribeLogStreams + ${INSTANCES} GetLogEvents a poll)`, `${m.sdkBaseline.callsPerMinute}`, ''],
    ['  ratio (SDK / ours)', `${m.callRatio}×`, '≥ 8×'],
    ['  ours also: DescribeTrainingJob/min (SageMaker)', `${m.ours.describeTrainingJobPerMinute}`, ''],
    [`PutLogEvents sent → sink, polling every ${POLL_MS / 1000} s (ours alone): median`, `${a.delayMs.median} ms`, ''],
    ['  p95 / max', `${a.delayMs.p95} / ${a.delayMs.max} ms`, `p95 ≤ ${a.delayMs.target} ms`],
    ['  same, while the SDK algorithm also polls: median / p95 / max', `${m.delayMs.median} / ${m.delayMs.p95} / ${m.delayMs.max} ms`, ''],
    ['  moto PutLogEvents round trip alone / side by side: p95', `${a.putLogEventsRoundTripMs.p95} / ${m.putLogEventsRoundTripMs.p95} ms`, ''],
    ['lines written / shown by ours / read by the SDK algorithm', `${m.linesWritten} / ${m.ours.linesShown} / ${m.sdkBaseline.linesRead}`, 'all, once'],
  ];
  const w0 = Math.max(...rows.map(x => x[0].length));
  const w1 = Math.max(...rows.map(x => x[1].length));
  console.log(`\n${'log tailer'.padEnd(w0)}  ${'value'.padEnd(w1)}  target\n${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ------`);
  for (const [x, y, z] of rows) console.log(`${x.padEnd(w0)}  ${y.padEnd(w1)}  ${z}`);
  console.log(`\nend of tail: ${m.ours.end}  (final read ${m.finalReadAfterWriterStoppedSeconds} s after the writer stopped; bench ${r.benchSeconds} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runLogsBench();
  writeFileSync(join(root, 'bench/logs-results.json'), JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  console.log('written: bench/logs-results.json');
  const missed = Object.entries(results.targets).filter(([, v]) => !v.met).map(([k]) => k);
  if (missed.length) {
    console.log(`targets missed: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
}
