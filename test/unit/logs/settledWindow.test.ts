import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTailer, type TailOptions } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, RecordingSink, runWithClock, seededRandom, type FakeLine } from '../../support/logFakes';
import type { LogsApi } from '../../../src/core/logs/types';

// Issue #17: polls read the settled window only (from where the last one stopped to its start less the ingestion
// allowance learned from ingestionTime), so each line is fetched about once; what comes later than the allowance
// is still shown, once.

const JOB = 'sw-2026-12-05-00-00-00-001';
const GROUP = '/aws/sagemaker/TrainingJobs';
const stream = (n: number) => `${JOB}/algo-${n}-1764892800`;
const strip = (text: string) => text.replace(/^\[[^\]]*\] /, '');
const isSorted = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

function tail(clock: FakeClock, logs: LogsApi, sink: RecordingSink, extra: Partial<TailOptions> = {}): LogTailer {
  return new LogTailer({ target: trainingJobTarget(JOB), logs, sink, clock, random: seededRandom(4), ...extra });
}

function assertEachOnce(sink: RecordingSink, lines: FakeLine[]): void {
  const shown = sink.lines.map(l => strip(l.text));
  assert.equal(shown.length, lines.length, 'every line, none twice');
  assert.equal(new Set(shown).size, lines.length);
  assert.ok(isSorted(sink.lines.filter(l => !l.meta.late).map(l => l.meta.timestamp)), 'in timestamp order');
}

test('each line is fetched about once: 4 instances, a batching agent, 10 minutes', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({
    streams: [1, 2, 3, 4].map(stream), count: 12_000, start: t0 + 5_000, spacingMs: 200, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 21,
  });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20 });
  logs.add(lines);
  const job = new FakeJob({ clock, creationTime: t0, endAt: Math.max(...lines.map(l => l.ts)) + 100, instanceCount: 4, transitions: [] });
  const sink = new RecordingSink(clock);
  const tailer = tail(clock, logs, sink, { status: job });
  await runWithClock(clock, tailer.run());
  assertEachOnce(sink, lines);
  const stats = tailer.stats();
  const fetchedPerLine = (stats.lines + stats.duplicates) / stats.lines;
  // The settled windows fetch each line once; the deep polls (every 10 minutes, 90 s back) add 0.15.
  assert.ok(fetchedPerLine <= 1.25, `${fetchedPerLine.toFixed(3)} events fetched per line`);
  // One call a poll (2 s) while lines flow, the status six times less often than while idle.
  const minutes = (clock.now() - t0) / 60_000;
  assert.ok(stats.filterLogEventsCalls / minutes <= 32, `${(stats.filterLogEventsCalls / minutes).toFixed(1)} FilterLogEvents a minute`);
  assert.ok(stats.describeCalls / minutes <= 4, `${(stats.describeCalls / minutes).toFixed(1)} DescribeTrainingJob a minute`);
});

test('a batch ingested later than the allowance (its agent stalled 12 s) is read from its stream while the job runs: once each, none lost', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const stallFrom = t0 + 60_000;
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 3_000, start: t0 + 5_000, spacingMs: 100, flushEveryMs: 1_000, jitterMs: 100, reorderMs: 100, seed: 8 })
    .map(l => (l.stream === stream(2) && l.ts >= stallFrom && l.ts < stallFrom + 12_000 ? { ...l, visibleAt: stallFrom + 12_500 } : l));
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20 });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink(clock);
  const tailer = tail(clock, logs, sink, { status: job });
  await runWithClock(clock, tailer.run());
  assertEachOnce(sink, lines);
  const stalled = lines.filter(l => l.visibleAt === stallFrom + 12_500);
  assert.ok(stalled.length > 50);
  for (const line of stalled) {
    const index = sink.lines.findIndex(l => strip(l.text) === line.message);
    assert.ok(sink.shownAt[index]! < stallFrom + 30_000, `${line.message} shown ${sink.shownAt[index]! - stallFrom} ms after the stall began`);
  }
  assert.ok(tailer.stats().streamReads >= 1, 'its stream was read again');
  assert.deepEqual(tailer.stats().lateLineCheck, { counted: true, streamsReread: 0, found: 0, unresolved: 0 }, 'nothing left for the count at the end');
});

test('Insights refused at the end: the final read goes back the whole overlap and finds a lone line ingested 40 s late, once', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 1_200, start: t0 + 5_000, spacingMs: 100, flushEveryMs: 1_000, jitterMs: 100, reorderMs: 100, seed: 9 });
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const straggler: FakeLine = { stream: stream(1), ts: endAt - 20_000, visibleAt: endAt + 20_000, message: 'ingested 40 s late' };
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20, insights: 'denied' });
  logs.add([...lines, straggler]);
  const job = new FakeJob({ clock, creationTime: t0, endAt: endAt + 20_000, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink(clock);
  const tailer = tail(clock, logs, sink, { status: job });
  await runWithClock(clock, tailer.run());
  assertEachOnce(sink, [...lines, straggler]);
  assert.ok(sink.lines.find(l => strip(l.text) === straggler.message)!.meta.late, 'flagged late');
  assert.equal(tailer.stats().lateLineCheck?.counted, false);
});
