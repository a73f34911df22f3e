import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter, mapLimit, mapWeighted } from '../../../src/core/launch/limiter';

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

test('mapWeighted runs light items many at a time and heavy ones few, in order, keeping the results in order', async () => {
  const weights = [1, 1, 1, 1, 1, 1, 4, 4, 1, 1];
  let used = 0;
  let peak = 0;
  let peakItems = 0;
  let running = 0;
  const started: number[] = [];
  const results = await mapWeighted(weights.map((w, i) => ({ w, i })), 4, item => item.w, async item => {
    started.push(item.i);
    used += item.w;
    running++;
    peak = Math.max(peak, used);
    peakItems = Math.max(peakItems, running);
    await tick();
    used -= item.w;
    running--;
    return item.i * 10;
  });
  assert.deepEqual(results, weights.map((_, i) => i * 10));
  assert.equal(peak, 4);
  assert.equal(peakItems, 4);
  assert.deepEqual(started, weights.map((_, i) => i));
});

test('mapWeighted: a weight above the capacity runs alone; zero, NaN or fractions count as at least 1', async () => {
  let running = 0;
  let peak = 0;
  const results = await mapWeighted([10, 0, Number.NaN, 0.5, 1], 2, w => w, async w => {
    running++;
    peak = Math.max(peak, running);
    await tick();
    running--;
    return w;
  });
  assert.deepEqual(results, [10, 0, Number.NaN, 0.5, 1]);
  assert.equal(peak, 2);
  assert.deepEqual(await mapWeighted([], 3, () => 1, async () => 1), []);
  assert.throws(() => mapWeighted([1], 0, () => 1, async () => 1), RangeError);
});

test('mapWeighted stops starting items after the first failure, waits for the running ones, and rejects with it', async () => {
  const started: number[] = [];
  let settled = 0;
  await assert.rejects(mapWeighted([0, 1, 2, 3, 4, 5], 3, () => 1, async i => {
    started.push(i);
    await tick(i === 1 ? 1 : 20);
    settled++;
    if (i === 1) throw new Error('first');
    if (i === 2) throw new Error('second');
    return i;
  }), /first/);
  assert.deepEqual(started, [0, 1, 2]);
  assert.equal(settled, 3);
  // A synchronous throw is a failure like any other.
  await assert.rejects(mapWeighted([1], 1, () => 1, (() => { throw new Error('sync'); }) as never), /sync/);
});
