import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { axisValues, chartAxis, formatElapsed, xScaleRange, type AxisJob } from '../../../src/core/jobPage/chartAxis';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const webviewCopy = require(path.join(__dirname, '../../../../media/jobPage/chartAxis.js')) as {
  chartAxis: typeof chartAxis; axisValues: typeof axisValues; formatElapsed: typeof formatElapsed; xScaleRange: typeof xScaleRange;
};

const START = Date.UTC(2026, 11, 4, 10, 0, 0);
const cloudJob: AxisJob = { local: false, start: START, end: START + 600_000, done: true, now: START + 3_600_000 };

test('one value is shown as a value, not on an axis', () => {
  assert.deepEqual(chartAxis([START + 5000], cloudJob), { kind: 'value' });
  assert.deepEqual(chartAxis([], cloudJob), { kind: 'empty' });
});

test('three points within a millisecond get the job\'s ten minutes, not a millisecond', () => {
  const t = [START + 120_000, START + 120_000, START + 120_001];
  const axis = chartAxis(t, cloudJob);
  assert.deepEqual(axis, { kind: 'elapsed', origin: START, min: 0, max: 600 });
  assert.deepEqual(axisValues(t, axis).map(x => Math.round(x * 1000) / 1000), [120, 120, 120.001]);
});

test('a running job\'s axis reaches now; a point after the recorded end still fits', () => {
  const running: AxisJob = { local: false, start: START, done: false, now: START + 90_000 };
  assert.deepEqual(chartAxis([START + 1000, START + 2000], running), { kind: 'elapsed', origin: START, min: 0, max: 90 });
  const late = chartAxis([START + 1000, START + 700_000], cloudJob);
  assert.equal(late.kind === 'elapsed' && late.max, 700);
});

test('without the job\'s times the axis starts at the first point and is at least a second long', () => {
  const axis = chartAxis([START, START + 1], { local: false, done: true, now: START + 10 });
  assert.deepEqual(axis, { kind: 'elapsed', origin: START, min: 0, max: 1 });
});

test('a local job\'s points are placed at their step', () => {
  const t = [START, START + 0.2, START + 0.4, START + 0.6];
  const axis = chartAxis(t, { local: true, done: false, now: START + 1 });
  assert.deepEqual(axis, { kind: 'step', min: 1, max: 4 });
  assert.deepEqual(axisValues(t, axis), [1, 2, 3, 4]);
});

test('times since the start read as 45s, 12m 5s, 3h 20m', () => {
  assert.deepEqual([0, 45, 60, 725, 3600, 12_000, -30].map(formatElapsed), ['0s', '45s', '1m', '12m 5s', '1h', '3h 20m', '-30s']);
});

test('the x scale keeps the job\'s span unless zoomed: a drag-select zooms, uPlot\'s auto-range (the data\'s ends) resets', () => {
  const axis = { min: 0, max: 600 };
  // uPlot asks with the data's first and last x on init, new data and double-click: the job's span, not the points'.
  assert.deepEqual(xScaleRange(axis, 12, 480, 12, 480), [0, 600]);
  assert.deepEqual(xScaleRange(axis, null, null, 12, 480), [0, 600]);
  // A drag-select (or setScale) within the axis is kept as asked, even where it covers the data's ends.
  assert.deepEqual(xScaleRange(axis, 100, 200, 12, 480), [100, 200]);
  assert.deepEqual(xScaleRange(axis, 10, 500, 12, 480), [10, 500]);
  // Beyond the axis: clamped to it; empty or reversed: the whole axis.
  assert.deepEqual(xScaleRange(axis, -50, 900, 12, 480), [0, 600]);
  assert.deepEqual(xScaleRange(axis, 300, 300, 12, 480), [0, 600]);
  assert.deepEqual(xScaleRange(axis, 700, 800, 12, 480), [0, 600]);
  for (const [min, max] of [[12, 480], [100, 200], [-50, 900], [null, null], [300, 300]] as const) {
    assert.deepEqual(webviewCopy.xScaleRange(axis, min, max, 12, 480), xScaleRange(axis, min, max, 12, 480));
  }
});

test('the webview\'s copy (media/jobPage/chartAxis.js) chooses the same axes and values', () => {
  const cases: [number[], AxisJob][] = [
    [[], cloudJob], [[START + 5], cloudJob], [[START + 120_000, START + 120_001], cloudJob],
    [[START - 2000, START + 5000], { local: false, start: START, done: false, now: START + 10_000 }],
    [[START, START + 1], { local: false, done: true, now: START }], [[START, START + 3, START + 9], { local: true, done: false, now: START }],
  ];
  for (const [t, job] of cases) {
    const axis = chartAxis(t, job);
    assert.deepEqual(webviewCopy.chartAxis(t, job), axis);
    assert.deepEqual(webviewCopy.axisValues(t, axis), axisValues(t, axis));
  }
  for (const s of [0, 59.6, 61, 3599, 3661, -75]) assert.equal(webviewCopy.formatElapsed(s), formatElapsed(s));
});
