import { parseArgs } from 'node:util';
import type { AwsClients } from '../aws/clientFactory';
import { cloudWatchLogsApi, createEndpointTail } from '../aws/logAdapters';
import { endpointTarget, formatLogLine, trainingJobTarget, withoutNewline, type TailTarget } from '../core/logs/format';
import type { FilterLogEventsInput, LogSink } from '../core/logs/types';
import { awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE } from './awsOptions';
import { followTrainingJob } from './follow';
import type { CliIo } from './io';
import { UsageError } from './options';

export const LOGS_USAGE = `logs (<training-job> | --endpoint <name>) [--follow] [--since MINUTES] [--detach-on-interrupt] ${GLOBAL_USAGE}`;

export const LOGS_HELP = `Print a training job's CloudWatch logs (every instance, in time order, [algo-N] before each line when there
are several), or an endpoint's (--endpoint; the last --since minutes, default 10).
  --follow               keep printing as lines come: a job until it ends (with its status transitions and end
                         summary, exit 0 Completed, 1 Failed or Stopped), an endpoint until Ctrl-C
  --detach-on-interrupt  with --follow on a job: Ctrl-C leaves the job running instead of asking whether to stop it
  --since MINUTES        an endpoint's logs from this many minutes ago (default 10)`;

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
      if (values.follow) return await followEndpoint(clients, endpoint, startTime, io);
      await printLogs(clients, endpointTarget(endpoint), io, startTime);
      return 0;
    }
    const jobName = positionals[0]!;
    if (values.follow) {
      const followed = await followTrainingJob(clients, jobName, values, io, { logs: true, detachOnInterrupt: values['detach-on-interrupt'] === true });
      return followed.exitCode;
    }
    await awsStep(`describe training job ${jobName}`, clients, () => clients.sageMaker().describeTrainingJob({ TrainingJobName: jobName }));
    await printLogs(clients, trainingJobTarget(jobName), io);
    return 0;
  } finally {
    clients.destroy();
  }
}

/** Every line logged so far, read with FilterLogEvents (interleaved, in time order), then printed. */
async function printLogs(clients: AwsClients, target: TailTarget, io: CliIo, startTime?: number): Promise<void> {
  const logs = cloudWatchLogsApi(clients, { liveTail: false });
  const events: { stream: string; message: string }[] = [];
  let nextToken: string | undefined;
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
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return { events: [] };
        throw error;
      }
    });
    for (const e of page.events) events.push({ stream: e.logStreamName, message: e.message });
    nextToken = page.nextToken;
  } while (nextToken);
  const hosts = new Set(events.map(e => target.hostOf(e.stream))).size;
  for (const e of events) io.stdout.write(`${formatLogLine({ message: withoutNewline(e.message), host: target.hostOf(e.stream), hosts })}\n`);
  if (events.length === 0) io.stderr.write(`No log lines for ${target.name} in ${target.logGroupName} yet.\n`);
}

/** An endpoint's lines as they come, until Ctrl-C. */
async function followEndpoint(clients: AwsClients, endpointName: string, startTime: number, io: CliIo): Promise<number> {
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  const sink: LogSink = {
    line: line => io.stdout.write(`${formatLogLine(line)}\n`),
    status: text => io.stdout.write(`${text}\n`),
    end: summary => { if (summary.error) io.stderr.write(`--- ${summary.error.message}${summary.error.nextStep ? ` ${summary.error.nextStep}` : ''}\n`); },
  };
  try {
    const tail = await createEndpointTail(clients, endpointName, {
      sink, signal: controller.signal, startTime, ...(io.tailTuning ? { tuning: io.tailTuning } : {}),
    });
    const summary = await tail.run();
    return summary.reason === 'error' ? 3 : 0;
  } finally {
    unsubscribe();
  }
}
