import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobWatcher, PING_FAILURE_HINT, endpointEndMessage, jobEndMessage, parseWatchList, type JobEnd, type WatchedJob, type WatchedJobStatus } from '../../../src/core/watch/watcher';
import { FakeClock, runWithClock } from '../../support/logFakes';

const HOUR = 3_600_000;

/** Calls in one hour of watching `n` jobs that do not end, focused or not. */
export async function callsPerHour(n: number, focused: boolean): Promise<number> {
  const clock = new FakeClock();
  const abort = new AbortController();
  const watcher = new JobWatcher({
    clock, focused: () => focused, onChange: () => undefined, onEnd: () => undefined,
    describe: async () => ({ status: 'InProgress' }),
    initial: Array.from({ length: n }, (_, i) => ({ name: `job-${i}`, since: clock.now() })),
  });
  const end = clock.now() + HOUR;
  await runWithClock(clock, watcher.run(abort.signal), { onStep: () => { if (clock.now() >= end) abort.abort(); } });
  return watcher.describeCalls;
}

test('polling cost: one DescribeTrainingJob per watched job per interval, backing off while the window is not focused', async () => {
  const focused = await callsPerHour(5, true);
  const unfocused = await callsPerHour(5, false);
  assert.ok(focused >= 600 && focused <= 605, `${focused} calls an hour, focused`);
  assert.ok(unfocused <= 5 * 16, `${unfocused} calls an hour, unfocused`);
});

test('a watched job that ends is announced once, leaves the list, and the running count drops; one stopped from here ends quietly', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const status = new Map<string, WatchedJobStatus>([['a', { status: 'InProgress' }], ['b', { status: 'InProgress' }]]);
  const ends: JobEnd[] = [];
  const saved: WatchedJob[][] = [];
  const watcher = new JobWatcher({
    clock, focused: () => true, onChange: jobs => saved.push(jobs.map(j => ({ ...j }))), onEnd: e => ends.push(e),
    describe: async job => status.get(job.name)!,
  });
  watcher.watch('a');
  watcher.watch('b');
  watcher.watch('a');
  const signal = new AbortController().signal;
  await watcher.round(signal);
  assert.equal(watcher.runningCount, 2);
  status.set('a', { status: 'Failed', failureReason: 'AlgorithmError: exit 1', creationTime: t0, endTime: t0 + 2 * HOUR + 5 * 60_000, billableSeconds: 7_500, instanceCount: 2 });
  watcher.stoppedHere('b');
  status.set('b', { status: 'Stopped' });
  await watcher.round(signal);
  await watcher.round(signal);
  assert.equal(ends.length, 2, 'one event per job end');
  assert.deepEqual(ends.map(e => [e.job.name, e.notify]), [['a', true], ['b', false]]);
  assert.equal(watcher.runningCount, 0);
  assert.deepEqual(watcher.list(), []);
  // The list as saved survives a reload: a new watcher from the saved state watches the same jobs.
  const reloaded = parseWatchList(JSON.parse(JSON.stringify(saved[1])));
  assert.deepEqual(reloaded.map(j => j.name), ['a', 'b']);
  assert.deepEqual(parseWatchList([{ name: '' }, 'x', null, { name: 'ok', since: 1 }]), [{ name: 'ok', since: 1 }]);

  const message = jobEndMessage(ends[0]!, ['Traceback (most recent call last):', 'ValueError: bad shape']);
  assert.equal(message.text, 'Training job a Failed, ran 2 h 5 min, billable 7500 s × 2 instances. AlgorithmError: exit 1. Last errors: Traceback (most recent call last): | ValueError: bad shape');
  assert.deepEqual(message.actions, ['Open Job', 'Show Logs', 'Save as estimator.json']);
  assert.deepEqual(jobEndMessage({ job: { name: 'c', since: 0 }, status: { status: 'Completed' }, notify: true }).actions, ['Open Job', 'Show Logs', 'Deploy', 'Save as estimator.json']);
});

test('an endpoint is watched beside a job of the same name, until InService or Failed; one that no longer exists leaves quietly', async () => {
  const clock = new FakeClock();
  const statuses = new Map<string, WatchedJobStatus | undefined>([['trainingJob:x', { status: 'InProgress' }], ['endpoint:x', { status: 'Creating' }], ['trainingJob:gone', undefined]]);
  const ends: JobEnd[] = [];
  const saved: WatchedJob[][] = [];
  const watcher = new JobWatcher({
    clock, focused: () => true, onChange: jobs => saved.push(jobs.map(j => ({ ...j }))), onEnd: e => ends.push(e),
    describe: async job => statuses.get(`${job.kind ?? 'trainingJob'}:${job.name}`),
  });
  watcher.watch('x');
  watcher.watch('x', 'endpoint');
  watcher.watch('gone');
  const signal = new AbortController().signal;
  await watcher.round(signal);
  assert.deepEqual(watcher.list().map(j => [j.name, j.kind ?? 'trainingJob']), [['x', 'trainingJob'], ['x', 'endpoint']]);
  assert.equal(watcher.runningCount, 2);
  assert.equal(ends.length, 0, 'a job that is gone raises nothing');
  assert.deepEqual(parseWatchList(JSON.parse(JSON.stringify(saved[1]))).map(j => j.kind), [undefined, 'endpoint']);
  statuses.set('endpoint:x', { status: 'Failed', failureReason: 'The primary container for production variant AllTraffic did not pass the ping health check.' });
  await watcher.round(signal);
  assert.deepEqual(ends.map(e => [e.job.name, e.job.kind, e.status.status]), [['x', 'endpoint', 'Failed']]);
  assert.ok(watcher.has('x') && !watcher.has('x', 'endpoint'));
  assert.equal(watcher.runningCount, 1);

  const failed = endpointEndMessage(ends[0]!, ['ModuleNotFoundError: No module named \'xgboost\'']);
  assert.ok(failed.text.startsWith('Endpoint x Failed. The primary container'), failed.text);
  assert.ok(failed.text.includes(PING_FAILURE_HINT), 'a ping failure says what it usually means');
  assert.ok(failed.text.endsWith("First errors: ModuleNotFoundError: No module named 'xgboost'"), failed.text);
  const other = endpointEndMessage({ ...ends[0]!, status: { status: 'Failed', failureReason: 'Image does not exist.' } });
  assert.ok(!other.text.includes(PING_FAILURE_HINT), other.text);
  assert.deepEqual(endpointEndMessage({ ...ends[0]!, status: { status: 'InService', creationTime: 0, endTime: 420_000 } }),
    { text: 'Endpoint x is InService, after 7 min 0 s.', actions: ['Invoke Endpoint', 'Show Logs'] });
});

test('a job launched into another region is recorded with its region (and profile); entries saved without them still read', async () => {
  const clock = new FakeClock();
  const asked: WatchedJob[] = [];
  const saved: WatchedJob[][] = [];
  const watcher = new JobWatcher({
    clock, focused: () => true, onChange: jobs => saved.push(jobs.map(j => ({ ...j }))), onEnd: () => undefined,
    describe: async job => { asked.push(job); return { status: 'InProgress' }; },
  });
  watcher.watch('far', 'trainingJob', { region: 'eu-west-1', profile: 'dev' });
  watcher.watch('near');
  await watcher.round(new AbortController().signal);
  assert.deepEqual(asked.map(j => [j.name, j.region, j.profile]), [['far', 'eu-west-1', 'dev'], ['near', undefined, undefined]]);
  const reloaded = parseWatchList(JSON.parse(JSON.stringify(saved.at(-1))));
  assert.deepEqual(reloaded.map(j => [j.name, j.region, j.profile]), [['far', 'eu-west-1', 'dev'], ['near', undefined, undefined]]);
  // A list saved before regions were recorded, and hand-edited junk in the new fields.
  assert.deepEqual(parseWatchList([{ name: 'old', since: 5 }, { name: 'odd', since: 6, region: 7, profile: '' }]), [{ name: 'old', since: 5 }, { name: 'odd', since: 6 }]);
});
