// The job page's charts: time to render 100,000 points in the real webview script (uPlot + min/max
// downsampling) in headless Chromium, from the host's message to the drawn frame; and, for comparison, uPlot
// drawing all 100,000 points without downsampling. Merged into bench/run.mjs:
//   const { benchJobPage } = await import('./jobPage.mjs'); const jobPage = await benchJobPage();
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml' };

async function coreModule() {
  const outfile = join(root, '.cache/bench/jobPage-core.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({ entryPoints: [join(root, 'src/core/jobPage/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error' });
  return createRequire(import.meta.url)(outfile);
}

function playwright() {
  let path = process.env.PLAYWRIGHT_CORE;
  if (!path) {
    const env = join(root, '.cache/vscode/env.sh');
    if (existsSync(env)) path = /export PLAYWRIGHT_CORE=(.*)/.exec(readFileSync(env, 'utf8'))?.[1];
  }
  return createRequire(import.meta.url)(path || 'playwright-core');
}

/**
 * @param {{ points?: number, runs?: number, width?: number }} [options]
 * @returns {Promise<{ points: number, runs: number, renderMedianMs: number, drawMedianMs: number, appendMedianMs: number,
 *   drawnPoints: number, fullUplotMedianMs: number, samples: object[] }>}
 */
/** In the page alone (posted in the page, not through VS Code): see jobPageWebview.mjs for the real message path. */
export async function benchJobPage({ points = 100_000, runs = Number(process.env.BENCH_JOBPAGE_RUNS || 5), width = 1280 } = {}) {
  if (!existsSync(join(root, 'media/vendor/jobPage/charts.js'))) throw new Error('media/vendor/jobPage is missing: run node scripts/build.mjs first');
  const core = await coreModule();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      const html = core.jobPageHtml({ cspSource: origin, nonce: 'benchnonce', media: (...p) => `${origin}/media/${p.join('/')}`, jobName: 'bench-job', local: false });
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(join(root, 'media')) || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = playwright();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const samples = [];
  try {
    const view = core.modelFromCloudJob({
      TrainingJobName: 'bench-job', TrainingJobStatus: 'InProgress', CreationTime: new Date(),
      AlgorithmSpecification: { TrainingImage: 'img', MetricDefinitions: [{ Name: 'train:loss', Regex: 'loss=(\\S+)' }] },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 },
    }, 'us-east-1', Date.now());
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.addInitScript(() => {
        window.__posted = [];
        window.acquireVsCodeApi = () => ({ postMessage: m => window.__posted.push(m), setState: () => undefined, getState: () => undefined });
      });
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => window.__posted && window.__posted.some(m => m.kind === 'ready'), undefined, { timeout: 30_000 });
      // The host's side, as the panel does it: the series in the store, its overview for the init, then the
      // overview's update after 1,000 more points (plain arrays here: this bench posts in the page itself).
      const store = new core.MetricSeriesStore(['train:loss']);
      const start = Date.now() - points * 100;
      for (let i = 0; i < points; i++) store.add('train:loss', start + i * 100, 2 * Math.exp(-i / (points / 5)) + 0.1 * Math.sin(i / 50) + Math.random() * 0.05);
      const plain = u => ({ ...u, t: Array.from(u.t), v: Array.from(u.v), i: Array.from(u.i) });
      const init = store.overviews().map(plain);
      for (let i = 0; i < 1000; i++) store.add('train:loss', start + (points + i) * 100, 0.1 + Math.random() * 0.05);
      const appended = store.overviewUpdates().map(plain);
      const { t, v } = store.snapshot()[0];
      t.length = points;
      v.length = points;
      const sample = await page.evaluate(async ({ view, points, init, appended, t, v }) => {
        const frame = () => new Promise(r => requestAnimationFrame(() => r()));
        const renders = () => Number(document.body.dataset.renders || 0);
        // Host message → drawn frame (structured clone, copy into the chart, downsample, uPlot draw, paint).
        const before = renders();
        const t0 = performance.now();
        window.postMessage({ kind: 'init', seq: 1, view, series: init, live: true }, '*');
        while (renders() === before) await new Promise(r => setTimeout(r, 0));
        await frame();
        const renderMs = performance.now() - t0;
        const charts = window.jobPage.charts;
        const drawMs = charts.lastRenderMs;
        const drawnPoints = [...charts.charts.values()][0].drawnPoints;
        // 1,000 more points onto the 100,000 (a burst of live lines): message → drawn frame.
        const before2 = renders();
        const t1 = performance.now();
        window.postMessage({ kind: 'points', seq: 2, updates: appended }, '*');
        while (renders() === before2) await new Promise(r => setTimeout(r, 0));
        await frame();
        const appendMs = performance.now() - t1;
        // For comparison: uPlot drawing every point itself (no downsampling).
        const host = document.createElement('div');
        document.body.append(host);
        const xs = new Float64Array(points);
        for (let i = 0; i < points; i++) xs[i] = t[i] / 1000;
        const t2 = performance.now();
        const u = new window.uPlot({ width: 1000, height: 200, scales: { x: { time: true } }, series: [{}, { stroke: 'red' }] }, [xs, v], host);
        await frame();
        const fullUplotMs = performance.now() - t2;
        u.destroy();
        return { renderMs, drawMs, appendMs, drawnPoints, fullUplotMs, total: charts.totalPoints() };
      }, { view, points, init, appended, t, v });
      if (sample.total !== points + 1000) throw new Error(`the chart holds ${sample.total} points, not ${points + 1000}`);
      samples.push(sample);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const r = x => Math.round(x * 10) / 10;
  return {
    points,
    runs,
    renderMedianMs: r(median(samples.map(s => s.renderMs))),
    drawMedianMs: r(median(samples.map(s => s.drawMs))),
    appendMedianMs: r(median(samples.map(s => s.appendMs))),
    drawnPoints: median(samples.map(s => s.drawnPoints)),
    fullUplotMedianMs: r(median(samples.map(s => s.fullUplotMs))),
    samples,
  };
}

export function printTable(result) {
  console.log(`job page: ${result.points.toLocaleString('en-US')} points rendered in ${result.renderMedianMs} ms (message → drawn frame, median of ${result.runs}); `
    + `draw ${result.drawMedianMs} ms of it (${result.drawnPoints} points after min/max downsampling); +1,000 live points ${result.appendMedianMs} ms; `
    + `uPlot with every point, no downsampling: ${result.fullUplotMedianMs} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchJobPage();
  printTable(result);
}
