/**
 * Following a training job until it ends, as `fit(wait=True, logs=True)` does: with logs, the same tailer as the
 * output channel (every instance merged, `[algo-N]` before each line when there are several, the status
 * transitions, the end summary); without, DescribeTrainingJob every few seconds and the transitions only.
 *
 * Ctrl-C asks whether to stop the job (StopTrainingJob, then the tail goes on to Stopped) or to leave it running;
 * `--detach-on-interrupt` leaves it without asking, and without a terminal to ask the job is stopped, so that a
 * cancelled CI run does not leave a paid job behind. Either way the choice is said on stderr.
 */
import type { AwsClients } from '../aws/clientFactory';
import { createTrainingJobTail, toJobStatus } from '../aws/logAdapters';
import { stopTrainingJob } from '../aws/resources';
import { isTerminalStatus } from '../core/facts';
import { formatLogLine, formatOutcome, formatTransition } from '../core/logs/format';
import type { JobStatus, LogSink } from '../core/logs/types';
import { awsFailure, awsStep, note, type GlobalValues } from './awsOptions';
import type { CliIo } from './io';

/** Exit status when Ctrl-C left the job running (the shell's convention for SIGINT). */
export const EXIT_INTERRUPTED = 130;

export interface FollowOptions {
  logs: boolean;
  detachOnInterrupt: boolean;
}

export interface FollowResult {
  status?: string;
  failureReason?: string;
  exitCode: number;
}

/** The job's final status as an exit code: 0 Completed, 1 Failed or Stopped. */
export function exitCodeOf(status: string | undefined): number {
  return status === 'Completed' ? 0 : 1;
}

/** Where the job's lines go: stdout, or stderr under --json (stdout then holds only the JSON result). */
function outputOf(values: GlobalValues, io: CliIo): CliIo['stdout'] {
  return values.json ? io.stderr : io.stdout;
}

export async function followTrainingJob(clients: AwsClients, jobName: string, values: GlobalValues, io: CliIo, options: FollowOptions): Promise<FollowResult> {
  const controller = new AbortController();
  let detached = false;
  let asking = false;
  const onInterrupt = async (): Promise<void> => {
    if (asking || detached) return;
    asking = true;
    const stop = options.detachOnInterrupt ? false : io.ask ? await io.ask(`Stop training job ${jobName}? [y/N] `) : true;
    asking = false;
    if (!stop) {
      detached = true;
      io.stderr.write(`Training job ${jobName} is left running. Follow it again with: sagemaker-estimator logs ${jobName} --follow\n`);
      controller.abort();
      return;
    }
    io.stderr.write(`Stopping training job ${jobName} (Ctrl-C)…\n`);
    try {
      await stopTrainingJob(clients, jobName);
    } catch (error) {
      io.stderr.write(`sagemaker-estimator: ${awsFailure(`stop training job ${jobName}`, error, clients.settings.profile).message}\n`);
    }
  };
  const unsubscribe = io.onInterrupt?.(() => { void onInterrupt(); }) ?? (() => undefined);
  try {
    const result = options.logs
      ? await tailToEnd(clients, jobName, values, io, controller.signal)
      : await pollToEnd(clients, jobName, values, io, controller.signal);
    if (detached) return { ...result, exitCode: EXIT_INTERRUPTED };
    return result;
  } finally {
    unsubscribe();
  }
}

async function tailToEnd(clients: AwsClients, jobName: string, values: GlobalValues, io: CliIo, signal: AbortSignal): Promise<FollowResult> {
  const out = outputOf(values, io);
  const sink: LogSink = {
    line: line => { if (!values.quiet) out.write(`${formatLogLine(line)}\n`); },
    status: text => { if (!values.quiet) out.write(`${text}\n`); },
    end: summary => {
      out.write(`${summary.text}\n`);
      if (summary.error) io.stderr.write(`--- ${summary.error.message}${summary.error.nextStep ? ` ${summary.error.nextStep}` : ''}\n`);
    },
  };
  const tail = createTrainingJobTail(clients, jobName, {
    sink, signal, ...(io.tailTuning ? { tuning: io.tailTuning } : {}),
    rereadHint: `or run "sagemaker-estimator logs ${jobName}" (it reads the whole log)`,
  });
  const summary = await tail.run();
  if (summary.reason === 'error') throw awsFailure(`follow training job ${jobName}`, new Error(summary.error?.message ?? 'the tail failed'), clients.settings.profile);
  return {
    ...(summary.status ? { status: summary.status } : {}),
    ...(summary.failureReason ? { failureReason: summary.failureReason } : {}),
    exitCode: exitCodeOf(summary.status),
  };
}

/** DescribeTrainingJob until the job ends, printing each new status transition (what `wait` and `fit --no-logs` show). */
export async function pollToEnd(clients: AwsClients, jobName: string, values: GlobalValues, io: CliIo, signal: AbortSignal): Promise<FollowResult> {
  const out = outputOf(values, io);
  const intervalMs = io.tailTuning?.statusIntervalMs ?? 5_000;
  const shown = new Set<string>();
  let job: JobStatus | undefined;
  while (!signal.aborted) {
    const described = await awsStep(`describe training job ${jobName}`, clients,
      () => clients.sageMaker().describeTrainingJob({ TrainingJobName: jobName }, { abortSignal: signal }).catch((error: unknown) => {
        if (signal.aborted) return undefined;
        throw error;
      }));
    if (!described) break;
    job = toJobStatus(described);
    for (const transition of job.secondaryStatusTransitions) {
      const key = `${transition.status}|${transition.message ?? ''}`;
      if (shown.has(key)) continue;
      shown.add(key);
      if (!values.quiet) out.write(`${formatTransition(transition)}\n`);
    }
    if (isTerminalStatus(job.status)) {
      out.write(`${formatOutcome(job).text}\n`);
      return { status: job.status, ...(job.failureReason ? { failureReason: job.failureReason } : {}), exitCode: exitCodeOf(job.status) };
    }
    await sleep(intervalMs, signal);
  }
  note(values, io, `Stopped waiting for training job ${jobName} (${job?.status ?? 'status unknown'}).`);
  return { ...(job ? { status: job.status } : {}), exitCode: EXIT_INTERRUPTED };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
