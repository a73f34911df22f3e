// The record of the first diagnostics after activation (src/estimator/firstDiagnostics.ts), which the benchmark reports.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import test from 'node:test';
import { FirstDiagnosticsClock } from '../../../src/estimator/firstDiagnostics';

test('with no estimator open at activation there is nothing to time: the record is undefined', async () => {
  const clock = new FirstDiagnosticsClock(performance.now());
  clock.noneOpen(true);
  assert.equal(await clock.result, undefined);
});

test('the first validation is timed from activate()\'s start to the set, and only the first', async () => {
  const activationStartedAt = performance.now();
  const clock = new FirstDiagnosticsClock(activationStartedAt);
  clock.noneOpen(false);
  let validations = 0;
  const busy = (ms: number) => { const until = performance.now() + ms; while (performance.now() < until) { /* the validation's work */ } };
  busy(5);
  assert.equal(clock.time(() => { validations++; busy(10); return 'first'; }), 'first');
  assert.equal(clock.time(() => { validations++; return 'second'; }), 'second');
  const timing = await clock.result;
  assert.ok(timing);
  assert.equal(validations, 2);
  assert.equal(timing.activationStartedAt, activationStartedAt);
  assert.ok(timing.waitMs >= 5, `waited ${timing.waitMs} ms`);
  assert.ok(timing.validationMs >= 10, `validated in ${timing.validationMs} ms`);
  assert.equal(timing.bundleLoadMs, 0, 'dist/validation.js was not loaded here');
  assert.ok(Math.abs(timing.ms - (timing.setAt - activationStartedAt)) < 1e-9);
  assert.ok(timing.ms >= timing.waitMs + timing.validationMs - 1e-9);
  assert.ok(timing.cpuMs >= timing.validationCpuMs);
});
