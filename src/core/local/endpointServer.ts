/**
 * A local endpoint's server process: python/serve.py started in its own process group (so that stop reaches
 * the inference script's children) with an ownership token (see ownership.ts), its output in server.log,
 * and the wait until it has loaded the model and answers /ping.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pingLocalEndpoint } from './endpointHttp';
import type { InferenceCode } from './endpointModel';
import { LocalEndpointError } from './errors';
import type { LocalJobDescription } from './jobStore';
import { PROCESS_TOKEN_VARIABLE } from './ownership';
import { killGroup, spawnDetachedServer, type ServerProcess } from './process';

/**
 * serve.py: beside the bundle (dist/python/serve.py), or in the sources (src/core/local/python/serve.py) when
 * running from compiled tests or another bundle; searched from this file's folder upwards.
 */
export function serverScriptPath(): string {
  const relatives = [['python'], ['dist', 'python'], ['src', 'core', 'local', 'python']];
  let dir = __dirname;
  for (let up = 0; up < 6; up++) {
    for (const r of relatives) {
      const candidate = path.join(dir, ...r, 'serve.py');
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(__dirname, 'python', 'serve.py');
}

function tail(file: string, lines = 20): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').filter((l) => l.trim() !== '').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface ServerLaunch {
  python: string;
  modelDir: string;
  code: InferenceCode;
  /** The endpoint's folder: server.log and ready.json are there. */
  folder: string;
  port?: number;
  serverScript?: string;
  env?: NodeJS.ProcessEnv;
  environment?: Record<string, string>;
  job: LocalJobDescription | undefined;
  token: string;
}

/** Starts serve.py detached and unreferenced: the endpoint outlives a command line that started it. */
export function spawnServer(launch: ServerLaunch): ServerProcess {
  const { modelDir, code, folder } = launch;
  const { codeDir, entryPoint } = code;
  const baseEnv = launch.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    ...(launch.job?.DeployEnvironment ?? {}),
    ...(launch.environment ?? {}),
    SM_MODEL_DIR: modelDir,
    ...(entryPoint ? { SAGEMAKER_PROGRAM: entryPoint } : {}),
    ...(codeDir ? { SAGEMAKER_SUBMIT_DIRECTORY: codeDir } : {}),
    PYTHONPATH: [codeDir, baseEnv.PYTHONPATH].filter(Boolean).join(path.delimiter),
    PYTHONUNBUFFERED: '1',
    [PROCESS_TOKEN_VARIABLE]: launch.token,
  };
  const script = launch.serverScript ?? serverScriptPath();
  const args = [script, '--model-dir', modelDir, '--host', '127.0.0.1', '--port', String(launch.port ?? 0), '--ready-file', path.join(folder, 'ready.json')];
  if (codeDir) args.push('--code-dir', codeDir);
  if (entryPoint) args.push('--program', entryPoint);

  return spawnDetachedServer(launch.python, args, {
    cwd: codeDir && fs.existsSync(codeDir) ? codeDir : folder,
    env,
    logFile: path.join(folder, 'server.log'),
  });
}

/**
 * Waits for the ready file (the model is loaded and the port bound), then for /ping; resolves with the port.
 * A server that does not get there in time is killed; the error carries the end of its log.
 */
export async function waitUntilServing(
  server: ServerProcess,
  { name, python, folder, startTimeoutMs }: { name: string; python: string; folder: string; startTimeoutMs?: number },
): Promise<number> {
  const { child } = server;
  const logFile = path.join(folder, 'server.log');
  const readyFile = path.join(folder, 'ready.json');
  const deadline = Date.now() + (startTimeoutMs ?? 60_000);
  let ready: { port: number; pid: number } | undefined;
  while (!ready) {
    const spawnError = server.spawnError();
    if (spawnError) {
      const notFound = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      throw new LocalEndpointError(notFound ? `Cannot start the endpoint: "${python}" was not found. Set sagemaker.local.pythonPath to a Python 3 interpreter.` : `Cannot start the endpoint: ${spawnError.message}`, '');
    }
    const exitInfo = server.exitInfo();
    if (exitInfo) {
      throw new LocalEndpointError(`The local endpoint ${name} did not start (the server exited with ${exitInfo.code ?? exitInfo.signal}):`, tail(logFile));
    }
    if (Date.now() > deadline) {
      if (child.pid) await killGroup(child.pid, 1000);
      throw new LocalEndpointError(`The local endpoint ${name} did not answer within ${Math.round((startTimeoutMs ?? 60_000) / 1000)} s.`, tail(logFile));
    }
    try {
      ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { port: number; pid: number };
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const url = `http://127.0.0.1:${ready.port}`;
  if (!(await pingLocalEndpoint(url))) {
    if (child.pid) await killGroup(child.pid, 1000);
    throw new LocalEndpointError(`The local endpoint ${name} does not answer /ping at ${url}.`, tail(logFile));
  }
  return ready.port;
}
