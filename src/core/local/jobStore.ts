/**
 * Local jobs on disk: each job folder's `job.json` describes the job the way DescribeTrainingJob describes a
 * SageMaker one, so jobs are listed again after a restart, with the same statuses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricDefinition } from '../estimator/types';
import { LocalModeError } from './errors';
import { jobPaths, localJobDir, localRoot, writeFileAtomic, ENDPOINTS_DIR_NAME } from './paths';
import { isSignedState, recordTarget, signState, signalTarget, type ProcessRecord } from './ownership';
import { isProcessAlive, killGroup } from './process';
import type { InputDataConfigEntry } from './toolkitEnv';

export type LocalJobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

/** SageMaker's secondary statuses that local mode goes through. */
export type LocalSecondaryStatus =
  | 'Starting'
  | 'Downloading'
  | 'Training'
  | 'Uploading'
  | 'Completed'
  | 'Failed'
  | 'Stopping'
  | 'Stopped'
  | 'MaxRuntimeExceeded';

export interface SecondaryStatusTransition {
  Status: LocalSecondaryStatus;
  StartTime: string;
  EndTime?: string;
  StatusMessage: string;
}

export interface LocalChannelDescription extends InputDataConfigEntry {
  ChannelName: string;
  /** The local file or folder, or the S3 URI, the data comes from. */
  Source: string;
  /** `input/data/<channel>` in the job folder. */
  LocalPath: string;
  /** How the data got there. */
  Staging?: 'symlink' | 'copy' | 'download';
}

/** `job.json`: DescribeTrainingJob's fields where they mean something locally (times as ISO 8601 strings), plus local ones. */
export interface LocalJobDescription {
  TrainingJobName: string;
  TrainingJobStatus: LocalJobStatus;
  SecondaryStatus: LocalSecondaryStatus;
  FailureReason?: string;
  /** hyperparameters.json: every value a string, as SageMaker passes them. */
  HyperParameters: Record<string, string>;
  AlgorithmSpecification: {
    /** The image the estimator names, when it names one (not run: local mode runs the entry point here). */
    TrainingImage?: string;
    TrainingInputMode: string;
    MetricDefinitions?: MetricDefinition[];
  };
  ResourceConfig: { InstanceType: string; InstanceCount: number; VolumeSizeInGB: number };
  StoppingCondition: { MaxRuntimeInSeconds: number };
  InputDataConfig: LocalChannelDescription[];
  Environment?: Record<string, string>;
  CreationTime: string;
  TrainingStartTime?: string;
  TrainingEndTime?: string;
  LastModifiedTime: string;
  TrainingTimeInSeconds?: number;
  SecondaryStatusTransitions: SecondaryStatusTransition[];
  /** model.tar.gz (or the model folder with disable_output_compression), once the job has ended. */
  ModelArtifacts?: { LocalPath: string };
  /** output.tar.gz. */
  OutputArtifacts?: { LocalPath: string };
  FinalMetricDataList: { MetricName: string; Value: number; Timestamp: string }[];

  /** Local mode's own fields. */
  Local: true;
  /** The job folder, laid out like /opt/ml. */
  JobDir: string;
  EstimatorFile?: string;
  /** The training script, relative to SourceDir. */
  EntryPoint: string;
  /** The folder the script runs in (source_dir, or the entry point's folder). */
  SourceDir: string;
  /** The inference script for Deploy: `deploy.env.SAGEMAKER_PROGRAM`, else the entry point. */
  ServingEntryPoint: string;
  /** `deploy.env`: the environment of the model's container. */
  DeployEnvironment?: Record<string, string>;
  /** `deploy.endpoint_name`. */
  DeployEndpointName?: string;
  Framework?: string;
  Python: string;
  /** The cached virtual environment's interpreter the job ran with (requirements.txt installed); serving uses it too. */
  VenvPython?: string;
  /** The command line the entry point ran with. */
  Command?: string[];
  /** The entry point's process (and process group) id while it runs. */
  Pid?: number;
  /** How to recognize that process again before signalling it (see ownership.ts). */
  Process?: ProcessRecord;
  /** The process that watches the job and writes this file. */
  RunnerPid: number;
  /** In a job of several hosts, the processes of algo-2 .. algo-N while they run (`Process` is algo-1's). */
  HostProcesses?: ProcessRecord[];
  /** In a job of several hosts that failed: the host whose failure is FailureReason (`algo-N`). */
  FailedHost?: string;
  ExitCode?: number | null;
  Signal?: string | null;
  /** Local mode's HMAC of everything above: only a job.json local mode wrote on this machine verifies. */
  Signature?: string;
}

/** Reads a job folder's job.json; undefined when there is none (or it is unreadable). */
export function readJobDescription(jobDir: string): LocalJobDescription | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(jobPaths(jobDir).jobJson, 'utf8')) as LocalJobDescription;
    return parsed && typeof parsed.TrainingJobName === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes job.json, signed (see ownership.ts). */
export function writeJobDescription(jobDir: string, description: LocalJobDescription): void {
  writeFileAtomic(jobPaths(jobDir).jobJson, `${JSON.stringify(signState(description), null, 2)}\n`);
}

/** Whether local mode wrote this job.json on this machine: only then are its paths, environment and process trusted. */
export function isOwnJobDescription(description: LocalJobDescription): boolean {
  return isSignedState(description);
}

const RUNNING: LocalJobStatus[] = ['InProgress', 'Stopping'];

/** Jobs whose runner is in this process: their state is current, never reconciled from outside. */
const ownRunners = new Set<string>();

/** @internal Marks a job folder as run by this process (or no longer). */
export function setOwnRunner(jobDir: string, own: boolean): void {
  if (own) ownRunners.add(path.resolve(jobDir));
  else ownRunners.delete(path.resolve(jobDir));
}

/**
 * A job left InProgress by a runner that is gone (the editor or the command line ended while it ran) cannot
 * finish any more: it is Failed (or Stopped, when a stop was asked for), and job.json says so from now on.
 */
function reconcile(jobDir: string, d: LocalJobDescription): LocalJobDescription {
  if (!RUNNING.includes(d.TrainingJobStatus) || ownRunners.has(path.resolve(jobDir))) return d;
  if (!isSignedState(d)) {
    // Not ours (e.g. shipped with a repository): nothing of it runs here, and the file is left as it is.
    return {
      ...d,
      TrainingJobStatus: 'Failed',
      SecondaryStatus: 'Failed',
      FailureReason: `${jobPaths(jobDir).jobJson} was not written by local mode on this machine (it may have come with the repository); it is not running here.`,
    };
  }
  if (isProcessAlive(d.RunnerPid) && d.RunnerPid !== process.pid) return d;
  if (signalTarget(d, jobPaths(jobDir).jobJson).kind === 'ours') return d; // still running, orphaned: stopLocalJob can end it
  if ((d.HostProcesses ?? []).some((record) => recordTarget(record, jobPaths(jobDir).jobJson).kind === 'ours')) return d;
  const stopped = fs.existsSync(jobPaths(jobDir).stopRequest);
  const now = new Date().toISOString();
  const status: LocalJobStatus = stopped ? 'Stopped' : 'Failed';
  const fixed: LocalJobDescription = {
    ...d,
    TrainingJobStatus: status,
    SecondaryStatus: status,
    ...(stopped ? {} : { FailureReason: 'The job ended without its runner: the editor or the command line that started it exited while it ran.' }),
    TrainingEndTime: d.TrainingEndTime ?? now,
    LastModifiedTime: now,
    SecondaryStatusTransitions: [
      ...d.SecondaryStatusTransitions.map((t) => (t.EndTime ? t : { ...t, EndTime: now })),
      { Status: status, StartTime: now, EndTime: now, StatusMessage: stopped ? 'The training job was stopped.' : 'Training job failed.' },
    ],
  };
  try {
    writeJobDescription(jobDir, fixed);
  } catch {
    // Read-only workspace: report it anyway.
  }
  return fixed;
}

/** A job of the workspace by name; undefined when there is none. */
export function readLocalJob(workspaceDir: string, jobName: string): LocalJobDescription | undefined {
  const dir = localJobDir(workspaceDir, jobName);
  const d = readJobDescription(dir);
  return d && reconcile(dir, d);
}

/** Every local job of the workspace (`.sagemaker/local/<job>/job.json`), newest first. */
export function listLocalJobs(workspaceDir: string): LocalJobDescription[] {
  const root = localRoot(workspaceDir);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const jobs: LocalJobDescription[] = [];
  for (const name of names) {
    if (name === ENDPOINTS_DIR_NAME || name.startsWith('.')) continue;
    const dir = path.join(root, name);
    const d = readJobDescription(dir);
    if (d) jobs.push(reconcile(dir, d));
  }
  return jobs.sort((a, b) => (a.CreationTime < b.CreationTime ? 1 : a.CreationTime > b.CreationTime ? -1 : 0));
}

/** The job log (everything the job printed, and its status changes); empty when there is none yet. */
export function readLocalJobLog(jobDir: string): string {
  try {
    return fs.readFileSync(jobPaths(jobDir).log, 'utf8');
  } catch {
    return '';
  }
}

/** Stop hooks of the jobs this process runs, by job folder (set by the runner). */
const stopHooks = new Map<string, () => Promise<void>>();

/** @internal */
export function setStopHook(jobDir: string, hook: (() => Promise<void>) | undefined): void {
  if (hook) stopHooks.set(path.resolve(jobDir), hook);
  else stopHooks.delete(path.resolve(jobDir));
}

/**
 * Stops a running local job by name, whoever runs it: this process (through its handle), another one (which
 * sees the stop request and records Stopped), or nobody any more (then this call records Stopped). Kills the
 * job's whole process group: SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopLocalJob(workspaceDir: string, jobName: string, graceMs = 2000): Promise<LocalJobDescription> {
  const dir = localJobDir(workspaceDir, jobName);
  const hook = stopHooks.get(path.resolve(dir));
  if (hook) {
    await hook();
    return readJobDescription(dir)!;
  }
  const d = readJobDescription(dir);
  if (!d) throw new LocalModeError(`There is no local job "${jobName}" in ${localRoot(workspaceDir)}.`, 'job');
  if (!RUNNING.includes(d.TrainingJobStatus)) return d;
  const paths = jobPaths(dir);
  const target = signalTarget(d, `local job ${jobName} (${paths.jobJson})`);
  if (target.kind === 'refused') throw new LocalModeError(`Not stopping local job ${jobName}: ${target.reason}`, 'process');
  fs.writeFileSync(paths.stopRequest, `${new Date().toISOString()}\n`);
  // Every host of a job of several hosts: its runner may be gone too.
  const hostTargets = (d.HostProcesses ?? []).map((record) => recordTarget(record, `local job ${jobName} (${paths.jobJson})`));
  await Promise.all([target, ...hostTargets].map((t) => (t.kind === 'ours' ? killGroup(t.pid, graceMs) : undefined)));
  const runnerAlive = isProcessAlive(d.RunnerPid) && d.RunnerPid !== process.pid;
  if (runnerAlive) {
    // The runner records Stopped when it sees the process end; give it a moment.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const now = readJobDescription(dir);
      if (now && !RUNNING.includes(now.TrainingJobStatus)) return now;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return readLocalJob(workspaceDir, jobName) ?? d;
}
