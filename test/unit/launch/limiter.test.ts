import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter, mapLimit } from '../../../src/core/launch/limiter';

const tick = (ms = 5) => new Promise(resolve => setTimeout(resolve, ms));

test('createLimiter runs at most N tasks at once, in queue order', async () => {
  const limit = createLimiter(2);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const results = await Promise.all([0, 1, 2, 3, 4].map(i => limit(async () => {
    started.push(i);
    running++;
    peak = Math.max(peak, running);
    await tick();
    running--;
    return i * 10;
  })));
  assert.deepEqual(results, [0, 10, 20, 30, 40]);
  assert.equal(peak, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
});

test('createLimiter passes failures through and keeps going', async () => {
  const limit = createLimiter(1);
  const a = limit(async () => { throw new Error('boom'); });
  const b = limit(async () => 'ok');
  await assert.rejects(a, /boom/);
  assert.equal(await b, 'ok');
  // A task that throws synchronously is a rejection too.
  await assert.rejects(limit((() => { throw new Error('sync'); }) as never), /sync/);
});

test('createLimiter refuses a concurrency below 1', () => {
  assert.throws(() => createLimiter(0), RangeError);
  assert.throws(() => createLimiter(1.5), RangeError);
});

test('mapLimit keeps the order of results and the concurrency', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3], 3, async (n, i) => {
    running++;
    peak = Math.max(peak, running);
    await tick(n);
    running--;
    return `${i}:${n}`;
  });
  assert.deepEqual(out, ['0:5', '1:1', '2:4', '3:2', '4:3']);
  assert.equal(peak, 3);
  assert.deepEqual(await mapLimit([], 3, async () => 1), []);
});

test('mapLimit stops starting items after a failure and settles the running ones before rejecting', async () => {
  const started: number[] = [];
  const finished: number[] = [];
  await assert.rejects(mapLimit([0, 1, 2, 3, 4, 5], 2, async i => {
    started.push(i);
    if (i === 1) throw new Error('second failed');
    await tick(20);
    finished.push(i);
  }), /second failed/);
  // 0 was running when 1 failed: it finished before mapLimit rejected; 2 may have started with it, nothing after.
  assert.ok(finished.includes(0));
  assert.ok(!started.includes(4) && !started.includes(5), `started ${started}`);
  for (const i of started) if (i !== 1) assert.ok(finished.includes(i), `item ${i} still running after rejection`);
});
