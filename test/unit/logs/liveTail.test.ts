import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TUNING, LogTailer } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, RecordingSink, runWithClock, seededRandom, type FakeCloudWatchOptions, type FakeLine } from '../../support/logFakes';

const JOB = 'hf-2026-11-25-10-00-00-777';
const GROUP = '/aws/sagemaker/TrainingJobs';
const streams = [1, 2, 3].map(n => `${JOB}/algo-${n}-1764064800`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const isSorted = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

interface Run {
  sink: RecordingSink;
  tailer: LogTailer;
  logs: FakeCloudWatch;
  lines: FakeLine[];
  /** Time from ingestion to the sink, for lines ingested after `from`. */
  delays: (from: number) => number[];
  t0: number;
}

/** Three instances writing from a minute before the tail starts until ~2 minutes after; a fast (unbatched) agent. */
async function run(live: FakeCloudWatchOptions['liveTail'], setup: (logs: FakeCloudWatch, t0: number) => void = () => undefined): Promise<Run> {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams, count: 1_500, start: t0 - 60_000, spacingMs: 120, flushEveryMs: 200, jitterMs: 150, reorderMs: 100, seed: 12 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 60, liveTail: live, seed: 5 });
  logs.add(lines);
  setup(logs, t0);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: t0 - 120_000, endAt, instanceCount: 3, transitions: [] });
  const shownAt: number[] = [];
  const sink = new RecordingSink(clock, shownAt);
  const tailer = new LogTailer({ target: trainingJobTarget(JOB), logs, status: job, sink, clock, random: seededRandom(2) });
  await runWithClock(clock, tailer.run());
  const visible = new Map(lines.map(l => [l.message, l.visibleAt]));
  const delays = (from: number) => sink.lines.flatMap((l, i) => {
    const at = visible.get(l.text.replace(/^\[[^\]]*\] /, ''))!;
    return at >= from ? [shownAt[i]! - at] : [];
  });
  return { sink, tailer, logs, lines, delays, t0 };
}

function assertExactlyOnce(r: Run): void {
  assert.equal(r.sink.lines.length, r.lines.length);
  assert.equal(new Set(r.sink.lines.map(l => l.text)).size, r.lines.length);
}

test('Live Tail delivers lines within about a second; the backfill of earlier lines comes by polling; lines seen by both appear once', async () => {
  const live = await run(true);
  assertExactlyOnce(live);
  assert.ok(isSorted(live.sink.lines.map(l => l.meta.timestamp)));
  const stats = live.tailer.stats();
  assert.equal(stats.lateLines, 0);
  assert.equal(stats.liveSessions, 1);
  assert.ok(stats.liveEvents > 2_000, `${stats.liveEvents} lines came live`);
  assert.ok(stats.duplicates > 2_000, 'the polls saw them again and dropped them');
  assert.ok(live.sink.lines.some(l => l.meta.source === 'poll') && live.sink.lines.some(l => l.meta.source === 'live'));
  assert.ok(live.sink.lines.filter(l => l.meta.timestamp < live.t0 - 5_000).every(l => l.meta.source === 'poll'), 'backfill by polling');

  const polled = await run(false);
  assertExactlyOnce(polled);
  const liveDelay = median(live.delays(live.t0 + 10_000));
  const pollDelay = median(polled.delays(polled.t0 + 10_000));
  assert.ok(liveDelay <= 1_500, `live: ${liveDelay} ms from ingestion to the sink (median)`);
  assert.ok(liveDelay < pollDelay, `live ${liveDelay} ms, polling ${pollDelay} ms`);
  // While Live Tail delivers, polling slows down to a safety net (half the tunings' ratio: the polls that bridge
  // the session's start and the final read come on top).
  const slower = DEFAULT_TUNING.livePollIntervalMs / DEFAULT_TUNING.pollIntervalMs / 2;
  assert.ok(live.logs.calls.filterLogEvents * slower < polled.logs.calls.filterLogEvents, `${live.logs.calls.filterLogEvents} vs ${polled.logs.calls.filterLogEvents} FilterLogEvents calls`);
});

test('without Live Tail (UnknownOperation), the tail polls', async () => {
  const r = await run('unsupported');
  assertExactlyOnce(r);
  assert.ok(isSorted(r.sink.lines.map(l => l.meta.timestamp)));
  const stats = r.tailer.stats();
  assert.equal(stats.liveSessions, 1);
  assert.match(stats.liveFallback ?? '', /Unknown operation/);
  assert.equal(stats.liveEvents, 0);
  assert.ok(r.sink.lines.every(l => l.meta.source === 'poll'));
});

test('a Live Tail session that breaks (thrown SessionStreamingException) is started again; a poll bridges the gap: nothing lost, nothing twice', async () => {
  const r = await run(true, (logs, t0) => { logs.liveFailAt = t0 + 40_000; });
  assertExactlyOnce(r);
  assert.ok(isSorted(r.sink.lines.map(l => l.meta.timestamp)));
  const stats = r.tailer.stats();
  assert.equal(stats.liveFallback, undefined, 'Live Tail stays on');
  assert.equal(stats.liveSessions, 2);
  assert.equal(stats.liveRestarts, 1);
  assert.ok(r.sink.lines.some(l => l.meta.source === 'live' && l.meta.timestamp > r.t0 + 60_000), 'the new session delivers');
  assert.ok(!r.sink.statuses.some(s => /Live Tail is off/.test(s.text)));
});

test('a silent Live Tail session is aborted by the watchdog and started again', async () => {
  const r = await run(true, (logs, t0) => { logs.liveSilentAt = t0 + 30_000; });
  assertExactlyOnce(r);
  const stats = r.tailer.stats();
  assert.equal(stats.liveWatchdogAborts, 1);
  assert.equal(stats.liveSessions, 2);
  assert.equal(stats.liveFallback, undefined);
  assert.ok(r.sink.lines.some(l => l.meta.source === 'live' && l.meta.timestamp > r.t0 + 60_000));
});

test('AccessDenied on StartLiveTail turns Live Tail off for good, said once in the output', async () => {
  const denied = Object.assign(new Error('User is not authorized to perform: logs:StartLiveTail'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
  const r = await run(true, logs => { logs.liveStartErrors.push(denied); });
  assertExactlyOnce(r);
  const stats = r.tailer.stats();
  assert.equal(stats.liveSessions, 1);
  assert.match(stats.liveFallback ?? '', /not authorized/);
  assert.equal(r.sink.statuses.filter(s => /Live Tail is off/.test(s.text)).length, 1);
});

test('transient StartLiveTail errors are retried with a capped backoff', async () => {
  const busy = Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } });
  const r = await run(true, logs => { logs.liveStartErrors.push(busy, busy, busy); });
  assertExactlyOnce(r);
  const stats = r.tailer.stats();
  assert.equal(stats.liveSessions, 4);
  assert.equal(stats.liveFallback, undefined);
  assert.ok(r.sink.lines.some(l => l.meta.source === 'live'));
});

const BURST = 2_000;

test('a sampled Live Tail update (too many lines a second) is backfilled by a poll; Live Tail carries on after the burst', async () => {
  const r = await run(true, (logs, t0) => {
    // A burst of 2,000 lines in one second, half a minute in.
    logs.add(Array.from({ length: BURST }, (_, i) => ({ stream: streams[i % 3]!, ts: t0 + 30_000 + (i >> 2), visibleAt: t0 + 30_600, message: `burst ${i}` })));
  });
  assert.equal(r.sink.lines.length, r.lines.length + BURST);
  assert.equal(new Set(r.sink.lines.map(l => l.text)).size, r.lines.length + BURST);
  assert.ok(isSorted(r.sink.lines.map(l => l.meta.timestamp)));
  const stats = r.tailer.stats();
  assert.equal(stats.liveSampled, 1);
  assert.equal(stats.liveFallback, undefined);
  assert.equal(stats.liveSessions, 1);
  assert.ok(r.sink.lines.some(l => l.meta.source === 'live' && l.meta.timestamp > r.t0 + 40_000), 'live again after the burst');
});
