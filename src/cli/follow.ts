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
import { CredentialPause } from '../core/connection/credentialPause';
import { isTerminalStatus } from '../core/facts';
import { systemClock } from '../core/logs/clock';
import { formatLogLine, formatLogLineJson, formatOutcome, formatTransition } from '../core/logs/format';
import { DEFAULT_TUNING } from '../core/logs/tuning';
import type { JobStatus, LogSink } from '../core/logs/types';
import { awsFailure, awsStep, note, type GlobalValues } from './awsOptions';
import type { CliIo } from './io';

/** Exit status when Ctrl-C left the job running (the shell's convention for SIGINT). */
export const EXIT_INTERRUPTED = 130;

export interface FollowOptions {
  logs: boolean;
  detachOnInterrupt: boolean;
  /**
   * `logs --follow`: the lines are what the command prints (on stdout, never quieted; JSON Lines under --json), and
   * --quiet leaves out the job's news (transitions, end summary) instead of the lines. Else (fit, wait) the lines
   * are progress: on stderr under --json, whose stdout holds the result, and left out by --quiet.
   */
  linesAreOutput?: boolean;
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
      ? await tailToEnd(clients, jobName, values, io, controller.signal, options.linesAreOutput === true)
      : await pollToEnd(clients, jobName, values, io, controller.signal);
    if (detached) return { ...result, exitCode: EXIT_INTERRUPTED };
    return result;
  } finally {
    unsubscribe();
  }
}

async function tailToEnd(clients: AwsClients, jobName: string, values: GlobalValues, io: CliIo, signal: AbortSignal,
  linesAreOutput: boolean): Promise<FollowResult> {
  const out = outputOf(values, io);
  const sink: LogSink = {
    line: line => {
      if (linesAreOutput) io.stdout.write(`${values.json ? formatLogLineJson(line) : formatLogLine(line)}\n`);
      else if (!values.quiet) out.write(`${formatLogLine(line)}\n`);
    },
    // The pause for expired credentials is a message to the user (once per outage), not the job's output.
    status: (text, meta) => {
      if (meta?.kind === 'paused') io.stderr.write(`${text}\n`);
      else if (!values.quiet) out.write(`${text}\n`);
      // logs --quiet prints the lines alone, but never leaves lines out without a word.
      else if (linesAreOutput && meta?.kind === 'incomplete') io.stderr.write(`${text}\n`);
    },
    end: summary => {
      if (!(linesAreOutput && values.quiet)) out.write(`${summary.text}\n`);
      if (summary.error) io.stderr.write(`--- ${summary.error.message}${summary.error.nextStep ? ` ${summary.error.nextStep}` : ''}\n`);
    },
  };
  const tail = createTrainingJobTail(clients, jobName, {
    sink, signal, ...(io.tailTuning ? { tuning: io.tailTuning } : {}), ...(clients.settings.profile ? { profile: clients.settings.profile } : {}),
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
  const intervalMs = io.tailTuning?.statusIntervalMs ?? DEFAULT_TUNING.statusIntervalMs;
  const shown = new Set<string>();
  let job: JobStatus | undefined;
  const pause = credentialPause(clients, io);
  while (!signal.aborted) {
    const described = await awsStep(`describe training job ${jobName}`, clients,
      () => pause.run(() => clients.sageMaker().describeTrainingJob({ TrainingJobName: jobName }, { abortSignal: signal }), signal).catch((error: unknown) => {
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

/**
 * While the session is expired (SSO, temporary credentials), waiting pauses instead of failing: one line on stderr
 * names the profile and the command that renews it, the call is tried again quietly (every minute, or the tuning's
 * credentialRetryMs) and the wait goes on once it succeeds.
 */
function credentialPause(clients: AwsClients, io: CliIo): CredentialPause {
  const profile = clients.settings.profile || undefined;
  return new CredentialPause({
    clock: systemClock, checkEveryMs: io.tailTuning?.credentialRetryMs ?? DEFAULT_TUNING.credentialRetryMs,
    ...(profile ? { profile } : {}),
    onPause: notice => io.stderr.write(`--- ${notice.text}\n`),
  });
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
