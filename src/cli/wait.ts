import { parseArgs } from 'node:util';
import { cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE } from './awsOptions';
import { pollToEnd } from './follow';
import type { CliIo } from './io';
import { UsageError } from './options';

export const WAIT_USAGE = `wait <training-job> ${GLOBAL_USAGE}`;

export const WAIT_HELP = `Wait until a training job ends, printing its status transitions and the end summary.
An expired AWS session (SSO, temporary credentials) pauses the wait instead of ending it: one line on stderr names
the profile and the command that renews it (aws sso login --profile P); it is checked again every minute.
Exit status: 0 Completed, 1 Failed (the reason is printed) or Stopped, 130 Ctrl-C (the job is left as it is).`;

/** `sagemaker-estimator wait`: DescribeTrainingJob until the job ends; the exit code says how it ended. */
export async function waitCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`wait takes one training job name. Usage: sagemaker-estimator ${WAIT_USAGE}`);
  const clients = cliClients(values, io);
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  try {
    const result = await pollToEnd(clients, positionals[0]!, values, io, controller.signal);
    if (values.json) io.stdout.write(`${JSON.stringify({ TrainingJobName: positionals[0], TrainingJobStatus: result.status ?? null, FailureReason: result.failureReason ?? null })}\n`);
    return result.exitCode;
  } finally {
    unsubscribe();
    clients.destroy();
  }
}
