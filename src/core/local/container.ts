/**
 * The SageMaker Python SDK's local-mode container contract (`sagemaker/local/image.py`), run through a
 * Docker-compatible engine (`docker`, else `podman`) for image-only estimators (built-in algorithms, your own
 * containers):
 * - training: `<image> train` with `<job>/<host>/{input,output,model}` mounted at `/opt/ml/{input,output,model}`,
 *   each channel's folder at `/opt/ml/input/data/<channel>`, and `/opt/ml/input/config/{hyperparameters,
 *   resourceconfig,inputdataconfig}.json` written as the SDK writes them;
 * - serving: `<image> serve` with the model folder at `/opt/ml/model`, answering `GET /ping` and
 *   `POST /invocations` on port 8080.
 * Containers run with the host's network (what the SDK's port mapping gives, and what works on engines without a
 * bridge), are named so that a stop removes them, and are removed when they end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CONTAINER_ENGINES = ['docker', 'podman'] as const;
/** The port the contract says a serving container listens on. */
export const SERVING_PORT = 8080;

export interface ContainerEngine {
  command: string;
  version: string;
}

interface Ran { code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }

/** Runs an engine command to its end (at most `timeoutMs`), collecting its output. */
export function runEngine(command: string, args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise(resolve => {
    let stdout = '';
    let stderr = '';
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    } catch (error) {
      resolve({ code: null, stdout, stderr, error: error as NodeJS.ErrnoException });
      return;
    }
    const timer = setTimeout(() => { child.kill('SIGKILL'); stderr += `\n${command} ${args[0]} did not answer within ${Math.round(timeoutMs / 1000)} s`; }, timeoutMs);
    child.stdout?.on('data', d => (stdout += d));
    child.stderr?.on('data', d => (stderr += d));
    child.on('error', error => { clearTimeout(timer); resolve({ code: null, stdout, stderr, error }); });
    child.on('close', code => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/**
 * The first engine whose `info` answers: `docker`, then `podman`. Without one, `problems` says for each what
 * is missing (not installed, or installed with no engine answering).
 */
export async function findContainerEngine(env: NodeJS.ProcessEnv = process.env, timeoutMs = 5000): Promise<{ engine?: ContainerEngine; problems: string[] }> {
  const problems: string[] = [];
  for (const command of CONTAINER_ENGINES) {
    const format = command === 'podman' ? '{{.Version.Version}}' : '{{.ServerVersion}}';
    const ran = await runEngine(command, ['info', '--format', format], timeoutMs, env);
    if (ran.error?.code === 'ENOENT') { problems.push(`no "${command}" command on PATH`); continue; }
    if (ran.code === 0 && ran.stdout.trim()) return { engine: { command, version: ran.stdout.trim() }, problems };
    const line = `${ran.stderr}`.split('\n').map(l => l.trim()).find(Boolean) ?? `exited with ${ran.code}`;
    problems.push(`"${command} info" failed: ${line}`);
  }
  return { problems };
}

/** What to say when no engine answers: what is missing, and what to do. */
export function noEngineMessage(problems: readonly string[]): string {
  return `Running an image in local mode needs a Docker-compatible engine, and none answers here (${problems.join('; ')}). `
    + 'Start Docker (Docker Desktop, or "sudo systemctl start docker"), or install Podman, so that "docker info" or "podman info" '
    + 'succeeds for this user (DOCKER_HOST is honoured); or set "entry_point" to run a training script without an image, '
    + 'or use an ml.* instance_type to train the image on SageMaker.';
}

export interface ContainerChannel {
  name: string;
  /** The host folder (or file) mounted at /opt/ml/input/data/<name>. */
  hostPath: string;
  contentType?: string;
}

export interface ContainerTrainingOptions {
  engine: ContainerEngine;
  image: string;
  /** The host's `/opt/ml`-like folder: `input/config`, `model`, `output` are made in it. */
  hostDir: string;
  /** A name for the container (unique on the engine). */
  containerName: string;
  hyperparameters: Record<string, unknown>;
  channels: readonly ContainerChannel[];
  host?: string;
  hosts?: readonly string[];
  instanceType?: string;
  environment?: Record<string, string>;
  /** Each line the container writes (stdout and stderr). */
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  signal?: AbortSignal;
}

/** The three config files, as `_SageMakerContainer.write_config_files` writes them. */
export function writeContainerConfig(options: Pick<ContainerTrainingOptions, 'hostDir' | 'hyperparameters' | 'channels' | 'host' | 'hosts' | 'instanceType'>): void {
  const host = options.host ?? 'algo-1';
  const config = path.join(options.hostDir, 'input', 'config');
  fs.mkdirSync(config, { recursive: true });
  for (const dir of ['model', 'output', path.join('output', 'data'), path.join('input', 'data')]) fs.mkdirSync(path.join(options.hostDir, dir), { recursive: true });
  // The training request's HyperParameters are strings; the container reads them as such.
  const hyperparameters = Object.fromEntries(Object.entries(options.hyperparameters).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const write = (name: string, value: unknown): void => fs.writeFileSync(path.join(config, name), JSON.stringify(value));
  write('hyperparameters.json', hyperparameters);
  write('resourceconfig.json', {
    current_host: host, hosts: options.hosts ?? [host], network_interface_name: 'eth0', current_instance_type: options.instanceType ?? 'local',
  });
  write('inputdataconfig.json', Object.fromEntries(options.channels.map(c => [c.name, {
    TrainingInputMode: 'File', ...(c.contentType ? { ContentType: c.contentType } : {}),
  }])));
}

/** `run --rm` arguments of a training container. */
export function trainingRunArgs(options: ContainerTrainingOptions): string[] {
  const mount = (host: string, inContainer: string, readOnly = false): string[] => ['-v', `${path.resolve(host)}:${inContainer}${readOnly ? ':ro' : ''}`];
  return [
    'run', '--rm', '--name', options.containerName, '--network', 'host', '--hostname', options.host ?? 'algo-1',
    ...mount(path.join(options.hostDir, 'input'), '/opt/ml/input'),
    ...mount(path.join(options.hostDir, 'model'), '/opt/ml/model'),
    ...mount(path.join(options.hostDir, 'output'), '/opt/ml/output'),
    ...options.channels.flatMap(c => mount(c.hostPath, `/opt/ml/input/data/${c.name}`, true)),
    ...Object.entries(options.environment ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    options.image, 'train',
  ];
}

/** Splits a stream into lines for `onLine`. */
function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let rest = '';
  stream?.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) onLine(line.replace(/\r$/, ''));
  });
  stream?.on('end', () => { if (rest) onLine(rest); });
}

/**
 * Trains: writes the config, runs `<image> train` and resolves with its exit code once the container is gone.
 * An abort removes the container (`rm -f`), which ends the run.
 */
export async function trainInContainer(options: ContainerTrainingOptions): Promise<{ exitCode: number | null }> {
  writeContainerConfig(options);
  const child = spawn(options.engine.command, trainingRunArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  lines(child.stdout, line => options.onLine(line, 'stdout'));
  lines(child.stderr, line => options.onLine(line, 'stderr'));
  const remove = (): void => { void runEngine(options.engine.command, ['rm', '-f', options.containerName]); };
  options.signal?.addEventListener('abort', remove, { once: true });
  try {
    return await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', code => resolve({ exitCode: code }));
    });
  } finally {
    options.signal?.removeEventListener('abort', remove);
  }
}

export interface ServingContainer {
  url: string;
  containerName: string;
  /** Removes the container; resolves once the engine says it is gone. */
  stop(): Promise<void>;
}

/**
 * Serves: `<image> serve` detached with the model folder at /opt/ml/model, then waits (at most `readyTimeoutMs`)
 * until `GET /ping` answers 200. A container that exits or never answers is removed and the error says why.
 */
export async function serveInContainer(options: {
  engine: ContainerEngine; image: string; modelDir: string; containerName: string; environment?: Record<string, string>; readyTimeoutMs?: number;
}): Promise<ServingContainer> {
  const { engine, containerName } = options;
  const started = await runEngine(engine.command, [
    'run', '-d', '--rm', '--name', containerName, '--network', 'host',
    '-v', `${path.resolve(options.modelDir)}:/opt/ml/model`,
    ...Object.entries(options.environment ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    options.image, 'serve',
  ]);
  if (started.code !== 0) throw new Error(`The serving container of ${options.image} did not start: ${started.stderr.trim() || `exit ${started.code}`}`);
  const url = `http://127.0.0.1:${SERVING_PORT}`;
  const stop = async (): Promise<void> => { await runEngine(engine.command, ['rm', '-f', containerName]); };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    const answered = await fetch(`${url}/ping`).then(r => r.status === 200, () => false);
    if (answered) return { url, containerName, stop };
    const running = await runEngine(engine.command, ['inspect', '-f', '{{.State.Running}}', containerName]);
    if (running.stdout.trim() !== 'true' || Date.now() > deadline) {
      const logs = await runEngine(engine.command, ['logs', '--tail', '20', containerName]);
      await stop();
      const why = running.stdout.trim() !== 'true' ? 'exited' : `did not answer GET /ping on port ${SERVING_PORT} in time`;
      throw new Error(`The serving container of ${options.image} ${why}. Its last lines: ${(logs.stdout + logs.stderr).trim() || '(none)'}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
