// "CloudWatch" for the backfill memory bench, in a process of its own: node bench/logsBackfillFake.cjs
// The measured reader's process holds what an extension host would (the tailer, the SDK clients, HTTP) and not the
// service's events: this process answers the AWS JSON 1.1 calls a backfill makes (FilterLogEvents, GetLogEvents,
// DescribeLogStreams, StartQuery/GetQueryResults for the line counts, and SageMaker's DescribeTrainingJob) for the
// finished job of bench/logsBackfillJob.cjs, building each page when it is asked for. Pages are as CloudWatch makes
// them: up to 10,000 events or 1 MB (each event's message bytes + 26). It prints "listening <url>" and exits when
// its stdin closes (the bench ended, or died).
const http = require('node:http');
const { LINES, INSTANCES, JOB, LOG_GROUP, STREAMS, T0, INGESTION_LAG_MS, message } = require('./logsBackfillJob.cjs');

const PAGE_EVENTS = 10_000;
const PAGE_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const END = T0 + LINES; // the job's end: a second after its last line

const event = (i, withStream) => {
  const e = { timestamp: T0 + i, message: message(i), ingestionTime: T0 + i + INGESTION_LAG_MS };
  return withStream ? { logStreamName: STREAMS[i % INSTANCES], ...e, eventId: String(i).padStart(20, '0') } : e;
};

/** The line indices in [from, to] (timestamps) of the streams `streams` (indices), from `at` on, one page of them. */
function page(streams, from, to, at, withStream) {
  const first = Math.max(at, from - T0, 0);
  const last = Math.min(LINES - 1, to - T0);
  const events = [];
  let bytes = 0;
  let i = first;
  for (; i <= last && events.length < PAGE_EVENTS; i++) {
    if (streams && !streams.has(i % INSTANCES)) continue;
    const e = event(i, withStream);
    const size = Buffer.byteLength(e.message) + EVENT_OVERHEAD_BYTES;
    if (bytes + size > PAGE_BYTES) break;
    bytes += size;
    events.push(e);
  }
  return { events, next: i <= last ? i : undefined };
}

const streamIndex = name => STREAMS.indexOf(name);
/** Lines of stream s with a timestamp in [from, to]. */
function linesIn(s, from, to) {
  const lo = Math.max(0, from - T0);
  const hi = Math.min(LINES - 1, to - T0);
  if (hi < lo) return 0;
  const firstOf = i => Math.ceil((i - s) / INSTANCES); // the k of the first line k*16+s >= i
  return Math.max(0, Math.floor((hi - s) / INSTANCES) - firstOf(lo) + 1);
}

class ServiceError extends Error {
  constructor(type, text, status = 400) {
    super(text);
    this.type = type;
    this.status = status;
  }
}

const checkGroup = input => {
  if (input.logGroupName !== LOG_GROUP) throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
};

const queries = new Map();
const operations = {
  'Logs_20140328.FilterLogEvents'(input) {
    checkGroup(input);
    const names = input.logStreamNames?.length ? input.logStreamNames : undefined;
    const prefix = input.logStreamNamePrefix ?? '';
    const wanted = new Set(STREAMS.map((name, s) => ((names ? names.includes(name) : name.startsWith(prefix)) ? s : -1)).filter(s => s >= 0));
    const at = input.nextToken ? Number(/^f:(\d+)$/.exec(input.nextToken)?.[1] ?? NaN) : 0;
    if (!Number.isSafeInteger(at)) throw new ServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
    const limit = Math.min(PAGE_EVENTS, input.limit ?? PAGE_EVENTS);
    const out = page(wanted.size === INSTANCES ? undefined : wanted, input.startTime ?? 0, input.endTime ?? Infinity, at, true);
    if (out.events.length > limit) out.next = Number(out.events[limit].eventId), out.events.length = limit;
    return { events: out.events, searchedLogStreams: [], ...(out.next !== undefined ? { nextToken: `f:${out.next}` } : {}) };
  },
  'Logs_20140328.GetLogEvents'(input) {
    checkGroup(input);
    const s = streamIndex(input.logStreamName);
    if (s < 0) throw new ServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
    // The token holds the line index to go on from; the first page starts at startTime.
    const at = input.nextToken ? Number(/^f\/(\d+)$/.exec(input.nextToken)?.[1] ?? NaN) : Math.max(0, (input.startTime ?? 0) - T0);
    if (!Number.isSafeInteger(at)) throw new ServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
    const to = input.endTime !== undefined ? input.endTime - 1 : Infinity;
    const out = page(new Set([s]), input.startTime ?? 0, to, at, false);
    const next = out.next ?? (out.events.length ? Math.min(LINES, out.events.at(-1).timestamp - T0 + 1) : at);
    return { events: out.events, nextForwardToken: `f/${next}`, nextBackwardToken: `b/${at}` };
  },
  'Logs_20140328.DescribeLogStreams'(input) {
    checkGroup(input);
    const prefix = input.logStreamNamePrefix ?? '';
    const limit = input.limit ?? 50;
    const from = input.nextToken ? Number(input.nextToken) : 0;
    const matching = STREAMS.filter(name => name.startsWith(prefix));
    const logStreams = matching.slice(from, from + limit).map(name => {
      const s = streamIndex(name);
      const last = T0 + s + INSTANCES * Math.floor((LINES - 1 - s) / INSTANCES);
      return {
        logStreamName: name, creationTime: T0, firstEventTimestamp: T0 + s, lastEventTimestamp: last,
        lastIngestionTime: last + INGESTION_LAG_MS, storedBytes: 0, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${LOG_GROUP}:log-stream:${name}`,
      };
    });
    return { logStreams, ...(from + limit < matching.length ? { nextToken: String(from + limit) } : {}) };
  },
  'Logs_20140328.StartQuery'(input) {
    const groups = input.logGroupName ? [input.logGroupName] : input.logGroupNames ?? [];
    if (!groups.includes(LOG_GROUP)) throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    const prefix = /like \/\^(.*)\/ \|/.exec(input.queryString ?? '')?.[1]?.replace(/\\(.)/g, '$1');
    if (prefix === undefined) throw new ServiceError('MalformedQueryException', `the fake only answers the tailer's line count, not: ${input.queryString}`);
    const queryId = `q-${queries.size + 1}`;
    const from = input.startTime * 1000;
    const to = input.endTime * 1000 + 999;
    queries.set(queryId, STREAMS.map((name, s) => [name, name.startsWith(prefix) ? linesIn(s, from, to) : 0]).filter(([, n]) => n > 0));
    return { queryId };
  },
  'Logs_20140328.GetQueryResults'(input) {
    const counts = queries.get(input.queryId);
    if (!counts) throw new ServiceError('ResourceNotFoundException', 'No such query.');
    return { status: 'Complete', results: counts.map(([name, n]) => [{ field: '@logStream', value: name }, { field: 'lines', value: String(n) }]) };
  },
  'SageMaker.DescribeTrainingJob'(input) {
    if (input.TrainingJobName !== JOB) throw new ServiceError('ValidationException', `Requested resource not found: ${input.TrainingJobName}`);
    const seconds = ms => ms / 1000;
    return {
      TrainingJobName: JOB, TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${JOB}`,
      TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed', SecondaryStatusTransitions: [],
      CreationTime: seconds(T0), TrainingStartTime: seconds(T0), TrainingEndTime: seconds(END), LastModifiedTime: seconds(END),
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: INSTANCES, VolumeSizeInGB: 30 },
      AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
      RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole', StoppingCondition: { MaxRuntimeInSeconds: 86400 },
      ModelArtifacts: { S3ModelArtifacts: `s3://bucket/${JOB}/output/model.tar.gz` },
    };
  },
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    let status = 200;
    let body;
    try {
      const operation = operations[target];
      if (!operation) throw new ServiceError('UnknownOperationException', `the fake does not answer ${target || 'this request'}`);
      body = operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    } catch (error) {
      status = error instanceof ServiceError ? error.status : 500;
      body = { __type: error instanceof ServiceError ? error.type : 'InternalFailure', message: String(error?.message ?? error) };
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': `r-${Date.now()}` });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
