import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../../src/core/format';

test('durations read at a glance', () => {
  assert.equal(formatDuration(12_400), '12s');
  assert.equal(formatDuration(185_000), '3m 05s');
  assert.equal(formatDuration(3_720_000), '1h 02m');
  assert.equal(formatDuration(90_000_000), '1d 01h');
  assert.equal(formatDuration(-5), '0s');
});
