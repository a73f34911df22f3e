import assert from 'node:assert/strict';
import test from 'node:test';
import { refreshIntervalMsOf } from '../../../src/core/views/refreshInterval';

test('the refresh interval is the setting in milliseconds', () => {
  assert.equal(refreshIntervalMsOf(30), 30_000);
  assert.equal(refreshIntervalMsOf(2.5), 2_500);
});

test('a repository cannot make the refresh loops call AWS back to back: below 1 s is 1 s', () => {
  assert.equal(refreshIntervalMsOf(0), 1_000);
  assert.equal(refreshIntervalMsOf(-5), 1_000);
  assert.equal(refreshIntervalMsOf(0.001), 1_000);
});

test('an unset or unusable value is the default 30 s', () => {
  for (const value of [undefined, null, '5', Number.NaN, Number.POSITIVE_INFINITY, {}]) assert.equal(refreshIntervalMsOf(value), 30_000, String(value));
});
