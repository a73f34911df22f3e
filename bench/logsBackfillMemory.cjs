// A 1-million-line backfill read in a process of its own, for that process's RSS growth:
//   node bench/logsBackfillMemory.cjs <core bundle> <ours|sdk|client> <fake CloudWatch url>
// The process holds what an extension host tailing a job holds: the SDK clients (made by createAwsClients, as the
// extension makes them), HTTP to "CloudWatch", and the reader. CloudWatch is bench/logsBackfillFake.cjs in another
// process, so none of the service's events count here. The job is bench/logsBackfillJob.cjs (finished, 16 instances).
// - ours: createTrainingJobTail, the tailer the extension runs (FilterLogEvents over the job, the streams' check, the
//   Logs Insights line count at the end), its sink checking each line;
// - sdk: the SageMaker Python SDK v2's logs_for_job on a finished job (DescribeTrainingJob, DescribeLogStreams, then
//   multi_stream_iter: per stream, GetLogEvents from its position until an empty page, one page per stream held
//   while the streams' events are merged by timestamp), through the same SDK client;
// - client: the floor under both, FilterLogEvents paged through the SDK client with each page's events checked and
//   dropped (what any reader of a million lines over the SDK pays before keeping anything).
// Every mode checks that each line comes once, in timestamp order (bench/logsBackfillJob.cjs lineCheck).
// Growth is the peak RSS less the RSS at the start (after loading the code, making the clients and one call each):
// the peak is the kernel's high-water mark (VmHWM, reset at the start through /proc/self/clear_refs) where Linux
// has it, else the largest of samples taken every few milliseconds. No collection is forced: the figure is what the
// process reaches with V8's own heap sizing, as an extension host would. Prints one JSON object.
const { readFileSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const { JOB, LOG_GROUP, STREAMS, lineCheck } = require('./logsBackfillJob.cjs');
const { skipShown } = require('./sdkLogSkip.cjs');

const [, , bundle, mode, endpointUrl] = process.argv;
if (!['ours', 'sdk', 'client'].includes(mode) || !endpointUrl) {
  console.error('usage: node bench/logsBackfillMemory.cjs <core bundle> <ours|sdk|client> <fake CloudWatch url>');
  process.exit(2);
}
const core = require(bundle);
const MiB = 1048576;
const SAMPLE_EVERY_MS = 5;

/** The kernel's peak RSS of this process since the last reset, in bytes (undefined off Linux). */
function highWaterMark() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
/** Resets VmHWM to the RSS now; whether the kernel allowed it. */
function resetHighWaterMark() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function readOurs(clients, check) {
  let cursor;
  const sink = { line: line => check.take(line.stream, line.message), status: () => undefined, end: () => undefined };
  // As the extension's tails: the cursor kept (logTails.ts saves the latest every few seconds).
  const tail = core.createTrainingJobTail(clients, JOB, { sink, onCursor: next => { cursor = next; } });
  const summary = await tail.run();
  const stats = tail.stats();
  return {
    end: summary.text, ...(summary.incomplete ? { incomplete: summary.incomplete } : {}), cursorSeen: cursor?.seen.length ?? 0,
    calls: { filterLogEvents: stats.filterLogEventsCalls, describeTrainingJob: stats.describeCalls, streamReads: stats.streamReads },
    seenWindowPeak: stats.seenWindowPeak, pendingPeak: stats.pendingPeak, duplicatesDropped: stats.duplicates,
  };
}

/** logs.py log_stream: GetLogEvents from (timestamp, skip) on, startFromHead, until an empty page. */
async function* logStream(logs, stream, start, skip) {
  let token;
  for (;;) {
    const out = await logs.send(new core.GetLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: stream, startTime: start, startFromHead: true, ...(token ? { nextToken: token } : {}) }));
    token = out.nextForwardToken;
    const page = out.events ?? [];
    if (page.length === 0) return;
    const unseen = skipShown(page, skip);
    skip = unseen.skip;
    yield* unseen.events;
  }
}

async function readSdk(clients, check) {
  const logs = clients.logs().client;
  await clients.sageMaker().client.send(new core.DescribeTrainingJobCommand({ TrainingJobName: JOB }));
  const listed = await logs.send(new core.DescribeLogStreamsCommand({ logGroupName: LOG_GROUP, logStreamNamePrefix: `${JOB}/`, orderBy: 'LogStreamName', limit: Math.min(STREAMS.length, 50) }));
  const names = (listed.logStreams ?? []).map(s => s.logStreamName);
  // multi_stream_iter: every stream's head, the oldest printed first; positions as _flush_log_streams keeps them.
  const positions = new Map(names.map(name => [name, { timestamp: 0, skip: 0 }]));
  const iters = names.map(name => logStream(logs, name, positions.get(name).timestamp, positions.get(name).skip));
  const heads = await Promise.all(iters.map(async it => (await it.next()).value));
  for (;;) {
    let best = -1;
    for (let s = 0; s < heads.length; s++) if (heads[s] && (best < 0 || heads[s].timestamp < heads[best].timestamp)) best = s;
    if (best < 0) break;
    const e = heads[best];
    check.take(names[best], e.message);
    const p = positions.get(names[best]);
    positions.set(names[best], e.timestamp === p.timestamp ? { timestamp: e.timestamp, skip: p.skip + 1 } : { timestamp: e.timestamp, skip: 1 });
    heads[best] = (await iters[best].next()).value;
  }
  return { streams: names.length };
}

async function readClient(clients, check) {
  const logs = clients.logs();
  let nextToken;
  let pages = 0;
  do {
    const out = await logs.filterLogEvents({ logGroupName: LOG_GROUP, logStreamNamePrefix: `${JOB}/`, interleaved: true, ...(nextToken ? { nextToken } : {}) });
    pages++;
    for (const e of out.events ?? []) check.take(e.logStreamName, e.message);
    nextToken = out.nextToken;
  } while (nextToken);
  return { pages };
}

async function run() {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const clients = core.createAwsClients({ endpointUrl, region: 'us-east-1' });
  // As in an extension host that has used its clients: the SDK's lazily built parts (credentials, the HTTP agent,
  // the serde) exist before the backfill, and are not counted as its growth.
  await clients.sageMaker().describeTrainingJob({ TrainingJobName: JOB });
  await clients.logs().describeLogStreams({ logGroupName: LOG_GROUP, logStreamNamePrefix: `${JOB}/` });

  const usage = () => process.memoryUsage();
  const hwm = resetHighWaterMark();
  const start = usage();
  let sampled = start;
  let spacesAtPeak = v8.getHeapSpaceStatistics();
  const sample = () => {
    const now = usage();
    if (now.rss <= sampled.rss) return;
    sampled = now;
    // V8's young generation (new_space) grows with what survives its scavenges: on Node 24 it dominates the peak.
    spacesAtPeak = v8.getHeapSpaceStatistics();
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  const check = lineCheck();
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const details = await { ours: readOurs, sdk: readSdk, client: readClient }[mode](clients, check);
  const cpu = process.cpuUsage(cpu0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  sample();
  const kernelPeak = hwm ? highWaterMark() : undefined;
  const peak = Math.max(sampled.rss, kernelPeak ?? 0);
  clients.destroy();
  const mib = bytes => Math.round(bytes / MiB * 10) / 10;
  const breakdown = u => ({ rssMiB: mib(u.rss), heapTotalMiB: mib(u.heapTotal), heapUsedMiB: mib(u.heapUsed), externalMiB: mib(u.external), arrayBuffersMiB: mib(u.arrayBuffers) });
  const space = name => spacesAtPeak.find(s => s.space_name === name);
  const spaces = Object.fromEntries(['new_space', 'old_space', 'large_object_space'].filter(space).map(name => [name, { sizeMiB: mib(space(name).space_size), usedMiB: mib(space(name).space_used_size) }]));
  process.stdout.write(JSON.stringify({
    mode, ...check.result(),
    startRssMiB: mib(start.rss), peakRssMiB: mib(peak), growthMiB: mib(peak - start.rss),
    peakFrom: kernelPeak !== undefined ? 'VmHWM' : `samples every ${SAMPLE_EVERY_MS} ms`,
    atStart: breakdown(start), atSampledPeak: { ...breakdown(sampled), spaces },
    seconds: Math.round(seconds * 10) / 10, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    node: process.version, ...details,
  }));
}
run().catch(error => { console.error(error); process.exit(1); });
