/**
 * Measurements for `npm run bench`: requirements.txt environments (a small requirement, cold in a fresh cache and
 * cached), and the PyTorch example's launch overhead (local mode to the script's first line, next to its venv's
 * python running source/cifar10.py directly). The PyTorch venv lives in the user's cache: the first bench run
 * creates it (minutes, reported as torchVenvCreatedSeconds), later runs reuse it.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEstimator } from '../src/core/estimator/load';
import { startLocalTrainingJob } from '../src/core/local/localJob';
import { ensurePythonEnv, venvCacheDir } from '../src/core/local/pythonEnv';

export interface PythonEnvBenchResult {
  /** A venv with `tomli-w` made in an empty cache (venv + pip install). */
  smallVenvColdMs: number;
  /** The same asked again: the cache lookup (the interpreter's identity, the marker file). */
  smallVenvCachedMs: number;
  /** Set when this run had to create the PyTorch example's venv. */
  torchVenvCreatedSeconds?: number;
  /** startLocalTrainingJob to the script's first stdout line, its venv cached. */
  torchLaunchToFirstLineMs: number;
  /** The venv's python source/cifar10.py with the same arguments, to its first stdout line. */
  torchDirectToFirstLineMs: number;
}

const env = { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? '0' };
const round = (ms: number): number => Math.round(ms * 10) / 10;

async function smallVenv(python: string): Promise<{ cold: number; cached: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-bench-venv-'));
  try {
    const requirementsFile = path.join(dir, 'requirements.txt');
    fs.writeFileSync(requirementsFile, 'tomli-w\n');
    const request = { python, requirementsFile, cacheDir: path.join(dir, 'cache'), env, onLine: () => undefined, signal: new AbortController().signal };
    let t = performance.now();
    await ensurePythonEnv(request);
    const cold = performance.now() - t;
    t = performance.now();
    await ensurePythonEnv(request);
    return { cold: round(cold), cached: round(performance.now() - t) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function firstLineOf(command: string, args: string[], cwd: string, childEnv: NodeJS.ProcessEnv): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => resolve(performance.now() - t));
    child.on('close', (code) => reject(new Error(`${command} ended (${code}) without output`)));
  });
}

async function torchLaunch(root: string, python: string): Promise<Omit<PythonEnvBenchResult, 'smallVenvColdMs' | 'smallVenvCachedMs'>> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-bench-torch-'));
  try {
    fs.cpSync(path.join(root, 'examples/pytorch-cifar10-local'), ws, { recursive: true, filter: (src) => !/[\\/](data|\.sagemaker)$/.test(src) });
    spawnSync(python, ['make_data.py', '--out', path.join(ws, 'data'), '--train-per-batch', '20', '--test', '20'], { cwd: ws });
    const file = path.join(ws, 'estimator.json');
    const loaded = loadEstimator(fs.readFileSync(file, 'utf8'), { fileName: file, env, workspaceFolder: ws });
    if (!loaded.spec) throw new Error(`${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    const spec = loaded.spec;
    const options = { estimatorDir: ws, workspaceDir: ws, python, env };
    const warm = startLocalTrainingJob(spec, { ...options, jobName: 'bench-torch-1' });
    let created: number | undefined;
    warm.events.on('line', (l) => {
      const m = /^Created the Python environment .* in ([\d.]+) s$/.exec(l.text);
      if (m) created = Number(m[1]);
    });
    const first = await warm.done;
    if (first.status !== 'Completed') throw new Error(`the PyTorch example did not train: ${first.failureReason}`);
    const t = performance.now();
    const job = startLocalTrainingJob(spec, { ...options, jobName: 'bench-torch-2' });
    const launch = await new Promise<number>((resolve) => job.events.on('line', (l) => {
      if (l.stream !== 'system') resolve(performance.now() - t);
    }));
    const result = await job.done;
    const directEnv = { ...env, SM_CHANNEL_TRAINING: path.join(ws, 'data'), SM_MODEL_DIR: fs.mkdtempSync(path.join(ws, 'model-')) };
    const direct = await firstLineOf(result.description.VenvPython!, result.description.Command!.slice(1), path.join(ws, 'source'), directEnv);
    return { ...(created !== undefined ? { torchVenvCreatedSeconds: created } : {}), torchLaunchToFirstLineMs: round(launch), torchDirectToFirstLineMs: round(direct) };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

export async function benchPythonEnv(options: { root: string; python?: string }): Promise<PythonEnvBenchResult & { cacheDir: string }> {
  const python = options.python ?? process.env.SAGEMAKER_LOCAL_PYTHON ?? 'python3';
  const small = await smallVenv(python);
  const torch = await torchLaunch(options.root, python);
  return { smallVenvColdMs: small.cold, smallVenvCachedMs: small.cached, ...torch, cacheDir: venvCacheDir(env) };
}
