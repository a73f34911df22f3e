import { parseArgs } from 'node:util';
import type { AwsClients } from '../aws/clientFactory';
import { findEndpoint } from '../aws/deployModel';
import { cloudWatchLogsApi, createEndpointTail, servingInstanceCount } from '../aws/logAdapters';
import { endpointTarget, formatLogLine, formatLogLineJson, trainingJobTarget, withoutNewline, type TailTarget } from '../core/logs/format';
import type { FilterLogEventsInput, LogLine, LogSink } from '../core/logs/types';
import { AwsCommandError, awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, note, type GlobalValues } from './awsOptions';
import { followTrainingJob } from './follow';
import type { CliIo } from './io';
import { UsageError } from './options';

export const LOGS_USAGE = `logs (<training-job> | --endpoint <name>) [--follow] [--since MINUTES] [--detach-on-interrupt] ${GLOBAL_USAGE}`;

export const LOGS_HELP = `Print a training job's CloudWatch logs (every instance, in time order, [algo-N] before each line when there
are several), or an endpoint's (--endpoint; the last --since minutes, default 10).
  --follow               keep printing as lines come: a job until it ends (with its status transitions and end
                         summary, exit 0 Completed, 1 Failed or Stopped), an endpoint until Ctrl-C
  --detach-on-interrupt  with --follow on a job: Ctrl-C leaves the job running instead of asking whether to stop it
  --since MINUTES        an endpoint's logs from this many minutes ago (default 10)
  --json                 each line as a JSON object {"timestamp", "host", "stream", "message"}, one a line (JSON
                         Lines); the rest (status transitions, the end summary, notes) goes to stderr
  --quiet                the lines alone: no status transitions, end summary or notes (a tail that could not show
                         every line still says so, on stderr)`;

/** `sagemaker-estimator logs`: what has been logged so far, or (--follow) a live tail. */
export async function logsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...GLOBAL_OPTIONS, follow: { type: 'boolean' }, endpoint: { type: 'string' }, since: { type: 'string' },
      'detach-on-interrupt': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const endpoint = values.endpoint;
  if (endpoint !== undefined ? positionals.length !== 0 : positionals.length !== 1) {
    throw new UsageError(`logs takes one training job name, or --endpoint <name>. Usage: sagemaker-estimator ${LOGS_USAGE}`);
  }
  const sinceMinutes = values.since !== undefined ? Number(values.since) : 10;
  if (!Number.isFinite(sinceMinutes) || sinceMinutes <= 0) throw new UsageError(`--since must be a number of minutes above 0, not "${values.since}".`);
  const clients = cliClients(values, io);
  try {
    if (endpoint !== undefined) {
      const startTime = Date.now() - sinceMinutes * 60_000;
      if (values.follow) return await followEndpoint(clients, endpoint, startTime, values, io);
      const printed = await printLogs(clients, endpointTarget(endpoint), values, io, startTime);
      if (printed.lines === 0) await sayWhyNoEndpointLines(clients, endpoint, printed.logGroupMissing, sinceMinutes, values, io);
      return 0;
    }
    const jobName = positionals[0]!;
    // A name SageMaker does not know is one error, before any reading or following.
    await awsStep(`describe training job ${jobName}`, clients, () => clients.sageMaker().describeTrainingJob({ TrainingJobName: jobName }));
    if (values.follow) {
      const followed = await followTrainingJob(clients, jobName, values, io, {
        logs: true, detachOnInterrupt: values['detach-on-interrupt'] === true, linesAreOutput: true,
      });
      return followed.exitCode;
    }
    const target = trainingJobTarget(jobName);
    if ((await printLogs(clients, target, values, io)).lines === 0) note(values, io, `No log lines for ${jobName} in ${target.logGroupName} yet.`);
    return 0;
  } finally {
    clients.destroy();
  }
}

/**
 * Every line logged so far, read with FilterLogEvents (interleaved, in time order), then printed; how many, and
 * whether the log group is missing (nothing was ever logged under that name).
 */
async function printLogs(clients: AwsClients, target: TailTarget, values: GlobalValues, io: CliIo, startTime?: number): Promise<{ lines: number; logGroupMissing: boolean }> {
  const logs = cloudWatchLogsApi(clients, { liveTail: false });
  const lines: LogLine[] = [];
  let nextToken: string | undefined;
  let logGroupMissing = false;
  const prefix = target.streamPrefix;
  do {
    const page = await awsStep(`read the logs of ${target.name} (${target.logGroupName})`, clients, async () => {
      try {
        const input: FilterLogEventsInput = { logGroupName: target.logGroupName, logStreamNamePrefix: prefix };
        if (startTime !== undefined) input.startTime = startTime;
        if (nextToken !== undefined) input.nextToken = nextToken;
        return await logs.filterLogEvents(input);
      } catch (error) {
        // No log group yet: nothing was logged (a job that has not started, an endpoint without logs).
        if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
        logGroupMissing = true;
        return { events: [] };
      }
    });
    for (const e of page.events) lines.push({ timestamp: e.timestamp, host: target.hostOf(e.logStreamName), stream: e.logStreamName, message: withoutNewline(e.message) });
    nextToken = page.nextToken;
  } while (nextToken);
  const hosts = new Set(lines.map(line => line.host)).size;
  for (const line of lines) io.stdout.write(`${values.json ? formatLogLineJson(line) : formatLogLine({ ...line, hosts })}\n`);
  return { lines: lines.length, logGroupMissing };
}

/** The endpoint's description; undefined when SageMaker has no endpoint of that name (it may have been deleted). */
function describeEndpoint(clients: AwsClients, endpointName: string) {
  return awsStep(`describe endpoint ${endpointName}`, clients, () => findEndpoint(clients, endpointName));
}

/** A name SageMaker does not know and CloudWatch has no logs of is a mistake (a deleted endpoint's logs stay readable). */
function unknownEndpoint(endpointName: string): AwsCommandError {
  const { logGroupName } = endpointTarget(endpointName);
  return new AwsCommandError(`could not read the logs of endpoint ${endpointName}: SageMaker has no endpoint of that name and nothing was `
    + `ever logged under ${logGroupName}. Check the endpoint's name and --region (\`aws sagemaker list-endpoints\` lists them).`);
}

/** Whether CloudWatch has no log group for the endpoint's name (one FilterLogEvents of at most one event). */
async function endpointLogGroupMissing(clients: AwsClients, endpointName: string): Promise<boolean> {
  const { logGroupName } = endpointTarget(endpointName);
  return awsStep(`read the logs of ${endpointName} (${logGroupName})`, clients, async () => {
    try {
      await cloudWatchLogsApi(clients, { liveTail: false }).filterLogEvents({ logGroupName, logStreamNamePrefix: '', limit: 1 });
      return false;
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return true;
      throw error;
    }
  });
}

/** Why an endpoint printed no line: nothing logged yet, nothing within --since, or no such endpoint (exit 3). */
async function sayWhyNoEndpointLines(clients: AwsClients, endpointName: string, logGroupMissing: boolean, sinceMinutes: number,
  values: GlobalValues, io: CliIo): Promise<void> {
  const { logGroupName } = endpointTarget(endpointName);
  if (!logGroupMissing) {
    note(values, io, `No log lines for ${endpointName} in ${logGroupName} in the last ${sinceMinutes} minutes: --since MINUTES reaches further back.`);
    return;
  }
  if (!await describeEndpoint(clients, endpointName)) throw unknownEndpoint(endpointName);
  note(values, io, `No log lines for ${endpointName} yet: its containers have not written to ${logGroupName}.`);
}

/**
 * An endpoint's lines as they come, until Ctrl-C: on stdout (JSON Lines under --json); what the tail says besides
 * (waiting, retrying) on stdout between them, on stderr under --json, not at all under --quiet, except that a tail
 * that could not show every line always says so.
 */
async function followEndpoint(clients: AwsClients, endpointName: string, startTime: number, values: GlobalValues, io: CliIo): Promise<number> {
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  const sink: LogSink = {
    line: line => io.stdout.write(`${values.json ? formatLogLineJson(line) : formatLogLine(line)}\n`),
    status: (text, meta) => {
      if (!values.quiet || meta?.kind === 'incomplete' || meta?.kind === 'paused') (values.json || values.quiet ? io.stderr : io.stdout).write(`${text}\n`);
    },
    end: summary => { if (summary.error) io.stderr.write(`--- ${summary.error.message}${summary.error.nextStep ? ` ${summary.error.nextStep}` : ''}\n`); },
  };
  try {
    const described = await describeEndpoint(clients, endpointName);
    if (!described && await endpointLogGroupMissing(clients, endpointName)) throw unknownEndpoint(endpointName);
    const tail = await createEndpointTail(clients, endpointName, {
      sink, signal: controller.signal, startTime, expectedHosts: described ? servingInstanceCount(described) : 1,
      ...(io.tailTuning ? { tuning: io.tailTuning } : {}),
    });
    const summary = await tail.run();
    return summary.reason === 'error' ? 3 : 0;
  } finally {
    unsubscribe();
  }
}
