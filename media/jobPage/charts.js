// Metric charts of the job page: one uPlot per metric, drawn from a min/max downsample at the plot's width of the
// series' overview (overviewBuffer.js: what the host sends, bounded whatever the series' length); zoomed in, the
// chart asks the host for its range in detail and draws that once it comes. Colours come from the theme's CSS
// variables and follow theme changes. A classic script: defines `JobPageCharts`.
// @ts-check
(function (root) {
  'use strict';
  /** @type {any} */
  const uPlot = /** @type {any} */ (root).uPlot;
  const { downsampleMinMax } = /** @type {any} */ (root).JobPageDownsample;
  const { chartAxis, axisValues, xScaleRange, formatElapsed } = /** @type {any} */ (root).JobPageChartAxis;
  const { OverviewBuffer } = /** @type {any} */ (root).JobPageOverviewBuffer;
  // Tick steps of the x axis: seconds that read as round times, whole steps.
  const SECOND_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
  const STEP_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000];
  const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
  const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  function themeColors() {
    return {
      series: PALETTE.map((v, i) => cssVar(v, FALLBACK[i])),
      text: cssVar('--vscode-descriptionForeground', cssVar('--vscode-foreground', '#ccc')),
      grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.25)'),
      font: `11px ${cssVar('--vscode-font-family', 'sans-serif')}`,
    };
  }

  /** The theme's colours, read once per theme: each read of the page's computed style after a change to the page recomputes its style. */
  let cachedColors;
  const currentColors = () => (cachedColors ??= themeColors());

  function formatValue(v) {
    if (v === null || v === undefined) return '–';
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
    return String(Math.round(v * 1e6) / 1e6);
  }

  /** An overview's points as uPlot's data: x in the axis' units, y its values (null for a gap, as uPlot wants). */
  function overviewData(overview, axis) {
    const n = overview.length;
    const x = new Float64Array(n);
    const { t, v, i } = overview;
    if (axis.kind === 'step') for (let k = 0; k < n; k++) x[k] = i[k] + 1;
    else for (let k = 0; k < n; k++) x[k] = (t[k] - axis.origin) / 1000;
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(v[k])) return [x, Array.from(v, y => (Number.isFinite(y) ? y : null))];
    }
    return [x, v.slice()];
  }

  /**
   * One chart: `series` is an OverviewBuffer, kept by reference (updates show on the next redraw). `jobOf()` gives
   * what the x axis is chosen from (chartAxis.js); `requestDetail(name, first, last)` asks the host for raw points.
   */
  class MetricChart {
    constructor(container, series, index, jobOf, requestDetail) {
      this.series = series;
      this.requestDetail = requestDetail;
      /** The last detail the host sent for a zoomed-in range: { first, last, t, v, i }. */
      this.detail = undefined;
      this.detailAsked = '';
      this.index = index;
      this.jobOf = jobOf;
      this.axis = { kind: 'empty' };
      this.zoom = undefined; // [xMin, xMax] in the axis' units while zoomed in
      this.applying = false;
      this.card = document.createElement('div');
      this.card.className = 'chart-card';
      this.card.dataset.metric = series.name;
      const head = document.createElement('div');
      head.className = 'chart-head';
      this.swatch = document.createElement('span');
      this.swatch.className = 'swatch';
      const title = document.createElement('span');
      title.className = 'chart-title';
      title.textContent = series.name;
      this.last = document.createElement('span');
      this.last.className = 'chart-last';
      this.count = document.createElement('span');
      this.count.className = 'muted chart-count';
      // Zoomed in (a drag-select on the plot): the way back for the keyboard too (a double-click also resets).
      this.resetButton = document.createElement('vscode-button');
      this.resetButton.className = 'chart-reset';
      this.resetButton.setAttribute('secondary', '');
      this.resetButton.setAttribute('icon', 'zoom-out');
      this.resetButton.setAttribute('aria-label', `Reset zoom of ${series.name}`);
      this.resetButton.textContent = 'Reset zoom';
      this.resetButton.hidden = true;
      this.resetButton.addEventListener('click', () => this.resetZoom());
      head.append(this.swatch, title, this.last, this.count, this.resetButton);
      this.plotEl = document.createElement('div');
      this.plotEl.className = 'chart-plot';
      this.empty = document.createElement('div');
      this.empty.className = 'muted chart-empty';
      this.empty.textContent = 'No values yet: they appear as the job logs lines matching this metric\u2019s regex.';
      this.valueEl = document.createElement('div');
      this.valueEl.className = 'chart-value';
      this.card.append(head, this.plotEl, this.valueEl, this.empty);
      container.appendChild(this.card);
      this.plot = undefined;
      this.drawnPoints = 0;
      /** @type {number | undefined} */
      this.measuredWidth = undefined;
    }

    /** The plot's width, as last measured (reading it lays the page out: ChartSet measures every chart first). */
    width() {
      if (this.measuredWidth === undefined) this.measure();
      return this.measuredWidth;
    }

    measure() {
      this.measuredWidth = Math.max(200, Math.floor(this.plotEl.clientWidth || this.card.clientWidth || 600));
    }

    options(colors) {
      const color = colors.series[this.index % colors.series.length];
      this.swatch.style.backgroundColor = color;
      const axis = { stroke: colors.text, font: colors.font, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 } };
      const steps = this.axis.kind === 'step';
      const xAxis = {
        ...axis,
        label: steps ? 'step' : 'time since the job started',
        labelSize: 18,
        labelFont: colors.font,
        incrs: steps ? STEP_INCRS : SECOND_INCRS,
        values: (u, splits) => splits.map(x => (steps ? String(x) : formatElapsed(x))),
      };
      return {
        width: this.width(),
        height: 200,
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
        // The job's span (or steps), not the points' own (chartAxis.js), unless zoomed in by a drag-select.
        scales: { x: { time: false, range: (u, min, max) => xScaleRange(this.axis, min, max, u.data[0][0], u.data[0][u.data[0].length - 1]) } },
        axes: [xAxis, { ...axis, size: 60, values: (u, splits) => splits.map(formatValue) }],
        // 1 px: Chromium strokes a line that thin as a hairline, several times faster to draw than 1.5 px for
        // a dense series (4 charts of 2,048-bucket overviews: the first frame's largest cost).
        series: [{}, { label: this.series.name, stroke: color, width: 1, points: { show: false }, spanGaps: false }],
        hooks: {
          setScale: [(u, key) => {
            if (key !== 'x' || this.applying) return;
            const min = u.scales.x.min;
            const max = u.scales.x.max;
            const full = min <= this.axis.min && max >= this.axis.max;
            const wasZoomed = this.zoom !== undefined;
            this.zoom = full ? undefined : [min, max];
            this.showZoom();
            if (!full) this.askDetail();
            // uPlot drops a scale set within its setScale hook: draw the range (or the whole again) after it.
            if (!full || wasZoomed) queueMicrotask(() => this.redraw(!full));
          }],
        },
      };
    }

    /** Back to the whole axis and the overview. */
    resetZoom() {
      this.zoom = undefined;
      this.showZoom();
      this.redraw(false);
    }

    showZoom() {
      this.resetButton.hidden = !this.zoom;
      if (this.zoom) this.card.dataset.zoom = `${this.zoom[0]}:${this.zoom[1]}`;
      else delete this.card.dataset.zoom;
    }

    /** The raw indices around the zoomed-in range, from the overview: [first, last], or undefined. */
    zoomIndices() {
      const s = this.series;
      if (!this.zoom || s.length === 0) return undefined;
      const x = axisValues(s.t, this.axis, s.i);
      let lo = 0;
      while (lo + 1 < x.length && x[lo + 1] <= this.zoom[0]) lo++;
      let hi = x.length - 1;
      while (hi - 1 >= 0 && x[hi - 1] >= this.zoom[1]) hi--;
      return [s.i[lo], s.i[Math.max(lo, hi)]];
    }

    /** Zoomed into a series the overview thins out: asks the host for the range's points (once per range). */
    askDetail() {
      const range = this.zoomIndices();
      if (!range || this.series.count <= this.series.length) return;
      const key = `${range[0]}:${range[1]}`;
      if (key === this.detailAsked) return;
      this.detailAsked = key;
      this.requestDetail(this.series.name, range[0], range[1]);
    }

    /** The host's answer: drawn if it still covers the zoomed-in range. */
    setDetail(detail) {
      this.detail = detail;
      if (this.zoom) this.redraw(true);
    }

    /** What the visible range is drawn from: the detail that covers it, else the overview. */
    source() {
      const range = this.zoomIndices();
      const d = this.detail;
      return range && d && d.first <= range[0] && d.last >= range[1] ? d.points : this.series;
    }

    /**
     * The points to draw. The whole axis: the overview as it is (bounded: at most 4 points a bucket; uPlot thins
     * it to the pixel columns as it draws), in typed arrays. Zoomed in: the downsample of the visible range, plus
     * the series' ends (so a reset shows it all).
     */
    data() {
      if (!this.zoom) return overviewData(this.series, this.axis);
      const whole = this.series;
      const src = this.source();
      const t = axisValues(src.t, this.axis, src.i);
      const v = src.v;
      const range = this.zoom;
      const d = downsampleMinMax(t, v, this.width(), range && range[0], range && range[1]);
      const xs = d.t;
      const ys = d.v;
      if (range && whole.length > 0) {
        const ends = axisValues([whole.t[0], whole.t[whole.length - 1]], this.axis, [whole.i[0], whole.i[whole.length - 1]]);
        const firstV = whole.v[0];
        const lastV = whole.v[whole.length - 1];
        if (xs[0] !== ends[0]) { xs.unshift(ends[0]); ys.unshift(Number.isFinite(firstV) ? firstV : null); }
        if (xs[xs.length - 1] !== ends[1]) { xs.push(ends[1]); ys.push(Number.isFinite(lastV) ? lastV : null); }
      }
      return [Float64Array.from(xs), ys];
    }

    /** One value: shown as the value (and when it came), not as a chart. */
    showValue() {
      const job = this.jobOf();
      const at = this.series.t[0];
      this.valueEl.textContent = '';
      const value = document.createElement('span');
      value.className = 'chart-value-number';
      value.textContent = formatValue(this.series.v[0]);
      const colors = currentColors();
      this.swatch.style.backgroundColor = colors.series[this.index % colors.series.length];
      const when = document.createElement('span');
      when.className = 'muted';
      when.textContent = job.local ? ' at step 1' : ` at ${formatElapsed((at - (job.start !== undefined ? job.start : at)) / 1000)} since the job started`;
      this.valueEl.append(value, when);
    }

    redraw(keepScale) {
      const n = this.series.count;
      const axis = chartAxis(this.series.t, this.jobOf(), n);
      const rebuild = axis.kind !== this.axis.kind;
      this.axis = axis;
      this.empty.hidden = n > 0;
      this.plotEl.hidden = n < 2;
      this.valueEl.hidden = n !== 1;
      this.count.textContent = `${n.toLocaleString('en-US')} point${n === 1 ? '' : 's'}`;
      this.last.textContent = n > 1 ? formatValue(this.series.v[this.series.length - 1]) : '';
      this.card.dataset.points = String(n);
      this.card.dataset.axis = axis.kind;
      if (axis.max !== undefined) this.card.dataset.axisSpan = String(axis.max - axis.min);
      if (rebuild && this.plot) { this.plot.destroy(); this.plot = undefined; this.zoom = undefined; this.detail = undefined; this.showZoom(); }
      if (n === 1) this.showValue();
      if (n < 2) return;
      const data = this.data();
      this.drawnPoints = data[0].length;
      this.applying = true;
      try {
        // Built again (a new theme) while zoomed in: it keeps the zoom.
        if (!this.plot) this.plot = new uPlot(this.options(currentColors()), data, this.plotEl);
        else if (keepScale || this.zoom) this.plot.setData(data, false);
        else this.plot.setData(data, true);
        if (this.zoom) this.plot.setScale('x', { min: this.zoom[0], max: this.zoom[1] });
      } finally {
        this.applying = false;
      }
    }

    resize() {
      this.measure();
      if (this.plot) {
        this.plot.setSize({ width: this.width(), height: 200 });
        this.redraw(true);
      }
    }

    /** New theme: build the plot again with its colours. */
    retheme() {
      if (this.plot) { this.plot.destroy(); this.plot = undefined; }
      this.axis = { kind: 'empty' };
      this.redraw(false);
    }

    destroy() {
      if (this.plot) this.plot.destroy();
      this.card.remove();
    }
  }

  /** How long the charts' width stays put before the host is asked for overviews at the new one (not at each pixel of a drag). */
  const RESOLUTION_SETTLE_MS = 300;

  class ChartSet {
    /**
     * `requestDetail(name, first, last)`: asks the host for raw points `first` to `last` of a series;
     * `requestResolution(pixels)`: tells it the charts' new width (device pixels), after a resize settles.
     */
    constructor(container, requestDetail, requestResolution) {
      this.container = container;
      this.requestDetail = requestDetail;
      this.requestResolution = requestResolution;
      /** The container's width the charts were laid out for (a change of height alone, charts added, redraws nothing). */
      this.laidOutWidth = undefined;
      this.resolutionTimer = 0;
      /** @type {Map<string, MetricChart>} */
      this.charts = new Map();
      this.pending = new Set();
      /** @type {((ms: number) => void)[]} */
      this.drawCallbacks = [];
      this.frame = 0;
      this.lastRenderMs = 0;
      this.renders = 0;
      this.job = { local: document.body.dataset.local === 'true', done: false };
      this.jobOf = () => ({ ...this.job, now: Date.now() });
      new ResizeObserver(() => this.onResize()).observe(container);
      new MutationObserver(() => { cachedColors = undefined; for (const c of this.charts.values()) c.retheme(); })
        .observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
    }

    /** The charts' width in device pixels (what the host sizes the overviews for); reading it lays the page out. */
    pixels() {
      const width = this.container.clientWidth;
      if (this.laidOutWidth === undefined) this.laidOutWidth = width;
      return Math.round(width * (root.devicePixelRatio || 1));
    }

    onResize() {
      const width = this.container.clientWidth;
      if (width === this.laidOutWidth) return;
      this.laidOutWidth = width;
      for (const c of this.charts.values()) c.resize();
      clearTimeout(this.resolutionTimer);
      this.resolutionTimer = setTimeout(() => this.requestResolution(this.pixels()), RESOLUTION_SETTLE_MS);
    }

    /** What the x axes are chosen from: { local, start?, end?, done } of the job; every chart follows. */
    setJob(job) {
      this.job = job;
      for (const name of this.charts.keys()) this.pending.add(name);
      this.schedule();
    }

    chartOf(name) {
      let chart = this.charts.get(name);
      if (!chart) {
        chart = new MetricChart(this.container, new OverviewBuffer(name), this.charts.size, this.jobOf, this.requestDetail);
        this.charts.set(name, chart);
      }
      return chart;
    }

    /**
     * While the page waits for its first data: draws a throwaway chart, hidden and out of the page's flow, and
     * removes it once drawn. The first chart a page draws pays for compiling uPlot's code and resolving the canvas
     * font (in a profile of the first render, it took twice as long as each of the next three); paid here, that
     * overlaps the host building and posting the data. Nothing once the charts exist.
     */
    warmUp() {
      if (this.charts.size > 0) return;
      const holder = document.createElement('div');
      holder.className = 'charts-warm-up';
      holder.setAttribute('aria-hidden', 'true');
      this.container.appendChild(holder);
      const n = 2048;
      const start = Date.now() - n * 1000;
      const t = new Float64Array(n);
      const v = new Float64Array(n);
      const i = new Float64Array(n);
      for (let k = 0; k < n; k++) { t[k] = start + k * 1000; v[k] = Math.sin(k / 64); i[k] = k; }
      const series = new OverviewBuffer('warm-up');
      series.apply({ count: n, from: 0, t, v, i });
      const chart = new MetricChart(holder, series, 0, () => ({ local: false, done: true, start, end: start + n * 1000, now: Date.now() }), () => {});
      chart.redraw(false);
      // uPlot draws in a microtask after it is built: removed in a later task.
      setTimeout(() => { chart.destroy(); holder.remove(); }, 0);
    }

    /** Replaces every series (names in order) by its overview. */
    setAll(overviews) {
      for (const c of this.charts.values()) c.destroy();
      this.charts.clear();
      for (const o of overviews) {
        this.chartOf(o.name).series.apply(o);
        this.pending.add(o.name);
      }
      this.flushNow();
    }

    /** Applies overview updates { name, count, from, t, v, i }: each overview from `from` on. */
    update(updates) {
      for (const u of updates) {
        this.chartOf(u.name).series.apply(u);
        this.pending.add(u.name);
      }
      this.schedule();
    }

    /** The host's answer to a chart's request for detail. */
    detail(message) {
      this.charts.get(message.name)?.setDetail(message);
    }

    schedule() {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => { this.frame = 0; this.flushNow(); });
    }

    /** Calls `callback(ms)` after the next draw, with the time it took. */
    afterDraw(callback) {
      this.drawCallbacks.push(callback);
      this.schedule();
    }

    flushNow() {
      const started = performance.now();
      // Widths first, then the drawing: one layout of the page, not one per chart.
      for (const name of this.pending) { const chart = this.charts.get(name); if (chart && chart.measuredWidth === undefined) chart.measure(); }
      for (const name of this.pending) this.charts.get(name)?.redraw(false);
      this.pending.clear();
      this.renders++;
      document.body.dataset.renders = String(this.renders);
      const callbacks = this.drawCallbacks.splice(0);
      // uPlot draws its canvases in a microtask it queued as a plot was built or given data: the draw's time is
      // taken in one queued after those, so that it includes the drawing (most of it, in a profile).
      queueMicrotask(() => {
        this.lastRenderMs = performance.now() - started;
        for (const callback of callbacks) callback(this.lastRenderMs);
      });
    }

    totalPoints() {
      let n = 0;
      for (const c of this.charts.values()) n += c.series.count;
      return n;
    }

    /** The overview the page holds of a series (its points while it has at most 2,048). */
    pointsOf(name) {
      const c = this.charts.get(name);
      return c ? { count: c.series.count, t: Array.from(c.series.t), v: Array.from(c.series.v) } : undefined;
    }
  }

  root.JobPageCharts = { ChartSet, formatValue };
})(typeof self !== 'undefined' ? self : this);
