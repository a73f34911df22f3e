/** What a local training job shows its caller (lines, statuses, metrics, its result) and what its run is given. */
import type { EventEmitter } from 'node:events';
import type { NumberLiterals } from '../estimator/hyperparameters';
import type { MetricExtractor, MetricValue } from '../logs/metrics';
import type { LocalChannel } from './channels';
import type { LocalHost } from './hosts';
import type { TrainingContainer } from './containerJob';
import type { PythonEnvPlan } from './jobEnvironment';
import type { DockerProbe } from './docker';
import type { LocalJobDescription, LocalJobStatus, LocalSecondaryStatus } from './jobStore';
import type { JobPaths } from './paths';

/** One line the job printed (`stdout`/`stderr`), or one of local mode's own (`system`: status changes, notes). */
export interface LocalJobLine {
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** The host that printed it, in a job of several hosts (its text then starts with `[algo-N] `). */
  host?: string;
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
  /**
   * Install the code folder's requirements.txt into a cached virtual environment made from `python` (default
   * true); false runs with `python` as it is (setting sagemaker.local.createEnvironments, train --no-venv).
   */
  useVenv?: boolean;
  /** Where the environments are cached (default: venvCacheDir(), under the user's cache folder). */
  venvCacheDir?: string;
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
  /**
   * The engine probe the caller made without blocking (probeDocker), for an estimator that names only an image;
   * without it startLocalTrainingJob asks synchronously (probeDockerSync), as a command line may.
   */
  dockerProbe?: DockerProbe;
  /**
   * The GPUs the caller counted without blocking (countGpus), for a local_gpu job's SM_NUM_GPUS; without it
   * prepareLocalJob asks nvidia-smi synchronously (countGpusSync, at most 3 s), as a command line may.
   */
  gpuCount?: number;
  /** Between SIGTERM and SIGKILL when stopping (default 5000 ms; SageMaker gives 120 s). */
  stopGraceMs?: number;
  /** job.log's size before it is rotated to job.log.1 (default MAX_LOG_BYTES, output.ts). */
  maxLogBytes?: number;
  /** The longest line kept whole; a longer run of text without a line break is cut (default MAX_LINE_CHARS, output.ts). */
  maxLineChars?: number;
}

/** Everything a prepared job needs to run: its folder, its command and environment, its limits. */
export interface RunContext {
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
  /**
   * One per instance (`algo-1` .. `algo-N`); algo-1's paths are `paths`. Each host's process gets `env` with the
   * host's own `env` on top, and, with `torchLaunch`, torchrun's variables for a MASTER_PORT chosen when it starts.
   */
  hosts: LocalHost[];
  torchLaunch?: 'torch_distributed' | 'pytorchddp';
  /** The interpreter and requirements.txt: installed into a venv before the entry point runs (jobEnvironment.ts). */
  pythonEnv: PythonEnvPlan;
  metrics: MetricExtractor;
  maxRunMs: number;
  stopGraceMs: number;
  downloadS3?: (uri: string, destDir: string) => Promise<void>;
  modelUncompressed: boolean;
  /** A file:// output_path's `<path>/<job>/`: the SDK's local mode puts model.tar.gz and output.tar.gz there. */
  copyArtifactsTo?: string;
  maxLogBytes: number;
  maxLineChars: number;
  /** An image-only estimator's container (containerJob.ts): `command`/`argv` then run it through the engine. */
  container?: TrainingContainer;
}
