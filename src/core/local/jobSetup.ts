/**
 * Preparing a local training job before it runs: the job folder laid out like /opt/ml, the toolkit's config
 * files and environment, the command that runs the entry point, and the first job.json.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localPathOf } from '../estimator/channels';
import { buildImageUri } from '../estimator/request';
import type { EstimatorSpec } from '../estimator/types';
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import { MetricExtractor } from '../logs/metrics';
import { planLocalChannels, type LocalChannel } from './channels';
import { LocalModeError } from './errors';
import { countGpusSync } from './gpus';
import { hostNames, hostPaths, loopbackInterfaceName, LOOPBACK_ADDRESS, torchDistributedLaunch, type LocalHost } from './hosts';
import type { PythonEnvPlan } from './jobEnvironment';
import { setOwnRunner, writeJobDescription, type LocalChannelDescription, type LocalJobDescription } from './jobStore';
import type { RunContext, StartLocalJobOptions } from './jobTypes';
import { MAX_LINE_CHARS, MAX_LOG_BYTES } from './output';
import { ENDPOINTS_DIR_NAME, ensureLocalRoot, jobPaths, localJobDir, type JobPaths } from './paths';
import { venvCacheDir } from './pythonEnv';
import {
  localHyperparameters,
  localResourceConfig,
  programName,
  toolkitEnvironment,
  type InputDataConfigEntry,
} from './toolkitEnv';

export const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** The image an estimator names, if any (for job.json; never pulled). Looked-up images need the region. */
export function imageOf(spec: EstimatorSpec, region: string | undefined): string | undefined {
  if (typeof spec.image_uri === 'string') return spec.image_uri;
  if (!region) return undefined;
  try {
    return buildImageUri(spec, region);
  } catch {
    return undefined;
  }
}

interface ResolvedCode {
  /** The folder the script runs in. */
  codeDir: string;
  /** Path of the script relative to codeDir. */
  entry: string;
  /** Extra folders for PYTHONPATH (`dependencies`' parents). */
  extraPaths: string[];
  notes: string[];
  /** `<codeDir>/requirements.txt`, which the toolkit pip-installs before the entry point runs. */
  requirementsFile?: string;
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
  const requirements = path.join(codeDir, 'requirements.txt');
  return { codeDir, entry, extraPaths, notes, ...(fs.existsSync(requirements) ? { requirementsFile: requirements } : {}) };
}

/** Which command runs the entry point, as the toolkit decides: a Python script, a shell script, or a command. */
function entryCommand(python: string, entry: string, args: string[]): { command: string; argv: string[] } {
  if (entry.endsWith('.py')) return { command: python, argv: [entry, ...args] };
  if (entry.endsWith('.sh')) return { command: '/bin/sh', argv: [entry, ...args] };
  return { command: path.isAbsolute(entry) ? entry : `./${entry}`, argv: args };
}

/** A local_gpu job's GPUs: counted by the caller without blocking (options.gpuCount), else asked here synchronously. */
function numGpusOf(instanceType: string, options: StartLocalJobOptions): number {
  if (instanceType !== 'local_gpu') return 0;
  return options.gpuCount ?? countGpusSync(options.env ?? process.env);
}

/**
 * Lays out the job's folder and writes its job.json; the job is then this process's to run. Throws
 * {@link LocalModeError} when it cannot start (a missing entry point or input, a job folder that exists).
 */
export function prepareLocalJob(spec: EstimatorSpec, options: StartLocalJobOptions): RunContext {
  const jobName = options.jobName;
  if (!JOB_NAME.test(jobName) || jobName === ENDPOINTS_DIR_NAME) {
    throw new LocalModeError(`"${jobName}" cannot name a job: use letters, digits and hyphens (at most 63 characters)${jobName === ENDPOINTS_DIR_NAME ? `, and not "${ENDPOINTS_DIR_NAME}"` : ''}.`, 'name', 'job_name');
  }
  const estimatorDir = path.resolve(options.estimatorDir);
  const code = resolveCode(spec, estimatorDir);
  const channels = planLocalChannels(spec, estimatorDir, !!options.downloadS3);
  const { jobDir, paths } = createJobFolder(options.workspaceDir, jobName);
  const region = options.region ?? spec.region;
  const names = hostNames(spec.instance_count ?? 1);
  const network = names.length > 1 ? loopbackInterfaceName() : 'eth0';
  const numGpus = numGpusOf(spec.instance_type!, options);
  const hosts = names.map((name, rank): LocalHost & { launch: Launch } => {
    const hostDirs = hostPaths(jobDir, name);
    if (rank > 0) createOptMlFolders(hostDirs);
    const launch = writeToolkitConfig(spec, options, { jobName, paths: hostDirs, code, channels, region, hosts: names, host: name, network, numGpus });
    return { name, rank, paths: hostDirs, env: { ...launch.toolkitEnv, ...(names.length > 1 ? { MASTER_ADDR: LOOPBACK_ADDRESS } : {}) }, launch };
  });
  const launch = hosts[0]!.launch;
  const description = describeNewJob(spec, options, { jobName, jobDir, paths, code, channels, region, launch });
  description.ResourceConfig.InstanceCount = names.length;
  writeJobDescription(jobDir, description);
  setOwnRunner(jobDir, true);
  const metrics = new MetricExtractor(spec.metric_definitions);
  const notes = jobNotes(spec, code, channels, paths);
  notes.push(...metrics.problems);
  const useVenv = options.useVenv !== false;
  if (code.requirementsFile && !useVenv) {
    notes.push(`${code.requirementsFile} is not installed: environments are turned off (setting sagemaker.local.createEnvironments / --no-venv), so the job runs with the packages ${options.python} already has.`);
  }
  const pythonEnv: PythonEnvPlan = {
    python: options.python, useVenv, cacheDir: options.venvCacheDir ?? venvCacheDir(options.env ?? process.env),
    ...(code.requirementsFile ? { requirementsFile: code.requirementsFile } : {}),
    ...(spec.framework ? { framework: spec.framework } : {}),
    ...(spec.framework_version ? { frameworkVersion: spec.framework_version } : {}),
  };

  return {
    jobName, jobDir, paths, description, channels, notes, command: launch.command, argv: launch.argv, cwd: code.codeDir, env: launch.env, pythonEnv,
    hosts: hosts.map(({ launch: _launch, ...host }) => host),
    ...(torchDistributedLaunch(spec) ? { torchLaunch: torchDistributedLaunch(spec)! } : {}),
    metrics, maxRunMs: (spec.max_run ?? DEFAULT_MAX_RUN_SECONDS) * 1000, stopGraceMs: options.stopGraceMs ?? 5000,
    maxLogBytes: options.maxLogBytes ?? MAX_LOG_BYTES, maxLineChars: options.maxLineChars ?? MAX_LINE_CHARS,
    downloadS3: options.downloadS3, modelUncompressed: spec.disable_output_compression === true,
    ...(spec.output_path && /^file:\/\//i.test(spec.output_path) ? { copyArtifactsTo: path.join(localPathOf(spec.output_path, estimatorDir), jobName) } : {}),
  };
}

/** `<workspace>/.sagemaker/local/<job>/` and its /opt/ml-like subfolders; an existing job folder is never reused. */
export function createJobFolder(workspaceDir: string, jobName: string): { jobDir: string; paths: JobPaths } {
  ensureLocalRoot(workspaceDir);
  const jobDir = localJobDir(workspaceDir, jobName);
  try {
    fs.mkdirSync(jobDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new LocalModeError(`A local job named ${jobName} already exists (${jobDir}). Choose another job name, or delete that folder.`, 'exists', 'job_name');
    }
    throw error;
  }
  const paths = jobPaths(jobDir);
  createOptMlFolders(paths);
  return { jobDir, paths };
}

function createOptMlFolders(paths: JobPaths): void {
  for (const dir of [paths.inputConfig, paths.inputData, paths.model, paths.outputData, paths.outputIntermediate, paths.checkpoints]) {
    fs.mkdirSync(dir, { recursive: true });
  }
}

interface Launch {
  hyperparameters: Record<string, string>;
  command: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** The toolkit's variables alone (`SM_*`, CURRENT_HOST, ...): what differs from host to host. */
  toolkitEnv: Record<string, string>;
}

/** input/config/*.json and the environment the toolkit would give the script, with the command that runs it. */
function writeToolkitConfig(
  spec: EstimatorSpec,
  options: StartLocalJobOptions,
  job: { jobName: string; paths: JobPaths; code: ResolvedCode; channels: LocalChannel[]; region: string | undefined; hosts: string[]; host: string; network: string; numGpus: number },
): Launch {
  const { jobName, paths, code, channels, region } = job;
  const instanceType = spec.instance_type!;
  const hyperparameters = localHyperparameters(spec, {
    jobName,
    codeDir: code.codeDir,
    modelDir: paths.model,
    ...(region ? { region } : {}),
    ...(options.numberLiterals ? { literals: options.numberLiterals } : {}),
  });
  const resourceConfig = localResourceConfig(instanceType, job.hosts, job.host, job.network);
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
    numGpus: job.numGpus,
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
  return { hyperparameters, command, argv, env, toolkitEnv: toolkit.env };
}

/** The first job.json: DescribeTrainingJob's fields where they mean something locally, plus what serving needs later. */
function describeNewJob(
  spec: EstimatorSpec,
  options: StartLocalJobOptions,
  job: { jobName: string; jobDir: string; paths: JobPaths; code: ResolvedCode; channels: LocalChannel[]; region: string | undefined; launch: Launch },
): LocalJobDescription {
  const { jobName, jobDir, paths, code, channels, region, launch } = job;
  const now = new Date().toISOString();
  const deployEnv = spec.deploy && typeof spec.deploy.env === 'object' && spec.deploy.env ? (spec.deploy.env as Record<string, string>) : undefined;
  return {
    TrainingJobName: jobName,
    TrainingJobStatus: 'InProgress',
    SecondaryStatus: 'Starting',
    HyperParameters: launch.hyperparameters,
    AlgorithmSpecification: {
      ...(imageOf(spec, region) ? { TrainingImage: imageOf(spec, region)! } : {}),
      TrainingInputMode: spec.input_mode ?? 'File',
      ...(spec.metric_definitions ? { MetricDefinitions: spec.metric_definitions } : {}),
    },
    ResourceConfig: { InstanceType: spec.instance_type!, InstanceCount: 1, VolumeSizeInGB: spec.volume_size ?? 30 },
    StoppingCondition: { MaxRuntimeInSeconds: spec.max_run ?? DEFAULT_MAX_RUN_SECONDS },
    InputDataConfig: channels.map((c): LocalChannelDescription => ({
      ChannelName: c.name,
      ...c.config,
      Source: c.source,
      LocalPath: path.join(paths.inputData, c.name),
    })),
    ...(spec.environment ? { Environment: spec.environment } : {}),
    CreationTime: now,
    LastModifiedTime: now,
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
    Command: [launch.command, ...launch.argv],
    RunnerPid: process.pid,
  };
}

/** What SageMaker would do that local mode does not, said once at the start of the log. */
function jobNotes(spec: EstimatorSpec, code: ResolvedCode, channels: LocalChannel[], paths: JobPaths): string[] {
  const notes = [...code.notes, ...channels.flatMap((c) => c.notes)];
  const count = spec.instance_count ?? 1;
  if (count > 1) {
    notes.push(`instance_count is ${count}: local mode runs ${count} processes here, algo-1 .. algo-${count}, one per host, on the loopback interface `
      + `(the host names do not resolve: algo-1 is reached at ${LOOPBACK_ADDRESS}, in MASTER_ADDR), without containers or GPUs.`);
  }
  const launch = torchDistributedLaunch(spec);
  const others = Object.keys(spec.distribution ?? {}).filter((k) => k !== 'torch_distributed' && k !== 'pytorchddp' && k !== 'instance_groups');
  if (launch) notes.push(`distribution ${launch}: each host's process gets torchrun's variables (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK, LOCAL_RANK), one process per host.`);
  if (others.length > 0) notes.push(`distribution ${others.join(', ')} is not launched in local mode: the entry point runs as one process per host.`);
  if (spec.checkpoint_s3_uri) notes.push(`Checkpoints stay in ${paths.checkpoints}; nothing is synced to ${spec.checkpoint_s3_uri} in local mode.`);
  return notes;
}
