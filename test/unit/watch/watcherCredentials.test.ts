import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialPause, type PauseNotice } from '../../../src/core/connection/credentialPause';
import { JobWatcher, type JobEnd, type WatchedJobStatus } from '../../../src/core/watch/watcher';
import { FakeClock, runWithClock } from '../../support/logFakes';

const MINUTE = 60_000;

/** An error as the SDK throws it when the session's token has expired (matched by name). */
function expiredToken(): Error {
  const error = new Error('The security token included in the request is expired');
  error.name = 'ExpiredTokenException';
  return error;
}

test('an expired session pauses the watch with one message, keeps the list, checks every minute and announces a job that ended meanwhile once', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const expiredFrom = t0 + 5 * MINUTE;
  const renewedAt = t0 + 20 * MINUTE;
  const endsAt = t0 + 10 * MINUTE;
  const calls: number[] = [];
  const notices: PauseNotice[] = [];
  let resumed = 0;
  const ends: JobEnd[] = [];
  const pause = new CredentialPause({ clock, profile: 'dev', checkEveryMs: MINUTE, onPause: n => notices.push(n), onResume: () => resumed++ });
  const watcher = new JobWatcher({
    clock, focused: () => true, onChange: () => undefined, onEnd: e => ends.push(e), pause,
    tuning: { focusedIntervalMs: 30_000 },
    describe: async job => {
      calls.push(clock.now());
      if (clock.now() >= expiredFrom && clock.now() < renewedAt) throw expiredToken();
      return { status: job.name === 'a' && clock.now() >= endsAt ? 'Completed' : 'InProgress' } satisfies WatchedJobStatus;
    },
  });
  watcher.watch('a');
  watcher.watch('b');
  const abort = new AbortController();
  let pausedList: string[] | undefined;
  await runWithClock(clock, watcher.run(abort.signal), {
    onStep: () => {
      if (pause.paused && !pausedList) pausedList = watcher.list().map(j => j.name);
      if (clock.now() >= t0 + 30 * MINUTE) abort.abort();
    },
  });

  assert.equal(notices.length, 1, 'one message for the whole outage');
  assert.equal(notices[0]!.profile, 'dev');
  assert.equal(notices[0]!.renewCommand, 'aws sso login --profile dev');
  assert.match(notices[0]!.text, /aws sso login --profile dev/);
  assert.deepEqual(pausedList, ['a', 'b'], 'no job leaves the list while paused');
  const during = calls.filter(at => at > expiredFrom && at < renewedAt);
  assert.ok(during.length <= 15 && during.length >= 14, `one call a minute while paused, not one per job every 30 s (${during.length})`);
  assert.equal(resumed, 1, 'resumed once, when a call succeeded again');
  assert.equal(ends.length, 1, 'the job that ended during the pause is announced once');
  assert.equal(ends[0]!.job.name, 'a');
  assert.ok(ends.every(e => e.notify));
  assert.deepEqual(watcher.list().map(j => j.name), ['b']);
  assert.ok(calls.some(at => at >= renewedAt + 25_000), 'the focused interval is back after the pause');
});

test('other failures are asked again next round without a pause; an expired session does not drop a job', async () => {
  const clock = new FakeClock();
  const notices: PauseNotice[] = [];
  const pause = new CredentialPause({ clock, onPause: n => notices.push(n) });
  let failure: Error | undefined = new Error('socket hang up');
  const watcher = new JobWatcher({
    clock, focused: () => true, onChange: () => undefined, onEnd: () => undefined, pause,
    describe: async () => { if (failure) throw failure; return { status: 'InProgress' }; },
  });
  watcher.watch('a');
  const signal = new AbortController().signal;
  await watcher.round(signal);
  assert.equal(pause.paused, false);
  assert.equal(watcher.nextDelayMs(), 30_000);
  failure = expiredToken();
  await watcher.round(signal);
  await watcher.round(signal);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!.text, /default profile.*"aws sso login"/);
  assert.equal(watcher.nextDelayMs(), 60_000, 'checked every minute while paused');
  assert.deepEqual(watcher.list().map(j => j.name), ['a']);
  failure = undefined;
  await watcher.round(signal);
  assert.equal(pause.paused, false);
});
