import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTailer } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, RecordingSink, runWithClock, seededRandom } from '../../support/logFakes';

const JOB = 'llm-finetune-2026-11-25-10-00-00-001';
const GROUP = '/aws/sagemaker/TrainingJobs';
const HOUR = 3_600_000;

test('a 10-hour job: Live Tail sessions end (3-hour limit, a network drop) and a 2,000 lines/s burst is sampled; every line shows once, in order', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const streams = [1, 2].map(n => `${JOB}/algo-${n}-1764064800`);
  const lines = agentLines({ streams, count: 13_000, start: t0 + 60_000, spacingMs: 4_000, flushEveryMs: 5_000, jitterMs: 300, reorderMs: 200, seed: 7 });
  // Ten seconds at 2,000 lines a second, five hours in: Live Tail samples every update of it.
  const burstAt = t0 + 5 * HOUR;
  const burst = Array.from({ length: 20_000 }, (_, i) => {
    const ts = burstAt + Math.floor(i / 2);
    return { stream: streams[i % 2]!, ts, visibleAt: ts + 400 + (i % 7) * 30, message: `burst ${i}` };
  });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 40, liveTail: true, seed: 3 });
  logs.add(lines);
  logs.add(burst);
  logs.liveSessionLimitMs = 3 * HOUR;
  logs.liveFailAt = t0 + 4.5 * HOUR;
  const endAt = Math.max(t0 + 10 * HOUR, ...lines.map(l => l.ts)) + 1_000;
  const job = new FakeJob({ clock, creationTime: t0 - 60_000, endAt, instanceCount: 2, transitions: [{ status: 'Training', at: t0 + 30_000 }] });
  const sink = new RecordingSink(clock);
  const tailer = new LogTailer({ target: trainingJobTarget(JOB), logs, status: job, sink, clock, random: seededRandom(9),
    // Fewer wake-ups over ten virtual hours (the test's run time); the reading itself is tuned as shipped.
    tuning: { liveFlushMs: 1_000, statusIntervalMs: 60_000 },
  });
  const summary = await runWithClock(clock, tailer.run());

  assert.equal(summary.reason, 'ended');
  const total = lines.length + burst.length;
  assert.equal(sink.lines.length, total, 'every line shown');
  assert.equal(new Set(sink.lines.map(l => l.text)).size, total, 'none twice');
  const stamps = sink.lines.map(l => l.meta.timestamp);
  assert.ok(stamps.every((v, i) => i === 0 || v >= stamps[i - 1]!), 'in timestamp order');
  assert.equal(sink.lines.filter(l => l.meta.late).length, 0);
  const stats = tailer.stats();
  assert.ok(stats.liveRestarts >= 2, `${stats.liveRestarts} sessions ended and were started again`);
  assert.ok(stats.liveSampled >= 5, `${stats.liveSampled} sampled updates`);
  assert.equal(stats.liveFallback, undefined, 'Live Tail stayed on');
  assert.ok(sink.lines.some(l => l.meta.source === 'live' && l.meta.timestamp > t0 + 9.5 * HOUR), 'still live in the last half hour');
  assert.ok(!sink.statuses.some(s => /Live Tail is off/.test(s.text)));
});
