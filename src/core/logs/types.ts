/**
 * What the log tailer needs from the outside world, as small interfaces: CloudWatch Logs (FilterLogEvents, and
 * optionally Live Tail), the job's status (DescribeTrainingJob), a clock, a random source and a sink. Pure types:
 * no AWS SDK, no VS Code. The SDK adapters live in awsAdapters.ts; fakes for tests and the bench in testing.ts.
 */

/** One CloudWatch log event, as FilterLogEvents (with `eventId`) or Live Tail (without) returns it. */
export interface LogEvent {
  logStreamName: string;
  /** When the line was written (milliseconds since the epoch), by the writer's clock. */
  timestamp: number;
  message: string;
  /** FilterLogEvents' id; Live Tail events have none. */
  eventId?: string;
  /** When CloudWatch ingested the line (milliseconds since the epoch), by CloudWatch's clock. */
  ingestionTime?: number;
}

export interface FilterLogEventsInput {
  logGroupName: string;
  /** Every stream whose name starts with it; ignored when `logStreamNames` is given (the API takes one or the other). */
  logStreamNamePrefix: string;
  /** Exactly these streams: the tailer's per-stream reads (a stream's backlog, the completeness check at the end). */
  logStreamNames?: string[];
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit?: number;
}

export interface FilterLogEventsOutput {
  events: LogEvent[];
  nextToken?: string;
}

export interface LiveTailInput {
  logGroupName: string;
  logStreamNamePrefix: string;
}

/** One message of a Live Tail session: the session started, or one second's worth of events. */
export interface LiveTailUpdate {
  started?: boolean;
  events: LogEvent[];
  /** CloudWatch sent a sample of 500 of more events: some lines are missing from this update. */
  sampled?: boolean;
}

/** Count each stream's lines (CloudWatch Logs Insights) in [startTime, endTime], milliseconds since the epoch. */
export interface CountLinesInput {
  logGroupName: string;
  logStreamNamePrefix: string;
  startTime: number;
  endTime: number;
}

export interface DescribeLogStreamsInput {
  logGroupName: string;
  logStreamNamePrefix: string;
  nextToken?: string;
}

/** What DescribeLogStreams says of a stream (milliseconds since the epoch). */
export interface LogStreamInfo {
  logStreamName: string;
  creationTime?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
}

export interface DescribeLogStreamsOutput {
  logStreams: LogStreamInfo[];
  nextToken?: string;
}

/** CloudWatch Logs as the tailer uses it. Errors are thrown as the SDK throws them (name, code, $metadata). */
export interface LogsApi {
  filterLogEvents(input: FilterLogEventsInput, signal?: AbortSignal): Promise<FilterLogEventsOutput>;
  /** DescribeLogStreams. Optional: at the end of a job's tail it finds the streams no read has returned yet. */
  describeLogStreams?(input: DescribeLogStreamsInput, signal?: AbortSignal): Promise<DescribeLogStreamsOutput>;
  /**
   * Lines per stream, counted by CloudWatch (Logs Insights `stats count(*) by @logStream`). Optional: at the end of a
   * job's tail it finds lines ingested too late for any read (lateLines.ts).
   */
  countLines?(input: CountLinesInput, signal?: AbortSignal): Promise<Map<string, number>>;
  /** StartLiveTail. Optional: absent, or throwing, means the tailer polls. Ends when the session ends. */
  startLiveTail?(input: LiveTailInput, signal: AbortSignal): AsyncIterable<LiveTailUpdate>;
}

export interface StatusTransition {
  status: string;
  /** Milliseconds since the epoch. */
  startTime: number;
  endTime?: number;
  message?: string;
}

/** What the tailer needs of DescribeTrainingJob. */
export interface JobStatus {
  /** InProgress | Completed | Failed | Stopping | Stopped */
  status: string;
  secondaryStatusTransitions: StatusTransition[];
  failureReason?: string;
  /** BillableTimeInSeconds: per instance. */
  billableSeconds?: number;
  /** TrainingTimeInSeconds: per instance. */
  trainingTimeSeconds?: number;
  instanceCount: number;
  /** EnableManagedSpotTraining. */
  spot: boolean;
  creationTime?: number;
  /** TrainingEndTime (or the last modification once terminal), milliseconds since the epoch. */
  endTime?: number;
}

export interface JobStatusApi {
  describe(signal?: AbortSignal): Promise<JobStatus>;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A log line as it travels, structured until the place that shows it (formatLogLine for the output channel). */
export interface LogLine {
  timestamp: number;
  /** "algo-2" for a training job, "AllTraffic/i-0abc…" for an endpoint. */
  host: string;
  stream: string;
  /** The event's message without its trailing newline. */
  message: string;
}

/** A line from the tailer: the line, and how it was read. */
export interface TailedLine extends LogLine {
  /** How many hosts (streams) the tail has seen so far: with more than one, the output names each line's host. */
  hosts: number;
  eventId?: string;
  source: 'poll' | 'live';
  /** Printed after a line with a later timestamp (it reached CloudWatch later than the tailer could wait for). */
  late: boolean;
}

export interface StatusMeta {
  /** `incomplete`: the tail could not prove it showed every line of some streams (the text says which, and how to re-read them). */
  kind: 'waiting' | 'transition' | 'retrying' | 'info' | 'incomplete' | 'paused';
  timestamp?: number;
}

export interface TailSummary {
  /** `ended`: the job reached a terminal status and the final read is done. */
  reason: 'ended' | 'aborted' | 'error';
  /** The last line to show, e.g. "--- Completed. Billable 123 s × 2 instances (246 instance-seconds)." */
  text: string;
  status?: string;
  failureReason?: string;
  billableSeconds?: number;
  instanceCount?: number;
  /** Percent, when the job used managed spot training. */
  spotSavingsPercent?: number;
  lines: number;
  error?: { kind: string; message: string; nextStep?: string };
  /** Streams whose lines the tail could not prove it showed in full, and why (also said in one status line). */
  incomplete?: { streams: string[]; reason: string };
  cursor: TailCursor;
}

export interface LogSink {
  line(line: TailedLine): void;
  status(text: string, meta: StatusMeta): void;
  end(summary: TailSummary): void;
}

/**
 * Where a tail stopped, to continue it later without repeating a line. JSON-serialisable.
 * `seen` lists the lines already shown whose timestamp is within the last few seconds before `watermark`
 * (the newest timestamp shown), as [timestamp, index into `streams`, 32-bit hash of the message, occurrences];
 * a resumed tail re-reads from `floor` and skips those.
 */
export interface TailCursor {
  version: 1;
  watermark: number;
  floor: number;
  streams: string[];
  seen: Array<[number, number, number, number]>;
  /** Status transitions already shown ("Training|message"). */
  statuses: string[];
  lines: number;
  /**
   * The newest ingestion time (CloudWatch's clock) of a line the tail had read when it saved the cursor: a resumed
   * tail reads back as far as a fresh one and takes, below `floor`, only the lines ingested after it. Absent in
   * cursors saved before it existed, or when CloudWatch gave no ingestion times (then the tail re-reads from `floor`).
   */
  ingestedBy?: number;
}
