/**
 * A prepared local job's life: its statuses in job.json, staging its inputs, running the entry point, stop and
 * max_run (SIGTERM to the whole process group, SIGKILL after the grace period), and finishing exactly once.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transitionText } from '../logs/format';
import { stageLocalChannel } from './channels';
import { prepareJobPython } from './jobEnvironment';
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

class JobRun {
  private readonly output: JobOutput;
  private readonly startedAt = new Date();
  private child: ChildProcess | undefined;
  private stopRequested = false;
  private stopReason: 'Stopped' | 'MaxRuntimeExceeded' = 'Stopped';
  private killTimer: NodeJS.Timeout | undefined;
  private spawnedAt: Date | undefined;
  private finished = false;
  private exited = false;
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
    const child = (): ChildProcess | undefined => this.child;
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
      if (!this.child) this.setup.abort();
      if (this.child?.pid && !this.exited) {
        this.setStatus('Stopping', 'Stopping', this.stopReason === 'MaxRuntimeExceeded' ? `The job ran longer than max_run (${this.ctx.maxRunMs / 1000} s): stopping it` : 'Stopping the training job');
        const pid = this.child.pid;
        signalGroup(pid, 'SIGTERM');
        if (this.ctx.container) stopTrainingContainer(this.ctx.container, this.ctx.stopGraceMs);
        this.killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), this.ctx.stopGraceMs);
      }
    }
    await this.done;
  };

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
    const exit = await this.runEntryPoint();
    if (exit) await this.conclude(exit);
  }

  /** Copies or links local channels and downloads S3 ones into input/data/; false when the job has failed. */
  private async stageInputs(): Promise<boolean> {
    const { ctx } = this;
    this.setStatus('InProgress', 'Downloading', ctx.channels.length === 0 ? 'No input channels' : `Preparing the input data: ${ctx.channels.map((c) => c.name).join(', ')}`);
    for (const [i, channel] of ctx.channels.entries()) {
      if (this.stopped()) break;
      const entry = ctx.description.InputDataConfig[i];
      try {
        if (channel.kind === 'local') entry.Staging = stageLocalChannel(channel, ctx.paths.inputData);
        else {
          const dest = path.join(ctx.paths.inputData, channel.name);
          fs.mkdirSync(dest, { recursive: true });
          this.output.emitLine('system', `Downloading ${channel.source} into ${dest}`);
          await ctx.downloadS3!(channel.source, dest);
          entry.Staging = 'download';
        }
      } catch (error) {
        await this.finish('Failed', 'Failed', { reason: `ClientError: channel ${channel.name}: could not get the data from ${channel.source}: ${(error as Error).message}`, exitCode: null, signal: null });
        return false;
      }
    }
    this.save();
    return true;
  }

  /** requirements.txt installed (a cached venv) and the framework version checked; false when the job has failed. */
  private async preparePython(): Promise<boolean> {
    try {
      await prepareJobPython(this.ctx, (text) => this.output.emitLine('system', text), this.setup.signal);
    } catch (error) {
      if (this.stopped()) return true;
      await this.finish('Failed', 'Failed', { reason: `ClientError: ${(error as Error).message}`, exitCode: null, signal: null });
      return false;
    }
    this.save();
    return true;
  }

  /** Runs the entry point to its end; undefined when it could not be started (the job has then failed). */
  private async runEntryPoint(): Promise<EntryPointExit | undefined> {
    const { ctx } = this;
    let proc: ChildProcess;
    const token = newProcessToken();
    try {
      proc = spawnEntryPoint(ctx, token);
    } catch (error) {
      await this.finish('Failed', 'Failed', { reason: `ClientError: could not start ${ctx.command}: ${(error as Error).message}`, exitCode: null, signal: null });
      return undefined;
    }
    this.child = proc;
    this.spawnedAt = new Date();
    if (proc.pid) {
      ctx.description.Pid = proc.pid;
      ctx.description.Process = recordProcess(proc.pid, token);
      this.save();
    }
    const exit = await waitForEntryPoint(proc, this.output, () => {
      this.exited = true;
    });
    if (ctx.container) await removeTrainingContainer(ctx.container);
    delete ctx.description.Pid;
    delete ctx.description.Process;
    return exit;
  }

  private async conclude(exit: EntryPointExit): Promise<void> {
    const { ctx } = this;
    if (exit.spawnError) {
      await this.finish('Failed', 'Failed', { reason: spawnFailureReason(ctx.command, exit.spawnError), exitCode: null, signal: null });
    } else if (this.stopped()) {
      await this.finish('Stopped', this.stoppedSecondary(), { exitCode: exit.code, signal: exit.signal });
    } else if (exit.code === 0) {
      await this.finish('Completed', 'Completed', { exitCode: 0, signal: null });
    } else {
      const reason = exitFailureReason(exit, ctx.paths.failure, this.output.stderrTail, [ctx.command, ...ctx.argv]);
      await this.finish('Failed', 'Failed', { reason, exitCode: exit.code, signal: exit.signal });
    }
  }

  /** Ends the job once, whatever calls it first (the run, a failure, a stop before the process started). */
  async finish(status: EndStatus, secondary: LocalSecondaryStatus, extra: { reason?: string; exitCode: number | null; signal: string | null }): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    clearTimeout(this.maxRunTimer);
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
