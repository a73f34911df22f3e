/**
 * The job page's model: what the page shows of a training job, from DescribeTrainingJob (cloud) or job.json
 * (local), as plain JSON for the webview. Pure: no AWS SDK, no VS Code.
 */
import { isTerminalStatus, sageMakerConsoleUrl } from '../facts';
import { formatDuration } from '../format';
import { metricDefinitionsOf } from '../logs/metrics';
import { timelineOf, toMillis, type TimelineEntry, type TransitionLike } from './timeline';

export interface ChannelView {
  name: string;
  /** s3://…, fs-… path, or the local file/folder. */
  source: string;
  kind: 's3' | 'efs' | 'fsx' | 'file' | 'other';
  detail: string[];
}

export interface FinalMetricView {
  name: string;
  value: number;
  timestamp?: number;
}

export interface JobPageView {
  name: string;
  arn?: string;
  local: boolean;
  region?: string;
  status: string;
  secondaryStatus?: string;
  /** The current secondary status' message. */
  statusMessage?: string;
  failureReason?: string;
  /** Terminal status: nothing changes any more. */
  done: boolean;
  created?: number;
  trainingStart?: number;
  trainingEnd?: number;
  lastModified?: number;
  elapsedText?: string;
  timeline: TimelineEntry[];
  config: {
    image?: string;
    algorithmName?: string;
    inputMode?: string;
    instanceType?: string;
    instanceCount: number;
    volumeGb?: number;
    role?: string;
    entryPoint?: string;
    channels: ChannelView[];
    hyperparameters: [string, string][];
    environment: [string, string][];
    maxRuntimeText?: string;
    maxWaitText?: string;
    spot: boolean;
    checkpointS3Uri?: string;
    checkpointLocalPath?: string;
    retryAttempts?: number;
    vpc?: string;
  };
  outputs: {
    modelArtifacts?: string;
    outputPath?: string;
    outputArtifacts?: string;
    consoleUrl?: string;
  };
  billing: {
    instanceCount: number;
    billableSeconds?: number;
    trainingSeconds?: number;
    /** "123 s × 2 instances = 246 instance-seconds (4m 06s)". */
    billableText?: string;
    spotSavingsPercent?: number;
  };
  metricDefinitions: { name: string; regex: string }[];
  metricProblems: string[];
  finalMetrics: FinalMetricView[];
}


/** The fields of DescribeTrainingJob the page reads (structural: the SDK's output fits). */
export interface CloudJobLike {
  TrainingJobName?: string;
  TrainingJobArn?: string;
  TrainingJobStatus?: string;
  SecondaryStatus?: string;
  FailureReason?: string;
  HyperParameters?: Record<string, string>;
  AlgorithmSpecification?: { TrainingImage?: string; AlgorithmName?: string; TrainingInputMode?: string; MetricDefinitions?: unknown };
  RoleArn?: string;
  InputDataConfig?: Array<{
    ChannelName?: string;
    DataSource?: {
      S3DataSource?: { S3Uri?: string; S3DataType?: string; S3DataDistributionType?: string };
      FileSystemDataSource?: { FileSystemId?: string; FileSystemType?: string; DirectoryPath?: string; FileSystemAccessMode?: string };
    };
    ContentType?: string;
    CompressionType?: string;
    InputMode?: string;
  }>;
  OutputDataConfig?: { S3OutputPath?: string };
  ResourceConfig?: { InstanceType?: string; InstanceCount?: number; VolumeSizeInGB?: number; InstanceGroups?: Array<{ InstanceType?: string; InstanceCount?: number }> };
  VpcConfig?: { Subnets?: string[]; SecurityGroupIds?: string[] };
  StoppingCondition?: { MaxRuntimeInSeconds?: number; MaxWaitTimeInSeconds?: number };
  CreationTime?: Date | string | number;
  TrainingStartTime?: Date | string | number;
  TrainingEndTime?: Date | string | number;
  LastModifiedTime?: Date | string | number;
  SecondaryStatusTransitions?: TransitionLike[];
  FinalMetricDataList?: Array<{ MetricName?: string; Value?: number; Timestamp?: Date | string | number }>;
  ModelArtifacts?: { S3ModelArtifacts?: string };
  EnableManagedSpotTraining?: boolean;
  CheckpointConfig?: { S3Uri?: string; LocalPath?: string };
  TrainingTimeInSeconds?: number;
  BillableTimeInSeconds?: number;
  Environment?: Record<string, string>;
  RetryStrategy?: { MaximumRetryAttempts?: number };
}

function channelOf(c: NonNullable<CloudJobLike['InputDataConfig']>[number]): ChannelView {
  const detail: string[] = [];
  const s3 = c.DataSource?.S3DataSource;
  const fs = c.DataSource?.FileSystemDataSource;
  let source = '';
  let kind: ChannelView['kind'] = 'other';
  if (s3) {
    source = s3.S3Uri ?? '';
    kind = 's3';
    if (s3.S3DataType && s3.S3DataType !== 'S3Prefix') detail.push(s3.S3DataType);
    if (s3.S3DataDistributionType) detail.push(s3.S3DataDistributionType);
  } else if (fs) {
    source = `${fs.FileSystemId ?? ''}${fs.DirectoryPath ?? ''}`;
    kind = fs.FileSystemType === 'FSxLustre' ? 'fsx' : 'efs';
    detail.push(fs.FileSystemType ?? '', fs.FileSystemAccessMode ?? '');
  }
  if (c.ContentType) detail.push(c.ContentType);
  if (c.CompressionType && c.CompressionType !== 'None') detail.push(c.CompressionType);
  if (c.InputMode) detail.push(c.InputMode);
  return { name: c.ChannelName ?? '', source, kind, detail: detail.filter(Boolean) };
}

const seconds = (s: number | undefined) => (s === undefined ? undefined : `${s.toLocaleString('en-US')} s (${formatDuration(s * 1000)})`);

export function billingOf(instanceCount: number, billable: number | undefined, training: number | undefined, spot: boolean): JobPageView['billing'] {
  const billing: JobPageView['billing'] = { instanceCount };
  if (training !== undefined) billing.trainingSeconds = training;
  if (billable !== undefined) {
    billing.billableSeconds = billable;
    const total = billable * instanceCount;
    billing.billableText = instanceCount > 1
      ? `${billable.toLocaleString('en-US')} s × ${instanceCount} instances = ${total.toLocaleString('en-US')} instance-seconds (${formatDuration(total * 1000)})`
      : `${billable.toLocaleString('en-US')} s (${formatDuration(billable * 1000)})`;
    if (spot && training && training > 0) billing.spotSavingsPercent = Math.round((1 - billable / training) * 1000) / 10;
  }
  return billing;
}

function sortedEntries(record: Record<string, string> | undefined): [string, string][] {
  return Object.entries(record ?? {}).filter(([, v]) => typeof v === 'string').sort(([a], [b]) => a.localeCompare(b));
}

export function modelFromCloudJob(job: CloudJobLike, region: string | undefined, now: number, metricProblems: string[] = []): JobPageView {
  const status = job.TrainingJobStatus ?? 'Unknown';
  const done = isTerminalStatus(status);
  const timeline = timelineOf(job.SecondaryStatusTransitions, now, done);
  const rc = job.ResourceConfig ?? {};
  const groups = rc.InstanceGroups ?? [];
  const instanceCount = rc.InstanceCount ?? groups.reduce((n, g) => n + (g.InstanceCount ?? 0), 0) ?? 1;
  const instanceType = rc.InstanceType ?? (groups.length ? groups.map(g => `${g.InstanceType} × ${g.InstanceCount}`).join(', ') : undefined);
  const spot = job.EnableManagedSpotTraining === true;
  const created = toMillis(job.CreationTime);
  const end = toMillis(job.TrainingEndTime) ?? (done ? toMillis(job.LastModifiedTime) : undefined);
  const name = job.TrainingJobName ?? '';
  const view: JobPageView = {
    name,
    local: false,
    status,
    done,
    timeline,
    config: {
      instanceCount: instanceCount || 1,
      channels: (job.InputDataConfig ?? []).map(channelOf),
      hyperparameters: sortedEntries(job.HyperParameters),
      environment: sortedEntries(job.Environment),
      spot,
    },
    outputs: {},
    billing: billingOf(instanceCount || 1, job.BillableTimeInSeconds, job.TrainingTimeInSeconds, spot),
    metricDefinitions: metricDefinitionsOf(job.AlgorithmSpecification).map(d => ({ name: d.Name, regex: d.Regex })),
    metricProblems,
    finalMetrics: (job.FinalMetricDataList ?? [])
      .filter(m => typeof m.MetricName === 'string' && typeof m.Value === 'number')
      .map(m => ({ name: m.MetricName!, value: m.Value!, ...(toMillis(m.Timestamp) !== undefined ? { timestamp: toMillis(m.Timestamp)! } : {}) })),
  };
  if (job.TrainingJobArn) view.arn = job.TrainingJobArn;
  if (region) {
    view.region = region;
    if (name) view.outputs.consoleUrl = sageMakerConsoleUrl(region, 'trainingJob', name);
  }
  if (job.SecondaryStatus) view.secondaryStatus = job.SecondaryStatus;
  const current = timeline[timeline.length - 1];
  if (current?.message) view.statusMessage = current.message;
  if (job.FailureReason) view.failureReason = job.FailureReason;
  if (created !== undefined) {
    view.created = created;
    view.elapsedText = formatDuration((end ?? now) - created);
  }
  const started = toMillis(job.TrainingStartTime);
  if (started !== undefined) view.trainingStart = started;
  if (end !== undefined) view.trainingEnd = end;
  const modified = toMillis(job.LastModifiedTime);
  if (modified !== undefined) view.lastModified = modified;
  const alg = job.AlgorithmSpecification ?? {};
  if (alg.TrainingImage) view.config.image = alg.TrainingImage;
  if (alg.AlgorithmName) view.config.algorithmName = alg.AlgorithmName;
  if (alg.TrainingInputMode) view.config.inputMode = alg.TrainingInputMode;
  if (instanceType) view.config.instanceType = instanceType;
  if (rc.VolumeSizeInGB !== undefined) view.config.volumeGb = rc.VolumeSizeInGB;
  if (job.RoleArn) view.config.role = job.RoleArn;
  const maxRun = seconds(job.StoppingCondition?.MaxRuntimeInSeconds);
  if (maxRun) view.config.maxRuntimeText = maxRun;
  const maxWait = seconds(job.StoppingCondition?.MaxWaitTimeInSeconds);
  if (maxWait) view.config.maxWaitText = maxWait;
  if (job.CheckpointConfig?.S3Uri) view.config.checkpointS3Uri = job.CheckpointConfig.S3Uri;
  if (job.CheckpointConfig?.LocalPath) view.config.checkpointLocalPath = job.CheckpointConfig.LocalPath;
  if (job.RetryStrategy?.MaximumRetryAttempts !== undefined) view.config.retryAttempts = job.RetryStrategy.MaximumRetryAttempts;
  if (job.VpcConfig?.Subnets?.length) view.config.vpc = `${job.VpcConfig.Subnets.join(', ')} · ${(job.VpcConfig.SecurityGroupIds ?? []).join(', ')}`;
  if (job.ModelArtifacts?.S3ModelArtifacts && (status === 'Completed' || status === 'Stopped')) view.outputs.modelArtifacts = job.ModelArtifacts.S3ModelArtifacts;
  if (job.OutputDataConfig?.S3OutputPath) view.outputs.outputPath = job.OutputDataConfig.S3OutputPath;
  return view;
}

/** job.json of a local job (the fields the page reads). */
export interface LocalJobLike {
  TrainingJobName: string;
  TrainingJobStatus: string;
  SecondaryStatus?: string;
  FailureReason?: string;
  HyperParameters?: Record<string, string>;
  AlgorithmSpecification?: { TrainingImage?: string; TrainingInputMode?: string; MetricDefinitions?: unknown };
  ResourceConfig?: { InstanceType?: string; InstanceCount?: number; VolumeSizeInGB?: number };
  StoppingCondition?: { MaxRuntimeInSeconds?: number };
  InputDataConfig?: Array<{ ChannelName?: string; Source?: string; LocalPath?: string; ContentType?: string; Staging?: string }>;
  Environment?: Record<string, string>;
  CreationTime?: string;
  TrainingStartTime?: string;
  TrainingEndTime?: string;
  LastModifiedTime?: string;
  TrainingTimeInSeconds?: number;
  SecondaryStatusTransitions?: TransitionLike[];
  ModelArtifacts?: { LocalPath?: string };
  OutputArtifacts?: { LocalPath?: string };
  FinalMetricDataList?: Array<{ MetricName?: string; Value?: number; Timestamp?: string }>;
  JobDir?: string;
  EntryPoint?: string;
  SourceDir?: string;
  Framework?: string;
}

export function modelFromLocalJob(job: LocalJobLike, now: number, metricProblems: string[] = []): JobPageView {
  const cloudLike: CloudJobLike = {
    TrainingJobName: job.TrainingJobName,
    TrainingJobStatus: job.TrainingJobStatus,
    ...(job.SecondaryStatus ? { SecondaryStatus: job.SecondaryStatus } : {}),
    ...(job.FailureReason ? { FailureReason: job.FailureReason } : {}),
    ...(job.HyperParameters ? { HyperParameters: job.HyperParameters } : {}),
    ...(job.AlgorithmSpecification ? { AlgorithmSpecification: job.AlgorithmSpecification } : {}),
    ...(job.ResourceConfig ? { ResourceConfig: job.ResourceConfig } : {}),
    ...(job.StoppingCondition ? { StoppingCondition: job.StoppingCondition } : {}),
    ...(job.Environment ? { Environment: job.Environment } : {}),
    ...(job.CreationTime ? { CreationTime: job.CreationTime } : {}),
    ...(job.TrainingStartTime ? { TrainingStartTime: job.TrainingStartTime } : {}),
    ...(job.TrainingEndTime ? { TrainingEndTime: job.TrainingEndTime } : {}),
    ...(job.LastModifiedTime ? { LastModifiedTime: job.LastModifiedTime } : {}),
    ...(job.SecondaryStatusTransitions ? { SecondaryStatusTransitions: job.SecondaryStatusTransitions } : {}),
    ...(job.FinalMetricDataList ? { FinalMetricDataList: job.FinalMetricDataList } : {}),
  };
  const view = modelFromCloudJob(cloudLike, undefined, now, metricProblems);
  view.local = true;
  view.config.channels = (job.InputDataConfig ?? []).map(c => ({
    name: c.ChannelName ?? '',
    source: c.Source ?? c.LocalPath ?? '',
    kind: /^s3:\/\//i.test(c.Source ?? '') ? 's3' : 'file',
    detail: [c.ContentType, c.Staging].filter((d): d is string => !!d),
  }));
  if (job.EntryPoint) view.config.entryPoint = job.SourceDir ? `${job.EntryPoint} in ${job.SourceDir}` : job.EntryPoint;
  if (job.Framework && !view.config.image) view.config.image = `${job.Framework} (runs on this machine, no container)`;
  if (job.TrainingTimeInSeconds !== undefined) view.billing.trainingSeconds = job.TrainingTimeInSeconds;
  if (job.ModelArtifacts?.LocalPath) view.outputs.modelArtifacts = job.ModelArtifacts.LocalPath;
  if (job.OutputArtifacts?.LocalPath) view.outputs.outputArtifacts = job.OutputArtifacts.LocalPath;
  if (job.JobDir) view.outputs.outputPath = job.JobDir;
  return view;
}
