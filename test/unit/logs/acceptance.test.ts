import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTailer } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, RecordingSink, runWithClock, seededRandom } from '../../support/logFakes';
import type { FilterLogEventsInput } from '../../../src/core/logs/types';

const JOB = 'pytorch-training-2026-11-25-10-00-00-123';
const EPOCH = 1764064800;

function isSorted(values: number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

test('8 streams × 10,000 lines ingested out of order and in bursts, with throttling, dropped connections and repeated tokens: 80,000 lines, in timestamp order, none twice', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const streams = Array.from({ length: 8 }, (_, i) => `${JOB}/algo-${i + 1}-${EPOCH}`);
  // algo-1..6 start a minute in; algo-7 and algo-8 (a second instance group) three minutes in.
  const starts = streams.map((_, i) => (i < 6 ? t0 + 60_000 + i * 700 : t0 + 180_000 + i * 1_300));
  const lines = agentLines({ streams, count: 10_000, start: starts, spacingMs: 60, flushEveryMs: 2_000, jitterMs: 300, reorderMs: 800, seed: 7 });
  const lastWrite = Math.max(...lines.map(l => l.ts));
  const lastVisible = Math.max(...lines.map(l => l.visibleAt));
  assert.ok(lines.some((l, i) => i > 0 && l.stream === lines[i - 1]!.stream && l.visibleAt < lines[i - 1]!.visibleAt), 'the fake ingests some lines before earlier ones');

  const logs = new FakeCloudWatch({
    clock, logGroupName: '/aws/sagemaker/TrainingJobs', pageSize: 2_000, latencyMs: 40, seed: 11,
    faultRates: { throttle: 0.05, drop: 0.03, 'repeat-token': 0.03, 'duplicate-page': 0.03 },
  });
  logs.add(lines);
  const calls: Array<{ at: number; input: FilterLogEventsInput }> = [];
  const api = { filterLogEvents: (input: FilterLogEventsInput, signal?: AbortSignal) => { calls.push({ at: clock.now(), input }); return logs.filterLogEvents(input, signal); } };
  const endAt = lastWrite + 1_000;
  const job = new FakeJob({
    clock, creationTime: t0, endAt, instanceCount: 8, billableSeconds: 520, trainingTimeSeconds: 520,
    transitions: [
      { status: 'Starting', at: t0 + 1_000, message: 'Launching requested ML instances' },
      { status: 'Downloading', at: t0 + 40_000, message: 'Downloading the training image' },
      { status: 'Training', at: t0 + 59_000, message: 'Training image download completed. Training in progress.' },
      { status: 'Uploading', at: lastWrite + 500, message: 'Uploading generated training model' },
      { status: 'Completed', at: endAt, message: 'Training job completed' },
    ],
  });
  const sink = new RecordingSink(clock);
  const tailer = new LogTailer({ target: trainingJobTarget(JOB), logs: api, status: job, sink, clock, random: seededRandom(3) });
  const summary = await runWithClock(clock, tailer.run());

  const shown = sink.lines;
  assert.equal(shown.length, 80_000);
  assert.equal(new Set(shown.map(l => l.text)).size, 80_000, 'no line twice');
  assert.ok(isSorted(shown.map(l => l.meta.timestamp)), 'timestamp order');
  const stats = tailer.stats();
  assert.equal(stats.lateLines, 0);
  assert.ok(shown.every(l => /^\[algo-\d\] algo-\d-\d+ \d+$/.test(l.text.replace(`${JOB}/`, ''))), 'host prefix on every line');
  assert.equal(shown.filter(l => l.meta.host === 'algo-8').length, 10_000, 'the late stream is picked up');

  // What went wrong was retried, not lost.
  assert.ok(logs.faults.throttle! > 5 && logs.faults.drop! > 3 && logs.faults['repeat-token']! > 1 && logs.faults['duplicate-page']! > 1, JSON.stringify(logs.faults));
  assert.ok(stats.throttled > 0 && stats.retries >= stats.throttled && stats.repeatedTokens > 0 && stats.duplicates > 0, JSON.stringify(stats));

  // Statuses are interleaved by time, the summary closes the output.
  const out = sink.output;
  const trainingAt = out.findIndex(t => t.includes(' Training: Training image download completed'));
  const firstLine = out.findIndex(t => t.startsWith('[algo-'));
  assert.ok(trainingAt >= 0 && trainingAt < firstLine);
  assert.ok(out.findIndex(t => t.includes(' Uploading: ')) > out.map(t => t.startsWith('[algo-')).lastIndexOf(true) - 1);
  assert.equal(out.at(-1), '--- Completed. Billable 520 s × 8 instances (4160 instance-seconds).');
  assert.equal(summary.reason, 'ended');
  assert.equal(sink.ends, 1);

  // The final read came after the terminal status and after every line was ingested; nothing was read after it.
  const lastCall = calls.at(-1)!;
  assert.ok(lastCall.at >= endAt && lastCall.at >= lastVisible, 'final read after the last ingestion');
  assert.equal(clock.waiting, 0, 'nothing left running');

  // One FilterLogEvents run per poll for all 8 instances: pages, not streams.
  const polls = calls.filter(c => c.input.nextToken === undefined).length;
  const duration = (lastCall.at - t0) / 1000;
  assert.ok(polls <= duration / 2 + 5 + stats.retries + stats.repeatedTokens, `${polls} runs in ${duration} s`);
  assert.ok(calls.every(c => c.input.logStreamNamePrefix === `${JOB}/`));

  // Bounded: the de-duplication window holds about the overlap's worth of lines (~200 lines/s × 90 s), not the job's.
  assert.ok(stats.seenWindowPeak < 25_000, `window peak ${stats.seenWindowPeak}`);
});
