/**
 * Local serving: a trained local job's model behind SageMaker's inference contract (GET /ping, POST
 * /invocations) on 127.0.0.1, served by the small Python server shipped with the extension (python/serve.py)
 * with the user's inference script. Endpoints are recorded in `.sagemaker/local/endpoints/<name>.json` so
 * they can be listed, invoked and stopped from anywhere (the editor, the command line).
 * Pure Node: no VS Code, no AWS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeServingContainer, spawnServingContainer, waitForServingContainer } from './containerEndpoint';
import { containerEngineOf, isContainerJob } from './containerJob';
import { prepareModelDir, resolveInferenceCode } from './endpointModel';
import { spawnServer, waitUntilServing } from './endpointServer';
import { LocalModeError } from './errors';
import { isOwnJobDescription, readJobDescription, type LocalJobDescription } from './jobStore';
import { newProcessToken, recordProcess, signalTarget, signState, type ProcessRecord } from './ownership';
import { ensureLocalRoot, localEndpointsDir, workspaceOfJobDir, writeFileAtomic } from './paths';
import { isGroupAlive, killGroup } from './process';

export { invokeLocalEndpoint, pingLocalEndpoint, type LocalInvokeResult } from './endpointHttp';
export { serverScriptPath } from './endpointServer';
export { LocalEndpointError } from './errors';


export interface StartLocalEndpointOptions {
  /** A local job's folder: its model.tar.gz, its code (source_dir) and its serving script are the defaults. */
  jobDir?: string;
  /** A model.tar.gz to unpack (default: the job's). */
  modelTarGz?: string;
  /** An already unpacked model folder (instead of a model.tar.gz). */
  modelDir?: string;
  /** Folder of the inference script (default: `code/` inside the model if it holds the script, else the job's source_dir). */
  codeDir?: string;
  /** The inference script, relative to codeDir (default: the job's `deploy.env.SAGEMAKER_PROGRAM`, else its entry point). */
  entryPoint?: string;
  /** The Python interpreter (setting sagemaker.local.pythonPath). */
  python: string;
  /** Endpoint name (default: the estimator's deploy.endpoint_name, else the job's name). */
  name?: string;
  /** Where `.sagemaker/local/endpoints/` is (default: the job's workspace, else the current folder). */
  workspaceDir?: string;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** The environment the server starts from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The model's environment (the estimator's deploy.env is the default). */
  environment?: Record<string, string>;
  /** How long the model may take to load (default 60 s). */
  startTimeoutMs?: number;
  /** The server script (default: the serve.py shipped beside the extension). */
  serverScript?: string;
}

export type LocalEndpointStatus = 'InService' | 'Failed';

/** `.sagemaker/local/endpoints/<name>.json`: DescribeEndpoint's fields where they mean something locally, plus local ones. */
export interface LocalEndpointDescription {
  EndpointName: string;
  EndpointStatus: LocalEndpointStatus;
  FailureReason?: string;
  CreationTime: string;
  LastModifiedTime: string;
  Local: true;
  /** `http://127.0.0.1:<port>`. */
  Url: string;
  Port: number;
  /** The server's process (and process group) id. */
  Pid: number;
  ModelDir: string;
  CodeDir?: string;
  EntryPoint?: string;
  JobName?: string;
  JobDir?: string;
  Python: string;
  /** The server's log: one line per request, and the inference script's own output. */
  LogFile: string;
  /** How to recognize the server's process again before signalling it (see ownership.ts). */
  Process?: ProcessRecord;
  /** Local mode's HMAC of everything above: only a state file local mode wrote on this machine verifies. */
  Signature?: string;
}

export interface LocalEndpointHandle {
  name: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  pid: number;
  logFile: string;
  description: LocalEndpointDescription;
  /** Resolves with the server's exit once it has ended (stopped, or crashed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops the server (its whole process group) and forgets the endpoint. */
  stop(): Promise<void>;
}


const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

function stateFile(workspaceDir: string, name: string): string {
  return path.join(localEndpointsDir(workspaceDir), `${name}.json`);
}

function endpointFolder(workspaceDir: string, name: string): string {
  return path.join(localEndpointsDir(workspaceDir), name);
}

function readState(file: string): LocalEndpointDescription | undefined {
  try {
    const d = JSON.parse(fs.readFileSync(file, 'utf8')) as LocalEndpointDescription;
    return d && typeof d.EndpointName === 'string' ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Handles of the endpoints this process started, by state file. */
const running = new Map<string, LocalEndpointHandle>();


/**
 * Starts a local endpoint and resolves once it answers /ping. Throws {@link LocalModeError} for a job that
 * cannot be deployed (missing, not Completed) or a name in use, {@link LocalEndpointError} when the server
 * fails to start (the inference script's traceback is in the message).
 */
export async function startLocalEndpoint(options: StartLocalEndpointOptions): Promise<LocalEndpointHandle> {
  let job: LocalJobDescription | undefined;
  if (options.jobDir) {
    job = readJobDescription(options.jobDir);
    if (!job) throw new LocalModeError(`${options.jobDir} is not a local job folder (it has no job.json).`, 'job');
    if (job.TrainingJobStatus !== 'Completed') {
      throw new LocalModeError(`Local job ${job.TrainingJobName} is ${job.TrainingJobStatus}: only a Completed job has a model to deploy.`, 'job');
    }
    // Its paths, environment and scripts are what the server runs with: only a job.json we wrote is believed.
    if (!isOwnJobDescription(job)) {
      throw new LocalModeError(
        `${options.jobDir}/job.json was not written by local mode on this machine (it may have come with the repository), so its model, code and environment are not used. Train the job here first.`,
        'job',
      );
    }
  }
  const workspaceDir = path.resolve(options.workspaceDir ?? (options.jobDir ? workspaceOfJobDir(options.jobDir) : undefined) ?? process.cwd());
  const name = options.name ?? job?.DeployEndpointName ?? job?.TrainingJobName;
  if (!name) throw new LocalModeError('The endpoint needs a name.', 'name');
  if (!NAME.test(name)) throw new LocalModeError(`"${name}" cannot name an endpoint: use letters, digits and hyphens (at most 63 characters).`, 'name');

  ensureLocalRoot(workspaceDir);
  const state = stateFile(workspaceDir, name);
  const existing = readState(state);
  if (existing && signalTarget(existing, `local endpoint ${name}`).kind === 'ours') {
    throw new LocalModeError(`A local endpoint named ${name} is already running (${existing.Url}). Delete it first, or choose another name.`, 'exists');
  }
  const folder = endpointFolder(workspaceDir, name);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  try {
    return await startServer(options, { job, name, state, folder });
  } catch (error) {
    // A server that did not start (a port taken, a failing model_fn) leaves no unpacked model behind.
    fs.rmSync(path.join(folder, 'model'), { recursive: true, force: true });
    fs.rmSync(path.join(folder, 'ready.json'), { force: true });
    throw error;
  }
}

async function startServer(
  options: StartLocalEndpointOptions,
  { job, name, state, folder }: { job: LocalJobDescription | undefined; name: string; state: string; folder: string },
): Promise<LocalEndpointHandle> {
  const modelDir = await prepareModelDir(options, job, folder);
  const token = newProcessToken();
  // An image-only job's model is served by its image (containerEndpoint.ts), not by the Python server.
  const container = job && isContainerJob(job) && !options.entryPoint && !options.codeDir
    ? spawnServingContainer({ job, modelDir, folder, token, env: options.env, environment: options.environment, engineCommand: containerEngineOf(job) })
    : undefined;
  const code = container ? {} : resolveInferenceCode(options, job, modelDir);
  // The job's venv has its requirements.txt (torch, ...): the inference toolkit installs the same before serving.
  const python = job?.VenvPython && fs.existsSync(job.VenvPython) ? job.VenvPython : options.python;
  const server = container ?? spawnServer({
    python,
    modelDir,
    code,
    folder,
    job,
    token,
    port: options.port,
    serverScript: options.serverScript,
    env: options.env,
    environment: options.environment,
  });
  const port = container
    ? await waitForServingContainer(container, { name, folder, startTimeoutMs: options.startTimeoutMs })
    : await waitUntilServing(server, { name, python, folder, startTimeoutMs: options.startTimeoutMs });

  const url = `http://127.0.0.1:${port}`;
  const pid = server.child.pid!;
  const logFile = path.join(folder, 'server.log');
  const now = new Date().toISOString();
  const description: LocalEndpointDescription = {
    EndpointName: name,
    EndpointStatus: 'InService',
    CreationTime: now,
    LastModifiedTime: now,
    Local: true,
    Url: url,
    Port: port,
    Pid: pid,
    ModelDir: modelDir,
    ...(code.codeDir ? { CodeDir: code.codeDir } : {}),
    ...(code.entryPoint ? { EntryPoint: code.entryPoint } : {}),
    ...(job ? { JobName: job.TrainingJobName, JobDir: job.JobDir } : {}),
    Python: python,
    LogFile: logFile,
    Process: recordProcess(pid, token),
  };
  writeFileAtomic(state, `${JSON.stringify(signState(description), null, 2)}\n`);

  let stopping: Promise<void> | undefined;
  const handle: LocalEndpointHandle = {
    name,
    url,
    port,
    pid,
    logFile,
    description,
    exited: server.exited,
    stop: () =>
      (stopping ??= (async () => {
        await killGroup(pid, 2000);
        if (container) await removeServingContainer(container);
        // The server's process handle is unreferenced: wait (with a referenced timer) for Node to reap it.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([server.exited, new Promise((r) => (timer = setTimeout(r, 1000)))]);
        clearTimeout(timer);
        forget(state, pid, modelDir !== options.modelDir ? path.join(folder, 'model') : undefined);
        running.delete(state);
      })()),
  };
  running.set(state, handle);
  return handle;
}

/** Removes an endpoint's state (only if it still describes that server) and its unpacked model. */
function forget(state: string, pid: number, unpacked: string | undefined): void {
  const d = readState(state);
  if (d && d.Pid === pid) fs.rmSync(state, { force: true });
  if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(state), path.basename(state, '.json'), 'ready.json'), { force: true });
}

/** Every local endpoint of the workspace: InService while its server runs, Failed when it is gone. Newest first. */
export function listLocalEndpoints(workspaceDir: string): LocalEndpointDescription[] {
  const dir = localEndpointsDir(workspaceDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: LocalEndpointDescription[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    const d = readState(file);
    if (!d) continue;
    const target = signalTarget(d, `local endpoint state ${file}`);
    const port = Number.isInteger(d.Port) && d.Port > 0 && d.Port < 65536 ? d.Port : undefined;
    if (target.kind === 'ours' && port) {
      // The URL is rebuilt from the port: only loopback is ever invoked.
      out.push({ ...d, Url: `http://127.0.0.1:${port}` });
    } else {
      const reason = target.kind === 'ours' ? `${file} has no valid port.` : target.kind === 'gone' ? `The server has ended: ${target.reason} See ${d.LogFile}.` : target.reason;
      out.push({ ...d, EndpointStatus: 'Failed', FailureReason: reason });
    }
  }
  return out.sort((a, b) => (a.CreationTime < b.CreationTime ? 1 : a.CreationTime > b.CreationTime ? -1 : 0));
}

/** One local endpoint by name; undefined when there is none. */
export function readLocalEndpoint(workspaceDir: string, name: string): LocalEndpointDescription | undefined {
  return listLocalEndpoints(workspaceDir).find((e) => e.EndpointName === name);
}

/** Stops a local endpoint by name (its server's whole process group) and forgets it. False when there was none. */
export async function stopLocalEndpoint(workspaceDir: string, name: string): Promise<boolean> {
  const state = stateFile(workspaceDir, name);
  const handle = running.get(state);
  if (handle) {
    await handle.stop();
    return true;
  }
  const d = readState(state);
  if (!d) return false;
  const target = signalTarget(d, `local endpoint ${name} (${state})`);
  if (target.kind === 'refused') throw new LocalModeError(`Not stopping local endpoint ${name}: ${target.reason}`, 'process');
  if (target.kind === 'ours' && isGroupAlive(target.pid)) await killGroup(target.pid, 2000);
  const unpacked = path.join(endpointFolder(workspaceDir, name), 'model');
  forget(state, d.Pid, d.ModelDir === unpacked ? unpacked : undefined);
  return true;
}

/** The URL of a local endpoint given by name or URL (`http://...` as is). */
export function resolveLocalEndpointUrl(workspaceDir: string, nameOrUrl: string): string | undefined {
  if (/^https?:\/\//i.test(nameOrUrl)) return nameOrUrl.replace(/\/+$/, '');
  const d = readLocalEndpoint(workspaceDir, nameOrUrl);
  return d && d.EndpointStatus === 'InService' ? d.Url : undefined;
}
