import * as path from 'node:path';
import * as vscode from 'vscode';
import { numberLiteralsFromJson } from '../core/estimator/hyperparameters';
import type { EstimatorSpec } from '../core/estimator/types';
import {
  countGpus, defaultLocalJobName, formatLocalJobLine, isLocalInstanceType, listLocalEndpoints, listLocalJobs, localJobDir, LocalModeError, probeDocker, readLocalJobLog, startLocalEndpoint, startLocalTrainingJob,
  stopLocalEndpoint, stopLocalJob, type LocalEndpointDescription, type LocalJobDescription, type LocalJobHandle,
} from '../core/local';
import type { LocalJobLine, LocalJobMetric, LocalJobResult, LocalJobStatusEvent } from '../core/local';
import type { JobOutputs } from '../logs/jobOutputs';
import { requireTrust } from '../platform/trust';

/** An event of a local job run by this window (for the job page: the same events the log channel shows). */
export type LocalJobEvent =
  | { jobName: string; type: 'line'; line: LocalJobLine }
  | { jobName: string; type: 'status'; status: LocalJobStatusEvent }
  | { jobName: string; type: 'metric'; metric: LocalJobMetric }
  | { jobName: string; type: 'end'; result: LocalJobResult };

const python = () => vscode.workspace.getConfiguration('sagemaker').get<string>('local.pythonPath')?.trim() || 'python3';

/** The folder local jobs of a file live under: its workspace folder's .sagemaker/local/ (else the file's folder). */
function workspaceDirOf(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
}

const workspaceDirs = () => (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);

/**
 * Local mode in the editor: trains script-mode estimators on this machine, streams their output into the
 * job's log channel, and serves finished jobs on loopback. The jobs and endpoints themselves live in the
 * workspace's .sagemaker/local/ folder (see src/core/local), so they are listed again after a restart.
 */
export class LocalMode implements vscode.Disposable {
  private readonly running = new Map<string, LocalJobHandle>();
  /** The local endpoints this window started (name → workspace folder): stopped when the extension deactivates. */
  private readonly startedEndpoints = new Map<string, string>();
  private readonly jobsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeJobs = this.jobsChanged.event;
  private readonly endpointsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeEndpoints = this.endpointsChanged.event;
  private readonly jobEvents = new vscode.EventEmitter<LocalJobEvent>();
  /** Lines, status changes, metric values and the end of the local jobs this window runs. */
  readonly onDidJobEvent = this.jobEvents.event;

  constructor(
    private readonly outputs: JobOutputs,
    /** Whether the workspace is trusted (a parameter so that tests can run the untrusted path). */
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {}

  /**
   * Everything that starts or signals a local process, or sends it data, runs workspace code or acts on
   * workspace state: only in a trusted workspace. Says why when it is not.
   */
  requireTrust(action: string): boolean {
    return requireTrust(action, this.isTrusted());
  }

  jobs(): LocalJobDescription[] {
    return workspaceDirs().flatMap(dir => listLocalJobs(dir));
  }

  endpoints(): LocalEndpointDescription[] {
    return workspaceDirs().flatMap(dir => listLocalEndpoints(dir));
  }

  isRunning(jobName: string): boolean {
    return this.running.has(jobName);
  }

  /** Starts the job; resolves with its name once it runs (not when it ends: `finished` tells that). */
  async train(spec: EstimatorSpec, document: vscode.TextDocument): Promise<string | undefined> {
    if (!this.requireTrust('Running a local training job')) return undefined;
    const jobName = spec.job_name ?? defaultLocalJobName(spec);
    const channel = this.outputs.get(jobName);
    let handle: LocalJobHandle;
    // An estimator that names only an image needs a Docker engine: asked here without blocking the extension host.
    const dockerProbe = !spec.entry_point && isLocalInstanceType(spec.instance_type) ? await probeDocker() : undefined;
    // A script on local_gpu gets SM_NUM_GPUS from nvidia-smi, asked the same way.
    const gpuCount = spec.entry_point && spec.instance_type === 'local_gpu' ? await countGpus() : undefined;
    try {
      handle = startLocalTrainingJob(spec, {
        ...(dockerProbe ? { dockerProbe } : {}),
        ...(gpuCount !== undefined ? { gpuCount } : {}),
        estimatorDir: path.dirname(document.uri.fsPath),
        estimatorFile: document.uri.fsPath,
        workspaceDir: workspaceDirOf(document.uri),
        jobName,
        python: python(),
        useVenv: vscode.workspace.getConfiguration('sagemaker').get<boolean>('local.createEnvironments') !== false,
        numberLiterals: numberLiteralsFromJson(document.getText()),
      });
    } catch (error) {
      const message = error instanceof LocalModeError ? error.message : `could not start: ${(error as Error).message}`;
      void vscode.window.showErrorMessage(`SageMaker: local job ${jobName}: ${message}`);
      return undefined;
    }
    this.running.set(jobName, handle);
    channel.show(true);
    channel.appendLine(`--- Local training job ${jobName} (${spec.instance_type}) in ${handle.jobDir}`);
    channel.appendLine(`--- Open the job's page: SageMaker: Open Job (or click the graph icon on the job in the Training Jobs view)`);
    handle.events.on('line', line => {
      channel.appendLine(formatLocalJobLine(line));
      this.jobEvents.fire({ jobName, type: 'line', line });
    });
    // A status change is also a 'line' (shown above): shown once.
    handle.events.on('status', event => {
      this.jobsChanged.fire();
      this.jobEvents.fire({ jobName, type: 'status', status: event });
    });
    handle.events.on('metric', metric => {
      channel.appendLine(`--- metric ${metric.name} = ${metric.value}`);
      this.jobEvents.fire({ jobName, type: 'metric', metric });
    });
    this.jobsChanged.fire();
    void handle.done.then(result => {
      this.running.delete(jobName);
      this.jobsChanged.fire();
      this.jobEvents.fire({ jobName, type: 'end', result });
      channel.appendLine(`--- ${result.status}${result.failureReason ? `: ${result.failureReason}` : ''}`
        + `${result.modelArtifacts ? `. Model: ${result.modelArtifacts}` : ''}`);
      const deploy = 'Deploy Locally';
      const show = 'Show Log';
      if (result.status === 'Completed') {
        void vscode.window.showInformationMessage(`SageMaker: local job ${jobName} completed.`, deploy, show).then(choice => {
          // Through the command, as from the tree: the same trust check, notifications and walkthrough step.
          const job = this.jobs().find(j => j.TrainingJobName === jobName);
          if (choice === deploy) void (job ? vscode.commands.executeCommand('sagemaker.deploy', { kind: 'local', value: job }) : this.deploy(jobName));
          if (choice === show) channel.show();
        });
      } else if (result.status === 'Failed') {
        void vscode.window.showErrorMessage(`SageMaker: local job ${jobName} failed: ${result.failureReason ?? 'see its log'}`, show)
          .then(choice => { if (choice === show) channel.show(); });
      }
    });
    return jobName;
  }

  /** Waits for a job of this session to end (for tests and chained commands). */
  async finished(jobName: string): Promise<string | undefined> {
    const handle = this.running.get(jobName);
    if (handle) return (await handle.done).status;
    return this.jobs().find(job => job.TrainingJobName === jobName)?.TrainingJobStatus;
  }

  async stop(jobName: string): Promise<void> {
    if (!this.requireTrust('Stopping a local training job')) return;
    const handle = this.running.get(jobName);
    try {
      if (handle) await handle.stop();
      else {
        const dir = this.dirOfJob(jobName);
        if (dir) await stopLocalJob(dir, jobName);
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`SageMaker: ${(error as Error).message}`);
    }
    this.jobsChanged.fire();
  }

  /** Shows the job's log: live for a job of this session, else what its folder holds. */
  showLog(jobName: string): void {
    const known = this.outputs.has(jobName);
    const channel = this.outputs.get(jobName);
    if (!known) {
      // The job's own folder, not the JobDir its job.json claims (which a shipped file could point anywhere).
      const dir = this.dirOfJob(jobName);
      if (dir) channel.append(readLocalJobLog(localJobDir(dir, jobName)));
    }
    channel.show();
  }

  async deploy(jobName: string): Promise<string | undefined> {
    if (!this.requireTrust('Deploying a local job')) return undefined;
    const job = this.jobs().find(j => j.TrainingJobName === jobName);
    if (!job || job.TrainingJobStatus !== 'Completed') {
      void vscode.window.showWarningMessage(`SageMaker: only a completed local job can be deployed; ${jobName} is ${job?.TrainingJobStatus ?? 'not found'}.`);
      return undefined;
    }
    const workspaceDir = this.dirOfJob(jobName)!;
    try {
      const endpoint = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `SageMaker: starting local endpoint for ${jobName}…` },
        () => startLocalEndpoint({ jobDir: job.JobDir, python: python(), workspaceDir, name: jobName }),
      );
      this.startedEndpoints.set(endpoint.name, workspaceDir);
      this.endpointsChanged.fire();
      void vscode.window.showInformationMessage(`SageMaker: local endpoint ${endpoint.name} is InService at ${endpoint.url}. It stops when this window closes.`);
      return endpoint.name;
    } catch (error) {
      void vscode.window.showErrorMessage(`SageMaker: local deploy of ${jobName} failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Whether this window started the endpoint (and so stops it when it closes). */
  startedHere(name: string): boolean {
    return this.startedEndpoints.has(name);
  }

  /**
   * Stops the endpoints this window started, and forgets their records: run when the extension deactivates, so
   * that no inference server outlives the window that started it unannounced. Endpoints the command line started
   * (`sagemaker-estimator serve`) are meant to outlive it: the tree lists them with their age and a Stop action.
   */
  async stopStartedEndpoints(): Promise<void> {
    const started = [...this.startedEndpoints];
    this.startedEndpoints.clear();
    await Promise.all(started.map(([name, dir]) => stopLocalEndpoint(dir, name).catch(() => false)));
  }

  async deleteEndpoint(name: string): Promise<void> {
    if (!this.requireTrust('Stopping a local endpoint')) return;
    this.startedEndpoints.delete(name);
    try {
      for (const dir of workspaceDirs()) if (await stopLocalEndpoint(dir, name)) break;
    } catch (error) {
      void vscode.window.showErrorMessage(`SageMaker: ${(error as Error).message}`);
    }
    this.endpointsChanged.fire();
  }

  private dirOfJob(jobName: string): string | undefined {
    return workspaceDirs().find(dir => listLocalJobs(dir).some(job => job.TrainingJobName === jobName));
  }

  dispose(): void {
    // A job of this session does not outlive the editor; its folder records it as stopped.
    for (const handle of this.running.values()) void handle.stop();
    this.jobsChanged.dispose();
    this.endpointsChanged.dispose();
    this.jobEvents.dispose();
  }
}
