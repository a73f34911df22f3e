/**
 * Local mode training: a script-mode estimator (`entry_point`, with a framework or the generic estimator) runs
 * on this machine with the configured Python, the way the SageMaker training toolkit runs it in a container:
 * - a job folder `.sagemaker/local/<job>/` laid out like /opt/ml (input/config/*.json, input/data/<channel>/,
 *   model/, output/, output/data/, checkpoints/);
 * - the toolkit's environment (`SM_*`), the hyperparameters as command-line arguments, source_dir as the working
 *   folder and on PYTHONPATH;
 * - exit 0 is Completed (model/ packed into output/model.tar.gz, output/data/ into output/output.tar.gz), another
 *   exit Failed (reason: output/failure if the script wrote one, else the end of its traceback / stderr), stop()
 *   kills the whole process group (Stopped).
 * Pure Node: no VS Code, no AWS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { NumberLiterals } from '../estimator/hyperparameters';
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import { baseNameFromImage, DEFAULT_BASE_JOB_NAME, nameFromBase } from '../estimator/jobName';
import { localPathOf } from '../estimator/channels';
import { buildImageUri } from '../estimator/request';
import type { EstimatorSpec } from '../estimator/types';
import { packFolder } from './artifacts';
import { planLocalChannels, stageLocalChannel, type LocalChannel } from './channels';
import { probeDockerSync } from './docker';
import { LocalModeError } from './errors';
import {
  setOwnRunner,
  setStopHook,
  writeJobDescription,
  type LocalChannelDescription,
  type LocalJobDescription,
  type LocalJobStatus,
  type LocalSecondaryStatus,
} from './jobStore';
import { MetricExtractor, type MetricValue } from '../logs/metrics';
import { ENDPOINTS_DIR_NAME, ensureLocalRoot, jobPaths, localJobDir, type JobPaths } from './paths';
import { LineSplitter, MAX_LINE_CHARS, MAX_LOG_BYTES, RotatingLog } from './output';
import { newProcessToken, PROCESS_TOKEN_VARIABLE, recordProcess } from './ownership';
import { isGroupAlive, signalGroup } from './process';
import {
  localHyperparameters,
  localResourceConfig,
  programName,
  toolkitEnvironment,
  type InputDataConfigEntry,
} from './toolkitEnv';

export type { LocalJobStatus, LocalSecondaryStatus } from './jobStore';

export const LOCAL_INSTANCE_TYPES = ['local', 'local_gpu'];

export function isLocalInstanceType(instanceType: string | undefined): boolean {
  return instanceType !== undefined && LOCAL_INSTANCE_TYPES.includes(instanceType);
}

/** One line the job printed (`stdout`/`stderr`), or one of local mode's own (`system`: status changes, notes). */
export interface LocalJobLine {
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export interface LocalJobStatusEvent {
  status: LocalJobStatus;
  secondaryStatus: LocalSecondaryStatus;
  message: string;
  timestamp: number;
}

export type LocalJobMetric = MetricValue;

export interface LocalJobEventMap {
  line: [LocalJobLine];
  status: [LocalJobStatusEvent];
  metric: [LocalJobMetric];
}

export interface LocalJobResult {
  jobName: string;
  jobDir: string;
  status: 'Completed' | 'Failed' | 'Stopped';
  secondaryStatus: LocalSecondaryStatus;
  failureReason?: string;
  /** output/model.tar.gz (Completed, and Stopped as SageMaker keeps what a stopped job saved). */
  modelArtifacts?: string;
  /** output/output.tar.gz. */
  outputArtifacts?: string;
  /** The entry point's exit code; null when it was killed by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  startedAt: Date;
  endedAt: Date;
  /** When the entry point's process was spawned, and when it printed its first line. */
  spawnedAt?: Date;
  firstOutputAt?: Date;
  /** The last value of each metric. */
  finalMetrics: LocalJobMetric[];
  description: LocalJobDescription;
}

export interface LocalJobHandle {
  jobName: string;
  jobDir: string;
  /** 'line', 'status' and 'metric' events; the first ones come after startLocalTrainingJob returns. */
  events: EventEmitter<LocalJobEventMap>;
  /** Settles when the job has ended; never rejects (a job that cannot run ends Failed). */
  done: Promise<LocalJobResult>;
  /** Stops the job: SIGTERM to its whole process group, SIGKILL after the grace period. Resolves when it has ended. */
  stop(): Promise<void>;
  /** The current status. */
  readonly status: LocalJobStatus;
  /** The entry point's process id (its process group), once it runs. */
  readonly pid: number | undefined;
  /** The current job.json. */
  description(): LocalJobDescription;
}

export interface StartLocalJobOptions {
  /** Folder of estimator.json: relative paths (source_dir, entry_point, local inputs) are relative to it. */
  estimatorDir: string;
  /** The workspace: the job folder is `<workspaceDir>/.sagemaker/local/<jobName>/`. */
  workspaceDir: string;
  jobName: string;
  /** The Python interpreter (setting sagemaker.local.pythonPath; default python3). */
  python: string;
  /** `sagemaker_region` / SAGEMAKER_REGION (the connection's region, if any). */
  region?: string;
  /** The environment the job starts from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Downloads an S3 prefix or object into a folder; without it, S3 inputs are refused (LocalModeError). */
  downloadS3?: (uri: string, destDir: string) => Promise<void>;
  /** Source text of the file's numbers (`numberLiteralsFromJson`), so that `1.0` stays a float. */
  numberLiterals?: NumberLiterals;
  /** The estimator file, recorded in job.json. */
  estimatorFile?: string;
  /** Between SIGTERM and SIGKILL when stopping (default 5000 ms; SageMaker gives 120 s). */
  stopGraceMs?: number;
  /** job.log's size before it is rotated to job.log.1 (default {@link MAX_LOG_BYTES}). */
  maxLogBytes?: number;
  /** The longest line kept whole; a longer run of text without a line break is cut (default {@link MAX_LINE_CHARS}). */
  maxLineChars?: number;
}

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** The SDK's default job name for an estimator: `<base_job_name or the image's repository>-<timestamp>`. */
export function defaultLocalJobName(spec: EstimatorSpec, now: Date = new Date()): string {
  let base = spec.base_job_name;
  if (!base) {
    try {
      base = baseNameFromImage(buildImageUri(spec, spec.region || 'us-east-1'));
    } catch {
      base = undefined;
    }
  }
  if (!base && spec.entry_point) base = path.basename(spec.entry_point).replace(/\.[^.]*$/, '').replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return nameFromBase(base || DEFAULT_BASE_JOB_NAME, now);
}

/** The image an estimator names, if any (for job.json; never pulled). Looked-up images need the region. */
function imageOf(spec: EstimatorSpec, region: string | undefined): string | undefined {
  if (typeof spec.image_uri === 'string') return spec.image_uri;
  if (!region) return undefined;
  try {
    return buildImageUri(spec, region);
  } catch {
    return undefined;
  }
}

/**
 * What local mode can run here for this estimator: script mode (an entry_point) on this machine's Python; an
 * estimator that only names an image needs Docker. Throws {@link LocalModeError} when it cannot run.
 */
export function checkLocalMode(spec: EstimatorSpec, probe: () => { answers: boolean; detail: string } = probeDockerSync): void {
  if (!isLocalInstanceType(spec.instance_type)) {
    throw new LocalModeError(
      `instance_type is ${spec.instance_type ? `"${spec.instance_type}"` : 'not set'}: only "local" and "local_gpu" train on this machine.`,
      'not-local',
      'instance_type',
    );
  }
  if (spec.entry_point) return;
  const docker = probe();
  const what = spec.framework
    ? `The ${spec.framework} estimator has no entry_point, so it would run its image as is`
    : 'This estimator names only an image (a built-in algorithm or your own container)';
  const why = docker.answers
    ? `: a Docker engine answers here (${docker.detail}), but this extension does not run training images in local mode yet.`
    : `: in local mode an image runs only in a Docker engine, and none answers here (${docker.detail}).`;
  throw new LocalModeError(
    `${what}${why} What local mode runs on this machine without Docker: script-mode estimators, run directly with this machine's Python — ` +
      'set "entry_point" (and "source_dir") to your training script, with a framework (e.g. "framework": "sklearn") or the generic estimator. ' +
      'To train this image, use an ml.* instance_type (SageMaker).',
    'image-only',
    spec.framework ? 'entry_point' : 'image_uri',
  );
}

interface ResolvedCode {
  /** The folder the script runs in. */
  codeDir: string;
  /** Path of the script relative to codeDir. */
  entry: string;
  /** Extra folders for PYTHONPATH (`dependencies`' parents). */
  extraPaths: string[];
  notes: string[];
}

function resolveCode(spec: EstimatorSpec, estimatorDir: string): ResolvedCode {
  const entryPoint = spec.entry_point!;
  const notes: string[] = [];
  let codeDir: string;
  let entry: string;
  if (spec.source_dir) {
    if (/^s3:\/\//i.test(spec.source_dir)) {
      throw new LocalModeError(`source_dir ${spec.source_dir} is in S3: local mode runs code from a local folder. Point source_dir at the folder with ${entryPoint}.`, 'entry-point', 'source_dir');
    }
    codeDir = path.resolve(estimatorDir, spec.source_dir);
    if (!fs.existsSync(codeDir) || !fs.statSync(codeDir).isDirectory()) {
      throw new LocalModeError(`source_dir: no folder at ${codeDir}.`, 'entry-point', 'source_dir');
    }
    entry = entryPoint;
  } else {
    const abs = path.resolve(estimatorDir, entryPoint);
    codeDir = path.dirname(abs);
    entry = path.basename(abs);
  }
  const script = path.resolve(codeDir, entry);
  if (!fs.existsSync(script) || !fs.statSync(script).isFile()) {
    throw new LocalModeError(`entry_point: no file ${entry} in ${codeDir}.`, 'entry-point', 'entry_point');
  }
  const extraPaths: string[] = [];
  for (const dep of spec.dependencies ?? []) {
    const abs = path.resolve(estimatorDir, dep);
    if (!fs.existsSync(abs)) throw new LocalModeError(`dependencies: no file or folder at ${abs}.`, 'entry-point', 'dependencies');
    // The SDK copies each dependency to the root of the code; its parent on the path makes it importable the same way.
    const parent = path.dirname(abs);
    if (!extraPaths.includes(parent) && parent !== codeDir) extraPaths.push(parent);
  }
  if (fs.existsSync(path.join(codeDir, 'requirements.txt'))) {
    notes.push(`${path.join(codeDir, 'requirements.txt')} is not installed: local mode runs with the packages the configured Python already has (SageMaker would pip-install them). Install them yourself if they are missing: python -m pip install -r requirements.txt`);
  }
  return { codeDir, entry, extraPaths, notes };
}

/** Which command runs the entry point, as the toolkit decides: a Python script, a shell script, or a command. */
function entryCommand(python: string, entry: string, args: string[]): { command: string; argv: string[] } {
  if (entry.endsWith('.py')) return { command: python, argv: [entry, ...args] };
  if (entry.endsWith('.sh')) return { command: '/bin/sh', argv: [entry, ...args] };
  return { command: path.isAbsolute(entry) ? entry : `./${entry}`, argv: args };
}

function countGpus(instanceType: string): number {
  if (instanceType !== 'local_gpu') return 0;
  const r = spawnSync('nvidia-smi', ['--list-gpus'], { encoding: 'utf8', timeout: 3000 });
  return r.status === 0 ? (r.stdout ?? '').split('\n').filter((l) => l.startsWith('GPU ')).length : 0;
}

const SECONDARY_MESSAGES: Partial<Record<LocalSecondaryStatus, string>> = {
  Completed: 'Training job completed',
  Stopped: 'The training job was stopped',
};

/** The `YYYY-MM-DD HH:MM:SS` of the SDK's status lines (UTC). */
function statusTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** SageMaker's FailureReason limit. */
const MAX_REASON = 1024;

/** The end of a Python traceback in stderr, or the last lines of stderr. */
export function failureTail(stderrLines: readonly string[]): string {
  const lines = stderrLines.map((l) => l.replace(/\s+$/, '')).filter((l) => l !== '');
  const tb = lines.map((l) => l.startsWith('Traceback (most recent call last):')).lastIndexOf(true);
  if (tb >= 0) {
    const after = lines.slice(tb + 1);
    const lastFrame = after.map((l) => /^\s*File "/.test(l)).lastIndexOf(true);
    if (lastFrame >= 0) return after.slice(lastFrame).join('\n');
    return after.slice(-3).join('\n');
  }
  return lines.slice(-5).join('\n');
}

/** The toolkit's ExecuteUserScriptError, as SageMaker reports it in FailureReason. */
export function executeUserScriptReason(exitCode: number, tail: string, command: string[]): string {
  const head = `AlgorithmError: ExecuteUserScriptError:\nExitCode ${exitCode}\nErrorMessage "`;
  const foot = `"\nCommand "${command.join(' ')}", exit code: ${exitCode}`;
  let message = tail;
  const room = MAX_REASON - head.length - foot.length;
  if (message.length > room) message = `…${message.slice(message.length - Math.max(0, room - 1))}`;
  const reason = `${head}${message}${foot}`;
  return reason.length > MAX_REASON ? reason.slice(0, MAX_REASON) : reason;
}

function readFailureFile(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!text) return undefined;
    return text.length > MAX_REASON ? text.slice(0, MAX_REASON) : text;
  } catch {
    return undefined;
  }
}

/**
 * Starts a local training job and returns at once; the job runs in the background. Throws
 * {@link LocalModeError} when it cannot start (not a local instance type, an image-only estimator, a missing
 * entry point or input, a job folder that exists).
 */
export function startLocalTrainingJob(spec: EstimatorSpec, options: StartLocalJobOptions): LocalJobHandle {
  checkLocalMode(spec);
  const jobName = options.jobName;
  if (!JOB_NAME.test(jobName) || jobName === ENDPOINTS_DIR_NAME) {
    throw new LocalModeError(`"${jobName}" cannot name a job: use letters, digits and hyphens (at most 63 characters)${jobName === ENDPOINTS_DIR_NAME ? `, and not "${ENDPOINTS_DIR_NAME}"` : ''}.`, 'name', 'job_name');
  }
  const estimatorDir = path.resolve(options.estimatorDir);
  const code = resolveCode(spec, estimatorDir);
  const channels = planLocalChannels(spec, estimatorDir, !!options.downloadS3);
  ensureLocalRoot(options.workspaceDir);
  const jobDir = localJobDir(options.workspaceDir, jobName);
  try {
    fs.mkdirSync(jobDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new LocalModeError(`A local job named ${jobName} already exists (${jobDir}). Choose another job name, or delete that folder.`, 'exists', 'job_name');
    }
    throw error;
  }
  const paths = jobPaths(jobDir);
  for (const dir of [paths.inputConfig, paths.inputData, paths.model, paths.outputData, paths.outputIntermediate, paths.checkpoints]) {
    fs.mkdirSync(dir, { recursive: true });
  }

  const instanceType = spec.instance_type!;
  const region = options.region ?? spec.region;
  const hyperparameters = localHyperparameters(spec, {
    jobName,
    codeDir: code.codeDir,
    modelDir: paths.model,
    ...(region ? { region } : {}),
    ...(options.numberLiterals ? { literals: options.numberLiterals } : {}),
  });
  const resourceConfig = localResourceConfig(instanceType);
  const inputDataConfig: Record<string, InputDataConfigEntry> = Object.fromEntries(channels.map((c) => [c.name, c.config]));
  fs.writeFileSync(paths.hyperparameters, JSON.stringify(hyperparameters));
  fs.writeFileSync(paths.resourceConfig, JSON.stringify(resourceConfig));
  fs.writeFileSync(paths.inputDataConfig, JSON.stringify(inputDataConfig));

  const toolkit = toolkitEnvironment({
    jobName,
    paths,
    hyperparameters,
    inputDataConfig,
    resourceConfig,
    numCpus: os.cpus().length || 1,
    numGpus: countGpus(instanceType),
    ...(spec.framework ? { framework: spec.framework } : {}),
  });
  const { command, argv } = entryCommand(options.python, code.entry, toolkit.args);
  const baseEnv = options.env ?? process.env;
  const pythonPath = [code.codeDir, ...code.extraPaths, ...(baseEnv.PYTHONPATH ? [baseEnv.PYTHONPATH] : [])].join(path.delimiter);
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    ...(spec.environment ?? {}),
    ...toolkit.env,
    PYTHONPATH: pythonPath,
    PYTHONUNBUFFERED: '1',
  };

  const now = Date.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const deployEnv = spec.deploy && typeof spec.deploy.env === 'object' && spec.deploy.env ? (spec.deploy.env as Record<string, string>) : undefined;
  const description: LocalJobDescription = {
    TrainingJobName: jobName,
    TrainingJobStatus: 'InProgress',
    SecondaryStatus: 'Starting',
    HyperParameters: hyperparameters,
    AlgorithmSpecification: {
      ...(imageOf(spec, region) ? { TrainingImage: imageOf(spec, region)! } : {}),
      TrainingInputMode: spec.input_mode ?? 'File',
      ...(spec.metric_definitions ? { MetricDefinitions: spec.metric_definitions } : {}),
    },
    ResourceConfig: { InstanceType: instanceType, InstanceCount: 1, VolumeSizeInGB: spec.volume_size ?? 30 },
    StoppingCondition: { MaxRuntimeInSeconds: spec.max_run ?? DEFAULT_MAX_RUN_SECONDS },
    InputDataConfig: channels.map((c): LocalChannelDescription => ({
      ChannelName: c.name,
      ...c.config,
      Source: c.source,
      LocalPath: path.join(paths.inputData, c.name),
    })),
    ...(spec.environment ? { Environment: spec.environment } : {}),
    CreationTime: iso(now),
    LastModifiedTime: iso(now),
    SecondaryStatusTransitions: [],
    FinalMetricDataList: [],
    Local: true,
    JobDir: jobDir,
    ...(options.estimatorFile ? { EstimatorFile: path.resolve(options.estimatorFile) } : {}),
    EntryPoint: programName(spec),
    SourceDir: code.codeDir,
    ServingEntryPoint: deployEnv?.SAGEMAKER_PROGRAM ?? code.entry,
    ...(deployEnv ? { DeployEnvironment: deployEnv } : {}),
    ...(typeof spec.deploy?.endpoint_name === 'string' ? { DeployEndpointName: spec.deploy.endpoint_name } : {}),
    ...(spec.framework ? { Framework: spec.framework } : {}),
    Python: options.python,
    Command: [command, ...argv],
    RunnerPid: process.pid,
  };
  writeJobDescription(jobDir, description);
  setOwnRunner(jobDir, true);

  const notes = [...code.notes, ...channels.flatMap((c) => c.notes)];
  if ((spec.instance_count ?? 1) > 1) {
    notes.push(`instance_count is ${spec.instance_count}: local mode runs one host here (algo-1), without a container per instance.`);
  }
  if (spec.distribution && Object.keys(spec.distribution).length > 0) notes.push('distribution is ignored in local mode: the entry point runs as one process.');
  if (spec.checkpoint_s3_uri) notes.push(`Checkpoints stay in ${paths.checkpoints}; nothing is synced to ${spec.checkpoint_s3_uri} in local mode.`);
  const metrics = new MetricExtractor(spec.metric_definitions);
  notes.push(...metrics.problems);

  return runJob({
    jobName, jobDir, paths, description, channels, notes, command, argv, cwd: code.codeDir, env,
    metrics, maxRunMs: (spec.max_run ?? DEFAULT_MAX_RUN_SECONDS) * 1000, stopGraceMs: options.stopGraceMs ?? 5000,
    maxLogBytes: options.maxLogBytes ?? MAX_LOG_BYTES, maxLineChars: options.maxLineChars ?? MAX_LINE_CHARS,
    downloadS3: options.downloadS3, modelUncompressed: spec.disable_output_compression === true,
    ...(spec.output_path && /^file:\/\//i.test(spec.output_path) ? { copyArtifactsTo: path.join(localPathOf(spec.output_path, estimatorDir), jobName) } : {}),
  });
}

interface RunContext {
  jobName: string;
  jobDir: string;
  paths: JobPaths;
  description: LocalJobDescription;
  channels: LocalChannel[];
  notes: string[];
  command: string;
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  metrics: MetricExtractor;
  maxRunMs: number;
  stopGraceMs: number;
  downloadS3?: (uri: string, destDir: string) => Promise<void>;
  modelUncompressed: boolean;
  /** A file:// output_path's `<path>/<job>/`: the SDK's local mode puts model.tar.gz and output.tar.gz there. */
  copyArtifactsTo?: string;
  maxLogBytes: number;
  maxLineChars: number;
}

function runJob(ctx: RunContext): LocalJobHandle {
  const { paths, description } = ctx;
  const events = new EventEmitter<LocalJobEventMap>();
  // A listener-less 'error' would throw; jobs report problems as lines and statuses instead.
  const log = new RotatingLog(paths.log, ctx.maxLogBytes);
  const metricsFile = fs.createWriteStream(paths.metrics, { flags: 'a' });
  metricsFile.on('error', () => undefined);
  const startedAt = new Date();
  const finalMetrics = new Map<string, MetricValue>();
  const stderrTail: string[] = [];
  let child: ChildProcess | undefined;
  let stopRequested = false;
  let stopReason: 'Stopped' | 'MaxRuntimeExceeded' = 'Stopped';
  let killTimer: NodeJS.Timeout | undefined;
  let spawnedAt: Date | undefined;
  let firstOutputAt: Date | undefined;
  let finished = false;
  let exited = false;

  const iso = (ms: number): string => new Date(ms).toISOString();
  const save = (): void => {
    description.LastModifiedTime = new Date().toISOString();
    try {
      writeJobDescription(ctx.jobDir, description);
    } catch {
      // The folder went away (deleted while running): nothing to record into.
    }
  };
  const emitLine = (stream: LocalJobLine['stream'], text: string): void => {
    const timestamp = Date.now();
    log.write(`${text}\n`);
    events.emit('line', { stream, text, timestamp });
    if (stream === 'system') return;
    if (!firstOutputAt) firstOutputAt = new Date(timestamp);
    if (stream === 'stderr') {
      stderrTail.push(text);
      if (stderrTail.length > 200) stderrTail.splice(0, stderrTail.length - 200);
    }
    for (const m of ctx.metrics.fromMessage(text, timestamp)) {
      finalMetrics.set(m.name, m);
      metricsFile.write(`${JSON.stringify(m)}\n`);
      events.emit('metric', m);
    }
  };
  const setStatus = (status: LocalJobStatus, secondary: LocalSecondaryStatus, message: string): void => {
    const timestamp = Date.now();
    const transitions = description.SecondaryStatusTransitions;
    const last = transitions[transitions.length - 1];
    if (last && !last.EndTime) last.EndTime = iso(timestamp);
    transitions.push({ Status: secondary, StartTime: iso(timestamp), StatusMessage: message });
    description.TrainingJobStatus = status;
    description.SecondaryStatus = secondary;
    save();
    emitLine('system', `${statusTime(timestamp)} ${secondary} - ${message}`);
    events.emit('status', { status, secondaryStatus: secondary, message, timestamp });
  };

  // Stop while the artifacts are being packed (the process has ended) interrupts the packing.
  const packing = new AbortController();
  let resolveDone!: (r: LocalJobResult) => void;
  const done = new Promise<LocalJobResult>((resolve) => (resolveDone = resolve));

  const finish = async (status: 'Completed' | 'Failed' | 'Stopped', secondary: LocalSecondaryStatus, extra: { reason?: string; exitCode: number | null; signal: string | null }): Promise<void> => {
    if (finished) return;
    finished = true;
    if (killTimer) clearTimeout(killTimer);
    clearTimeout(maxRunTimer);
    let modelArtifacts: string | undefined;
    let outputArtifacts: string | undefined;
    let reason = extra.reason;
    let finalStatus = status;
    let finalSecondary = secondary;
    if (status === 'Completed' || (status === 'Stopped' && spawnedAt !== undefined)) {
      if (status === 'Completed') setStatus('InProgress', 'Uploading', 'Packing model/ into model.tar.gz and output/data/ into output.tar.gz');
      try {
        const pack = async (dir: string, file: string): Promise<void> => {
          for (const warning of (await packFolder(dir, file, { signal: packing.signal })).warnings) emitLine('system', `Warning: ${warning}`);
        };
        if (ctx.modelUncompressed) modelArtifacts = paths.model;
        else {
          await pack(paths.model, paths.modelTarGz);
          modelArtifacts = paths.modelTarGz;
        }
        await pack(paths.outputData, paths.outputTarGz);
        outputArtifacts = paths.outputTarGz;
        if (ctx.copyArtifactsTo) {
          fs.mkdirSync(ctx.copyArtifactsTo, { recursive: true });
          if (modelArtifacts === paths.modelTarGz) fs.copyFileSync(paths.modelTarGz, path.join(ctx.copyArtifactsTo, 'model.tar.gz'));
          else fs.cpSync(paths.model, path.join(ctx.copyArtifactsTo, 'model'), { recursive: true });
          fs.copyFileSync(paths.outputTarGz, path.join(ctx.copyArtifactsTo, 'output.tar.gz'));
          emitLine('system', `Copied the artifacts to ${ctx.copyArtifactsTo} (output_path)`);
        }
      } catch (error) {
        if (packing.signal.aborted) {
          finalStatus = 'Stopped';
          finalSecondary = stoppedSecondary();
        } else if (status === 'Completed') {
          finalStatus = 'Failed';
          finalSecondary = 'Failed';
          reason = `ClientError: could not pack the model artifacts: ${(error as Error).message}`;
        }
      }
    }
    const end = Date.now();
    description.TrainingEndTime = iso(end);
    if (description.TrainingStartTime) description.TrainingTimeInSeconds = Math.max(0, Math.round((end - Date.parse(description.TrainingStartTime)) / 1000));
    if (reason) description.FailureReason = reason;
    if (modelArtifacts) description.ModelArtifacts = { LocalPath: modelArtifacts };
    if (outputArtifacts) description.OutputArtifacts = { LocalPath: outputArtifacts };
    description.FinalMetricDataList = [...finalMetrics.values()].map((m) => ({ MetricName: m.name, Value: m.value, Timestamp: iso(m.timestamp) }));
    description.ExitCode = extra.exitCode;
    description.Signal = extra.signal;
    const message = finalStatus === 'Failed' ? `Training job failed: ${(reason ?? '').split('\n').find((l) => l.trim()) ?? 'unknown reason'}` : SECONDARY_MESSAGES[finalSecondary] ?? finalSecondary;
    setStatus(finalStatus, finalSecondary, message);
    const last = description.SecondaryStatusTransitions[description.SecondaryStatusTransitions.length - 1];
    last.EndTime = last.StartTime;
    save();
    setOwnRunner(ctx.jobDir, false);
    setStopHook(ctx.jobDir, undefined);
    log.close();
    await new Promise((r) => metricsFile.end(r));
    resolveDone({
      jobName: ctx.jobName,
      jobDir: ctx.jobDir,
      status: finalStatus,
      secondaryStatus: finalSecondary,
      ...(reason ? { failureReason: reason } : {}),
      ...(modelArtifacts ? { modelArtifacts } : {}),
      ...(outputArtifacts ? { outputArtifacts } : {}),
      exitCode: extra.exitCode,
      signal: extra.signal,
      startedAt,
      endedAt: new Date(end),
      ...(spawnedAt ? { spawnedAt } : {}),
      ...(firstOutputAt ? { firstOutputAt } : {}),
      finalMetrics: [...finalMetrics.values()],
      description: JSON.parse(JSON.stringify(description)) as LocalJobDescription,
    });
  };

  const stopped = (): boolean => stopRequested || fs.existsSync(paths.stopRequest);

  const stop = async (): Promise<void> => {
    if (finished) packing.abort();
    if (!finished && !stopRequested) {
      stopRequested = true;
      try {
        fs.writeFileSync(paths.stopRequest, `${new Date().toISOString()}\n`);
      } catch {
        // Not needed by this process.
      }
      if (child?.pid && !exited) {
        setStatus('Stopping', 'Stopping', stopReason === 'MaxRuntimeExceeded' ? `The job ran longer than max_run (${ctx.maxRunMs / 1000} s): stopping it` : 'Stopping the training job');
        const pid = child.pid;
        signalGroup(pid, 'SIGTERM');
        killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), ctx.stopGraceMs);
      }
    }
    await done;
  };

  const maxRunTimer = setTimeout(() => {
    stopReason = 'MaxRuntimeExceeded';
    void stop();
  }, Math.min(ctx.maxRunMs, 2 ** 31 - 1));
  maxRunTimer.unref();

  const stoppedSecondary = (): LocalSecondaryStatus => (stopReason === 'MaxRuntimeExceeded' ? 'MaxRuntimeExceeded' : 'Stopped');

  const run = async (): Promise<void> => {
    setStatus('InProgress', 'Starting', `Starting the training job on this machine (local mode, no container) in ${ctx.jobDir}`);
    for (const note of ctx.notes) emitLine('system', `Note: ${note}`);
    setStatus('InProgress', 'Downloading', ctx.channels.length === 0 ? 'No input channels' : `Preparing the input data: ${ctx.channels.map((c) => c.name).join(', ')}`);
    for (const [i, channel] of ctx.channels.entries()) {
      if (stopped()) break;
      const entry = description.InputDataConfig[i];
      try {
        if (channel.kind === 'local') entry.Staging = stageLocalChannel(channel, paths.inputData);
        else {
          const dest = path.join(paths.inputData, channel.name);
          fs.mkdirSync(dest, { recursive: true });
          emitLine('system', `Downloading ${channel.source} into ${dest}`);
          await ctx.downloadS3!(channel.source, dest);
          entry.Staging = 'download';
        }
      } catch (error) {
        await finish('Failed', 'Failed', { reason: `ClientError: channel ${channel.name}: could not get the data from ${channel.source}: ${(error as Error).message}`, exitCode: null, signal: null });
        return;
      }
    }
    save();
    if (stopped()) {
      await finish('Stopped', stoppedSecondary(), { exitCode: null, signal: null });
      return;
    }
    setStatus('InProgress', 'Training', `Running ${[ctx.command, ...ctx.argv].join(' ')} in ${ctx.cwd}`);
    description.TrainingStartTime = new Date().toISOString();
    let proc: ChildProcess;
    const token = newProcessToken();
    try {
      proc = spawn(ctx.command, ctx.argv, { cwd: ctx.cwd, env: { ...ctx.env, [PROCESS_TOKEN_VARIABLE]: token }, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (error) {
      await finish('Failed', 'Failed', { reason: `ClientError: could not start ${ctx.command}: ${(error as Error).message}`, exitCode: null, signal: null });
      return;
    }
    child = proc;
    spawnedAt = new Date();
    let spawnError: NodeJS.ErrnoException | undefined;
    proc.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    if (proc.pid) {
      description.Pid = proc.pid;
      description.Process = recordProcess(proc.pid, token);
      save();
    }
    const pipe = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> =>
      new Promise((resolve) => {
        if (!stream) return resolve();
        const decoder = new StringDecoder('utf8');
        const lines = new LineSplitter((line) => emitLine(name, line), ctx.maxLineChars);
        stream.on('data', (chunk: Buffer) => lines.push(decoder.write(chunk)));
        stream.on('end', () => {
          lines.push(decoder.end());
          lines.end();
          resolve();
        });
        stream.on('error', () => resolve());
        stream.on('close', () => resolve());
      });
    const streamsDone = Promise.all([pipe(proc.stdout, 'stdout'), pipe(proc.stderr, 'stderr')]);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      proc.on('exit', (code, signal) => {
        exited = true;
        resolve({ code, signal });
      });
      proc.on('error', () => resolve({ code: null, signal: null }));
    });
    // The container ends with its main process: whatever the script left running goes too.
    if (proc.pid && process.platform !== 'win32' && isGroupAlive(proc.pid)) signalGroup(proc.pid, 'SIGKILL');
    let streamTimer: NodeJS.Timeout | undefined;
    await Promise.race([streamsDone, new Promise((r) => (streamTimer = setTimeout(r, 2000)))]);
    clearTimeout(streamTimer);
    proc.stdout?.destroy();
    proc.stderr?.destroy();
    delete description.Pid;
    delete description.Process;

    if (spawnError) {
      const notFound = spawnError.code === 'ENOENT';
      await finish('Failed', 'Failed', {
        reason: notFound
          ? `ClientError: cannot start the entry point: "${ctx.command}" was not found. Set sagemaker.local.pythonPath (or --python) to a Python 3 interpreter.`
          : `ClientError: cannot start the entry point with "${ctx.command}": ${spawnError.message}`,
        exitCode: null,
        signal: null,
      });
      return;
    }
    if (stopped()) {
      await finish('Stopped', stoppedSecondary(), { exitCode: exit.code, signal: exit.signal });
      return;
    }
    if (exit.code === 0) {
      await finish('Completed', 'Completed', { exitCode: 0, signal: null });
      return;
    }
    const failure = readFailureFile(paths.failure);
    let reason: string;
    if (failure) reason = failure;
    else if (exit.code !== null) reason = executeUserScriptReason(exit.code, failureTail(stderrTail), [ctx.command, ...ctx.argv]);
    else reason = `AlgorithmError: the training process was killed by ${exit.signal ?? 'a signal'}${stderrTail.length ? `:\n${failureTail(stderrTail)}` : '.'}`;
    await finish('Failed', 'Failed', { reason, exitCode: exit.code, signal: exit.signal });
  };

  setStopHook(ctx.jobDir, stop);
  setImmediate(() => {
    run().catch((error: unknown) => {
      void finish('Failed', 'Failed', { reason: `ClientError: local mode failed: ${error instanceof Error ? error.message : String(error)}`, exitCode: null, signal: null });
    });
  });

  return {
    jobName: ctx.jobName,
    jobDir: ctx.jobDir,
    events,
    done,
    stop,
    get status() {
      return description.TrainingJobStatus;
    },
    get pid() {
      return child?.pid;
    },
    description: () => JSON.parse(JSON.stringify(description)) as LocalJobDescription,
  };
}
