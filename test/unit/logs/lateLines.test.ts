import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTailer, type TailOptions } from '../../../src/core/logs/tailer';
import { trainingJobTarget } from '../../../src/core/logs/format';
import { LineTally } from '../../../src/core/logs/lateLines';
import { agentLines, FakeClock, FakeCloudWatch, FakeJob, RecordingSink, runWithClock, seededRandom, type FakeLine } from '../../support/logFakes';
import type { LogEvent, LogsApi, TailCursor } from '../../../src/core/logs/types';

// Issue #12, finding 5: "A line CloudWatch ingests late (over a minute) is never shown." A lone line ingested
// minutes late, while the lines written after it on its stream arrive on time, is behind every read; the tail
// counts each stream's lines with Logs Insights at the end and reads again only a stream that holds more.

const JOB = 'pt-2026-12-04-18-00-00-001';
const GROUP = '/aws/sagemaker/TrainingJobs';
const stream = (n: number) => `${JOB}/algo-${n}-1764871200`;
const strip = (text: string) => text.replace(/^\[[^\]]*\] /, '');

function tail(clock: FakeClock, logs: LogsApi, sink: RecordingSink, extra: Partial<TailOptions> = {}): LogTailer {
  return new LogTailer({ target: trainingJobTarget(JOB), logs, sink, clock, random: seededRandom(3), ...extra });
}

/** Two instances writing for ~6 minutes, with lines ingested 2 and 4 minutes late in the middle. */
function jobWithStragglers(clock: FakeClock, stragglers: FakeLine[]) {
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 3_000, start: t0 + 5_000, spacingMs: 120, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 11 });
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add([...lines, ...stragglers]);
  const endAt = Math.max(...lines.map(l => l.ts)) + 100;
  const job = new FakeJob({ clock, creationTime: t0, endAt: Math.max(endAt, ...stragglers.map(s => s.visibleAt + 1_000)), instanceCount: 2, transitions: [] });
  return { t0, lines, logs, job, all: [...lines, ...stragglers] };
}

test('a lone line ingested 2 and 4 minutes late, later lines on time: shown once each, flagged late, one count and one re-read of its stream', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const stragglers: FakeLine[] = [
    { stream: stream(1), ts: t0 + 60_000, visibleAt: t0 + 180_000, message: 'ingested 2 min late' },
    { stream: stream(1), ts: t0 + 90_000, visibleAt: t0 + 330_000, message: 'ingested 4 min late' },
  ];
  const { logs, job, all } = jobWithStragglers(clock, stragglers);
  const sink = new RecordingSink(clock);
  const tailer = tail(clock, logs, sink, { status: job });
  const summary = await runWithClock(clock, tailer.run());
  assert.equal(summary.reason, 'ended');
  const shown = sink.lines.map(l => strip(l.text));
  for (const s of stragglers) {
    assert.equal(shown.filter(t => t === s.message).length, 1, `${s.message}: once`);
    assert.ok(sink.lines.find(l => strip(l.text) === s.message)!.meta.late, `${s.message}: flagged late`);
  }
  assert.equal(shown.length, all.length, 'every line, nothing twice');
  assert.equal(new Set(shown).size, all.length);
  assert.equal(summary.incomplete, undefined);
  assert.equal(logs.calls.countLines, 1);
  assert.deepEqual(tailer.stats().lateLineCheck, { counted: true, streamsReread: 1, found: 2, unresolved: 0 });
});

test('nothing missing: one Insights count at the end and no further read', async () => {
  const clock = new FakeClock();
  const { logs, job, all } = jobWithStragglers(clock, []);
  const sink = new RecordingSink(clock);
  const tailer = tail(clock, logs, sink, { status: job });
  await runWithClock(clock, tailer.run());
  assert.equal(sink.lines.length, all.length);
  const before = tailer.stats().filterLogEventsCalls;
  assert.equal(logs.calls.countLines, 1);
  assert.equal(logs.calls.filterLogEvents, before, 'no FilterLogEvents call beyond the tail\'s own');
  assert.deepEqual(tailer.stats().lateLineCheck, { counted: true, streamsReread: 0, found: 0, unresolved: 0 });
});

test('two late lines in one second that also has lines shown cannot be told apart: one line names the stream, the second and the command', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  // Written in the same second as lines that arrive on time: the tally of that second is short of two.
  const second = t0 + 70_000;
  const stragglers: FakeLine[] = [
    { stream: stream(2), ts: second + 10, visibleAt: second + 200_000, message: 'first of two late' },
    { stream: stream(2), ts: second + 20, visibleAt: second + 200_000, message: 'second of two late' },
    { stream: stream(2), ts: second + 30, visibleAt: second + 200, message: 'on time, same second' },
  ];
  const { logs, job } = jobWithStragglers(clock, stragglers);
  const sink = new RecordingSink(clock);
  const summary = await runWithClock(clock, tail(clock, logs, sink, { status: job, rereadHint: 'or run "SageMaker: Tail Logs" again' }).run());
  const said = sink.statuses.filter(s => s.meta.kind === 'incomplete');
  assert.equal(said.length, 1);
  const from = Math.floor(second / 1000) * 1000;
  assert.equal(said[0]!.text,
    `--- algo-2-1764871200: 2 lines that reached CloudWatch late, written in the second from ${new Date(from).toISOString()}, ` +
    `cannot be told apart from the lines shown. Re-read them with: aws logs filter-log-events --log-group-name ${GROUP} ` +
    `--log-stream-names ${stream(2)} --start-time ${from} --end-time ${from + 999} --output text, or run "SageMaker: Tail Logs" again`);
  assert.deepEqual(summary.incomplete?.streams, [stream(2)]);
  const shown = sink.lines.map(l => strip(l.text));
  assert.ok(!shown.includes('first of two late') && !shown.includes('second of two late'), 'nothing guessed');
  assert.equal(new Set(shown).size, shown.length, 'nothing twice');
});

test('Insights refused: one line says late lines could not be checked, and how to re-read the log', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const stragglers: FakeLine[] = [{ stream: stream(1), ts: t0 + 60_000, visibleAt: t0 + 200_000, message: 'ingested late' }];
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP, insights: 'denied' });
  const lines = agentLines({ streams: [stream(1)], count: 2_000, start: t0 + 5_000, spacingMs: 150, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 4 });
  logs.add([...lines, ...stragglers]);
  const job = new FakeJob({ clock, creationTime: t0, endAt: Math.max(...lines.map(l => l.ts)) + 100, instanceCount: 1, transitions: [] });
  const sink = new RecordingSink(clock);
  const tailer = tail(clock, logs, sink, { status: job });
  await runWithClock(clock, tailer.run());
  const info = sink.statuses.filter(s => s.text.includes('could not be checked'));
  assert.equal(info.length, 1);
  assert.match(info[0]!.text, /CloudWatch Logs Insights: AccessDeniedException: User is not authorized to perform: logs:StartQuery/);
  assert.match(info[0]!.text, new RegExp(`Re-read the log with: aws logs filter-log-events --log-group-name ${GROUP} --log-stream-name-prefix ${JOB}/ --start-time \\d+ --output text`, 'i'));
  assert.deepEqual(tailer.stats().lateLineCheck, { counted: false, streamsReread: 0, found: 0, unresolved: 0 });
});

test('a resumed tail counts from its cursor on: a late line written after the cursor is found, nothing before it is shown again', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const lines = agentLines({ streams: [stream(1), stream(2)], count: 2_400, start: t0 + 5_000, spacingMs: 150, flushEveryMs: 2_000, jitterMs: 200, reorderMs: 300, seed: 6 });
  const detachAt = t0 + 60_000;
  const straggler: FakeLine = { stream: stream(2), ts: detachAt + 30_000, visibleAt: detachAt + 200_000, message: 'late after the resume' };
  const logs = new FakeCloudWatch({ clock, logGroupName: GROUP });
  logs.add([...lines, straggler]);
  const job = new FakeJob({ clock, creationTime: t0, endAt: Math.max(...lines.map(l => l.ts), straggler.visibleAt) + 100, instanceCount: 2, transitions: [] });
  const first = new RecordingSink(clock);
  const abort = new AbortController();
  let saved: TailCursor | undefined;
  await runWithClock(clock, tail(clock, logs, first, { status: job, signal: abort.signal, onCursor: c => { saved = JSON.parse(JSON.stringify(c)); } }).run(),
    { onStep: () => { if (clock.now() >= detachAt) abort.abort(); } });
  const second = new RecordingSink(clock);
  await runWithClock(clock, tail(clock, logs, second, { status: job, cursor: saved! }).run());
  const both = [...first.lines, ...second.lines].map(l => strip(l.text));
  assert.equal(both.filter(t => t === straggler.message).length, 1);
  assert.equal(both.length, lines.length + 1, 'nothing twice, nothing lost');
  assert.equal(new Set(both).size, lines.length + 1);
});

test('LineTally: a missing line among identical lines of the same millisecond is found by count; other seconds untouched', () => {
  const tally = new LineTally();
  const event = (ts: number, message: string): LogEvent => ({ logStreamName: 's', timestamp: ts, message });
  const stored = [event(1_000, 'same'), event(1_000, 'same'), event(1_500, 'other'), event(2_000, 'next second')];
  tally.add('s', 1_000, 'same');
  tally.add('s', 1_500, 'other');
  tally.add('s', 2_000, 'next second');
  assert.equal(tally.count('s', 0), 3);
  assert.equal(tally.count('s', 2_000), 1);
  const { found, unresolved } = tally.missing('s', 0, stored);
  assert.deepEqual(found, [event(1_000, 'same')]);
  assert.deepEqual(unresolved, []);
  // A second nothing was taken from: all its lines are missing.
  assert.deepEqual(tally.missing('s', 0, [...stored, event(5_100, 'a'), event(5_200, 'b')]).found.slice(1), [event(5_100, 'a'), event(5_200, 'b')]);
});
