/**
 * Launching a training job from its plan (`buildTrainingJobRequest`): the default bucket if anything goes
 * there, the uploads (local channel data file by file, the code as `sourcedir.tar.gz`), then CreateTrainingJob
 * with exactly the plan's request.
 *
 * Guarantees:
 * - nothing fails half-done: a failure or a cancel before CreateTrainingJob leaves no training job and no
 *   multipart upload behind (objects already uploaded stay, as with the SageMaker Python SDK);
 * - a cancel (`signal`) aborts every upload in flight and throws a LaunchAbortedError; once CreateTrainingJob
 *   has been sent the launch is no longer cancellable (the job may exist), so the signal is not looked at;
 * - AWS's refusals come back as LaunchErrors that say what to do next (see errors.ts).
 */
import type { AwsClients } from './clientFactory';
import { resolveAccount } from './account';
import type { TrainingJobPlan } from '../core/estimator/request';
import { listTarContentsAsync } from '../core/estimator/requestSourcedir';
import { ensureBucket } from './bucket';
import { explainLaunchError, LaunchAbortedError, LaunchError, isAbortError, type ExplainContext } from '../core/launch/errors';
import { walkLocalFiles } from '../core/launch/localFiles';
import type { LaunchProgress } from '../core/launch/progress';
import { bucketOf, joinKey, parseS3Uri, s3UriOf } from '../core/launch/s3Uri';
import { packTarGz, resolveSourceFiles, statTarSources, type StatedTarSource } from '../core/launch/sourceTar';
import { uploadEach, type UploadRegistry } from './uploads';

/** Files uploaded at the same time (each with up to PART_QUEUE_SIZE parts in parallel). */
export const FILE_CONCURRENCY = 4;

export interface LaunchOptions {
  signal: AbortSignal;
  onProgress(progress: LaunchProgress): void;
  /** The account the job runs in (bucket owner check); default: from the default bucket's name, else STS. */
  account?: string;
  /** The job's region (CreateBucket's LocationConstraint); default: the clients' region. */
  region?: string;
}

export interface LaunchResult {
  jobName: string;
  trainingJobArn: string;
  /** Whether the default bucket was created by this launch. */
  bucketCreated: boolean;
  filesUploaded: number;
  bytesUploaded: number;
  /** Files of the code that were left out of sourcedir.tar.gz (not regular files). */
  skipped: string[];
  /** Entries of the code or of local data left out by the walk (symbolic links leaving their folder, loops, ...), one message each. */
  leftOut: string[];
  /** Milliseconds spent uploading. */
  uploadMs: number;
}

interface FileTask {
  kind: 'file';
  absolutePath: string;
  bucket: string;
  key: string;
  size: number;
}

interface TarTask {
  kind: 'tar';
  localPath: string;
  files: StatedTarSource[];
  bucket: string;
  key: string;
  size: number;
  encryption?: { ServerSideEncryption: 'aws:kms'; SSEKMSKeyId?: string };
}

type Task = FileTask | TarTask;

/** The files each planned upload means, with the S3 object each goes to. */
async function planTasks(plan: TrainingJobPlan, signal: AbortSignal): Promise<{ tasks: Task[]; skipped: string[]; leftOut: string[] }> {
  const tasks: Task[] = [];
  const skipped: string[] = [];
  const leftOut: string[] = [];
  for (const upload of plan.uploads) {
    const target = parseS3Uri(upload.s3Uri);
    if (upload.kind === 'sourcedir') {
      let files = upload.files;
      let warnings = upload.listingWarnings ?? [];
      if (upload.listingComplete === false && upload.listingRoots) {
        // The planner's walk ran with the editor's small limits: list the code again, off the main path.
        const listing = await listTarContentsAsync(upload.listingRoots, { signal });
        if (!listing.complete) {
          const limit = listing.warnings.find(w => w.kind === 'limit');
          throw new LaunchError(`The code in ${upload.localPath} could not be listed whole: ${limit?.message ?? 'a walk limit was hit.'}`,
            'local-files', 'Make source_dir a folder of code only (data goes in inputs), without symbolic links that lead into each other.', 'prepare', 'source_dir');
        }
        files = listing.files;
        warnings = listing.warnings;
      }
      leftOut.push(...warnings.map(w => w.message));
      const stated = await statTarSources(resolveSourceFiles({ ...upload, files }));
      skipped.push(...stated.skipped.map(s => s.absolutePath));
      tasks.push({
        kind: 'tar', localPath: upload.localPath, files: stated.files, bucket: target.bucket, key: target.key,
        size: stated.files.reduce((n, f) => n + f.size, 0), ...(upload.encryption ? { encryption: upload.encryption } : {}),
      });
      continue;
    }
    const files = await walkLocalFiles(upload.localPath, { signal, onWarning: w => leftOut.push(w.message) });
    if (files.length === 0) {
      throw new LaunchError(
        `Channel "${upload.channel}": the folder ${upload.localPath} holds no files, so the job would find no data. No training job was created.`,
        'local-files', `Put the data in ${upload.localPath}, or point "inputs" at another folder or an s3:// URI.`, 'prepare', 'inputs',
      );
    }
    const isFolder = upload.s3Uri.endsWith('/');
    for (const file of files) {
      tasks.push({
        kind: 'file', absolutePath: file.absolutePath, bucket: target.bucket, size: file.size,
        // A folder keeps its layout under the channel's prefix; a file is the object the channel names.
        key: isFolder ? joinKey(target.key, file.relativePath) : target.key,
      });
    }
  }
  return { tasks, skipped, leftOut };
}

/** One launch in progress: what it reports, how it fails and how a cancel stops it. */
interface LaunchRun {
  clients: AwsClients;
  plan: TrainingJobPlan;
  options: LaunchOptions;
  progress: LaunchProgress;
  report(phase?: string): void;
  fail(error: unknown, extra?: Partial<ExplainContext>): never;
  checkAborted(): void;
  /**
   * The account that owns the default bucket, once checked: every upload there carries it as
   * `ExpectedBucketOwner`, as the SDK's do (`Session._get_account_id_if_default_bucket`, used by
   * `fw_utils.tar_and_upload_dir` and `Session.upload_data`), so a bucket squatted under the
   * predictable name is refused.
   */
  defaultBucketOwner?: string;
}

export async function launchTrainingJob(clients: AwsClients, plan: TrainingJobPlan, options: LaunchOptions): Promise<LaunchResult> {
  const run = startRun(clients, plan, options);
  const { progress, report, fail, checkAborted } = run;
  checkAborted();
  report('preparing');
  let planned: { tasks: Task[]; skipped: string[]; leftOut: string[] };
  try {
    planned = await planTasks(plan, options.signal);
  } catch (error) {
    fail(error, { stage: 'prepare' });
  }
  const { tasks, skipped, leftOut } = planned!;
  progress.filesTotal = tasks.length;
  progress.bytesTotal = tasks.reduce((n, t) => n + t.size, 0);
  checkAborted();

  const bucketCreated = await ensureDefaultBucket(run, tasks);
  const uploadStarted = Date.now();
  if (tasks.length > 0) await uploadAll(run, tasks);
  const uploadMs = Date.now() - uploadStarted;
  const arn = await createTrainingJob(run);
  return {
    jobName: plan.jobName,
    trainingJobArn: arn ?? '',
    bucketCreated,
    filesUploaded: progress.filesDone,
    bytesUploaded: progress.bytesDone,
    skipped,
    leftOut,
    uploadMs,
  };
}

function startRun(clients: AwsClients, plan: TrainingJobPlan, options: LaunchOptions): LaunchRun {
  const explainCtx: ExplainContext = {
    stage: 'prepare',
    jobName: plan.jobName,
    ...(plan.request.ResourceConfig?.InstanceType ? { instanceType: plan.request.ResourceConfig.InstanceType } : {}),
    ...(clients.settings.profile ? { profile: clients.settings.profile } : {}),
  };
  const progress: LaunchProgress = { phase: 'preparing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  return {
    clients, plan, options, progress,
    fail: (error: unknown, extra: Partial<ExplainContext> = {}): never => {
      throw explainLaunchError(error, { ...explainCtx, ...extra });
    },
    checkAborted: (): void => {
      if (options.signal.aborted) throw new LaunchAbortedError();
    },
    report: (phase?: string): void => {
      if (phase) progress.phase = phase;
      try {
        options.onProgress({ ...progress });
      } catch {
        // A broken progress display must not break the launch.
      }
    },
  };
}

/** The default bucket, only when something goes there. Whether it was created. */
async function ensureDefaultBucket(run: LaunchRun, tasks: Task[]): Promise<boolean> {
  const { clients, plan, options, report, fail, checkAborted } = run;
  let bucketCreated = false;
  const outputBucket = bucketOf(plan.request.OutputDataConfig?.S3OutputPath);
  if (tasks.some(t => t.bucket === plan.defaultBucket) || outputBucket === plan.defaultBucket) {
    report('bucket');
    try {
      const region = options.region ?? (await clients.region());
      const account = options.account ?? /-(\d{12})$/.exec(plan.defaultBucket)?.[1] ?? (await resolveAccount(clients));
      bucketCreated = (await ensureBucket(clients.s3(), plan.defaultBucket, account, region)) === 'created';
      run.defaultBucketOwner = account;
    } catch (error) {
      fail(error, { stage: 'bucket', bucket: plan.defaultBucket });
    }
    checkAborted();
  }
  return bucketCreated;
}

/** The uploads: a few files at a time, each in parallel parts. */
async function uploadAll(run: LaunchRun, tasks: Task[]): Promise<void> {
  const { clients, progress, report } = run;
  const { signal } = run.options;
  report('uploading');
  try {
    await uploadEach({
      s3: clients.s3(), tasks, concurrency: FILE_CONCURRENCY, signal,
      uploadOne: (registry, task, onLoaded) => uploadTask(run, registry, task, onLoaded),
      explainFailure: (error, task) => {
        if (signal.aborted || isAbortError(error)) return new LaunchAbortedError();
        return run.fail(error, { stage: 'upload', localPath: task.kind === 'file' ? task.absolutePath : task.localPath, s3Uri: s3UriOf(task.bucket, task.key) });
      },
      onBytes: added => { progress.bytesDone += added; report(); },
      onTaskDone: () => { progress.filesDone++; report(); },
    });
  } catch (error) {
    // A cancel wins over the errors it caused in the other uploads.
    if (signal.aborted) throw new LaunchAbortedError();
    throw error;
  }
}

/** One file, or one packed source directory. */
async function uploadTask(run: LaunchRun, registry: UploadRegistry, task: Task, onLoaded: (bytes: number) => void): Promise<void> {
  const owner = task.bucket === run.plan.defaultBucket && run.defaultBucketOwner ? { ExpectedBucketOwner: run.defaultBucketOwner } : {};
  if (task.kind === 'file') {
    await registry.uploadFile({
      bucket: task.bucket, key: task.key, size: task.size, path: task.absolutePath,
      onUploaded: loaded => onLoaded(Math.min(loaded, task.size)),
      extra: owner,
    });
  } else {
    let read = 0;
    await registry.upload({
      bucket: task.bucket, key: task.key,
      body: packTarGz(task.files, { onBytes: n => { read += n; onLoaded(read); } }),
      extra: { ...task.encryption, ...owner },
    });
  }
}

/** CreateTrainingJob; its ARN (also when the SDK's retry found the job this launch created). */
async function createTrainingJob({ clients, plan, report, fail, checkAborted }: LaunchRun): Promise<string | undefined> {
  // The last moment a cancel is honoured: past this point the job may exist.
  checkAborted();
  report('creating');
  const launchedAt = Date.now();
  let arn: string | undefined;
  try {
    arn = (await clients.sageMaker().createTrainingJob(plan.request)).TrainingJobArn;
  } catch (error) {
    arn = await ownRetriedCreation(clients, plan, error, launchedAt);
    if (!arn) fail(error, { stage: 'create' });
  }
  report('created');
  return arn;
}

/**
 * When the SDK retried CreateTrainingJob (a time-out after SageMaker had already created the job), the retry
 * fails with "already exists": that job is ours if it was created by this launch. Returns its ARN then.
 */
async function ownRetriedCreation(clients: AwsClients, plan: TrainingJobPlan, error: unknown, launchedAt: number): Promise<string | undefined> {
  const e = error as { name?: string; $metadata?: { attempts?: number } };
  if (e?.name !== 'ResourceInUse' || (e.$metadata?.attempts ?? 1) <= 1) return undefined;
  try {
    const job = await clients.sageMaker().describeTrainingJob({ TrainingJobName: plan.jobName });
    const created = job.CreationTime?.getTime() ?? 0;
    return created >= launchedAt - 5_000 && job.RoleArn === plan.request.RoleArn ? job.TrainingJobArn : undefined;
  } catch {
    return undefined;
  }
}
