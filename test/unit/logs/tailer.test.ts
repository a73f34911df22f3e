import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TUNING, LogTailer, type TailOptions } from '../../../src/core/logs/tailer';
import { endpointTarget, trainingJobTarget } from '../../../src/core/logs/format';
import {
  agentLines, FakeClock, FakeCloudWatch, FakeJob, faultError, RecordingSink, runWithClock, seededRandom, type FakeLine,
} from '../../support/logFakes';
import type { FilterLogEventsInput, LogsApi, TailCursor } from '../../../src/core/logs/types';

const JOB = 'xgboost-2026-11-25-10-00-00-001';
const GROUP = '/aws/sagemaker/TrainingJobs';
const stream = (n: number) => `${JOB}/algo-${n}-1764064800`;

const isSorted = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

function recorded(logs: LogsApi, clock: FakeClock): LogsApi & { calls: Array<{ at: number; input: FilterLogEventsInput }> } {
  const calls: Array<{ at: number; input: FilterLogEventsInput }> = [];
  return {
    calls,
    filterLogEvents: (input, signal) => { calls.push({ at: clock.now(), input }); return logs.filterLogEvents(input, signal); },
    ...(logs.startLiveTail ? { startLiveTail: logs.startLiveTail.bind(logs) } : {}),
  };
}

/** Two instances, 300 lines each, written from t0+20 s, ingested by a batching agent. */
function smallJob(clock: FakeClock, options: { streams?: number; count?: number; startAfterMs?: number; seed?: number } = {}): FakeLine[] {
  const t0 = clock.now();
  return agentLines({
    streams: Array.from({ length: options.streams ?? 2 }, (_, i) => stream(i + 1)),
    count: options.count ?? 300, start: t0 + (options.startAfterMs ?? 20_000), spacingMs: 50, flushEveryMs: 2_000,
    jitterMs: 200, reorderMs: 300, seed: options.seed ?? 5,
  });
}

function tail(clock: FakeClock, logs: LogsApi, sink: RecordingSink, extra: Partial<TailOptions> = {}): LogTailer {
  return new LogTailer({ target: trainingJobTarget(JOB), logs, sink, clock, random: seededRandom(9), ...extra });
}

for (const [finalStatus, expected] of [
  ['Completed', '--- Completed. Billable 300 s × 2 instances (600 instance-seconds). Spot savings 40% (300 of 500 s billed).'],
  ['Failed', '--- Failed: AlgorithmError: ExecuteUserScriptError: exit code 1. Billable 300 s × 2 instances (600 instance-seconds). Spot savings 40% (300 of 500 s billed).'],
  ['Stopped', '--- Stopped. Billable 300 s × 2 instances (600 instance-seconds). Spot savings 40% (300 of 500 s billed).'],
] as const) {
  test(`a ${finalStatus} job: the tail reads once more after the terminal status, shows the late lines, then stops with the summary`, async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const lines = smallJob(clock);
    const endAt = Math.max(...lines.map(l => l.ts)) + 200;
    // The last lines reach CloudWatch after the job is already terminal; a straggler far later is never read.
    const late = [
      { stream: stream(1), ts: endAt - 100, visibleAt: endAt + 3_000, message: 'last words' },
      { stream: stream(2), ts: endAt - 50, visibleAt: endAt + 600_000, message: 'too late' },
    ];
    const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20 });
    logs.add([...lines, ...late]);
    const api = recorded(logs, clock);
    const job = new FakeJob({
      clock, creationTime: t0, endAt, finalStatus, instanceCount: 2, spot: true, billableSeconds: 300, trainingTimeSeconds: 500,
      ...(finalStatus === 'Failed' ? { failureReason: 'AlgorithmError: ExecuteUserScriptError: exit code 1' } : {}),
      transitions: [{ status: 'Starting', at: t0 }, { status: 'Training', at: t0 + 19_000, message: 'Training in progress.' }, { status: finalStatus, at: endAt }],
    });
    const sink = new RecordingSink(clock);
    const tailer = tail(clock, api, sink, { status: job });
    const summary = await runWithClock(clock, tailer.run());
    assert.equal(summary.reason, 'ended');
    assert.equal(summary.status, finalStatus);
    assert.equal(sink.output.at(-1), expected);
    assert.equal(summary.text, expected);
    assert.equal(summary.spotSavingsPercent, 40);
    assert.equal(sink.lines.length, 601);
    assert.equal(sink.lines.at(-1)!.text, '[algo-1] last words');
    assert.ok(!sink.output.includes('[algo-2] too late'));
    assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
    // The final read: after the terminal status was seen plus the grace period, and the last call of all.
    const terminalSeen = job.calls; // describe calls made
    assert.ok(terminalSeen >= 2);
    assert.ok(api.calls.at(-1)!.at >= endAt + 5_000);
    assert.equal(clock.waiting, 0);
    assert.equal(sink.ends, 1);
    assert.ok(sink.output.some(t => t.endsWith(` ${finalStatus}`)), 'the terminal transition is shown');
  });
}

test('tailing a finished job prints its whole log once, with its transitions in place, and stops', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = smallJob(clock, { streams: 3, count: 4_000 });
  const endAt = Math.max(...lines.map(l => l.visibleAt)) + 1_000;
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 1_000 });
  logs.add(lines);
  const job = new FakeJob({
    clock, creationTime: t0, endAt, instanceCount: 3, billableSeconds: 200,
    transitions: [{ status: 'Starting', at: t0 }, { status: 'Training', at: t0 + 19_000 }, { status: 'Uploading', at: endAt - 500 }, { status: 'Completed', at: endAt }],
  });
  // An hour later.
  await runWithClock(clock, clock.sleep(endAt - t0 + 3_600_000));
  const sink = new RecordingSink(clock);
  const api = recorded(logs, clock);
  const started = clock.now();
  const tailer = tail(clock, api, sink, { status: job });
  await runWithClock(clock, tailer.run());
  assert.equal(sink.lines.length, 12_000);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, 12_000);
  assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
  assert.equal(job.calls, 1, 'one DescribeTrainingJob');
  assert.equal(api.calls.length, 12, 'one paged read: 12 pages of 1,000');
  assert.equal(clock.now(), started, 'no waiting');
  assert.deepEqual(sink.statuses.filter(s => s.meta.kind === 'transition').map(s => s.text.replace(/^--- \S+ \S+ /, '')), ['Starting', 'Training', 'Uploading', 'Completed']);
  assert.equal(sink.output.at(-1), '--- Completed. Billable 200 s × 3 instances (600 instance-seconds).');
  assert.ok(sink.output.indexOf(sink.output.find(t => t.endsWith(' Training'))!) < sink.output.findIndex(t => t.startsWith('[algo-')));
  assert.ok(!sink.statuses.some(s => s.meta.kind === 'waiting'));
});

test('before the group and the streams exist the tail waits quietly, once, then picks the lines up', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = smallJob(clock, { streams: 1, startAfterMs: 90_000 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 1, transitions: [{ status: 'Starting', at: t0 + 1_000, message: 'Launching requested ML instances' }] });
  const sink = new RecordingSink(clock);
  const api = recorded(logs, clock);
  const describedAt: number[] = [];
  const status = { describe: () => { describedAt.push(clock.now()); return job.describe(); } };
  await runWithClock(clock, tail(clock, api, sink, { status }).run());
  assert.deepEqual(sink.statuses.filter(s => s.meta.kind === 'waiting').map(s => s.text), ['waiting for the first log lines…']);
  assert.equal(sink.lines.length, 300);
  assert.equal(sink.lines[0]!.text, `${stream(1)} 0`, 'one instance: no host prefix');
  // The Starting transition is shown while waiting, not held until the first line.
  const starting = sink.statuses.find(s => s.text.includes('Starting'))!;
  assert.ok(sink.output.indexOf(starting.text) < sink.output.indexOf(sink.lines[0]!.text));
  // While no line exists: the SageMaker Python SDK's cadence (a 10 s poll, the status every 30 s), no more.
  const waitingPollMs = DEFAULT_TUNING.pollIntervalMs * DEFAULT_TUNING.waitingPollFactor;
  const waitingCalls = api.calls.filter(c => c.at < t0 + 90_000).length;
  assert.ok(waitingCalls >= 90_000 / waitingPollMs - 1 && waitingCalls <= 90_000 / 10_000 + 1, `kept polling while the group was missing (${waitingCalls} calls)`);
  const waitingDescribes = describedAt.filter(at => at < t0 + 90_000).length;
  assert.ok(waitingDescribes <= 90_000 / 30_000 + 1, `${waitingDescribes} DescribeTrainingJob calls while waiting`);
});

test('a single instance shows bare lines, trailing newlines dropped; two show [host] prefixes', async () => {
  const clock = new FakeClock();
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  const t = clock.now() + 1_000;
  logs.add([
    { stream: stream(1), ts: t, visibleAt: t + 10, message: 'epoch 1\n' },
    { stream: stream(1), ts: t + 1, visibleAt: t + 10, message: 'loss 0.5\r\n' },
  ]);
  const job = new FakeJob({ clock, creationTime: clock.now(), endAt: t + 5_000, instanceCount: 1, transitions: [] });
  const sink = new RecordingSink();
  await runWithClock(clock, tail(clock, logs, sink, { status: job }).run());
  assert.deepEqual(sink.lines.map(l => l.text), ['epoch 1', 'loss 0.5']);

  const clock2 = new FakeClock();
  const logs2 = new FakeCloudWatch({ clock: clock2, logGroupName: GROUP });
  const t2 = clock2.now() + 1_000;
  logs2.add([
    { stream: stream(1), ts: t2, visibleAt: t2 + 10, message: 'a\n' },
    { stream: stream(2), ts: t2 + 1, visibleAt: t2 + 10, message: 'b\n' },
  ]);
  const job2 = new FakeJob({ clock: clock2, creationTime: clock2.now(), endAt: t2 + 5_000, instanceCount: 2, transitions: [] });
  const sink2 = new RecordingSink();
  await runWithClock(clock2, tail(clock2, logs2, sink2, { status: job2 }).run());
  assert.deepEqual(sink2.lines.map(l => l.text), ['[algo-1] a', '[algo-2] b']);
});

test('an expired session (ExpiredTokenException for 20 minutes) pauses the tail with one message naming the profile; it resumes by itself: nothing lost, nothing twice', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20 });
  const lines = smallJob(clock, { startAfterMs: 1_000, count: 3_000 });
  logs.add(lines);
  const expiredFrom = t0 + 30_000;
  const expiredUntil = expiredFrom + 20 * 60_000;
  const expired = () => clock.now() >= expiredFrom && clock.now() < expiredUntil;
  let refused = 0;
  const api: LogsApi = {
    filterLogEvents: (input, signal) => {
      if (expired()) { refused++; return Promise.reject(faultError('credentials')); }
      return logs.filterLogEvents(input, signal);
    },
  };
  const job = new FakeJob({ clock, creationTime: t0, endAt: expiredUntil + 60_000, instanceCount: 2, transitions: [] });
  const status = { describe: () => expired() ? Promise.reject(faultError('credentials')) : job.describe() };
  const sink = new RecordingSink();
  const tailer = tail(clock, api, sink, { status, profile: 'ml-dev' });
  let pausedSeen = false;
  const summary = await runWithClock(clock, tailer.run(), { onStep: () => { if (tailer.paused) pausedSeen = true; } });
  assert.equal(summary.reason, 'ended');
  assert.ok(pausedSeen);
  assert.equal(tailer.paused, false, 'resumed');
  assert.equal(sink.lines.length, lines.length, 'every line');
  assert.equal(new Set(sink.lines.map(l => l.text)).size, lines.length, 'none twice');
  const stamps = sink.lines.map(l => l.meta.timestamp);
  assert.ok(stamps.every((v, i) => i === 0 || v >= stamps[i - 1]!), 'in order');
  const paused = sink.statuses.filter(s => s.meta.kind === 'paused');
  assert.equal(paused.length, 1, 'one message');
  assert.match(paused[0]!.text, /profile "ml-dev".*aws sso login --profile ml-dev/);
  assert.equal(sink.statuses.filter(s => s.meta.kind === 'retrying').length, 0);
  assert.ok(refused >= 15 && refused <= 25, `${refused} reads refused in 20 minutes: checked about once a minute`);
});

test('missing credentials stop the tail with one clear message', async () => {
  const clock2 = new FakeClock();
  const logs2 = new FakeCloudWatch({ clock: clock2, logGroupName: GROUP });
  const job2 = new FakeJob({ clock: clock2, creationTime: clock2.now(), endAt: Infinity, transitions: [] });
  job2.failNext(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
  const sink2 = new RecordingSink();
  const summary2 = await runWithClock(clock2, tail(clock2, logs2, sink2, { status: job2 }).run());
  assert.equal(summary2.error?.kind, 'credentials');
  assert.match(sink2.output.at(-1)!, /^--- The log tail stopped: No AWS credentials were found\./);
  assert.equal(logs2.calls.filterLogEvents, 0);
});

test('throttling backs off exponentially with jitter, says so once, and resumes where it was: nothing lost, nothing twice', async () => {
  const clock = new FakeClock();
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 100 });
  const lines = smallJob(clock, { startAfterMs: 1_000, count: 1_000 });
  logs.add(lines);
  const api = recorded(logs, clock);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: clock.now(), endAt, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink();
  let injectedAt = -1;
  await runWithClock(clock, tail(clock, api, sink, { status: job }).run(), {
    onStep: () => {
      if (injectedAt < 0 && sink.lines.length > 300) {
        injectedAt = api.calls.length;
        logs.failNext('throttle', 'throttle', 'drop', 'throttle', 'server-error', 'throttle');
      }
    },
  });
  assert.equal(sink.lines.length, 2_000);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, 2_000);
  assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
  assert.deepEqual(sink.statuses.filter(s => s.meta.kind === 'retrying').map(s => s.text), ['--- CloudWatch Logs: socket hang up; retrying…'], 'said once, at the third failure in a row');
  // The retries: the same request (same nextToken) again, after growing delays: 1-2 s, 2-4 s, 4-8 s, 8-16 s, 15-30 s.
  const storm = api.calls.slice(injectedAt, injectedAt + 7);
  assert.ok(storm.every(c => JSON.stringify(c.input) === JSON.stringify(storm[0]!.input)), 'the same request, six times over');
  const gaps = storm.map((c, i) => (i ? c.at - storm[i - 1]!.at : 0)).slice(2);
  assert.equal(gaps.length, 5);
  assert.ok(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]!), `growing backoff ${gaps}`);
  assert.ok(gaps[0]! >= 1_000 && gaps[0]! <= 2_000 && gaps[3]! >= 8_000 && gaps[3]! <= 16_000 && gaps[4]! >= 15_000 && gaps[4]! <= 30_000, `${gaps}`);
  assert.ok(new Set(gaps.map((g, i) => g / 2 ** i)).size > 1, 'jittered');
});

test('a re-attached tail continues from the saved cursor without repeating a line or a status', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = smallJob(clock, { streams: 4, count: 3_000, startAfterMs: 5_000 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({
    clock, creationTime: t0, endAt, instanceCount: 4,
    transitions: [{ status: 'Starting', at: t0 }, { status: 'Training', at: t0 + 4_000 }, { status: 'Completed', at: endAt }],
  });
  const first = new RecordingSink();
  const abort = new AbortController();
  let saved: TailCursor | undefined;
  const a = tail(clock, logs, first, { status: job, signal: abort.signal, onCursor: c => { saved = JSON.parse(JSON.stringify(c)); } });
  const summaryA = await runWithClock(clock, a.run(), { onStep: () => { if (clock.now() >= t0 + 60_000) abort.abort(); } });
  assert.equal(summaryA.reason, 'aborted');
  assert.ok(first.lines.length > 1_000 && first.lines.length < 12_000, `${first.lines.length} shown before the detach`);
  assert.ok(saved && saved.seen.length > 0 && saved.seen.length < 2_500, `the cursor carries a few seconds of lines: ${saved?.seen.length}`);
  assert.ok(JSON.stringify(saved).length < 100_000);

  // Later, from a new session.
  await runWithClock(clock, clock.sleep(30_000));
  const second = new RecordingSink();
  const b = tail(clock, logs, second, { status: job, cursor: saved! });
  const summaryB = await runWithClock(clock, b.run());
  assert.equal(summaryB.reason, 'ended');
  const all = [...first.lines, ...second.lines].map(l => l.text);
  assert.equal(all.length, 12_000);
  assert.equal(new Set(all).size, 12_000);
  assert.ok(isSorted([...first.lines, ...second.lines].map(l => l.meta.timestamp)));
  assert.ok(!second.output.some(t => / (Starting|Training)$/.test(t)), 'statuses shown before are not shown again');
  assert.ok(second.output.some(t => / Completed$/.test(t)));
  assert.ok(!second.statuses.some(s => s.meta.kind === 'waiting'));
  assert.equal(summaryB.lines, 12_000);
});

test('endpoint logs: /aws/sagemaker/Endpoints/<name>, <variant>/<instance-id> hosts, until aborted', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const logs = new FakeCloudWatch({ clock, logGroupName: '/aws/sagemaker/Endpoints/my-endpoint' });
  logs.add(agentLines({
    streams: ['AllTraffic/i-0a1b2c3d4e5f60001', 'AllTraffic/i-0a1b2c3d4e5f60002'], count: 200, start: t0 - 30_000,
    spacingMs: 300, flushEveryMs: 1_000, jitterMs: 100, reorderMs: 100, seed: 2,
  }));
  const api = recorded(logs, clock);
  const abort = new AbortController();
  const sink = new RecordingSink();
  const tailer = new LogTailer({ target: endpointTarget('my-endpoint'), logs: api, sink, clock, signal: abort.signal, startTime: t0 - 60_000, expectedHosts: 2 });
  const summary = await runWithClock(clock, tailer.run(), { onStep: () => { if (clock.now() >= t0 + 120_000) abort.abort(); } });
  assert.equal(summary.reason, 'aborted');
  assert.equal(sink.lines.length, 400);
  assert.match(sink.lines[0]!.text, /^\[AllTraffic\/i-0a1b2c3d4e5f6000[12]\] AllTraffic/);
  assert.ok(api.calls.every(c => c.input.logGroupName === '/aws/sagemaker/Endpoints/my-endpoint' && c.input.logStreamNamePrefix === ''));
  assert.equal(api.calls[0]!.input.startTime, t0 - 60_000);
  assert.equal(sink.output.at(-1), '--- Log tail stopped (400 lines shown).');
});

test('poll cost does not grow with the number of instances', async () => {
  async function callsFor(instances: number): Promise<number> {
    const clock = new FakeClock();
    const t0 = clock.now();
    const lines = agentLines({
      streams: Array.from({ length: instances }, (_, i) => stream(i + 1)), count: Math.round(3_200 / instances), start: t0 + 5_000,
      spacingMs: 25 * instances, flushEveryMs: 2_000, jitterMs: 100, reorderMs: 100, seed: 4,
    });
    const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
    logs.add(lines);
    const job = new FakeJob({ clock, creationTime: t0, endAt: t0 + 120_000, instanceCount: instances, transitions: [] });
    const sink = new RecordingSink();
    await runWithClock(clock, tail(clock, logs, sink, { status: job }).run());
    assert.equal(sink.lines.length, lines.length);
    return logs.calls.filterLogEvents;
  }
  const one = await callsFor(1);
  const sixteen = await callsFor(16);
  const sixtyFour = await callsFor(64);
  assert.equal(sixteen, one);
  assert.equal(sixtyFour, one);
});

test('the de-duplication window and the buffer stay bounded on a long run', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const hours = 3;
  const lines = agentLines({
    streams: [stream(1), stream(2)], count: hours * 3_600 * 5, start: t0 + 1_000, spacingMs: 300, flushEveryMs: 5_000,
    jitterMs: 500, reorderMs: 500, seed: 8,
  });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  let shown = 0;
  const sink = { line: () => { shown++; }, status: () => undefined, end: () => undefined };
  const tailer = new LogTailer({ target: trainingJobTarget(JOB), logs, status: job, sink, clock, random: seededRandom(1) });
  const samples: number[] = [];
  let next = t0;
  await runWithClock(clock, tailer.run(), {
    onStep: () => { if (clock.now() >= next) { samples.push(tailer.stats().seenWindow); next += 600_000; } },
  });
  const stats = tailer.stats();
  assert.equal(shown, lines.length);
  // ~10 lines/s: the window holds the overlap (90 s) and a few seconds of lines, at the first hour as at the last.
  assert.ok(stats.seenWindowPeak < 1_300, `peak ${stats.seenWindowPeak}`);
  assert.ok(samples.length >= 15 && samples.every(s => s < 1_300), `${samples}`);
  assert.ok(stats.pendingPeak < 500, `buffer peak ${stats.pendingPeak}`);

  // A cap smaller than the overlap's worth: between polls the window is cut back to it (a poll adds its new lines
  // before the cut: ~75 lines/s × (2 s poll + 2 s hold-back)); still nothing twice.
  const clock2 = new FakeClock();
  const logs2 = new FakeCloudWatch({ clock: clock2, logGroupName: GROUP });
  const lines2 = agentLines({ streams: [stream(1)], count: 20_000, start: clock2.now() + 1_000, spacingMs: 20, flushEveryMs: 1_000, jitterMs: 50, reorderMs: 50, seed: 3 });
  logs2.add(lines2);
  const job2 = new FakeJob({ clock: clock2, creationTime: clock2.now(), endAt: Math.max(...lines2.map(l => l.ts)) + 100, instanceCount: 1, transitions: [] });
  const sink2 = new RecordingSink();
  const capped = new LogTailer({ target: trainingJobTarget(JOB), logs: logs2, status: job2, sink: sink2, clock: clock2, tuning: { maxSeen: 500 } });
  await runWithClock(clock2, capped.run());
  assert.equal(sink2.lines.length, 20_000);
  assert.equal(new Set(sink2.lines.map(l => l.text)).size, 20_000);
  assert.ok(capped.stats().seenWindowPeak <= 500 + 400, `capped peak ${capped.stats().seenWindowPeak}`);
  assert.ok(capped.stats().seenWindow <= 500);
});

test('a huge backfill is shown with a bounded buffer', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 60_000, start: t0, spacingMs: 10, flushEveryMs: 1_000, jitterMs: 10, reorderMs: 10, seed: 1 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 10_000 });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.visibleAt)) + 100;
  await runWithClock(clock, clock.sleep(endAt - t0 + 60_000));
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink();
  const tailer = tail(clock, logs, sink, { status: job, tuning: { maxPending: 20_000 } });
  await runWithClock(clock, tailer.run());
  assert.equal(sink.lines.length, 120_000);
  assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
  assert.ok(tailer.stats().pendingPeak <= 40_000, `buffer peak ${tailer.stats().pendingPeak}`);
});

test('a busy backfill\'s final read keeps a few pages in the de-duplication window, not the last 90 s: every line once, in order', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  // 1,000 lines a second for two minutes: 90 s of it would be 90,000 lines in the window.
  const streams = [1, 2, 3, 4].map(stream);
  const lines = agentLines({ streams, count: 30_000, start: t0, spacingMs: 4, flushEveryMs: 1_000, jitterMs: 10, reorderMs: 10, seed: 3 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 10_000 });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.visibleAt)) + 100;
  await runWithClock(clock, clock.sleep(endAt - t0 + 60_000));
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 4, transitions: [] });
  const sink = new RecordingSink();
  const tailer = tail(clock, logs, sink, { status: job });
  await runWithClock(clock, tailer.run());
  assert.equal(sink.lines.length, 120_000);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, 120_000);
  assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
  // The cap, the page being read and the one before it (a repeated page restarts from there), a second's bucket.
  const peak = tailer.stats().seenWindowPeak;
  assert.ok(peak <= DEFAULT_TUNING.maxSeenFinal + 2 * 10_000 + 1_000, `window peak ${peak}`);
});

test('a refused nextToken restarts the run; an unknown error stops the tail after a few tries', async () => {
  const clock = new FakeClock();
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 50 });
  const lines = smallJob(clock, { startAfterMs: 1_000, count: 400 });
  logs.add(lines);
  const job = new FakeJob({ clock, creationTime: clock.now(), endAt: Math.max(...lines.map(l => l.ts)) + 100, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink();
  let injected = false;
  await runWithClock(clock, tail(clock, logs, sink, { status: job }).run(), {
    onStep: () => { if (!injected && sink.lines.length > 100) { injected = true; logs.failNext('invalid-token'); } },
  });
  assert.equal(logs.faults['invalid-token'], 1);
  assert.equal(sink.lines.length, 800);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, 800);

  const clock2 = new FakeClock();
  const weird: LogsApi = { filterLogEvents: async () => { throw Object.assign(new Error('Something odd'), { name: 'OddException' }); } };
  const sink2 = new RecordingSink();
  const summary = await runWithClock(clock2, tail(clock2, weird, sink2).run());
  assert.equal(summary.reason, 'error');
  assert.equal(sink2.output.at(-1), '--- The log tail stopped: Something odd');
});

test('a status call that fails for a while does not stop the lines', async () => {
  const clock = new FakeClock();
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  const lines = smallJob(clock, { startAfterMs: 1_000 });
  logs.add(lines);
  const job = new FakeJob({ clock, creationTime: clock.now(), endAt: Math.max(...lines.map(l => l.ts)) + 100, instanceCount: 2, transitions: [] });
  job.failNext(faultError('throttle'), faultError('drop'), faultError('server-error'));
  const sink = new RecordingSink();
  const summary = await runWithClock(clock, tail(clock, logs, sink, { status: job }).run());
  assert.equal(summary.reason, 'ended');
  assert.equal(sink.lines.length, 600);
});

test('polls read back a few seconds, a deep poll every 30 s reads back 90 s: a line ingested a minute late is still shown (once, flagged late); 2 minutes late is beyond the overlap', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = smallJob(clock, { count: 6_000, startAfterMs: 1_000 });
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add([
    ...lines,
    { stream: stream(1), ts: t0 + 20_000, visibleAt: t0 + 79_000, message: 'ingested a minute late' },
    { stream: stream(2), ts: t0 + 20_000, visibleAt: t0 + 140_000, message: 'ingested 2 min late' },
  ]);
  const api = recorded(logs, clock);
  const job = new FakeJob({ clock, creationTime: t0, endAt: Math.max(endAt, t0 + 200_000), instanceCount: 2, transitions: [] });
  const sink = new RecordingSink();
  const tailer = tail(clock, api, sink, { status: job });
  await runWithClock(clock, tailer.run());
  const late = sink.lines.find(l => l.text.endsWith('ingested a minute late'))!;
  assert.ok(late.meta.late);
  assert.ok(!sink.output.some(t => t.endsWith('ingested 2 min late')));
  assert.equal(sink.lines.length, 12_001);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, 12_001);
  assert.equal(tailer.stats().lateLines, 1);
  // While lines flow: most runs start where the previous one settled (a poll and the ~3.2 s allowance of a 2 s agent
  // flush before); one poll in deepPollEveryMs / pollIntervalMs reads back 90 s. The line ingested a minute late did
  // not raise the hold-back.
  const runs = api.calls.filter(c => c.input.nextToken === undefined && c.at > t0 + 70_000 && c.at < endAt - 5_000);
  const readBack = runs.map(c => c.at - c.input.startTime!);
  const shallow = 1 - DEFAULT_TUNING.pollIntervalMs / DEFAULT_TUNING.deepPollEveryMs;
  assert.ok(readBack.filter(b => b <= 14_000).length >= Math.floor(runs.length * shallow) - 1, `${readBack}`);
  assert.ok(tailer.stats().holdbackMs < 5_000);
  assert.ok(readBack.some(b => b >= 90_000), 'deep polls');
  assert.ok(tailer.stats().deepPolls >= 3);
});
