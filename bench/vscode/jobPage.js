// Runs inside the extension host (as an extensionTestsPath module): the job page on a synthetic job of 4 metric
// series through the real panel, the real webview and VS Code's real postMessage path (code-server, a browser).
// It times, in one run:
// - a bare webview panel (an empty page whose only script says it is ready): VS Code's own cost of creating a
//   webview and booting a page, the baseline, measured before and after the job page (after a first one that
//   also boots the window's webview machinery, reported apart);
// - the job page's first render (5 opens, each a new page; the median one reported with every sample), end to end
//   from the open call to the frame that shows all 4 series, split
//   into: open → the page posting its ready handshake (VS Code's webview boot plus loading our page's scripts),
//   the host taking the 4 × 1M points (one pass over typed arrays, while the webview boots), and ready → drawn
//   (ours: the handshake reaching the host, the host building and posting the init, its transfer, the page
//   applying it until its frame is drawn);
// - then appends (to the last page opened) of 1,000 points to one series: the host's work (adding the points + the flush that posts
//   them), the page's own handling time (reported by the page) and the round trip.
// Times across processes are wall-clock (performance.timeOrigin + now()) of the same machine.
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

const SERIES = 4;
const POINTS = Number(process.env.SAGEMAKER_BENCH_POINTS || 1_000_000);
const APPENDS = Number(process.env.SAGEMAKER_BENCH_APPENDS || 15);
const OPENS = Math.max(1, Number(process.env.SAGEMAKER_BENCH_OPENS || 5));
const APPEND_SIZE = 1000;
const NAMES = ['train:loss', 'validation:loss', 'train:accuracy', 'validation:accuracy'].slice(0, SERIES);

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = x => Math.round(x * 100) / 100;
const wallNow = () => performance.timeOrigin + performance.now();

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

/**
 * VS Code's own cost of a webview: create a panel whose empty page only posts a message once its script runs;
 * the open to that post (the page's clock, as for the job page's ready handshake).
 */
async function bareWebviewBoot() {
  const nonce = crypto.randomBytes(16).toString('base64');
  const began = wallNow();
  const panel = vscode.window.createWebviewPanel('sagemaker.benchBareWebview', 'Bare webview', vscode.ViewColumn.Active, { enableScripts: true });
  try {
    const ready = new Promise(resolve => panel.webview.onDidReceiveMessage(message => resolve(message)));
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';"></head>`
      + `<body><script nonce="${nonce}">acquireVsCodeApi().postMessage({ kind: 'ready', at: performance.timeOrigin + performance.now() });</script></body></html>`;
    const { at } = await ready;
    return at - began;
  } finally {
    panel.dispose();
  }
}

/**
 * Opens the job page on the synthetic job and waits for the frame that shows its 4 series: one first-render sample
 * (the page's own times of its handshake, the init's arrival and that frame; the host's of the handshake's arrival
 * and the init's build and post). Returns the open page and the source's handlers (to append to it).
 */
async function openAndDraw(api, data, start) {
  let handlers;
  const ingest = { began: 0, ended: 0 };
  const openedAt = wallNow();
  const page = api.jobPage.openPageWithSource('bench-million-points', h => ({
    raw: undefined,
    async start() {
      handlers = h;
      // As a real source does, it reads before it delivers (here: nothing to read), so the webview boots meanwhile.
      await new Promise(resolve => setTimeout(resolve, 0));
      h.job(syntheticView(start), NAMES, true);
      ingest.began = wallNow();
      for (const series of data) h.metrics(series.name, series.t, series.v);
      ingest.ended = wallNow();
    },
    async refresh() {},
    showLog() {},
    dispose() {},
  }));
  const first = await page.drawn(1);
  const readyAt = page.readyAt();
  const at = first.at;
  if (!at || at.readySent === undefined || at.received === undefined || at.frame === undefined || readyAt === undefined) throw new Error('the page did not report the times of its first render');
  const sample = {
    // What the user waits for: the open call to the frame that shows the 4 series.
    endToEndMs: round(at.frame - openedAt),
    // Our page's part before the handshake: from the open to the page posting its ready handshake.
    openToReadyMs: round(at.readySent - openedAt),
    // Of which: VS Code until our page's document starts (its timeOrigin), then that document until it posts ready.
    openToPageStartMs: at.pageStart === undefined ? undefined : round(at.pageStart - openedAt),
    pageStartToReadyMs: at.pageStart === undefined ? undefined : round(at.readySent - at.pageStart),
    // The host taking the points from the source (one pass), after the open, while the webview boots.
    hostIngestMs: round(ingest.ended - ingest.began),
    openToIngestMs: round(ingest.began - openedAt),
    // Ours, compared with the target: the page posting its ready handshake to the frame that shows the 4 series
    // (both ends on the page's clock).
    readyToDrawnMs: round(at.frame - at.readySent),
    // The handshake reaching the host's handler (transfer, and the host still busy with the ingest if it is).
    readyToHostMs: round(readyAt - at.readySent),
    waitForSourceMs: round(at.started - readyAt),
    hostMs: round(at.posted - at.started),
    transferMs: round(at.received - at.posted),
    pageWorkMs: round(first.workMs),
    pageToFrameMs: round(at.frame - at.received),
    roundTripMs: round(first.roundTripMs),
  };
  return { page, handlers, sample };
}

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator');
  const api = await ext.activate();
  const start = Date.now() - POINTS * 100;
  // The job's points as a source has them (outside the timing): 4 series of POINTS, in typed arrays.
  const data = NAMES.map((name, s) => {
    const t = new Float64Array(POINTS);
    const v = new Float64Array(POINTS);
    for (let i = 0; i < POINTS; i++) { t[i] = start + i * 100; v[i] = valueAt(s, i); }
    return { name, t, v };
  });
  // The window's first webview also boots VS Code's webview machinery (its service worker…): reported apart.
  const bareCold = await bareWebviewBoot();
  const bareBefore = await bareWebviewBoot();

  // Several opens, each a new page (the last one closed first): one sample is too easily a lucky or unlucky one.
  // The first open is also the window's first job page (its scripts not yet in the webview's caches): kept in.
  const opens = [];
  let opened;
  for (let k = 0; k < OPENS; k++) {
    if (opened) opened.page.dispose();
    opened = await openAndDraw(api, data, start);
    opens.push(opened.sample);
  }
  const { page, handlers } = opened;

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
  const bareAfter = await bareWebviewBoot();
  const bareMs = (bareBefore + bareAfter) / 2;

  // The open whose ours (ready → drawn) is the median: its phases add up to it, which medians taken phase by phase would not.
  const medianOpen = [...opens].sort((a, b) => a.readyToDrawnMs - b.readyToDrawnMs)[Math.floor(opens.length / 2)];
  const result = {
    series: SERIES, pointsPerSeries: POINTS, appendSize: APPEND_SIZE, appends: APPENDS, opens: OPENS,
    firstRender: {
      ...medianOpen,
      // VS Code's part: a bare webview's boot (its mean before and after).
      bareWebviewBootMs: round(bareMs), bareWebviewBootSamplesMs: [round(bareBefore), round(bareAfter)], firstWebviewOfWindowMs: round(bareCold),
      ourScriptsOverBareMs: round(medianOpen.openToReadyMs - bareMs),
      // Every open, in order (the first is the window's first job page).
      readyToDrawnSamplesMs: opens.map(o => o.readyToDrawnMs),
      endToEndSamplesMs: opens.map(o => o.endToEndMs),
      samples: opens,
    },
    append: {
      hostMedianMs: round(median(appends.map(a => a.hostMs))), hostMaxMs: round(Math.max(...appends.map(a => a.hostMs))),
      pageMedianMs: round(median(appends.map(a => a.pageMs))), pageMaxMs: round(Math.max(...appends.map(a => a.pageMs))),
      roundTripMedianMs: round(median(appends.map(a => a.roundTripMs))),
    },
    samples: appends.map(a => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, round(v)]))),
  };
  fs.writeFileSync(process.env.SAGEMAKER_BENCH_OUT, JSON.stringify(result, null, 2));
};
