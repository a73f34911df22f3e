/**
 * What a failed launch says: which step failed, in AWS's words where AWS refused, and what to do next
 * (a quota to raise, an estimator field to fix, a profile to choose). Pure: no AWS SDK, no VS Code, so that
 * both the lazily loaded AWS bundle (which throws these) and the extension (which shows them) can use it.
 */
import { classifyAwsError, type AwsProblemKind } from '../connection/errors';

export type LaunchErrorKind =
  | 'quota'
  | 'validation'
  | 'job-exists'
  | 'bucket-not-owned'
  | 'no-such-bucket'
  | 'local-files'
  | AwsProblemKind;

/** Where the launch was when it failed; before `create` no training job exists. */
export type LaunchStage = 'prepare' | 'bucket' | 'upload' | 'create';

export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(
    /** What went wrong, one or two sentences (without the next step). */
    readonly summary: string,
    readonly kind: LaunchErrorKind,
    /** What the user should do now. */
    readonly nextStep: string,
    readonly stage: LaunchStage,
    /** The estimator.json field the problem most likely comes from. */
    readonly field?: string,
    override readonly cause?: unknown,
  ) {
    super(joinSentences(summary, nextStep));
  }
}

/** `a` and `b` as two sentences: a full stop after `a` unless it already ends a sentence. */
export function joinSentences(a: string, b: string): string {
  const first = a.trim();
  const second = b.trim();
  if (!first || !second) return first || second;
  return `${/[.!?)"']$/.test(first) ? first : `${first}.`} ${second}`;
}

/** Thrown when the launch is cancelled: no training job was created. */
export class LaunchAbortedError extends Error {
  override readonly name = 'AbortError';
  readonly kind = 'aborted';
  constructor(message = 'The launch was cancelled; no training job was created.') {
    super(message);
  }
}

/** The shape of a LaunchError, checked by its fields (the class may come from the other bundle). */
export interface LaunchErrorLike {
  name: 'LaunchError';
  message: string;
  summary: string;
  kind: LaunchErrorKind;
  nextStep: string;
  stage: LaunchStage;
  field?: string;
}

export function isLaunchError(error: unknown): error is LaunchErrorLike {
  const e = error as Partial<LaunchErrorLike> | null;
  return typeof e === 'object' && e !== null && e.name === 'LaunchError' && typeof e.kind === 'string' && typeof e.nextStep === 'string';
}

/** A cancellation: ours, lib-storage's ("Upload aborted.") or a stream's. */
export function isAbortError(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | null;
  return typeof e === 'object' && e !== null && (e.name === 'AbortError' || e.code === 'ABORT_ERR');
}

interface AwsErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function awsName(error: unknown): string {
  const e = (error ?? {}) as AwsErrorLike;
  return e.name ?? e.Code ?? e.code ?? '';
}

function awsMessage(error: unknown): string {
  const e = error as AwsErrorLike | null;
  const text = e && typeof e === 'object' ? e.message : String(error);
  return (text && text !== 'UnknownError' ? text : awsName(error) || 'unknown error').trim();
}

/** SageMaker's request fields (as its messages name them) and the estimator.json field each comes from. Most specific first. */
const FIELD_PATTERNS: [RegExp, string][] = [
  [/outputDataConfig\.kmsKeyId|output.{0,20}kms/i, 'output_kms_key'],
  [/volumeKmsKeyId|volume.{0,20}kms/i, 'volume_kms_key'],
  [/keepAlivePeriodInSeconds/i, 'keep_alive_period_in_seconds'],
  [/instanceGroups/i, 'instance_groups'],
  [/instanceType|instance type/i, 'instance_type'],
  [/instanceCount|instance count/i, 'instance_count'],
  [/volumeSizeInGB|volume size/i, 'volume_size'],
  [/maxWaitTimeInSeconds/i, 'max_wait'],
  [/maxRuntimeInSeconds|stoppingCondition/i, 'max_run'],
  [/enableManagedSpotTraining|spot/i, 'use_spot_instances'],
  [/checkpointConfig/i, 'checkpoint_s3_uri'],
  [/s3OutputPath|outputDataConfig|output path/i, 'output_path'],
  [/roleArn|assume role|execution role|\brole\b/i, 'role'],
  [/trainingImage|image|repository/i, 'image_uri'],
  [/hyperParameters|hyperparameter/i, 'hyperparameters'],
  [/inputDataConfig|channel|S3DataSource|S3Uri/i, 'inputs'],
  [/metricDefinitions|metric definition/i, 'metric_definitions'],
  [/trainingJobName|job name/i, 'job_name'],
  [/vpcConfig\.subnets|subnet/i, 'subnets'],
  [/securityGroupIds|security group/i, 'security_group_ids'],
  [/environment/i, 'environment'],
  [/\btags?\b/i, 'tags'],
  [/debugRuleConfigurations|debugHookConfig/i, 'rules'],
  [/profilerConfig|profilerRuleConfigurations/i, 'profiler_config'],
  [/tensorBoardOutputConfig/i, 'tensorboard_output_config'],
  [/retryStrategy/i, 'max_retry_attempts'],
];

/** The estimator field a SageMaker validation message most likely comes from, if it is obvious. */
export function fieldOfValidationMessage(message: string): string | undefined {
  for (const [pattern, field] of FIELD_PATTERNS) if (pattern.test(message)) return field;
  return undefined;
}

export interface ExplainContext {
  stage: LaunchStage;
  jobName: string;
  /** The estimator's instance type (for quota messages). */
  instanceType?: string;
  /** The profile in use (for `aws sso login --profile`). */
  profile?: string;
  /** For upload failures: what was being uploaded where. */
  localPath?: string;
  s3Uri?: string;
  /** The default bucket, for the bucket stage. */
  bucket?: string;
}

const NO_JOB = 'No training job was created.';

/** A LaunchError (summary + next step) for anything a launch step threw. LaunchErrors pass through. */
export function explainLaunchError(error: unknown, ctx: ExplainContext): LaunchError | LaunchAbortedError {
  if (error instanceof LaunchError || error instanceof LaunchAbortedError) return error;
  if (isAbortError(error)) return new LaunchAbortedError();
  const name = awsName(error);
  const message = awsMessage(error);
  const where =
    ctx.stage === 'create'
      ? `SageMaker did not create training job ${ctx.jobName}:`
      : ctx.stage === 'bucket'
        ? `The S3 bucket ${ctx.bucket ?? ''} could not be prepared:`
        : ctx.stage === 'upload'
          ? `Uploading ${ctx.localPath ?? 'local data'}${ctx.s3Uri ? ` to ${ctx.s3Uri}` : ''} failed:`
          : 'The launch could not start:';
  const summary = (text: string): string => (ctx.stage === 'create' ? `${where} ${text}` : joinSentences(`${where} ${text}`, NO_JOB));

  if (name === 'ResourceLimitExceeded' || /ResourceLimitExceeded|service limit|quota/i.test(name)) {
    const type = ctx.instanceType ?? 'this instance type';
    return new LaunchError(
      summary(message),
      'quota',
      `Request a quota increase for "${type} for training job usage" in Service Quotas (Amazon SageMaker), or use a smaller or other instance type in "instance_type".`,
      ctx.stage,
      'instance_type',
      error,
    );
  }
  if (name === 'ResourceInUse' && /already exists|must be unique/i.test(message)) {
    return new LaunchError(
      summary(message),
      'job-exists',
      `Change "job_name" in estimator.json (or remove it, so that each launch gets a new name with a timestamp).`,
      ctx.stage,
      'job_name',
      error,
    );
  }
  if (name === 'ValidationException' || name === 'ValidationError') {
    const field = fieldOfValidationMessage(message);
    return new LaunchError(
      summary(message),
      'validation',
      field
        ? `Check "${field}" in estimator.json (Preview Training Job Request shows what is sent), then launch again.`
        : 'Check estimator.json against this message (Preview Training Job Request shows what is sent), then launch again.',
      ctx.stage,
      field,
      error,
    );
  }
  if (name === 'NoSuchBucket') {
    const bucket = ctx.s3Uri ? /^s3:\/\/([^/]+)/i.exec(ctx.s3Uri)?.[1] : ctx.bucket;
    return new LaunchError(
      summary(`the bucket ${bucket ?? ''} does not exist.`.trim()),
      'no-such-bucket',
      'Create the bucket (in the job\'s region), or point "output_path" / "code_location" at a bucket of yours.',
      ctx.stage,
      ctx.stage === 'upload' ? 'code_location' : undefined,
      error,
    );
  }
  if (typeof (error as { code?: string })?.code === 'string' && /^E(NOENT|ACCES|PERM|ISDIR|NOTDIR|LOOP)$/.test((error as { code: string }).code)) {
    return new LaunchError(summary(message), 'local-files', 'Check the local paths in estimator.json ("inputs", "source_dir", "entry_point", "dependencies").', ctx.stage, undefined, error);
  }
  const problem = classifyAwsError(error, ctx.profile);
  if (problem.kind === 'access-denied' && (ctx.stage === 'upload' || ctx.stage === 'bucket')) {
    return new LaunchError(
      summary(`AWS refused the call: ${message}`),
      'access-denied',
      'Make sure the profile may call s3:PutObject (and s3:CreateBucket for the default bucket) on that bucket, or pick another profile.',
      ctx.stage,
      undefined,
      error,
    );
  }
  if (problem.kind === 'other') {
    return new LaunchError(summary(message), 'other', problem.nextStep, ctx.stage, undefined, error);
  }
  return new LaunchError(summary(problem.message), problem.kind, problem.nextStep, ctx.stage, undefined, error);
}
