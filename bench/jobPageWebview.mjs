// The job page at a million points through the real message path: bench/vscode/jobPage.js runs in the extension
// host of code-server (a browser shows the workbench, so the page is a real webview) and writes its figures.
// Run with Node 24 (the harness's): "$NODE24" bench/jobPageWebview.mjs, after node scripts/build.mjs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const TARGETS = { appendHostMs: 10, appendPageMs: 16, firstRenderMs: 150 };

/** @returns {Promise<object>} what bench/vscode/jobPage.js measured */
export async function benchJobPageWebview({ points = Number(process.env.BENCH_JOBPAGE_POINTS || 1_000_000) } = {}) {
  const { runInExtensionHost } = createRequire(import.meta.url)(join(root, 'test/harness/extensionHost.js'));
  const dir = mkdtempSync(join(tmpdir(), 'sagemaker-bench-jobpage-'));
  try {
    const out = join(dir, 'jobPage.json');
    const { code } = await runInExtensionHost({
      testsPath: join(root, 'bench/vscode/jobPage.js'), echoConsole: false,
      env: { SAGEMAKER_BENCH_OUT: out, SAGEMAKER_BENCH_POINTS: String(points) },
    });
    if (code !== 0) throw new Error(`the job page bench in VS Code ended with ${code}`);
    return { targets: TARGETS, ...JSON.parse(readFileSync(out, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printTable(r) {
  const of = `${r.series} series × ${r.pointsPerSeries.toLocaleString('en-US')} points, real webview in code-server`;
  console.log(`job page (${of}):`);
  console.log(`  first render: host builds+posts init ${r.firstRender.hostMs} ms, page handles it ${r.firstRender.pageMs} ms, `
    + `init start → page's report back ${r.firstRender.roundTripMs} ms (target <= ${r.targets.firstRenderMs} ms, ratio ${(r.firstRender.roundTripMs / r.targets.firstRenderMs).toFixed(2)})`);
  console.log(`  +${r.appendSize} points to one series (median of ${r.appends}): host ${r.append.hostMedianMs} ms (max ${r.append.hostMaxMs}; target <= ${r.targets.appendHostMs}, `
    + `ratio ${(r.append.hostMedianMs / r.targets.appendHostMs).toFixed(2)}), page ${r.append.pageMedianMs} ms (max ${r.append.pageMaxMs}; target <= ${r.targets.appendPageMs}, `
    + `ratio ${(r.append.pageMedianMs / r.targets.appendPageMs).toFixed(2)}), round trip ${r.append.roundTripMedianMs} ms`);
  console.log(`  host adding the ${(r.series * r.pointsPerSeries).toLocaleString('en-US')} points first: ${r.hostLoadMs} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchJobPageWebview();
  printTable(result);
  console.log(JSON.stringify(result.samples));
}
