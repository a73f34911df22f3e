/**
 * The Python environment a local job runs in, made as the SageMaker training toolkit makes it: the code
 * folder's requirements.txt installed with pip before the entry point starts. Local mode installs into a
 * virtual environment cached per (interpreter, requirements.txt text) under the user's cache folder
 * (`$XDG_CACHE_HOME/sagemaker-estimator/venvs`, default `~/.cache/...`), so the second job reuses it.
 *
 * The venv is made with `--system-site-packages`: a training container has its framework (torch, numpy, ...)
 * installed and requirements.txt goes on top of it; here the configured interpreter plays the container's part,
 * so what it has stays importable and pip installs only what is missing. pip runs with the user's own
 * configuration (index URLs, proxies, constraints): local mode adds no index options.
 *
 * Building is guarded by a lock folder; the venv is built where it stays (console scripts record their path)
 * and counts as ready only once its marker file is written, so an interrupted build is started over.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from './output';
import { acquireLock } from './venvLock';

const READY_MARKER = '.sagemaker-estimator-ready';
/** pip's lines kept for a failure message: the resolver's complaint and the error, not the whole download log. */
const FAILURE_LINES = 15;

export class PythonEnvError extends Error {
  override readonly name = 'PythonEnvError';
}

/** `$XDG_CACHE_HOME/sagemaker-estimator/venvs`, else `~/.cache/sagemaker-estimator/venvs` (`%LOCALAPPDATA%` on Windows). */
export function venvCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME?.trim()
    || (process.platform === 'win32' && env.LOCALAPPDATA ? env.LOCALAPPDATA : path.join(env.HOME?.trim() || os.homedir(), '.cache'));
  return path.join(base, 'sagemaker-estimator', 'venvs');
}

export function venvPythonPath(venvDir: string): string {
  return process.platform === 'win32' ? path.join(venvDir, 'Scripts', 'python.exe') : path.join(venvDir, 'bin', 'python');
}

export function venvBinDir(venvDir: string): string {
  return path.dirname(venvPythonPath(venvDir));
}

export interface PythonEnvRequest {
  /** The interpreter the venv is made from (the setting / --python). */
  python: string;
  requirementsFile: string;
  cacheDir: string;
  /** The environment pip runs in (the user's, so its PIP_* variables and proxies apply). */
  env: NodeJS.ProcessEnv;
  /** pip's output and local mode's progress lines. */
  onLine: (text: string) => void;
  signal: AbortSignal;
}

export interface PythonEnvResult {
  venvDir: string;
  python: string;
  /** True when an existing environment was used as is. */
  reused: boolean;
  seconds: number;
}

interface ProcessOutcome {
  code: number | null;
  lines: string[];
  error?: Error;
}

/** Runs a command, feeding its output lines (both streams) to `onLine`; a stop ends it. Never rejects. */
function runStreaming(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; onLine: (t: string) => void; signal: AbortSignal }): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const onAbort = (): void => void child.kill('SIGTERM');
    options.signal.addEventListener('abort', onAbort, { once: true });
    const onLine = (line: string): void => {
      lines.push(line);
      if (lines.length > 200) lines.splice(0, lines.length - 200);
      options.onLine(line);
    };
    const splitters = [child.stdout, child.stderr].map((stream) => {
      const decoder = new StringDecoder('utf8');
      const splitter = new LineSplitter(onLine, 4000);
      stream.on('data', (chunk: Buffer) => splitter.push(decoder.write(chunk)));
      return splitter;
    });
    let error: Error | undefined;
    child.on('error', (e) => (error = e));
    child.on('close', (code) => {
      options.signal.removeEventListener('abort', onAbort);
      for (const splitter of splitters) splitter.end();
      resolve({ code, lines, ...(error ? { error } : {}) });
    });
  });
}

const IDENTITY_SCRIPT = 'import sys, importlib.util\nprint(sys.executable)\nprint(sys.version)\nprint("pip" if importlib.util.find_spec("pip") else "no pip")';

interface Interpreter {
  /** Its resolved executable and full version: what names it in the cache key. */
  identity: string;
  /** It has pip, which a venv with its site-packages can run instead of installing its own copy. */
  hasPip: boolean;
}

async function inspectInterpreter(python: string, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<Interpreter> {
  const out = await runStreaming(python, ['-c', IDENTITY_SCRIPT], { cwd: os.tmpdir(), env, onLine: () => undefined, signal });
  if (out.error || out.code !== 0) {
    const why = out.error ? out.error.message : out.lines.slice(-3).join(' ');
    throw new PythonEnvError(`Cannot run the Python interpreter "${python}" (${why}). Set sagemaker.local.pythonPath (or --python) to a Python 3 interpreter.`);
  }
  return { identity: out.lines.slice(0, -1).join('\n'), hasPip: out.lines[out.lines.length - 1] === 'pip' };
}

/** The cache folder's name for an interpreter and a requirements.txt text. */
export function venvKey(identity: string, requirementsText: string): string {
  return createHash('sha256').update(identity).update('\0').update(requirementsText).digest('hex').slice(0, 16);
}

/** The environment for a requirements.txt: the cached one if it is ready, else built now (pip's output to onLine). */
export async function ensurePythonEnv(request: PythonEnvRequest): Promise<PythonEnvResult> {
  const started = Date.now();
  const requirementsText = fs.readFileSync(request.requirementsFile, 'utf8');
  const interpreter = await inspectInterpreter(request.python, request.env, request.signal);
  const venvDir = path.join(request.cacheDir, `py-${venvKey(interpreter.identity, requirementsText)}`);
  const isReady = (): boolean => fs.existsSync(path.join(venvDir, READY_MARKER));
  const seconds = (): number => (Date.now() - started) / 1000;
  if (isReady()) return { venvDir, python: venvPythonPath(venvDir), reused: true, seconds: seconds() };

  fs.mkdirSync(request.cacheDir, { recursive: true });
  const release = await acquireLock(`${venvDir}.lock`, {
    signal: request.signal,
    isDone: isReady,
    onWait: (pid) => request.onLine(`Waiting for process ${pid}, which is creating the same environment in ${venvDir}`),
  });
  if (!release) return { venvDir, python: venvPythonPath(venvDir), reused: true, seconds: seconds() };
  try {
    if (isReady()) return { venvDir, python: venvPythonPath(venvDir), reused: true, seconds: seconds() };
    await buildVenv(request, venvDir, requirementsText, interpreter.hasPip);
    return { venvDir, python: venvPythonPath(venvDir), reused: false, seconds: seconds() };
  } finally {
    release();
  }
}

async function buildVenv(request: PythonEnvRequest, venvDir: string, requirementsText: string, basePip: boolean): Promise<void> {
  const { onLine, signal } = request;
  // What an interrupted build left is started over.
  fs.rmSync(venvDir, { recursive: true, force: true });
  const env = { ...request.env, PYTHONPATH: undefined, VIRTUAL_ENV: undefined, PIP_REQUIRE_VIRTUALENV: undefined };
  onLine(`Creating a Python environment for ${request.requirementsFile} in ${venvDir} (once: later jobs with the same requirements reuse it)`);
  // The base's pip (seen through its site-packages) installs into the venv as well as a copy would, without the
  // seconds ensurepip takes to install one.
  const venvArgs = ['-m', 'venv', '--system-site-packages', ...(basePip ? ['--without-pip'] : []), venvDir];
  const created = await runStreaming(request.python, venvArgs, { cwd: request.cacheDir, env, onLine, signal });
  if (created.code !== 0 || created.error) {
    fs.rmSync(venvDir, { recursive: true, force: true });
    if (signal.aborted) throw new PythonEnvError('Stopped while creating the Python environment.');
    throw new PythonEnvError(`"${request.python} -m venv" could not create ${venvDir}: ${created.error?.message ?? created.lines.slice(-FAILURE_LINES).join('\n')}\n`
      + 'What to do: install the venv module for this Python (on Debian/Ubuntu: apt install python3-venv), or turn environments off (setting sagemaker.local.createEnvironments, or train --no-venv) and install the requirements yourself.');
  }
  const python = venvPythonPath(venvDir);
  onLine(`pip install -r ${request.requirementsFile}`);
  const installed = await runStreaming(python, ['-m', 'pip', 'install', '--progress-bar', 'off', '-r', request.requirementsFile], {
    cwd: path.dirname(request.requirementsFile), env, onLine, signal,
  });
  if (installed.code !== 0 || installed.error) {
    fs.rmSync(venvDir, { recursive: true, force: true });
    if (signal.aborted) throw new PythonEnvError('Stopped while installing requirements.txt.');
    throw new PythonEnvError(pipFailureMessage(request.requirementsFile, installed));
  }
  fs.writeFileSync(path.join(venvDir, READY_MARKER), `${JSON.stringify({ python: request.python, requirements: requirementsText, created: new Date().toISOString() }, null, 2)}\n`);
}

function pipFailureMessage(requirementsFile: string, outcome: ProcessOutcome): string {
  const tail = outcome.lines.filter((l) => l.trim()).slice(-FAILURE_LINES).join('\n');
  return `pip could not install ${requirementsFile} (${outcome.error ? outcome.error.message : `exit ${outcome.code}`}). pip's last lines:\n${tail}\n`
    + `What to do: fix the requirement pip names above in ${requirementsFile}, or your pip configuration (pip config list: index URLs, proxies, constraints); `
    + 'or turn environments off (setting sagemaker.local.createEnvironments: false, or train --no-venv) to run with the packages your Python already has.';
}
