/**
 * Measurements for `npm run bench`: local mode's start-up cost (from Launch to the entry point's first output
 * line, next to running `python3 train.py` directly) and the latency of a local endpoint's invocations.
 * Uses the examples/pca-local workspace; writes its jobs in a temporary workspace.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberLiteralsFromJson } from '../src/core/estimator/hyperparameters';
import { loadEstimator } from '../src/core/estimator/load';
import { invokeLocalEndpoint, startLocalEndpoint } from '../src/core/local/localEndpoint';
import { startLocalTrainingJob } from '../src/core/local/localJob';

export interface Samples {
  medianMs: number;
  p95Ms: number;
  samples: number[];
}

export interface LocalBenchResult {
  python: string;
  /** Reading estimator.json and starting the job, until the entry point's first stdout line. */
  launchToFirstLine: Samples;
  /** `python3 train.py <same arguments>` in the code folder, until its first stdout line. */
  directToFirstLine: Samples;
  /** launchToFirstLine.median - directToFirstLine.median (target: under 300 ms). */
  overheadMs: number;
  /** POST /invocations of one JSON payload of 3 rows, through invokeLocalEndpoint. */
  invokeLatency: Samples;
  /** Deploy: from startLocalEndpoint to /ping answering. */
  endpointStartMs: number;
}

function stats(samples: number[]): Samples {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), samples: samples.map(round) };
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** Runs `python args` in `cwd` and resolves with the milliseconds until its first stdout line (then lets it finish). */
function directFirstLine(python: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | undefined;
    const child = spawn(python, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, PYTHONUNBUFFERED: '1' } });
    child.stdout.on('data', (d: Buffer) => {
      if (first === undefined && d.includes(10)) first = performance.now() - started;
    });
    child.on('error', reject);
    child.on('close', (code) => (first !== undefined ? resolve(first) : reject(new Error(`${python} ${args.join(' ')} printed nothing (exit ${code})`))));
  });
}

export async function benchLocal(options: { exampleDir: string; python?: string; runs?: number; invocations?: number }): Promise<LocalBenchResult> {
  const python = options.python ?? 'python3';
  const runs = options.runs ?? 5;
  const estimatorFile = path.join(options.exampleDir, 'estimator.json');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-'));
  try {
    const launch: number[] = [];
    const direct: number[] = [];
    let lastJobDir = '';
    let args: string[] = [];
    let codeDir = '';
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const text = fs.readFileSync(estimatorFile, 'utf8');
      const loaded = loadEstimator(text, { fileName: estimatorFile, env: process.env, workspaceFolder: options.exampleDir });
      if (!loaded.spec) throw new Error(`${estimatorFile}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
      const handle = startLocalTrainingJob(loaded.spec, {
        estimatorDir: options.exampleDir, workspaceDir: workspace, jobName: `bench-${i}`, python, numberLiterals: numberLiteralsFromJson(text),
      });
      const firstLine = new Promise<number>((resolve) => {
        const onLine = (line: { stream: string }): void => {
          if (line.stream !== 'stdout') return;
          handle.events.off('line', onLine);
          resolve(performance.now() - started);
        };
        handle.events.on('line', onLine);
      });
      const result = await handle.done;
      if (result.status !== 'Completed') throw new Error(`bench job ${handle.jobName}: ${result.status} ${result.failureReason ?? ''}`);
      launch.push(await firstLine);
      lastJobDir = handle.jobDir;
      const command = result.description.Command ?? [];
      args = command.slice(1);
      codeDir = result.description.SourceDir;
      // Where the script writes its model when run by hand (it reads its data from ../data by default).
      const out = path.join(workspace, `direct-${i}`);
      direct.push(await directFirstLine(python, args, codeDir, { SM_MODEL_DIR: out, SM_OUTPUT_DATA_DIR: out }));
    }

    const deployStarted = performance.now();
    const endpoint = await startLocalEndpoint({ jobDir: lastJobDir, python, name: 'bench', workspaceDir: workspace });
    const endpointStartMs = performance.now() - deployStarted;
    const rows = fs.readFileSync(path.join(options.exampleDir, 'data', 'train.csv'), 'utf8').trim().split('\n').slice(0, 3);
    const body = JSON.stringify({ instances: rows.map((r) => ({ features: r.split(',').map(Number) })) });
    const latencies: number[] = [];
    try {
      for (let i = 0; i < (options.invocations ?? 50); i++) {
        const r = await invokeLocalEndpoint(endpoint.url, body, 'application/json');
        if (r.status !== 200) throw new Error(`invoke: ${r.status} ${r.body.toString()}`);
        latencies.push(r.latencyMs);
      }
    } finally {
      await endpoint.stop();
    }
    const launchToFirstLine = stats(launch);
    const directToFirstLine = stats(direct);
    return {
      python,
      launchToFirstLine,
      directToFirstLine,
      overheadMs: round(launchToFirstLine.medianMs - directToFirstLine.medianMs),
      invokeLatency: stats(latencies.slice(1)),
      endpointStartMs: round(endpointStartMs),
    };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
