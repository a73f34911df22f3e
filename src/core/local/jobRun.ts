/**
 * A prepared local job's life: its statuses in job.json, staging its inputs, running the entry point, stop and
 * max_run (SIGTERM to the whole process group, SIGKILL after the grace period), and finishing exactly once.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transitionText } from '../logs/format';
import { stageLocalChannel, type LocalChannel } from './channels';
import { freeLoopbackPort, HOSTS_DIR_NAME, mergeHostArtifacts, stageShardedChannel, torchrunEnvironment, type LocalHost } from './hosts';
import { frameworkVersionWarning, prepareJobPython } from './jobEnvironment';
import { exitFailureReason, spawnFailureReason } from './jobFailure';
import { endMessage, jobResult, packArtifacts, recordEnd, type EndStatus, type JobOutcome, type PackedArtifacts } from './jobFinish';
import { removeTrainingContainer, stopTrainingContainer } from './containerJob';
import { JobOutput } from './jobOutput';
import { spawnEntryPoint, waitForEntryPoint, type EntryPointExit } from './jobProcess';
import { setOwnRunner, setStopHook, writeJobDescription, type LocalJobDescription, type LocalJobStatus, type LocalSecondaryStatus } from './jobStore';
import type { LocalJobHandle, LocalJobResult, RunContext } from './jobTypes';
import { newProcessToken, recordProcess } from './ownership';
import { signalGroup } from './process';

/** Starts the job in the background (on the next turn, so callers can listen first) and returns its handle. */
export function runJob(ctx: RunContext): LocalJobHandle {
  const run = new JobRun(ctx);
  setStopHook(ctx.jobDir, run.stop);
  setImmediate(() => {
    run.run().catch((error: unknown) => {
      void run.finish('Failed', 'Failed', { reason: `ClientError: local mode failed: ${error instanceof Error ? error.message : String(error)}`, exitCode: null, signal: null });
    });
  });
  return run.handle();
}

interface HostProcess {
  host: LocalHost;
  proc: ChildProcess;
  exited: boolean;
}

interface HostExit {
  host: LocalHost;
  exit: EntryPointExit;
}

class JobRun {
  private readonly output: JobOutput;
  private readonly startedAt = new Date();
  /** One per host, in host order; algo-1's first. */
  private readonly processes: HostProcess[] = [];
  private stopRequested = false;
  private stopReason: 'Stopped' | 'MaxRuntimeExceeded' = 'Stopped';
  private readonly killTimers: NodeJS.Timeout[] = [];
  private spawnedAt: Date | undefined;
  private finished = false;
  /** The framework version check of the job's Python, run beside the entry point (see preparePython). */
  private frameworkCheck: Promise<void> = Promise.resolve();
  /** The first host that ended with an error: the job fails with its failure, and the other hosts are stopped. */
  private firstFailure: HostExit | undefined;
  // Stop while the artifacts are being packed (the process has ended) interrupts the packing.
  private readonly packing = new AbortController();
  // Stop while requirements.txt is being installed ends pip.
  private readonly setup = new AbortController();
  private resolveDone!: (r: LocalJobResult) => void;
  private readonly done = new Promise<LocalJobResult>((resolve) => (this.resolveDone = resolve));
  private readonly maxRunTimer: NodeJS.Timeout;

  constructor(private readonly ctx: RunContext) {
    this.output = new JobOutput(ctx.paths, ctx.metrics, ctx.maxLogBytes, ctx.maxLineChars);
    this.maxRunTimer = setTimeout(() => {
      this.stopReason = 'MaxRuntimeExceeded';
      void this.stop();
    }, Math.min(ctx.maxRunMs, 2 ** 31 - 1));
    this.maxRunTimer.unref();
  }

  handle(): LocalJobHandle {
    const { ctx } = this;
    const child = (): ChildProcess | undefined => this.processes[0]?.proc;
    return {
      jobName: ctx.jobName,
      jobDir: ctx.jobDir,
      events: this.output.events,
      done: this.done,
      stop: this.stop,
      get status() {
        return ctx.description.TrainingJobStatus;
      },
      get pid() {
        return child()?.pid;
      },
      description: () => JSON.parse(JSON.stringify(ctx.description)) as LocalJobDescription,
    };
  }

  private save(): void {
    this.ctx.description.LastModifiedTime = new Date().toISOString();
    try {
      writeJobDescription(this.ctx.jobDir, this.ctx.description);
    } catch {
      // The folder went away (deleted while running): nothing to record into.
    }
  }

  private setStatus(status: LocalJobStatus, secondary: LocalSecondaryStatus, message: string): void {
    const timestamp = Date.now();
    const { description } = this.ctx;
    const transitions = description.SecondaryStatusTransitions;
    const last = transitions[transitions.length - 1];
    if (last && !last.EndTime) last.EndTime = new Date(timestamp).toISOString();
    transitions.push({ Status: secondary, StartTime: new Date(timestamp).toISOString(), StatusMessage: message });
    description.TrainingJobStatus = status;
    description.SecondaryStatus = secondary;
    this.save();
    // The cloud tail's words for a status change (formatTransition), so that local and cloud logs read alike.
    this.output.emitLine('system', transitionText({ status: secondary, startTime: timestamp, message }));
    this.output.events.emit('status', { status, secondaryStatus: secondary, message, timestamp });
  }

  /** A stop asked of this handle, or of the job folder by another process (stopLocalJob's stop request file). */
  private stopped(): boolean {
    return this.stopRequested || fs.existsSync(this.ctx.paths.stopRequest);
  }

  private stoppedSecondary(): LocalSecondaryStatus {
    return this.stopReason === 'MaxRuntimeExceeded' ? 'MaxRuntimeExceeded' : 'Stopped';
  }

  // An arrow property: the handle and the stop hook hand it out unbound.
  readonly stop = async (): Promise<void> => {
    if (this.finished) this.packing.abort();
    if (!this.finished && !this.stopRequested) {
      this.stopRequested = true;
      try {
        fs.writeFileSync(this.ctx.paths.stopRequest, `${new Date().toISOString()}\n`);
      } catch {
        // Not needed by this process.
      }
      if (this.processes.length === 0) this.setup.abort();
      const running = this.processes.filter((p) => p.proc.pid && !p.exited);
      if (running.length > 0) {
        this.setStatus('Stopping', 'Stopping', this.stopReason === 'MaxRuntimeExceeded' ? `The job ran longer than max_run (${this.ctx.maxRunMs / 1000} s): stopping it` : 'Stopping the training job');
        this.endHosts(running);
        if (this.ctx.container) stopTrainingContainer(this.ctx.container, this.ctx.stopGraceMs);
      }
    }
    await this.done;
  };

  /** SIGTERM to each host's process group, SIGKILL after the grace period, as SageMaker stops its containers. */
  private endHosts(hosts: HostProcess[]): void {
    for (const { proc, exited } of hosts) {
      const pid = proc.pid;
      if (!pid || exited) continue;
      signalGroup(pid, 'SIGTERM');
      this.killTimers.push(setTimeout(() => signalGroup(pid, 'SIGKILL'), this.ctx.stopGraceMs));
    }
  }

  async run(): Promise<void> {
    const { ctx } = this;
    const where = ctx.container ? `in a container of ${ctx.container.image} (${ctx.command})` : 'on this machine (local mode, no container)';
    this.setStatus('InProgress', 'Starting', `Starting the training job ${where} in ${ctx.jobDir}`);
    for (const note of ctx.notes) this.output.emitLine('system', `Note: ${note}`);
    if (!(await this.stageInputs())) return;
    if (!this.stopped() && !(await this.preparePython())) return;
    if (this.stopped()) {
      await this.finish('Stopped', this.stoppedSecondary(), { exitCode: null, signal: null });
      return;
    }
    this.setStatus('InProgress', 'Training', `Running ${[ctx.command, ...ctx.argv].join(' ')} in ${ctx.cwd}`);
    ctx.description.TrainingStartTime = new Date().toISOString();
    const ended = await this.runEntryPoint();
    if (ended) await this.conclude(ended.exit, ended.host);
  }

  /** Copies or links local channels and downloads S3 ones into input/data/; false when the job has failed. */
  private async stageInputs(): Promise<boolean> {
    const { ctx } = this;
    this.setStatus('InProgress', 'Downloading', ctx.channels.length === 0 ? 'No input channels' : `Preparing the input data: ${ctx.channels.map((c) => c.name).join(', ')}`);
    for (const [i, channel] of ctx.channels.entries()) {
      if (this.stopped()) break;
      const entry = ctx.description.InputDataConfig[i];
      try {
        entry.Staging = await this.stageChannel(channel);
      } catch (error) {
        await this.finish('Failed', 'Failed', { reason: `ClientError: channel ${channel.name}: could not get the data from ${channel.source}: ${(error as Error).message}`, exitCode: null, signal: null });
        return false;
      }
    }
    this.save();
    return true;
  }

  /**
   * One channel's data in every host's input/data/: S3 data downloaded (once, for several hosts), then given to
   * each host whole (FullyReplicated) or its shard of the files (ShardedByS3Key, with several hosts).
   */
  private async stageChannel(channel: LocalChannel): Promise<'symlink' | 'copy' | 'download'> {
    const { ctx } = this;
    const count = ctx.hosts.length;
    let local = channel;
    if (channel.kind === 's3') {
      const dest = count > 1 ? path.join(ctx.jobDir, HOSTS_DIR_NAME, 'downloads', channel.name) : path.join(ctx.paths.inputData, channel.name);
      fs.mkdirSync(dest, { recursive: true });
      this.output.emitLine('system', `Downloading ${channel.source} into ${dest}`);
      await ctx.downloadS3!(channel.source, dest);
      if (count === 1) return 'download';
      local = { ...channel, kind: 'local', source: dest, isDirectory: true };
    }
    const sharded = count > 1 && channel.config.S3DistributionType === 'ShardedByS3Key';
    let how: 'symlink' | 'copy' = 'symlink';
    for (const host of ctx.hosts) {
      const staged = sharded ? stageShardedChannel(local, host.paths.inputData, host.rank, count) : stageLocalChannel(local, host.paths.inputData);
      if (staged === 'copy') how = 'copy';
    }
    if (sharded) this.output.emitLine('system', `Channel ${channel.name} is ShardedByS3Key: each of the ${count} hosts gets every ${count}th file of ${local.source} (sorted by key), starting at its own`);
    return channel.kind === 's3' ? 'download' : how;
  }

  /**
   * requirements.txt installed (a cached venv); false when the job has failed. The framework version is asked of
   * that Python while the entry point starts, not before: asking is a whole interpreter start (through a pyenv
   * shim, a few hundred ms) that delayed every job's first line. finish() waits for its warning.
   */
  private async preparePython(): Promise<boolean> {
    try {
      const python = await prepareJobPython(this.ctx, (text) => this.output.emitLine('system', text), this.setup.signal);
      this.frameworkCheck = frameworkVersionWarning(this.ctx.pythonEnv, python, this.ctx.env)
        .then((warning) => { if (warning) this.output.emitLine('system', warning); }, () => undefined);
    } catch (error) {
      if (this.stopped()) return true;
      await this.finish('Failed', 'Failed', { reason: `ClientError: ${(error as Error).message}`, exitCode: null, signal: null });
      return false;
    }
    this.save();
    return true;
  }

  /**
   * Runs the entry point on every host to its end; the failing host's exit (or algo-1's when none failed), or
   * undefined when a process could not be started (the job has then failed).
   */
  private async runEntryPoint(): Promise<HostExit | undefined> {
    const { ctx } = this;
    const multi = ctx.hosts.length > 1;
    const port = ctx.torchLaunch ? await freeLoopbackPort() : undefined;
    for (const host of ctx.hosts) {
      const token = newProcessToken();
      const torchrun = port !== undefined ? torchrunEnvironment(host.rank, ctx.hosts.length, port) : {};
      // A socket interface the user chose (environment) is kept.
      for (const name of ['NCCL_SOCKET_IFNAME', 'GLOO_SOCKET_IFNAME'] as const) if (ctx.env[name]) delete torchrun[name];
      const env = { ...host.env, ...torchrun };
      let proc: ChildProcess;
      try {
        proc = spawnEntryPoint(ctx, token, env);
      } catch (error) {
        this.endHosts(this.processes);
        await this.finish('Failed', 'Failed', { reason: `ClientError: could not start ${ctx.command}${multi ? ` on ${host.name}` : ''}: ${(error as Error).message}`, exitCode: null, signal: null });
        return undefined;
      }
      this.processes.push({ host, proc, exited: false });
      if (host.rank === 0 && proc.pid) {
        ctx.description.Pid = proc.pid;
        ctx.description.Process = recordProcess(proc.pid, token);
      } else if (proc.pid) {
        (ctx.description.HostProcesses ??= []).push(recordProcess(proc.pid, token));
      }
    }
    this.spawnedAt = new Date();
    this.save();
    // A stop that came while the hosts were being started has not reached them.
    if (this.stopped()) this.endHosts(this.processes);
    const exits = await Promise.all(this.processes.map(async (p): Promise<HostExit> => {
      const exit = await waitForEntryPoint(p.proc, this.output, () => this.hostExited(p), multi ? p.host.name : undefined);
      return { host: p.host, exit };
    }));
    if (ctx.container) await removeTrainingContainer(ctx.container);
    delete ctx.description.Pid;
    delete ctx.description.Process;
    delete ctx.description.HostProcesses;
    const failed = exits.find((e) => e.exit.spawnError) ?? this.firstFailure;
    return failed ? exits.find((e) => e.host === failed.host)! : exits[0];
  }

  /** A host's process has ended: one that failed (or was killed) ends the others, as one failed instance ends a job. */
  private hostExited(p: HostProcess): void {
    p.exited = true;
    const code = p.proc.exitCode;
    const signal = p.proc.signalCode;
    if (code === 0 || this.firstFailure) return;
    this.firstFailure = { host: p.host, exit: { code, signal } };
    const others = this.processes.filter((o) => o !== p && !o.exited);
    if (others.length === 0) return;
    if (!this.stopped()) {
      this.output.emitLine('system', `${p.host.name} ended ${code !== null ? `with exit code ${code}` : `by ${signal ?? 'a signal'}`}: stopping ${others.map((o) => o.host.name).join(', ')}`);
    }
    this.endHosts(others);
  }

  private async conclude(exit: EntryPointExit, host: LocalHost): Promise<void> {
    const { ctx } = this;
    if (exit.spawnError) {
      await this.finish('Failed', 'Failed', { reason: spawnFailureReason(ctx.command, exit.spawnError), exitCode: null, signal: null });
    } else if (this.stopped()) {
      await this.finish('Stopped', this.stoppedSecondary(), { exitCode: exit.code, signal: exit.signal });
    } else if (exit.code === 0) {
      await this.finish('Completed', 'Completed', { exitCode: 0, signal: null });
    } else {
      const multi = ctx.hosts.length > 1;
      const stderrTail = multi ? this.output.hostStderrTail(host.name) : this.output.stderrTail;
      const reason = exitFailureReason(exit, host.paths.failure, stderrTail, [ctx.command, ...ctx.argv]);
      if (multi) ctx.description.FailedHost = host.name;
      await this.finish('Failed', 'Failed', { reason, exitCode: exit.code, signal: exit.signal });
    }
  }

  /** Ends the job once, whatever calls it first (the run, a failure, a stop before the process started). */
  async finish(status: EndStatus, secondary: LocalSecondaryStatus, extra: { reason?: string; exitCode: number | null; signal: string | null }): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    for (const timer of this.killTimers) clearTimeout(timer);
    clearTimeout(this.maxRunTimer);
    await this.frameworkCheck;
    const outcome: JobOutcome = { status, secondary, exitCode: extra.exitCode, signal: extra.signal, ...(extra.reason !== undefined ? { reason: extra.reason } : {}) };
    const packed: PackedArtifacts = {};
    // SageMaker keeps what a stopped job saved, but only a job whose script ran has anything saved.
    if (status === 'Completed' || (status === 'Stopped' && this.spawnedAt !== undefined)) await this.pack(outcome, packed);
    const end = Date.now();
    const { description } = this.ctx;
    recordEnd(description, outcome, packed, this.output.finalMetrics, end);
    this.setStatus(outcome.status, outcome.secondary, endMessage(outcome));
    const last = description.SecondaryStatusTransitions[description.SecondaryStatusTransitions.length - 1];
    last.EndTime = last.StartTime;
    this.save();
    setOwnRunner(this.ctx.jobDir, false);
    setStopHook(this.ctx.jobDir, undefined);
    await this.output.close();
    const times = { startedAt: this.startedAt, end, spawnedAt: this.spawnedAt, firstOutputAt: this.output.firstOutputAt };
    this.resolveDone(jobResult(this.ctx, outcome, packed, times, this.output.finalMetrics));
  }

  /** Packs the artifacts; a stop meanwhile ends the job Stopped, a packing error fails a job that had completed. */
  private async pack(outcome: JobOutcome, packed: PackedArtifacts): Promise<void> {
    if (outcome.status === 'Completed') this.setStatus('InProgress', 'Uploading', 'Packing model/ into model.tar.gz and output/data/ into output.tar.gz');
    try {
      if (this.ctx.hosts.length > 1) mergeHostArtifacts(this.ctx.hosts);
      await packArtifacts(this.ctx, packed, this.packing.signal, (text) => this.output.emitLine('system', text));
    } catch (error) {
      if (this.packing.signal.aborted) {
        outcome.status = 'Stopped';
        outcome.secondary = this.stoppedSecondary();
      } else if (outcome.status === 'Completed') {
        outcome.status = 'Failed';
        outcome.secondary = 'Failed';
        outcome.reason = `ClientError: could not pack the model artifacts: ${(error as Error).message}`;
      }
    }
  }
}
