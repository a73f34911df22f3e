// Activation in the real VS Code (code-server): nothing open, and the normal case, an estimator.json open (the
// headline). Imported by bench/run.mjs; runnable alone after a build:
//   node scripts/build.mjs --production && node bench/activation.mjs [runs]
// With SAGEMAKER_BENCH_CPU_PROFILE_DIR=<folder>, each estimator run also writes the extension host's CPU profile
// from activation to the first diagnostics there (estimator-<run>.cpuprofile; the profiler slows what it measures).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Each case runs in a fresh code-server (a new extension host), in turn, so that load drifts hit all alike. An
 * estimator opens twice per round on the same user data: the first start after installing (or updating) the extension,
 * then a later start, which finds the code cache the first one wrote in the extension's global storage.
 */
export function benchActivation({ runs }) {
  const env = Object.fromEntries([...readFileSync(join(root, '.cache/vscode/env.sh'), 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map(m => [m[1], m[2]]));
  const samples = { empty: [], estimatorFirstStart: [], estimator: [], estimatorCacheRemoved: [] };
  const loadAverages = [];
  const runCase = (sampleCase, benchCase, userDataDir, i) => {
    loadAverages.push(loadavg()[0]);
    const out = join(mkdtempSync(join(tmpdir(), 'sagemaker-bench-')), 'activation.json');
    const profileDir = process.env.SAGEMAKER_BENCH_CPU_PROFILE_DIR;
    const profile = profileDir && benchCase === 'estimator' ? { SAGEMAKER_BENCH_CPU_PROFILE: join(profileDir, `${sampleCase}-${i}.cpuprofile`) } : {};
    const script = `require(${JSON.stringify(join(root, 'test/harness/extensionHost.js'))}).runInExtensionHost({ testsPath: ${JSON.stringify(join(root, 'bench/vscode/activation.js'))}, echoConsole: false, userDataDir: ${JSON.stringify(userDataDir)}, env: ${JSON.stringify({ SAGEMAKER_BENCH_OUT: out, SAGEMAKER_BENCH_CASE: benchCase, ...profile })} }).then(r => process.exit(r.code))`;
    const result = spawnSync(env.NODE24, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`activation bench (${sampleCase}) failed:\n${result.stdout}`);
    samples[sampleCase].push(JSON.parse(readFileSync(out, 'utf8')));
    rmSync(dirname(out), { recursive: true, force: true });
  };
  for (let i = 0; i < runs; i++) {
    runCase('empty', 'empty', undefined, i);
    const userData = mkdtempSync(join(tmpdir(), 'sm-ud-'));
    try {
      runCase('estimatorFirstStart', 'estimator', userData, i);
      runCase('estimator', 'estimator', userData, i);
      // The same later start with its code cache removed: what the cache itself is worth, the rest of the state alike
      // (a later start also finds what the first left in global state and storage, such as a price list).
      rmSync(join(userData, 'User/globalStorage/sagemaker-estimator.sagemaker-estimator/code-cache'), { recursive: true, force: true });
      runCase('estimatorCacheRemoved', 'estimator', userData, i);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
    const caches = ['estimatorFirstStart', 'estimator', 'estimatorCacheRemoved'].map(key => samples[key].at(-1).codeCache?.validation);
    if (caches.join() !== 'absent,accepted,absent') {
      throw new Error(`activation bench: the validation bundle's code cache was ${caches.join(', ')} at the first start, the next, and the next without it (expected absent, accepted, absent)`);
    }
  }
  const medianOf = (benchCase, key) => {
    const values = samples[benchCase].map(sample => sample[key]).filter(value => value !== undefined);
    return values.length ? median(values) : undefined;
  };
  const both = (benchCase, key) => ({ [`${key}MedianMs`]: medianOf(benchCase, `${key}Ms`), [`${key}CpuMedianMs`]: medianOf(benchCase, `${key}CpuMs`) });
  return {
    runs,
    targets: { activateMs: 10, firstDiagnosticsMs: 30 },
    estimatorOpen: {
      ...both('estimator', 'activate'), ...both('estimator', 'vscodeActivation'), ...both('estimator', 'codeLoad'),
      ...both('estimator', 'firstDiagnostics'), diagnosticsEventMedianMs: medianOf('estimator', 'diagnosticsEventMs'),
      // The target's figure, as the extension records it: from its activate()'s start to its collection being set.
      ...both('estimator', 'ownFirstDiagnostics'), observedFromActivateMedianMs: medianOf('estimator', 'observedFromActivateMs'),
      firstDiagnosticsWaitMedianMs: medianOf('estimator', 'firstDiagnosticsWaitMs'),
      ...both('estimator', 'firstDiagnosticsBundleLoad'), ...both('estimator', 'firstDiagnosticsValidation'),
      codeCache: 'accepted (a start after the first)',
    },
    /** The same, at the first start after installing or updating the extension: no code cache yet. */
    estimatorOpenFirstStart: {
      ...both('estimatorFirstStart', 'activate'), ...both('estimatorFirstStart', 'ownFirstDiagnostics'),
      firstDiagnosticsWaitMedianMs: medianOf('estimatorFirstStart', 'firstDiagnosticsWaitMs'),
      ...both('estimatorFirstStart', 'firstDiagnosticsBundleLoad'), ...both('estimatorFirstStart', 'firstDiagnosticsValidation'),
      codeCache: 'absent (written 2 s after the first validation)',
    },
    /** A later start again, on the same user data, with the code cache removed before it. */
    estimatorOpenCacheRemoved: {
      ...both('estimatorCacheRemoved', 'activate'), ...both('estimatorCacheRemoved', 'ownFirstDiagnostics'),
      firstDiagnosticsWaitMedianMs: medianOf('estimatorCacheRemoved', 'firstDiagnosticsWaitMs'),
      ...both('estimatorCacheRemoved', 'firstDiagnosticsBundleLoad'), ...both('estimatorCacheRemoved', 'firstDiagnosticsValidation'),
      codeCache: 'removed before the start',
    },
    nothingOpen: { ...both('empty', 'activate'), ...both('empty', 'vscodeActivation'), ...both('empty', 'codeLoad') },
    /** The 1-minute load average before each run: this machine is shared, and wall times grow with it. */
    loadAverages,
    samples,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] || process.env.BENCH_RUNS || 5);
  const result = benchActivation({ runs });
  const { samples, ...medians } = result;
  console.log(JSON.stringify(medians, null, 2));
}
