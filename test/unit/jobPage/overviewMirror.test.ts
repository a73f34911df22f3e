import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOverviewUpdate, type MirroredOverview, type OverviewUpdate } from '../../../src/core/jobPage';

const update = (name: string, count: number, from: number, t: number[], v: number[]): OverviewUpdate =>
  ({ name, count, from, t: Float64Array.from(t), v: Float64Array.from(v), i: Uint32Array.from(t.map((_, k) => from + k)) });

test('an update from point 0 is the series, kept by reference (no copy of an init)', () => {
  const mirror: MirroredOverview[] = [];
  const init = update('loss', 3, 0, [1, 2, 3], [0.5, 0.4, 0.3]);
  applyOverviewUpdate(mirror, init);
  assert.equal(mirror.length, 1);
  assert.equal(mirror[0]!.t, init.t);
  assert.equal(mirror[0]!.v, init.v);
  assert.equal(mirror[0]!.count, 3);
});

test('a later update replaces everything from its `from` on, as the page does, without touching the posted arrays', () => {
  const mirror: MirroredOverview[] = [];
  const init = update('loss', 3, 0, [1, 2, 3], [0.5, 0.4, 0.3]);
  applyOverviewUpdate(mirror, init);
  applyOverviewUpdate(mirror, update('loss', 5, 2, [3, 4, 5], [0.2, 0.1, 0.05]));
  assert.deepEqual(Array.from(mirror[0]!.t), [1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(mirror[0]!.v), [0.5, 0.4, 0.2, 0.1, 0.05]);
  assert.equal(mirror[0]!.count, 5);
  assert.deepEqual(Array.from(init.v), [0.5, 0.4, 0.3], 'the init message\'s own array is unchanged');
});

test('an update past the end appends; series are kept apart, new ones added in order', () => {
  const mirror: MirroredOverview[] = [];
  applyOverviewUpdate(mirror, update('loss', 2, 0, [1, 2], [1, 2]));
  applyOverviewUpdate(mirror, update('acc', 1, 0, [1], [0.9]));
  applyOverviewUpdate(mirror, update('loss', 3, 7, [3], [3]));
  assert.deepEqual(mirror.map(s => s.name), ['loss', 'acc']);
  assert.deepEqual(Array.from(mirror[0]!.t), [1, 2, 3]);
  assert.deepEqual(Array.from(mirror[1]!.v), [0.9]);
});
