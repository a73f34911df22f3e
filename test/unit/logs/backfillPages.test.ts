import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTailer } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, RecordingSink, runWithClock, seededRandom } from '../../support/logFakes';
import type { LogsApi } from '../../../src/core/logs/types';

// A backfill (the final read of a finished job) pages through FilterLogEvents: each page's lines are shown before
// the next page is asked for, and the de-duplication window keeps the last page only, not the pages before it.

const JOB = 'pca-2026-11-25-10-00-00-001';
const GROUP = '/aws/sagemaker/TrainingJobs';
const stream = (n: number) => `${JOB}/algo-${n}-1764064800`;
const isSorted = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

/** A job that finished a minute before the tail starts, with these lines. */
async function finishedJob(clock: FakeClock, streams: number, count: number, spacingMs: number, pageSize: number, faultRates?: Record<string, number>) {
  const t0 = clock.now();
  const lines = agentLines({ streams: Array.from({ length: streams }, (_, i) => stream(i + 1)), count, start: t0, spacingMs, flushEveryMs: 1_000, jitterMs: 10, reorderMs: 10, seed: 4 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize, seed: 7, ...(faultRates ? { faultRates } : {}) });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.visibleAt)) + 100;
  await runWithClock(clock, clock.sleep(endAt - t0 + 60_000));
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: streams, transitions: [] });
  return { lines, logs, job };
}

/**
 * Tails the job to its end, recording the lines held (pending) each time a next page of the whole job is asked for
 * while `recordWhile()` holds.
 */
async function tailRecordingHeld(clock: FakeClock, logs: FakeCloudWatch, job: FakeJob, recordWhile: () => boolean = () => true) {
  const sink = new RecordingSink();
  let tailer: LogTailer | undefined;
  const heldAtNextPage: number[] = [];
  const api: LogsApi = {
    filterLogEvents: (input, signal) => {
      if (input.nextToken && !input.logStreamNames && recordWhile()) heldAtNextPage.push(tailer!.stats().pending);
      return logs.filterLogEvents(input, signal);
    },
    describeLogStreams: (input, signal) => logs.describeLogStreams(input, signal),
    ...(logs.countLines ? { countLines: logs.countLines } : {}),
  };
  tailer = new LogTailer({ target: trainingJobTarget(JOB), logs: api, status: job, sink, clock, random: seededRandom(3) });
  await runWithClock(clock, tailer.run());
  return { sink, heldAtNextPage };
}

test('a backfill shows each page\'s lines older than its newest line before it asks for the next page', async () => {
  const clock = new FakeClock();
  const { lines, logs, job } = await finishedJob(clock, 2, 5_000, 5, 1_000);
  // Held when each next page is asked for: only the lines of the newest millisecond read may wait.
  const { sink, heldAtNextPage } = await tailRecordingHeld(clock, logs, job);
  assert.equal(sink.lines.length, lines.length);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, lines.length);
  assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
  assert.ok(heldAtNextPage.length >= 9, `pages: ${heldAtNextPage.length + 1}`);
  // Bursts put up to a few lines of a stream in one millisecond; a page of 1,000 is never held.
  assert.ok(heldAtNextPage.every(held => held <= 20), `held when the next page was asked for: ${heldAtNextPage}`);
});

for (const [spacingMs, maxSeenFinal] of [[2, undefined], [100, 1]] as const) {
  test(`a page handed out again, and a repeated token, at page boundaries inside one millisecond: every line once, in order (${spacingMs} ms apart, ${maxSeenFinal ? 'the window cut to the last page' : 'the default window'})`, async () => {
    const clock = new FakeClock();
    // With bursts (a third of a stream's lines share the millisecond before), lines of one millisecond straddle
    // 50-line page boundaries; 100 ms apart, a page spans more than the second the window keeps whole.
    const { lines, logs, job } = await finishedJob(clock, 3, 2_000, spacingMs, 50, { 'duplicate-page': 0.2, 'repeat-token': 0.1 });
    const sink = new RecordingSink();
    const tailer = new LogTailer({
      target: trainingJobTarget(JOB), logs, status: job, sink, clock, random: seededRandom(5), ...(maxSeenFinal ? { tuning: { maxSeenFinal } } : {}),
    });
    await runWithClock(clock, tailer.run());
    assert.ok(logs.faults['duplicate-page']! > 10 && logs.faults['repeat-token']! > 1, JSON.stringify(logs.faults));
    assert.equal(sink.lines.length, lines.length);
    assert.equal(new Set(sink.lines.map(l => l.text)).size, lines.length);
    assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
    assert.ok(tailer.stats().duplicates > 0);
    assert.equal(sink.summary?.incomplete, undefined);
  });
}

test('a busy backfill keeps the page it read last in the de-duplication window, not the pages before it', async () => {
  const clock = new FakeClock();
  // 1,000 lines a second: the 90 s overlap would be 90,000 lines; a page is 10,000.
  const { lines, logs, job } = await finishedJob(clock, 4, 30_000, 4, 10_000);
  const sink = new RecordingSink();
  const tailer = new LogTailer({ target: trainingJobTarget(JOB), logs, status: job, sink, clock, random: seededRandom(3) });
  await runWithClock(clock, tailer.run());
  assert.equal(sink.lines.length, lines.length);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, lines.length);
  // The page kept, the page being taken, and the rest of the seconds where each starts (buckets are whole seconds).
  const peak = tailer.stats().seenWindowPeak;
  assert.ok(peak <= 2 * 10_000 + 2 * 1_000, `window peak ${peak}`);
});

test('a running job\'s first poll over its history shows it page by page, each up to the settled bound', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 5_000, start: t0, spacingMs: 5, flushEveryMs: 1_000, jitterMs: 10, reorderMs: 10, seed: 6 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 1_000 });
  logs.add(lines);
  const written = Math.max(...lines.map(l => l.visibleAt));
  await runWithClock(clock, clock.sleep(written - t0 + 60_000));
  // Still running for a minute after the tail starts: its first polls are not the final read.
  const endAt = clock.now() + 60_000;
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  const { sink, heldAtNextPage } = await tailRecordingHeld(clock, logs, job, () => clock.now() < endAt);
  assert.equal(sink.lines.length, lines.length);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, lines.length);
  assert.ok(isSorted(sink.lines.map(l => l.meta.timestamp)));
  assert.equal(sink.lines.filter(l => l.meta.late).length, 0);
  assert.ok(heldAtNextPage.length >= 9, `pages: ${heldAtNextPage.length + 1}`);
  assert.ok(heldAtNextPage.every(held => held <= 20), `held when the next page was asked for: ${heldAtNextPage}`);
});
