/**
 * Local training of an image-only estimator (a built-in algorithm, your own container: an image and no
 * entry_point): the job folder is the container's /opt/ml (container.ts's contract), and the job's command is
 * the engine's `run --rm ... <image> train`, so that its lines, statuses, stop and artifacts go the way of a
 * script job's (jobRun.ts). Local channels are mounted where they are; S3 ones are downloaded into
 * input/data/<channel>/ first, inside the mounted input/.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localPathOf } from '../estimator/channels';
import type { EstimatorSpec } from '../estimator/types';
import { DEFAULT_MAX_RUN_SECONDS } from '../facts';
import { MetricExtractor } from '../logs/metrics';
import { planLocalChannels, type LocalChannel } from './channels';
import { runEngine, trainingRunArgs, writeContainerConfig, type ContainerChannel, type ContainerEngine } from './container';
import { LocalModeError } from './errors';
import { createJobFolder, imageOf, JOB_NAME } from './jobSetup';
import { setOwnRunner, writeJobDescription, type LocalJobDescription } from './jobStore';
import type { RunContext, StartLocalJobOptions } from './jobTypes';
import { MAX_LINE_CHARS, MAX_LOG_BYTES } from './output';
import { ENDPOINTS_DIR_NAME, type JobPaths } from './paths';

/** The container a job runs in: what stop and the end of the run remove. */
export interface TrainingContainer {
  engine: ContainerEngine;
  image: string;
  containerName: string;
}

/**
 * Whether a job.json is an image-only job's (it ran an image, no entry point): serving its model runs the same
 * image's `serve`.
 */
/** The engine an image-only job ran in (the first word of its recorded command): its model is served by the same. */
export function containerEngineOf(description: Pick<LocalJobDescription, 'Command'>): string {
  const command = description.Command?.[0];
  return command && /(^|\/)podman$/.test(command) ? command : 'docker';
}

export function isContainerJob(description: Pick<LocalJobDescription, 'EntryPoint' | 'AlgorithmSpecification'>): boolean {
  return description.EntryPoint === '' && !!description.AlgorithmSpecification.TrainingImage;
}

/** A local folder channel is mounted as the channel's folder, a local file inside it under its own name. */
function channelMounts(channels: readonly LocalChannel[], paths: JobPaths): ContainerChannel[] {
  return channels.filter((c) => c.kind === 'local').map((c) => {
    const mountName = c.isDirectory ? c.name : `${c.name}/${path.basename(c.source)}`;
    // The mount points exist before the engine would make them (as its own user) in the job folder.
    const point = path.join(paths.inputData, mountName);
    if (c.isDirectory) fs.mkdirSync(point, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(point), { recursive: true });
      fs.writeFileSync(point, '');
    }
    return { name: mountName, hostPath: c.source, ...(c.config.ContentType ? { contentType: c.config.ContentType } : {}) };
  });
}

/** Stopping: SIGTERM to the container's process, SIGKILL after the grace period; `--rm` then removes it. */
export function stopTrainingContainer(container: TrainingContainer, graceMs: number): void {
  void runEngine(container.engine.command, ['stop', '-t', String(Math.max(1, Math.ceil(graceMs / 1000))), container.containerName], graceMs + 30_000);
}

/** Once the engine's client has ended (or was killed): the container goes too, if it is still there. */
export async function removeTrainingContainer(container: TrainingContainer): Promise<void> {
  await runEngine(container.engine.command, ['rm', '-f', container.containerName], 30_000);
}

/**
 * Lays out the job folder as the container's /opt/ml (config files as the SDK writes them) and writes job.json;
 * the job is then this process's to run with {@link runJob}. Throws {@link LocalModeError} when it cannot start.
 */
export function prepareContainerJob(spec: EstimatorSpec, options: StartLocalJobOptions, engine: ContainerEngine): RunContext {
  const { jobName } = options;
  if (!JOB_NAME.test(jobName) || jobName === ENDPOINTS_DIR_NAME) {
    throw new LocalModeError(`"${jobName}" cannot name a job: use letters, digits and hyphens (at most 63 characters), and not "${ENDPOINTS_DIR_NAME}".`, 'name', 'job_name');
  }
  const region = options.region ?? spec.region;
  const image = imageOf(spec, region);
  if (!image) {
    throw new LocalModeError('This estimator names no image local mode can run: set "image_uri" (or "region" for a framework or built-in algorithm image).', 'image-only', 'image_uri');
  }
  const estimatorDir = path.resolve(options.estimatorDir);
  const channels = planLocalChannels(spec, estimatorDir, !!options.downloadS3);
  const { jobDir, paths } = createJobFolder(options.workspaceDir, jobName);
  const container: TrainingContainer = { engine, image, containerName: `sagemaker-local-${jobName}-${randomBytes(3).toString('hex')}`.slice(0, 120) };
  const hyperparameters = spec.hyperparameters ?? {};
  const mounts = channelMounts(channels, paths);
  const config = { hostDir: jobDir, hyperparameters, channels: mounts, instanceType: spec.instance_type! };
  writeContainerConfig(config);
  // inputdataconfig.json as script jobs write it: every channel (S3 ones too), with all its fields.
  fs.writeFileSync(paths.inputDataConfig, JSON.stringify(Object.fromEntries(channels.map((c) => [c.name, c.config]))));
  const environment: Record<string, string> = { TRAINING_JOB_NAME: jobName, ...(region ? { AWS_REGION: region } : {}), ...(spec.environment ?? {}) };
  const argv = trainingRunArgs({ engine, image, containerName: container.containerName, environment, ...config, onLine: () => undefined });
  const description = describeContainerJob(spec, options, { jobName, jobDir, paths, channels, image, argv: [engine.command, ...argv] });
  writeJobDescription(jobDir, description);
  setOwnRunner(jobDir, true);
  const metrics = new MetricExtractor(spec.metric_definitions);
  const notes = [...channels.flatMap((c) => c.notes), ...metrics.problems];
  if ((spec.instance_count ?? 1) > 1) notes.push(`instance_count is ${spec.instance_count}: local mode runs one container here (algo-1).`);
  return {
    jobName, jobDir, paths, description, notes, command: engine.command, argv, cwd: jobDir, env: options.env ?? process.env, metrics,
    // Only S3 channels are staged (downloaded into the mounted input/); local ones are mounts.
    channels: channels.filter((c) => c.kind === 's3'),
    pythonEnv: { python: options.python, useVenv: false, cacheDir: '' },
    maxRunMs: (spec.max_run ?? DEFAULT_MAX_RUN_SECONDS) * 1000, stopGraceMs: options.stopGraceMs ?? 5000,
    maxLogBytes: options.maxLogBytes ?? MAX_LOG_BYTES, maxLineChars: options.maxLineChars ?? MAX_LINE_CHARS,
    downloadS3: options.downloadS3, modelUncompressed: spec.disable_output_compression === true, container,
    // One container, algo-1, in the job folder itself (several hosts are for script jobs: hosts.ts).
    hosts: [{ name: 'algo-1', rank: 0, paths, env: {} }],
    ...(spec.output_path && /^file:\/\//i.test(spec.output_path) ? { copyArtifactsTo: path.join(localPathOf(spec.output_path, estimatorDir), jobName) } : {}),
  };
}

function describeContainerJob(
  spec: EstimatorSpec,
  options: StartLocalJobOptions,
  job: { jobName: string; jobDir: string; paths: JobPaths; channels: LocalChannel[]; image: string; argv: string[] },
): LocalJobDescription {
  const now = new Date().toISOString();
  const hyperparameters = JSON.parse(fs.readFileSync(job.paths.hyperparameters, 'utf8')) as Record<string, string>;
  const deployEnv = spec.deploy && typeof spec.deploy.env === 'object' && spec.deploy.env ? (spec.deploy.env as Record<string, string>) : undefined;
  // The S3 channels first: the run stages them in this order (jobRun.ts indexes InputDataConfig by its channels).
  const ordered = [...job.channels.filter((c) => c.kind === 's3'), ...job.channels.filter((c) => c.kind === 'local')];
  return {
    TrainingJobName: job.jobName,
    TrainingJobStatus: 'InProgress',
    SecondaryStatus: 'Starting',
    HyperParameters: hyperparameters,
    AlgorithmSpecification: {
      TrainingImage: job.image,
      TrainingInputMode: spec.input_mode ?? 'File',
      ...(spec.metric_definitions ? { MetricDefinitions: spec.metric_definitions } : {}),
    },
    ResourceConfig: { InstanceType: spec.instance_type!, InstanceCount: 1, VolumeSizeInGB: spec.volume_size ?? 30 },
    StoppingCondition: { MaxRuntimeInSeconds: spec.max_run ?? DEFAULT_MAX_RUN_SECONDS },
    InputDataConfig: ordered.map((c) => ({ ChannelName: c.name, ...c.config, Source: c.source, LocalPath: path.join(job.paths.inputData, c.name) })),
    ...(spec.environment ? { Environment: spec.environment } : {}),
    CreationTime: now,
    LastModifiedTime: now,
    SecondaryStatusTransitions: [],
    FinalMetricDataList: [],
    Local: true,
    JobDir: job.jobDir,
    ...(options.estimatorFile ? { EstimatorFile: path.resolve(options.estimatorFile) } : {}),
    EntryPoint: '',
    SourceDir: '',
    ServingEntryPoint: '',
    ...(deployEnv ? { DeployEnvironment: deployEnv } : {}),
    ...(typeof spec.deploy?.endpoint_name === 'string' ? { DeployEndpointName: spec.deploy.endpoint_name } : {}),
    ...(spec.framework ? { Framework: spec.framework } : {}),
    Python: options.python,
    Command: job.argv,
    RunnerPid: process.pid,
  };
}
