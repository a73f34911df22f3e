/**
 * The tailer's interfaces over the real AWS SDK clients, and the two ways the glue starts a tail:
 *
 *   const tail = createTrainingJobTail(clients, 'my-job', { sink, signal, cursor, onCursor });
 *   const summary = await tail.run();
 *
 *   const tail = await createEndpointTail(clients, 'my-endpoint', { sink, signal });
 *   await tail.run(); // until `signal` aborts
 */
import type { FilteredLogEvent, LiveTailSessionLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { resolveCallerIdentity } from './account';
import { countLinesWithInsights } from './logLineCounts';
import type { AwsClients } from './clientFactory';
import { partitionOf } from '../core/estimator/request';
import { TERMINAL_TRAINING_JOB_STATUSES } from '../core/facts';
import { endpointTarget, trainingJobTarget } from '../core/logs/format';
import { LogTailer, type TailOptions } from '../core/logs/tailer';
import type { JobStatus, JobStatusApi, LiveTailInput, LiveTailUpdate, LogEvent, LogsApi } from '../core/logs/types';

export interface LogsApiOptions {
  /**
   * Offer Live Tail (StartLiveTail). Default: only where CloudWatch Logs calls go to AWS's own endpoint, as the SDK
   * resolves it (see `customLogsEndpoint`). `true` offers it whatever the endpoint (tests). Errors fall back to polling.
   */
  liveTail?: boolean;
}

/**
 * The tailer's event. The SDK's own object when it has the three fields the tailer needs (its optional ones have the
 * same names and types): a backfill makes no second object per line. Else a copy with defaults.
 */
const toEvent = (e: FilteredLogEvent | LiveTailSessionLogEvent): LogEvent => {
  if (e.logStreamName !== undefined && e.timestamp !== undefined && e.message !== undefined) return e as LogEvent;
  const event: LogEvent = { logStreamName: e.logStreamName ?? '', timestamp: e.timestamp ?? 0, message: e.message ?? '' };
  if ('eventId' in e && e.eventId !== undefined) event.eventId = e.eventId;
  if (e.ingestionTime !== undefined) event.ingestionTime = e.ingestionTime;
  return event;
};

/**
 * arn:<partition>:logs:<region>:<account>:log-group:<name>, as StartLiveTail wants its groups. The partition comes
 * from the caller's ARN (GetCallerIdentity); from the region only when STS gave no ARN.
 */
export function logGroupArn(region: string, account: string, logGroupName: string, partition?: string): string {
  return `arn:${partition ?? partitionOf(region)}:logs:${region}:${account}:log-group:${logGroupName}`;
}

export function cloudWatchLogsApi(clients: AwsClients, options: LogsApiOptions = {}): LogsApi {
  const api: LogsApi = {
    async filterLogEvents(input, signal) {
      const out = await clients.logs().filterLogEvents({
        logGroupName: input.logGroupName,
        ...(input.logStreamNames?.length ? { logStreamNames: input.logStreamNames }
          : input.logStreamNamePrefix ? { logStreamNamePrefix: input.logStreamNamePrefix } : {}),
        ...(input.startTime !== undefined ? { startTime: input.startTime } : {}),
        ...(input.endTime !== undefined ? { endTime: input.endTime } : {}),
        ...(input.nextToken !== undefined ? { nextToken: input.nextToken } : {}),
        ...(input.limit !== undefined ? { limit: input.limit } : {}),
        interleaved: true,
      }, signal ? { abortSignal: signal } : {});
      return { events: (out.events ?? []).map(toEvent), ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    },
    async describeLogStreams(input, signal) {
      const out = await clients.logs().describeLogStreams({
        logGroupName: input.logGroupName,
        ...(input.logStreamNamePrefix ? { logStreamNamePrefix: input.logStreamNamePrefix } : {}),
        ...(input.nextToken !== undefined ? { nextToken: input.nextToken } : {}),
      }, signal ? { abortSignal: signal } : {});
      return {
        logStreams: (out.logStreams ?? []).map(s => ({
          logStreamName: s.logStreamName ?? '',
          ...(s.creationTime !== undefined ? { creationTime: s.creationTime } : {}),
          ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
          ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
        })),
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      };
    },
    countLines: (input, signal) => countLinesWithInsights(clients, input, signal),
  };
  const live = options.liveTail ?? !clients.settings.endpointUrl;
  if (live) {
    const checkEndpoint = options.liveTail === undefined;
    let arnPrefix: Promise<LogGroupOwner> | undefined;
    api.startLiveTail = (input, signal) => liveTail(clients, input, signal, checkEndpoint, () => {
      arnPrefix ??= Promise.all([clients.region(), resolveCallerIdentity(clients)]).then(([region, identity]) => ({ region, ...identity }));
      arnPrefix.catch(() => { arnPrefix = undefined; });
      return arnPrefix;
    });
  }
  return api;
}

/**
 * The custom endpoint CloudWatch Logs calls go to, as the SDK resolves it: the client's `endpoint` (the extension's
 * setting), else AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL or the profile's `endpoint_url` (unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS). StartLiveTail's endpoint carries the host prefix "stream-", which the SDK
 * puts before every endpoint, custom ones included: "stream-localhost", "stream-vpce-….amazonaws.com" do not
 * resolve or are not the streaming service. So Live Tail is used only with AWS's own endpoint; elsewhere the tail polls.
 */
export async function customLogsEndpoint(clients: AwsClients): Promise<string | undefined> {
  if (clients.settings.endpointUrl) return clients.settings.endpointUrl;
  const config = clients.logs().client.config as unknown as {
    isCustomEndpoint?: boolean;
    ignoreConfiguredEndpointUrls?: boolean;
    serviceConfiguredEndpoint?: () => Promise<string | undefined>;
  };
  if (config.isCustomEndpoint) return 'the client\'s endpoint';
  if (config.ignoreConfiguredEndpointUrls || !config.serviceConfiguredEndpoint) return undefined;
  return (await config.serviceConfiguredEndpoint()) || undefined;
}

interface LogGroupOwner {
  region: string;
  account: string;
  partition?: string;
}

async function* liveTail(
  clients: AwsClients, input: LiveTailInput, signal: AbortSignal, checkEndpoint: boolean, where: () => Promise<LogGroupOwner>,
): AsyncGenerator<LiveTailUpdate> {
  const custom = checkEndpoint ? await customLogsEndpoint(clients) : undefined;
  if (custom) {
    throw Object.assign(new Error(`CloudWatch Logs calls go to a custom endpoint (${custom}), and StartLiveTail would go to `
      + 'that host with "stream-" put before it'), { name: 'UnsupportedOperation' });
  }
  const { region, account, partition } = await where();
  const out = await clients.logs().startLiveTail({
    logGroupIdentifiers: [logGroupArn(region, account, input.logGroupName, partition)],
    ...(input.logStreamNamePrefix ? { logStreamNamePrefixes: [input.logStreamNamePrefix] } : {}),
  }, { abortSignal: signal });
  if (!out.responseStream) throw Object.assign(new Error('StartLiveTail returned no stream.'), { name: 'UnsupportedOperation' });
  for await (const item of out.responseStream) {
    if (signal.aborted) return;
    if (item.sessionStart) {
      yield { started: true, events: [] };
    } else if (item.sessionUpdate) {
      yield { events: (item.sessionUpdate.sessionResults ?? []).map(toEvent), sampled: item.sessionUpdate.sessionMetadata?.sampled === true };
    } else if (item.SessionTimeoutException) {
      return; // the 3-hour limit: the tailer starts another session
    } else if (item.SessionStreamingException) {
      throw Object.assign(new Error(item.SessionStreamingException.message ?? 'Live Tail session failed.'), { name: 'SessionStreamingException' });
    }
  }
}

/** DescribeTrainingJob, as the tailer needs it. */
export function toJobStatus(d: Omit<DescribeTrainingJobCommandOutput, '$metadata'>): JobStatus {
  const groups = d.ResourceConfig?.InstanceGroups ?? [];
  const instanceCount = groups.length ? groups.reduce((sum, g) => sum + (g.InstanceCount ?? 0), 0) : d.ResourceConfig?.InstanceCount ?? 1;
  const status = d.TrainingJobStatus ?? 'InProgress';
  const endTime = d.TrainingEndTime ?? (TERMINAL_TRAINING_JOB_STATUSES.has(status) ? d.LastModifiedTime : undefined);
  const job: JobStatus = {
    status,
    secondaryStatusTransitions: (d.SecondaryStatusTransitions ?? []).map(t => ({
      status: t.Status ?? '',
      startTime: t.StartTime?.getTime() ?? 0,
      ...(t.EndTime ? { endTime: t.EndTime.getTime() } : {}),
      ...(t.StatusMessage ? { message: t.StatusMessage } : {}),
    })),
    instanceCount: Math.max(1, instanceCount),
    spot: d.EnableManagedSpotTraining === true,
  };
  if (d.FailureReason) job.failureReason = d.FailureReason;
  if (d.BillableTimeInSeconds !== undefined) job.billableSeconds = d.BillableTimeInSeconds;
  if (d.TrainingTimeInSeconds !== undefined) job.trainingTimeSeconds = d.TrainingTimeInSeconds;
  if (d.CreationTime) job.creationTime = d.CreationTime.getTime();
  if (endTime) job.endTime = endTime.getTime();
  return job;
}

export function trainingJobStatusApi(clients: AwsClients, jobName: string): JobStatusApi {
  return {
    async describe(signal) {
      const { $metadata: _ignored, ...d } = await clients.sageMaker().describeTrainingJob({ TrainingJobName: jobName }, signal ? { abortSignal: signal } : {});
      return toJobStatus(d);
    },
  };
}

export type TailStartOptions = Omit<TailOptions, 'target' | 'logs' | 'status'> & LogsApiOptions;

/** A tail of a training job: its status transitions, all its instances' lines, and the final summary. */
export function createTrainingJobTail(clients: AwsClients, jobName: string, options: TailStartOptions): LogTailer {
  const { liveTail, ...rest } = options;
  return new LogTailer({
    ...rest,
    target: trainingJobTarget(jobName),
    logs: cloudWatchLogsApi(clients, liveTail !== undefined ? { liveTail } : {}),
    status: trainingJobStatusApi(clients, jobName),
  });
}

/** How many instances serve an endpoint (its variants' current counts), 1 when it says none: the hosts its logs come from. */
export function servingInstanceCount(endpoint: { ProductionVariants?: { CurrentInstanceCount?: number }[] }): number {
  return (endpoint.ProductionVariants ?? []).reduce((sum, v) => sum + (v.CurrentInstanceCount ?? 0), 0) || 1;
}

/**
 * A tail of an endpoint's log group (/aws/sagemaker/Endpoints/<name>, streams <variant>/<instance-id>), from
 * `startTime` (default: ten minutes ago) until `signal` aborts. Asks DescribeEndpoint how many instances serve it,
 * so that lines carry their host from the start when there are several.
 */
export async function createEndpointTail(clients: AwsClients, endpointName: string, options: TailStartOptions): Promise<LogTailer> {
  const { liveTail, ...rest } = options;
  let expectedHosts = rest.expectedHosts;
  if (expectedHosts === undefined) {
    try {
      expectedHosts = servingInstanceCount(await clients.sageMaker().describeEndpoint({ EndpointName: endpointName }, rest.signal ? { abortSignal: rest.signal } : {}));
    } catch {
      expectedHosts = 1; // a deleted endpoint's logs can still be read
    }
  }
  const now = (rest.clock ?? { now: () => Date.now() }).now();
  return new LogTailer({
    ...rest,
    expectedHosts,
    startTime: rest.startTime ?? now - 10 * 60_000,
    target: endpointTarget(endpointName),
    logs: cloudWatchLogsApi(clients, liveTail !== undefined ? { liveTail } : {}),
  });
}
