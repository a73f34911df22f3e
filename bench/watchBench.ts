/**
 * `npm run bench`: what watching costs: DescribeTrainingJob calls in one hour for 5 watched jobs that keep running,
 * with the window focused and not focused (the watcher's shipped intervals, on a fake clock).
 */
import { JobWatcher } from '../src/core/watch/watcher';
import { FakeClock, runWithClock } from '../test/support/logFakes';

async function callsPerHour(jobs: number, focused: boolean): Promise<number> {
  const clock = new FakeClock();
  const abort = new AbortController();
  const watcher = new JobWatcher({
    clock, focused: () => focused, onChange: () => undefined, onEnd: () => undefined,
    describe: async () => ({ status: 'InProgress' }),
    initial: Array.from({ length: jobs }, (_, i) => ({ name: `job-${i}`, since: clock.now() })),
  });
  const end = clock.now() + 3_600_000;
  await runWithClock(clock, watcher.run(abort.signal), { onStep: () => { if (clock.now() >= end) abort.abort(); } });
  return watcher.describeCalls;
}

export async function benchWatch(): Promise<{ jobs: number; focusedCallsPerHour: number; unfocusedCallsPerHour: number }> {
  return { jobs: 5, focusedCallsPerHour: await callsPerHour(5, true), unfocusedCallsPerHour: await callsPerHour(5, false) };
}
