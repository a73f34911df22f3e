// Runs inside the extension host (as an extensionTestsPath module): the job page on a synthetic job of 4 metric
// series through the real panel, the real webview and VS Code's real postMessage path (code-server, a browser).
// It times: the host adding the points; the first render (the host building and posting its init until the
// page's "drawn" report arrives); then appends of 1,000 points to one series: the host's work (adding the points
// + the flush that posts them), the page's own handling time (reported by the page) and the round trip.
'use strict';
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

const SERIES = 4;
const POINTS = Number(process.env.SAGEMAKER_BENCH_POINTS || 1_000_000);
const APPENDS = Number(process.env.SAGEMAKER_BENCH_APPENDS || 15);
const APPEND_SIZE = 1000;
const NAMES = ['train:loss', 'validation:loss', 'train:accuracy', 'validation:accuracy'].slice(0, SERIES);

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = x => Math.round(x * 100) / 100;

function syntheticView(start) {
  return {
    name: 'bench-million-points', local: false, status: 'InProgress', done: false, timeline: [],
    config: { instanceCount: 1, channels: [], hyperparameters: [], environment: [], spot: false, instanceType: 'ml.g5.xlarge' },
    outputs: {}, billing: { instanceCount: 1 },
    metricDefinitions: NAMES.map(name => ({ name, regex: `${name}=(\\S+)` })), metricProblems: [], finalMetrics: [],
    created: start, trainingStart: start,
  };
}

const valueAt = (series, i) => (series + 1) * Math.exp(-i / (POINTS / 4)) + 0.1 * Math.sin(i / 500 + series) + 0.02 * ((i * 7919) % 101) / 101;

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator');
  const api = await ext.activate();
  const start = Date.now() - POINTS * 100;
  let handlers;
  let loadMs = 0;
  const page = api.jobPage.openPageWithSource('bench-million-points', h => ({
    raw: undefined,
    async start() {
      handlers = h;
      h.job(syntheticView(start), NAMES, true);
      const began = performance.now();
      for (let s = 0; s < SERIES; s++) for (let i = 0; i < POINTS; i++) h.metric(NAMES[s], start + i * 100, valueAt(s, i));
      loadMs = performance.now() - began;
    },
    async refresh() {},
    showLog() {},
    dispose() {},
  }));
  const first = await page.drawn(1);
  const appends = [];
  let next = POINTS;
  for (let k = 0; k < APPENDS; k++) {
    const seq = page.lastSeq() + 1;
    const began = performance.now();
    for (let i = 0; i < APPEND_SIZE; i++, next++) handlers.metric(NAMES[0], start + next * 100, valueAt(0, next));
    const addMs = performance.now() - began;
    const report = await page.drawn(seq);
    appends.push({ addMs, flushMs: report.hostMs, hostMs: addMs + report.hostMs, pageMs: report.workMs, roundTripMs: report.roundTripMs });
  }
  page.dispose();
  const result = {
    series: SERIES, pointsPerSeries: POINTS, appendSize: APPEND_SIZE, appends: APPENDS,
    hostLoadMs: round(loadMs),
    firstRender: { hostMs: round(first.hostMs), pageMs: round(first.workMs), roundTripMs: round(first.roundTripMs) },
    append: {
      hostMedianMs: round(median(appends.map(a => a.hostMs))), hostMaxMs: round(Math.max(...appends.map(a => a.hostMs))),
      pageMedianMs: round(median(appends.map(a => a.pageMs))), pageMaxMs: round(Math.max(...appends.map(a => a.pageMs))),
      roundTripMedianMs: round(median(appends.map(a => a.roundTripMs))),
    },
    samples: appends.map(a => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, round(v)]))),
  };
  fs.writeFileSync(process.env.SAGEMAKER_BENCH_OUT, JSON.stringify(result, null, 2));
};
