/**
 * `Session.upload_data(path, bucket, key_prefix)`: a file or a folder to S3 (keys and URI from
 * `core/upload/uploadData.ts`), into the default bucket `sagemaker-<region>-<account>` (made when missing, uploads
 * checked with `ExpectedBucketOwner`) unless a bucket is given. A few files at a time, each multipart with parts in
 * parallel (`UploadRegistry`). A cancel (`signal`) or a failure aborts every upload in flight and their multipart
 * uploads, and throws an UploadDataIncompleteError saying which files are in S3 whole.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { AwsClients } from './clientFactory';
import { resolveAccount } from './account';
import { ensureBucket } from './bucket';
import { uploadEach } from './uploads';
import { defaultBucketName } from '../core/estimator/request';
import { isAbortError, isLaunchError } from '../core/launch/errors';
import { walkLocalFiles, type LocalFile } from '../core/launch/localFiles';
import type { LaunchProgress } from '../core/launch/progress';
import {
  DEFAULT_KEY_PREFIX, describeIncomplete, planUploadData, UploadDataIncompleteError, type UploadDataPlan, type UploadDataTask,
} from '../core/upload/uploadData';

/** Files uploaded at the same time (each with up to PART_QUEUE_SIZE parts in parallel), as the launch does. */
export const UPLOAD_DATA_FILE_CONCURRENCY = 4;

export interface UploadDataOptions {
  /** A file or a folder. */
  localPath: string;
  /** Default: `sagemaker-<region>-<account>`, created when missing. */
  bucket?: string;
  /** Default: `data`. */
  keyPrefix?: string;
  signal: AbortSignal;
  onProgress(progress: LaunchProgress): void;
}

export interface UploadDataResult {
  s3Uri: string;
  bucket: string;
  bucketCreated: boolean;
  /** Relative paths, in upload order. */
  files: string[];
  bytes: number;
  /** Entries the walk left out (links leaving the folder, special files), one message each. */
  leftOut: string[];
  uploadMs: number;
}

/** Whether the data is a folder (else a file). Throws a plain, actionable Error. */
async function isDataFolder(localPath: string): Promise<boolean> {
  try {
    const info = await stat(localPath);
    if (!info.isDirectory() && !info.isFile()) throw new Error(`${localPath} is neither a file nor a folder: upload a file or a folder of data.`);
    return info.isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') throw new Error(`${localPath} does not exist: give the path of a file or folder of data.`);
    throw error;
  }
}

/** The data's files (for a file: itself, named by its base name). Throws a plain, actionable Error. */
async function listData(localPath: string, isDirectory: boolean, signal: AbortSignal, leftOut: string[]): Promise<{ files: LocalFile[]; isDirectory: boolean }> {
  const files = await walkLocalFiles(localPath, { signal, onWarning: w => leftOut.push(w.message) });
  if (files.length === 0) throw new Error(`The folder ${localPath} holds no files: nothing to upload. Put the data in it, or choose another folder.`);
  if (!isDirectory) files[0] = { ...files[0]!, relativePath: path.basename(localPath) };
  return { files, isDirectory };
}

/** The default bucket, made when missing; the account that must own it. */
async function defaultBucket(clients: AwsClients): Promise<{ bucket: string; owner: string; created: boolean }> {
  const region = await clients.region();
  const account = await resolveAccount(clients);
  const bucket = defaultBucketName(region, account);
  try {
    return { bucket, owner: account, created: (await ensureBucket(clients.s3(), bucket, account, region)) === 'created' };
  } catch (error) {
    if (isLaunchError(error) && error.kind === 'bucket-not-owned') {
      throw new Error(`The S3 bucket ${bucket} exists but does not belong to account ${account} (or this profile may not use it). `
        + 'Nothing was uploaded. Give a bucket of yours (--bucket, or the bucket the command asks for).');
    }
    throw error;
  }
}

export async function uploadData(clients: AwsClients, options: UploadDataOptions): Promise<UploadDataResult> {
  const progress: LaunchProgress = { phase: 'preparing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  const report = (phase?: string): void => {
    if (phase) progress.phase = phase;
    try { options.onProgress({ ...progress }); } catch { /* a broken progress display must not break the upload */ }
  };
  const aborted = (): UploadDataIncompleteError => new UploadDataIncompleteError('Upload cancelled before it started. Nothing was uploaded.', true, [], [], '');
  // A path that is not there is said alone, not after "Preparing the uploads".
  const isDirectory = await isDataFolder(options.localPath);
  report('preparing');
  const leftOut: string[] = [];
  const data = await listData(options.localPath, isDirectory, options.signal, leftOut);
  if (options.signal.aborted) throw aborted();
  report('bucket');
  const target = options.bucket
    ? { bucket: options.bucket, owner: undefined, created: false }
    : await defaultBucket(clients);
  if (options.signal.aborted) throw aborted();
  const plan = planUploadData(data.files, data.isDirectory, target.bucket, options.keyPrefix ?? DEFAULT_KEY_PREFIX);
  progress.filesTotal = plan.tasks.length;
  progress.bytesTotal = plan.tasks.reduce((n, t) => n + t.size, 0);
  const started = Date.now();
  const uploaded = await uploadAll(clients, plan, target.owner, options.signal, progress, report);
  return {
    s3Uri: plan.s3Uri, bucket: target.bucket, bucketCreated: target.created, files: uploaded,
    bytes: progress.bytesTotal, leftOut, uploadMs: Date.now() - started,
  };
}

async function uploadAll(
  clients: AwsClients, plan: UploadDataPlan, owner: string | undefined, signal: AbortSignal,
  progress: LaunchProgress, report: (phase?: string) => void,
): Promise<string[]> {
  report('uploading');
  const uploaded = new Set<UploadDataTask>();
  try {
    await uploadEach({
      s3: clients.s3(), tasks: plan.tasks, concurrency: UPLOAD_DATA_FILE_CONCURRENCY, signal,
      uploadOne: (registry, task, onLoaded) => registry.uploadFile({
        bucket: plan.bucket, key: task.key, size: task.size, path: task.absolutePath,
        onUploaded: loaded => onLoaded(Math.min(loaded, task.size)),
        ...(owner ? { extra: { ExpectedBucketOwner: owner } } : {}),
      }),
      explainFailure: (error, task) => isAbortError(error) ? error : Object.assign(error as object, { failedFile: task.relativePath }),
      onBytes: added => { progress.bytesDone += added; report(); },
      onTaskDone: task => { uploaded.add(task); progress.filesDone++; report(); },
    });
  } catch (error) {
    const done = plan.tasks.filter(t => uploaded.has(t)).map(t => t.relativePath);
    const notDone = plan.tasks.filter(t => !uploaded.has(t)).map(t => t.relativePath);
    const cancelled = signal.aborted;
    const failedFile = (error as { failedFile?: string })?.failedFile;
    const reason = cancelled ? undefined : `${failedFile ? `${failedFile}: ` : ''}${(error as Error)?.message ?? String(error)}`;
    throw new UploadDataIncompleteError(describeIncomplete(cancelled, plan.s3Uri, done, notDone, reason), cancelled, done, notDone, plan.s3Uri, error);
  }
  return plan.tasks.map(t => t.relativePath);
}
