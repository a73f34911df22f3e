/**
 * The job page's markup, on the shared page (core/webview/page.ts). Static only: the script fills it in from
 * the host's messages (textContent, never innerHTML); the one value put into it (the job name) is escaped. Pure
 * (no VS Code) so the benchmark serves the same page; the host passes the webview's cspSource and URIs.
 */
import { escapeHtml } from '../webview/security';
import { webviewPage, type PageAssets } from '../webview/page';

export interface JobPageHtmlOptions extends PageAssets {
  jobName: string;
  local: boolean;
}

export function jobPageHtml({ jobName, local, ...assets }: JobPageHtmlOptions): string {
  const name = escapeHtml(jobName);
  return webviewPage(assets, {
    title: jobName,
    styles: [['vendor', 'uplot', 'uPlot.min.css'], ['jobPage', 'jobPage.css']],
    // Built from media/jobPage by scripts/build.mjs: uPlot and the charts' scripts in one file, and the page's
    // script as a module with the vscode-elements it uses (buttons, icons: scripts/webviewElements.json).
    libraries: [['vendor', 'jobPage', 'charts.js']],
    script: ['vendor', 'jobPage', 'page.js'],
    elements: false,
    bodyAttributes: { 'data-local': local ? 'true' : 'false' },
    body: `
<header class="bar">
  <vscode-icon name="graph-line" class="bar-icon"></vscode-icon>
  <div class="title-block">
    <h1 id="title" title="${name}">${name}</h1>
    <div class="subtitle"><span id="statusPill" class="pill">…</span> <span id="secondary" class="muted"></span> <span id="elapsed" class="muted"></span></div>
  </div>
  <div class="bar-actions">
    <vscode-button id="refresh" secondary icon="refresh" title="Describe the job again">Refresh</vscode-button>
    <vscode-button id="showLog" secondary icon="output" title="Show the job's log output">Show Log</vscode-button>
    <vscode-button id="openConsole" secondary icon="link-external" title="Open the job in the AWS console"${local ? ' hidden' : ''}>Console</vscode-button>
    <vscode-button id="copyName" secondary icon="copy" title="Copy the job's name">Copy Name</vscode-button>
  </div>
</header>
<div id="notice" class="notice" role="status" hidden></div>
<div id="failure" class="failure" hidden>
  <vscode-icon name="error"></vscode-icon>
  <div><div class="failure-title">Failure reason</div><pre id="failureReason"></pre></div>
  <vscode-button id="copyFailure" secondary icon="copy" title="Copy the failure reason" aria-label="Copy the failure reason">Copy</vscode-button>
</div>
<main class="layout">
  <section class="pane metrics" aria-label="Metrics">
    <div class="pane-head"><h2>Metrics</h2><span id="liveBadge" class="live" hidden><span class="dot"></span>live</span><span id="pointCount" class="muted"></span></div>
    <p id="metricsEmpty" class="muted" hidden></p>
    <ul id="metricProblems" class="problems" hidden></ul>
    <div id="charts" class="charts"></div>
    <div id="finalMetrics" class="final" hidden>
      <h3>Final metrics</h3>
      <table class="kv"><tbody id="finalMetricsBody"></tbody></table>
    </div>
  </section>
  <section class="pane timeline-pane" aria-label="Status timeline">
    <h2>Status</h2>
    <ol id="timeline" class="timeline"></ol>
    <p id="timelineEmpty" class="muted" hidden>No status transitions yet.</p>
    <table class="kv"><tbody id="billing"></tbody></table>
  </section>
  <section class="pane outputs" aria-label="Outputs">
    <h2>Outputs</h2>
    <table class="kv"><tbody id="outputs"></tbody></table>
  </section>
  <section class="pane config" aria-label="Configuration">
    <h2>Configuration</h2>
    <table class="kv"><tbody id="config"></tbody></table>
    <h3>Channels</h3>
    <table class="grid"><thead><tr><th>Channel</th><th>Source</th><th>Details</th></tr></thead><tbody id="channels"></tbody></table>
    <h3>Hyperparameters</h3>
    <table class="kv"><tbody id="hyperparameters"></tbody></table>
    <div id="environmentBlock" hidden><h3>Environment</h3><table class="kv"><tbody id="environment"></tbody></table></div>
    <div id="definitionsBlock" hidden><h3>Metric definitions</h3><table class="kv"><tbody id="definitions"></tbody></table></div>
  </section>
</main>`,
  });
}
