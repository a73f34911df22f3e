import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTailer, type TailOptions } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, faultError, RecordingSink, runWithClock, seededRandom, type FakeLine } from '../../support/logFakes';
import type { FilterLogEventsInput, LogsApi, TailCursor } from '../../../src/core/logs/types';

// Issue #12, finding 5: a tail shows every line that exists when it ends, or says which streams may be incomplete.

const JOB = 'tf-2026-11-25-10-00-00-005';
const GROUP = '/aws/sagemaker/TrainingJobs';
const stream = (n: number) => `${JOB}/algo-${n}-1764064800`;
const isSorted = (values: number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

function recorded(logs: FakeCloudWatch, clock: FakeClock): LogsApi & { calls: Array<{ at: number; input: FilterLogEventsInput }> } {
  const calls: Array<{ at: number; input: FilterLogEventsInput }> = [];
  return {
    calls,
    filterLogEvents: (input, signal) => { calls.push({ at: clock.now(), input }); return logs.filterLogEvents(input, signal); },
    describeLogStreams: (input, signal) => logs.describeLogStreams(input, signal),
  };
}

function tail(clock: FakeClock, logs: LogsApi, sink: RecordingSink, extra: Partial<TailOptions> = {}): LogTailer {
  return new LogTailer({ target: trainingJobTarget(JOB), logs, sink, clock, random: seededRandom(9), ...extra });
}

/** Every line of `lines` shown exactly once, in timestamp order but for the lines flagged late. */
function assertAllOnce(sink: RecordingSink, lines: FakeLine[]): void {
  const shown = sink.lines.map(l => l.text.replace(/^\[[^\]]*\] /, ''));
  const missing = lines.filter(l => !shown.includes(l.message)).map(l => l.message);
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${lines.length} lines never shown`);
  assert.equal(shown.length, lines.length, 'no line twice');
  assert.equal(new Set(shown).size, lines.length);
  assert.ok(isSorted(sink.lines.filter(l => !l.meta.late).map(l => l.meta.timestamp)));
  assert.ok(!sink.statuses.some(s => s.meta.kind === 'incomplete'), 'nothing said to be missing');
}

test('late ingestion: an instance whose agent stalls ships two minutes of lines at once (each > 60 s late): every line once', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 600, start: t0 + 20_000, spacingMs: 500, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 3 })
    // algo-2's agent cannot reach CloudWatch from t0+100 s to t0+230 s, then sends its backlog, in order, 20 times
    // faster than it was written, until it has caught up.
    .map(l => (l.stream === stream(2) && l.visibleAt >= t0 + 100_000
      ? { ...l, visibleAt: Math.max(l.visibleAt, t0 + 230_000 + Math.floor((l.ts - t0 - 100_000) / 20)) } : l));
  assert.ok(lines.filter(l => l.visibleAt - l.ts > 60_000).length > 100, 'the scenario has lines ingested over a minute late');
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20 });
  logs.add(lines);
  const endAt = Math.max(...lines.map(l => l.visibleAt)) + 1_000;
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink(clock);
  const api = recorded(logs, clock);
  const tailer = tail(clock, api, sink, { status: job });
  const summary = await runWithClock(clock, tailer.run());
  assert.equal(summary.reason, 'ended');
  assertAllOnce(sink, lines);
  // The backlog was found by a poll after it arrived, not by the final read (the job ends a second after the backlog
  // arrives, less than a poll interval: "before the final read" is what a poll can promise).
  const lastBacklog = sink.lines.findIndex(l => l.text.endsWith(lines.filter(x => x.stream === stream(2) && x.visibleAt - x.ts > 60_000)[0]!.message));
  const finalReadAt = api.calls.filter(c => c.input.nextToken === undefined && !c.input.logStreamNames).at(-1)!.at;
  assert.ok(sink.shownAt[lastBacklog]! < finalReadAt, 'shown by a poll while the job ran');
  // Cheap: the stall cost a few per-stream reads, not a longer read-back on every poll.
  const perStream = api.calls.filter(c => c.input.logStreamNames).length;
  assert.ok(perStream >= 1 && perStream <= 4, `${perStream} per-stream reads`);
  const readBacks = api.calls.filter(c => c.at > t0 + 30_000 && !c.input.logStreamNames && c.input.nextToken === undefined).map(c => c.at - c.input.startTime!);
  assert.ok(readBacks.every(b => b < 130_000), `${Math.max(...readBacks)} ms read back`);
});

for (const backlog of ['overlapping the polls', 'wholly older than the polls read'] as const) {
  test(`late instance: algo-2's stream is created minutes after algo-1's, its backlog ${backlog}: all 300 lines once`, async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const algo1 = agentLines({ streams: [stream(1)], count: 150, start: t0 + 20_000, spacingMs: 2_000, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 5 });
    // algo-2 writes from t0+100 s until after its stream appears, or from t0+20 s for 40 s; its stream only appears at
    // t0+200 s, with the backlog.
    const overlapping = backlog === 'overlapping the polls';
    const created = t0 + 200_000;
    const algo2 = agentLines({
      streams: [stream(2)], count: 150, start: t0 + (overlapping ? 100_000 : 20_000), spacingMs: overlapping ? 1_500 : 400,
      flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 6,
    })
      .map(l => ({ ...l, visibleAt: Math.max(l.visibleAt, created + Math.floor((l.ts - t0) / 50)) }));
    const lines = [...algo1, ...algo2];
    assert.equal(algo2.some(l => l.ts > created), overlapping);
    const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, latencyMs: 20 });
    logs.add(lines);
    const endAt = Math.max(...lines.map(l => l.visibleAt), ...lines.map(l => l.ts)) + 1_000;
    const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
    const sink = new RecordingSink(clock);
    const summary = await runWithClock(clock, tail(clock, recorded(logs, clock), sink, { status: job }).run());
    assert.equal(summary.reason, 'ended');
    assert.equal(lines.length, 300);
    assertAllOnce(sink, lines);
  });
}

test('refused token: the final read of a finished job has its nextToken refused: it re-reads from where it was and shows all 1,000 lines once', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 500, start: t0 + 10_000, spacingMs: 100, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 4 });
  const endAt = Math.max(...lines.map(l => l.visibleAt)) + 1_000;
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 100, refuseTokensFrom: endAt });
  logs.add(lines);
  await runWithClock(clock, clock.sleep(endAt - t0 + 60_000));
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, billableSeconds: 100, transitions: [{ status: 'Completed', at: endAt }] });
  const sink = new RecordingSink(clock);
  const summary = await runWithClock(clock, tail(clock, recorded(logs, clock), sink, { status: job }).run());
  assert.ok(logs.faults['invalid-token']! >= 1, 'tokens were refused');
  assert.equal(summary.reason, 'ended');
  assert.equal(sink.output.at(-1), '--- Completed. Billable 100 s × 2 instances (200 instance-seconds).');
  assertAllOnce(sink, lines);
  assert.equal(summary.lines, 1_000);
  assert.equal(summary.incomplete, undefined);
});

test('refused token while the job runs and at its final read: every line once', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 500, start: t0 + 10_000, spacingMs: 100, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 8 });
  const endAt = Math.max(...lines.map(l => l.ts)) + 200;
  // A burst at the end: the final read has many pages.
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 20, refuseTokensFrom: t0 + 30_000 });
  logs.add(lines);
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  const sink = new RecordingSink(clock);
  const summary = await runWithClock(clock, tail(clock, recorded(logs, clock), sink, { status: job }).run());
  assert.equal(summary.reason, 'ended');
  assertAllOnce(sink, lines);
});

test('when completeness cannot be proven, one line says which streams may be incomplete and how to re-read them', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  // 100 lines a millisecond: a page of 50 cannot get past a millisecond once tokens are refused.
  const lines: FakeLine[] = [];
  for (let k = 0; k < 1_000; k++) {
    const ts = t0 + 10_000 + Math.floor(k / 100);
    lines.push({ stream: stream(1 + (k % 2)), ts, visibleAt: ts + 500, message: `line ${k}` });
  }
  const endAt = t0 + 20_000;
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, pageSize: 50, refuseTokensFrom: endAt });
  logs.add(lines);
  logs.failStreamReads = faultError('invalid-token');
  await runWithClock(clock, clock.sleep(60_000));
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [{ status: 'Completed', at: endAt }] });
  const sink = new RecordingSink(clock);
  const summary = await runWithClock(clock, tail(clock, logs, sink, { status: job, rereadHint: 'or run "SageMaker: Tail Logs" on the job again' }).run());
  assert.equal(summary.reason, 'ended');
  assert.ok(sink.lines.length < 1_000);
  assert.equal(new Set(sink.lines.map(l => l.text)).size, sink.lines.length, 'what is shown, once');
  const said = sink.statuses.filter(s => s.meta.kind === 'incomplete');
  assert.equal(said.length, 1, 'one line');
  assert.equal(said[0]!.text,
    `--- algo-1-1764064800, algo-2-1764064800 may be incomplete: the read was refused (The specified nextToken is invalid.). ` +
    `Re-read them with: aws logs filter-log-events --log-group-name ${GROUP} --log-stream-names ${stream(1)} ${stream(2)} ` +
    `--start-time ${t0 + 10_000} --output text, or run "SageMaker: Tail Logs" on the job again`);
  assert.deepEqual(summary.incomplete?.streams, [stream(1), stream(2)]);
  assert.ok(sink.output.indexOf(said[0]!.text) < sink.output.length - 1, 'said before the summary line');
  assert.equal(sink.output.at(-1), '--- Completed.');
});

test('a resumed tail reads back as far as a fresh one: a line ingested late after the detach is shown, nothing twice', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 1_200, start: t0 + 5_000, spacingMs: 200, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 2 });
  const detachAt = t0 + 120_000;
  // Written 50 s before the detach, ingested 70 s late: after the detach.
  const straggler: FakeLine = { stream: stream(1), ts: detachAt - 50_000, visibleAt: detachAt + 20_000, message: 'ingested 70 s late' };
  const all = [...lines, straggler];
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add(all);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: t0, endAt, instanceCount: 2, transitions: [] });
  const first = new RecordingSink(clock);
  const abort = new AbortController();
  let saved: TailCursor | undefined;
  await runWithClock(clock, tail(clock, logs, first, { status: job, signal: abort.signal, onCursor: c => { saved = JSON.parse(JSON.stringify(c)); } }).run(),
    { onStep: () => { if (clock.now() >= detachAt) abort.abort(); } });
  assert.ok(saved && saved.watermark > straggler.ts + 15_000, 'the straggler is older than the cursor window');
  assert.ok(!first.output.includes(`[algo-1] ${straggler.message}`));

  await runWithClock(clock, clock.sleep(30_000));
  const second = new RecordingSink(clock);
  const api = recorded(logs, clock);
  await runWithClock(clock, tail(clock, api, second, { status: job, cursor: saved! }).run());
  assert.ok(saved!.watermark - api.calls[0]!.input.startTime! >= 90_000, `the first read goes back ${saved!.watermark - api.calls[0]!.input.startTime!} ms`);
  const both = [...first.lines, ...second.lines].map(l => l.text.replace(/^\[[^\]]*\] /, ''));
  assert.equal(both.filter(t => t === straggler.message).length, 1, 'the straggler, once');
  assert.equal(both.length, all.length, 'nothing twice, nothing lost');
  assert.equal(new Set(both).size, all.length);
});
