// The training job page's script. It only shows what the extension host sends (the job, its timeline and the
// metric series) and posts a few fixed actions back; the host checks every message. No inline script or style:
// everything here sets text, attributes, classes and `hidden`.
// @ts-check

const { start, byId: $, showNotice: showNoticeIn } = /** @type {any} */ (window).WebviewHost;
const host = start(onHostMessage);
const { ChartSet, formatValue } = /** @type {any} */ (window).JobPageCharts;

const ui = {
  title: $('title'), statusPill: $('statusPill'), secondary: $('secondary'), elapsed: $('elapsed'),
  refresh: $('refresh'), showLog: $('showLog'), openConsole: $('openConsole'), copyName: $('copyName'),
  notice: $('notice'), failure: $('failure'), failureReason: $('failureReason'), copyFailure: $('copyFailure'),
  liveBadge: $('liveBadge'), pointCount: $('pointCount'), metricsEmpty: $('metricsEmpty'), metricProblems: $('metricProblems'),
  charts: $('charts'), finalMetrics: $('finalMetrics'), finalMetricsBody: $('finalMetricsBody'),
  timeline: $('timeline'), timelineEmpty: $('timelineEmpty'), billing: $('billing'), outputs: $('outputs'),
  config: $('config'), channels: $('channels'), hyperparameters: $('hyperparameters'),
  environmentBlock: $('environmentBlock'), environment: $('environment'), definitionsBlock: $('definitionsBlock'), definitions: $('definitions'),
};

const charts = new ChartSet(ui.charts, (name, first, last) => post({ kind: 'detail', name, first, last }), pixels => post({ kind: 'resolution', pixels }));
/** @type {any} */
let view;

const post = host.post;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(icon, label, title, onClick) {
  const b = document.createElement('vscode-button');
  b.setAttribute('secondary', '');
  b.setAttribute('icon', icon);
  b.setAttribute('title', title);
  // Icon-only buttons: their title is also what a screen reader announces.
  if (!label) b.setAttribute('aria-label', title);
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** A key/value row; `value` text (or a node), optional action buttons. */
function row(tbody, key, value, ...actions) {
  const tr = el('tr');
  tr.append(el('th', '', key));
  const td = el('td');
  if (value instanceof Node) td.append(value); else td.append(el('span', 'value', value === undefined || value === '' ? '–' : String(value)));
  if (actions.length) { const span = el('span', 'row-actions'); span.append(...actions); td.append(span); }
  tr.append(td);
  tbody.append(tr);
}

const time = ms => (ms === undefined ? '–' : new Date(ms).toLocaleString());

function statusClass(status) {
  return { Completed: 'ok', InProgress: 'running', Failed: 'error', Stopped: 'warn', Stopping: 'warn' }[status] || '';
}

const showNotice = (level, message) => showNoticeIn(ui.notice, level, message);

function renderHeader(live) {
  ui.statusPill.textContent = view.status;
  ui.statusPill.className = `pill ${statusClass(view.status)}`;
  ui.secondary.textContent = [view.secondaryStatus && view.secondaryStatus !== view.status ? view.secondaryStatus : '', view.statusMessage || ''].filter(Boolean).join(' — ');
  ui.elapsed.textContent = view.elapsedText ? `· ${view.elapsedText}` : '';
  ui.openConsole.hidden = !view.outputs.consoleUrl;
  ui.liveBadge.hidden = !live;
  ui.failure.hidden = !view.failureReason;
  ui.failureReason.textContent = view.failureReason || '';
}

function renderTimeline() {
  ui.timeline.textContent = '';
  const entries = view.timeline;
  ui.timelineEmpty.hidden = entries.length > 0;
  const longest = Math.max(1, ...entries.map(e => e.durationMs));
  for (const e of entries) {
    const li = el('li', e.current ? 'current' : '');
    const head = el('div', 'tl-head');
    head.append(el('span', `tl-status ${statusClass(e.status)}`, e.status), el('span', 'tl-duration', e.current ? `${e.durationText} so far` : e.durationText),
      el('span', 'muted tl-time', new Date(e.start).toLocaleTimeString()));
    const bar = el('div', 'tl-bar');
    const fill = el('div', 'tl-fill');
    fill.style.width = `${Math.max(1, Math.round((e.durationMs / longest) * 100))}%`;
    bar.append(fill);
    li.append(head, bar);
    if (e.message) li.append(el('div', 'muted tl-message', e.message));
    ui.timeline.append(li);
  }
  ui.billing.textContent = '';
  const b = view.billing;
  row(ui.billing, 'Created', time(view.created));
  if (view.trainingStart) row(ui.billing, 'Training started', time(view.trainingStart));
  if (view.trainingEnd) row(ui.billing, 'Ended', time(view.trainingEnd));
  if (b.trainingSeconds !== undefined) row(ui.billing, 'Training time', `${b.trainingSeconds.toLocaleString('en-US')} s`);
  if (!view.local) row(ui.billing, 'Billable time', b.billableText || (view.done ? 'not reported' : 'when the job ends'));
  if (view.config.spot) row(ui.billing, 'Spot savings', b.spotSavingsPercent !== undefined ? `${b.spotSavingsPercent}%` : (view.done ? 'not reported' : 'when the job ends'));
}

function renderOutputs() {
  ui.outputs.textContent = '';
  const o = view.outputs;
  const copy = (field, what) => button('copy', '', `Copy ${what}`, () => post({ kind: 'copy', field }));
  if (o.modelArtifacts) {
    row(ui.outputs, 'Model artifacts', o.modelArtifacts, copy('modelArtifacts', 'model artifacts'),
      button(view.local ? 'folder-opened' : 'link-external', '', view.local ? 'Reveal in the file explorer' : 'Open in the S3 console', () => post({ kind: 'revealArtifacts' })));
  } else row(ui.outputs, 'Model artifacts', view.done ? 'none' : 'when the job completes');
  if (o.outputArtifacts) row(ui.outputs, 'Output data', o.outputArtifacts, copy('outputArtifacts', 'output data'));
  if (o.outputPath) row(ui.outputs, view.local ? 'Job folder' : 'Output path', o.outputPath, copy('outputPath', view.local ? 'job folder' : 'output path'));
  if (view.arn) row(ui.outputs, 'ARN', view.arn, copy('arn', 'ARN'));
  if (o.consoleUrl) row(ui.outputs, 'Console', 'SageMaker console', button('link-external', '', 'Open in the AWS console', () => post({ kind: 'openConsole' })));
}

function renderConfig() {
  const c = view.config;
  ui.config.textContent = '';
  if (c.image) row(ui.config, view.local ? 'Framework' : 'Image', c.image, button('copy', '', view.local ? 'Copy framework' : 'Copy image', () => post({ kind: 'copy', field: 'image' })));
  if (c.algorithmName) row(ui.config, 'Algorithm', c.algorithmName);
  if (c.entryPoint) row(ui.config, 'Entry point', c.entryPoint);
  row(ui.config, 'Instances', `${c.instanceType || '?'} × ${c.instanceCount}${c.volumeGb ? ` · ${c.volumeGb} GB volume` : ''}`);
  if (c.inputMode) row(ui.config, 'Input mode', c.inputMode);
  if (c.maxRuntimeText) row(ui.config, 'Max runtime', c.maxRuntimeText);
  if (!view.local) row(ui.config, 'Managed spot', c.spot ? `yes${c.maxWaitText ? ` · max wait ${c.maxWaitText}` : ''}` : 'no');
  if (c.checkpointS3Uri) row(ui.config, 'Checkpoints', `${c.checkpointS3Uri}${c.checkpointLocalPath ? ` ↔ ${c.checkpointLocalPath}` : ''}`);
  if (c.retryAttempts !== undefined) row(ui.config, 'Retry attempts', String(c.retryAttempts));
  if (c.vpc) row(ui.config, 'VPC', c.vpc);
  if (c.role) row(ui.config, 'Role', c.role);
  ui.channels.textContent = '';
  if (c.channels.length === 0) { const tr = el('tr'); const td = el('td', 'muted', 'No input channels.'); td.colSpan = 3; tr.append(td); ui.channels.append(tr); }
  for (const ch of c.channels) {
    const tr = el('tr');
    const icon = document.createElement('vscode-icon');
    icon.setAttribute('name', { s3: 'cloud', efs: 'server', fsx: 'server', file: 'folder' }[ch.kind] || 'database');
    const src = el('td');
    src.append(icon, el('span', 'mono', ` ${ch.source}`));
    tr.append(el('td', '', ch.name), src, el('td', 'muted', ch.detail.join(' · ')));
    ui.channels.append(tr);
  }
  ui.hyperparameters.textContent = '';
  if (c.hyperparameters.length === 0) row(ui.hyperparameters, 'none', '');
  for (const [k, v] of c.hyperparameters) row(ui.hyperparameters, k, v);
  ui.environment.textContent = '';
  ui.environmentBlock.hidden = c.environment.length === 0;
  for (const [k, v] of c.environment) row(ui.environment, k, v);
  ui.definitions.textContent = '';
  ui.definitionsBlock.hidden = view.metricDefinitions.length === 0;
  for (const d of view.metricDefinitions) row(ui.definitions, d.name, d.regex);
}

function renderMetricsMeta() {
  const defs = view.metricDefinitions.length;
  ui.metricsEmpty.hidden = defs > 0;
  ui.metricsEmpty.textContent = view.local
    ? 'This job has no metric definitions: add "metric_definitions" to its estimator to chart values from its log.'
    : 'This job has no metric definitions (AlgorithmSpecification.MetricDefinitions): nothing to chart.';
  ui.metricProblems.textContent = '';
  ui.metricProblems.hidden = view.metricProblems.length === 0;
  for (const p of view.metricProblems) ui.metricProblems.append(el('li', '', p));
  ui.finalMetricsBody.textContent = '';
  ui.finalMetrics.hidden = !(view.done && view.finalMetrics.length > 0);
  for (const m of view.finalMetrics) row(ui.finalMetricsBody, m.name, formatValue(m.value));
  const n = charts.totalPoints();
  ui.pointCount.textContent = n ? `${n.toLocaleString('en-US')} values` : '';
}

/** What the charts' x axes are chosen from. */
function axisJob() {
  const start = view.trainingStart !== undefined ? view.trainingStart : view.created;
  return {
    local: view.local, done: view.done,
    ...(start !== undefined ? { start } : {}), ...(view.trainingEnd !== undefined ? { end: view.trainingEnd } : {}),
  };
}

/** What each re-rendered section was last drawn from: a section whose data did not change is left as it is. */
const drawnFrom = new Map();

/**
 * Re-renders a section (its rows rebuilt) when what it shows changed, without taking the keyboard away: a button of
 * the section that had the focus hands it to the button with the same title in the new rows. (A running job's page
 * gets a new view with every status poll; rebuilt rows under the focus sent Tab back to the section's first button.)
 */
function renderSection(container, data, render) {
  const key = JSON.stringify(data);
  if (drawnFrom.get(container) === key) return;
  drawnFrom.set(container, key);
  const focused = document.activeElement;
  const title = focused && focused !== document.body && container.contains(focused) ? focused.getAttribute('title') : null;
  render();
  if (title === null) return;
  const again = [...container.querySelectorAll('[title]')].find(e => e.getAttribute('title') === title);
  // A new vscode-button takes the focus once it has drawn itself.
  if (again) Promise.resolve(again.updateComplete).then(() => again.focus());
}

function renderView(live) {
  charts.setJob(axisJob());
  document.title = view.name;
  ui.title.textContent = view.name;
  ui.title.title = view.name;
  document.body.dataset.status = view.status;
  renderHeader(live);
  renderTimeline();
  renderSection(ui.outputs, [view.outputs, view.arn, view.local, view.done], renderOutputs);
  renderSection(ui.config, [view.config, view.local, view.metricDefinitions], renderConfig);
  renderMetricsMeta();
}

ui.refresh.addEventListener('click', async () => {
  // One DescribeTrainingJob at a time: the button comes back when the host has the answer, with the keyboard on
  // it again if it was there (disabling it dropped the focus to the page's top).
  const focused = document.activeElement === ui.refresh;
  ui.refresh.disabled = true;
  await host.request({ kind: 'refresh' });
  ui.refresh.disabled = false;
  // Enabled once the element has drawn the change (it stays unfocusable until then).
  await ui.refresh.updateComplete;
  if (focused && (!document.activeElement || document.activeElement === document.body)) ui.refresh.focus();
});
ui.showLog.addEventListener('click', () => post({ kind: 'showLog' }));
ui.openConsole.addEventListener('click', () => post({ kind: 'openConsole' }));
ui.copyName.addEventListener('click', () => post({ kind: 'copy', field: 'name' }));
ui.copyFailure.addEventListener('click', () => post({ kind: 'copy', field: 'failureReason' }));

/** Tells the host the data message `seq` is drawn, and how long the page spent on it (the benchmark reads it). */
function reportDrawn(seq, workMs, times) {
  if (typeof seq === 'number') post({ kind: 'drawn', seq, workMs: Math.max(0, workMs), ...times });
}

const wallNow = () => performance.timeOrigin + performance.now();
/** When the page posted its ready handshake (reported with the init's drawing: the benchmark's split). */
let readySentAt = 0;

/** Calls `callback` once the next frame is drawn (at once in a hidden page: it draws no frames). */
function afterNextFrame(callback) {
  if (document.hidden) return callback();
  requestAnimationFrame(() => setTimeout(callback, 0));
}

function onHostMessage(m) {
  switch (m.kind) {
    case 'init': {
      const receivedAt = wallNow();
      const started = performance.now();
      view = m.view;
      host.setState({ jobName: view.name, ...(view.local ? { local: true } : {}) });
      // The page first (it sets the charts' job), then the charts drawn once, at once.
      renderView(m.live);
      charts.setAll(m.series);
      renderMetricsMeta();
      document.body.dataset.ready = 'true';
      // Its work includes uPlot's drawing, in microtasks queued as the charts were built: timed in one queued after.
      queueMicrotask(() => {
        const workMs = performance.now() - started;
        afterNextFrame(() => reportDrawn(m.seq, workMs, { pageStartAt: performance.timeOrigin, readySentAt, receivedAt, frameAt: wallNow() }));
      });
      break;
    }
    case 'view':
      view = m.view;
      renderView(m.live);
      break;
    case 'points': {
      const started = performance.now();
      charts.update(m.updates);
      if (view) renderMetricsMeta();
      const applyMs = performance.now() - started;
      charts.afterDraw(drawMs => reportDrawn(m.seq, applyMs + drawMs));
      break;
    }
    case 'detail':
      charts.detail(m);
      break;
    case 'notice':
      showNotice(m.level, m.message);
      break;
  }
}

// For the UI test and the benchmark: what the charts hold and how long the last draw took.
/** @type {any} */ (window).jobPage = { charts };

// The charts' width goes with the handshake: the host sends overviews of as many buckets as they have pixels.
const pixels = charts.pixels();
readySentAt = wallNow();
host.ready({ pixels });
// Once the ready handshake is on its way: the webview shares its thread with the workbench, which forwards the
// handshake in a task of its own queued after this script's timers (a warm-up in a plain timer delayed it, in the
// benchmark); the warm-up waits for the thread to be idle, which it is while the host builds and sends the init.
setTimeout(() => requestIdleCallback(() => charts.warmUp(), { timeout: 100 }), 0);
