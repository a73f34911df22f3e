// Activation in the real VS Code (code-server): nothing open, and the normal case, an estimator.json open (the
// headline). Imported by bench/run.mjs; runnable alone after a build:
//   node scripts/build.mjs --production && node bench/activation.mjs [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each case runs in a fresh code-server (a new extension host), alternating, so that load drifts hit both alike. */
export function benchActivation({ runs }) {
  const env = Object.fromEntries([...readFileSync(join(root, '.cache/vscode/env.sh'), 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map(m => [m[1], m[2]]));
  // estimator: the first activation ever (fresh user data: no code cache of the lazy bundles yet). estimatorWarm: a
  // later activation with the same user data (VS Code's global storage, where an earlier one left the V8 code cache).
  // estimatorNoCodeCache, between them: the same user data with our code cache folder deleted, which separates what
  // the code cache saves from what VS Code's own caches in the user data save.
  const samples = { empty: [], estimator: [], estimatorNoCodeCache: [], estimatorWarm: [] };
  const loadAverages = [];
  for (let i = 0; i < runs; i++) {
    const userData = mkdtempSync(join(tmpdir(), 'sagemaker-bench-ud-'));
    try {
      for (const benchCase of ['empty', 'estimator', 'estimatorNoCodeCache', 'estimatorWarm']) {
        if (benchCase === 'estimatorNoCodeCache') {
          const folders = readdirSync(userData, { recursive: true }).filter(entry => basename(entry) === 'code-cache');
          if (folders.length !== 1) throw new Error(`activation bench: expected one code-cache folder in the user data, found ${folders.length}`);
          rmSync(join(userData, folders[0]), { recursive: true, force: true });
        }
        loadAverages.push(loadavg()[0]);
        const out = join(mkdtempSync(join(tmpdir(), 'sagemaker-bench-')), 'activation.json');
        const caseEnv = { SAGEMAKER_BENCH_OUT: out, SAGEMAKER_BENCH_CASE: benchCase === 'empty' ? 'empty' : 'estimator',
          ...(benchCase === 'estimator' || benchCase === 'estimatorNoCodeCache' ? { SAGEMAKER_BENCH_WAIT_CODE_CACHE: '1' } : {}) };
        const options = { testsPath: join(root, 'bench/vscode/activation.js'), echoConsole: false, env: caseEnv,
          ...(benchCase === 'empty' ? {} : { userDataDir: userData }) };
        const script = `require(${JSON.stringify(join(root, 'test/harness/extensionHost.js'))}).runInExtensionHost(${JSON.stringify(options)}).then(r => process.exit(r.code))`;
        const result = spawnSync(env.NODE24, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`activation bench (${benchCase}) failed:\n${result.stdout}`);
        const sample = JSON.parse(readFileSync(out, 'utf8'));
        rmSync(dirname(out), { recursive: true, force: true });
        const expected = { estimator: 'none', estimatorNoCodeCache: 'none', estimatorWarm: 'used' }[benchCase];
        if (expected && sample.validationCodeCache !== expected) {
          throw new Error(`activation bench (${benchCase}): dist/validation.js was loaded with code cache "${sample.validationCodeCache}", expected "${expected}"`);
        }
        samples[benchCase].push(sample);
      }
    } finally {
      rmSync(userData, { recursive: true, force: true });
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
    /** An estimator.json open, at the first activation ever (fresh user data: no code cache yet). */
    estimatorOpen: {
      ...both('estimator', 'activate'), ...both('estimator', 'vscodeActivation'), ...both('estimator', 'codeLoad'),
      ...both('estimator', 'firstDiagnostics'), diagnosticsEventMedianMs: medianOf('estimator', 'diagnosticsEventMs'),
    },
    /** The same, at the next activation with the same user data: the lazy bundles load from their V8 code cache. */
    estimatorOpenWarmCache: {
      ...both('estimatorWarm', 'activate'), ...both('estimatorWarm', 'vscodeActivation'), ...both('estimatorWarm', 'codeLoad'),
      ...both('estimatorWarm', 'firstDiagnostics'), diagnosticsEventMedianMs: medianOf('estimatorWarm', 'diagnosticsEventMs'),
    },
    /** The same user data as estimatorOpenWarmCache, but with the code cache deleted: the control for it. */
    estimatorOpenUserDataNoCodeCache: {
      ...both('estimatorNoCodeCache', 'activate'), ...both('estimatorNoCodeCache', 'vscodeActivation'),
      ...both('estimatorNoCodeCache', 'firstDiagnostics'), diagnosticsEventMedianMs: medianOf('estimatorNoCodeCache', 'diagnosticsEventMs'),
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
