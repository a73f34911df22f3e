import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointAttention, reminderDay, reminderDue, reminderText } from '../../../src/core/costs/endpointAttention';

const created = new Date('2026-12-01T08:00:00Z');
const at = (hours: number) => new Date(created.getTime() + hours * 3_600_000);
const settings = { reminderHours: 24, idleHours: 6 };
const window = (now: Date, hours: number, sum: number) => ({ sum, from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: now.toISOString() });

test('an endpoint in service longer than the reminder hours is long-running; before that it is not', () => {
  assert.deepEqual(endpointAttention({ status: 'InService', creationTime: created }, settings, at(23)), { longRunning: false, idle: false, reasons: [] });
  const late = endpointAttention({ status: 'InService', creationTime: created }, settings, at(25));
  assert.equal(late.longRunning, true);
  assert.deepEqual(late.reasons, ['in service 1d 01h (more than 24 h)']);
  assert.equal(endpointAttention({ status: 'Creating', creationTime: created }, settings, at(25)).longRunning, false);
});

test('idle: no invocations over the whole idle window of an endpoint up that long; unknown counts or a young endpoint are not idle', () => {
  const now = at(7);
  assert.deepEqual(endpointAttention({ status: 'InService', creationTime: created, invocations: window(now, 6, 0) }, settings, now).reasons,
    ['no invocations in the last 6 h']);
  assert.equal(endpointAttention({ status: 'InService', creationTime: created, invocations: window(now, 6, 3) }, settings, now).idle, false);
  assert.equal(endpointAttention({ status: 'InService', creationTime: created }, settings, now).idle, false);
  assert.equal(endpointAttention({ status: 'InService', creationTime: created, invocations: window(at(5), 6, 0) }, settings, at(5)).idle, false);
  assert.equal(endpointAttention({ status: 'InService', creationTime: created, invocations: window(now, 2, 0) }, settings, now).idle, false);
  const both = endpointAttention({ status: 'InService', creationTime: created, invocations: window(at(30), 6, 0) }, settings, at(30));
  assert.deepEqual([both.longRunning, both.idle, both.reasons.length], [true, true, 2]);
});

test('the reminder is due once per local day', () => {
  const morning = new Date(2026, 11, 4, 9, 0);
  const evening = new Date(2026, 11, 4, 23, 0);
  const nextDay = new Date(2026, 11, 5, 0, 30);
  assert.equal(reminderDay(morning), '2026-12-04');
  assert.equal(reminderDue(undefined, morning), true);
  assert.equal(reminderDue(reminderDay(morning), evening), false);
  assert.equal(reminderDue(reminderDay(morning), nextDay), true);
});

test('the reminder lists each endpoint with its cost so far and reasons, and the total; an unknown price makes the total unknown', () => {
  assert.equal(reminderText([{ name: 'a', reasons: ['in service 1d 01h (more than 24 h)'], totalUsd: 5.75 }, { name: 'b', reasons: ['no invocations in the last 6 h'], totalUsd: 1.5 }]),
    'SageMaker: 2 endpoints bill by the hour until deleted: a ($5.75 so far: in service 1d 01h (more than 24 h)); b ($1.50 so far: no invocations in the last 6 h). Total so far: $7.25.');
  assert.match(reminderText([{ name: 'a', reasons: ['x'] }]), /^SageMaker: 1 endpoint bills by the hour until deleted: a \(unknown so far: x\)\. Total so far: unknown\.$/);
});
