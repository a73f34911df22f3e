/**
 * `sagemaker.utils.repack_model` for a framework model: the job's model.tar.gz with its code (the job's
 * sourcedir.tar.gz) under `code/`, uploaded as a new model.tar.gz. In a temporary folder that is removed
 * afterwards; the archive itself is built by core/deploy/repackArchive.ts.
 * Lives in the AWS bundle (S3 through the connection's clients).
 */
import { promises as fs, createWriteStream, createReadStream } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Upload } from '@aws-sdk/lib-storage';
import type { AwsClients } from './clientFactory';
import { walkTree } from '../core/fsWalk';
import { parseS3Url } from '../core/estimator/channels';
import type { RepackPlan } from '../core/deploy/plan';
import { buildRepackedArchive } from '../core/deploy/repackArchive';

// The repack test imports it from here.
export { codeFolderOf } from '../core/deploy/repackArchive';

async function download(clients: AwsClients, uri: string, file: string, signal?: AbortSignal): Promise<number> {
  const { bucket, key } = parseS3Url(uri);
  const out = await clients.s3().getObject({ Bucket: bucket, Key: key }, signal ? { abortSignal: signal } : {});
  if (!out.Body) throw new Error(`${uri} is empty.`);
  await pipeline(out.Body as Readable, createWriteStream(file), signal ? { signal } : {});
  return (await fs.stat(file)).size;
}

export interface RepackResult {
  /** Size of the repacked model.tar.gz. */
  bytes: number;
  /** Files in it, relative (for messages and tests). */
  entries: number;
}

/** Repacks and uploads; throws with the S3 URI that failed. */
export async function repackModel(clients: AwsClients, plan: RepackPlan, signal?: AbortSignal): Promise<RepackResult> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sagemaker-repack-'));
  try {
    const modelTar = path.join(tmp, 'model.tar.gz');
    try {
      await download(clients, plan.modelData, modelTar, signal);
    } catch (error) {
      throw new Error(`Could not read the model ${plan.modelData} to repack it with its code: ${(error as Error).message}`);
    }
    if (!plan.sourceDir?.toLowerCase().startsWith('s3://')) {
      throw new Error(`The code of the training job is not in S3 (${plan.sourceDir ?? 'no sagemaker_submit_directory'}): it cannot be repacked with the model.`);
    }
    const sourceTar = path.join(tmp, 'sourcedir.tar.gz');
    try {
      await download(clients, plan.sourceDir, sourceTar, signal);
    } catch (error) {
      throw new Error(`Could not read the training code ${plan.sourceDir} to repack the model: ${(error as Error).message}`);
    }
    signal?.throwIfAborted();
    const repacked = path.join(tmp, 'repacked.tar.gz');
    const modelDir = await buildRepackedArchive({ modelTar, sourceTar, workDir: tmp, output: repacked, modelData: plan.modelData });
    const bytes = (await fs.stat(repacked)).size;
    const { bucket, key } = parseS3Url(plan.target);
    const upload = new Upload({
      client: clients.s3().client,
      params: {
        Bucket: bucket, Key: key, Body: createReadStream(repacked),
        // utils._save_model: encrypted at rest always (SessionSettings.encrypt_repacked_artifacts), with the key if any.
        ServerSideEncryption: 'aws:kms',
        ...(plan.kmsKey ? { SSEKMSKeyId: plan.kmsKey } : {}),
        ...(plan.expectedBucketOwner ? { ExpectedBucketOwner: plan.expectedBucketOwner } : {}),
      },
    });
    const onAbort = () => void upload.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await upload.done();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new Error(`Could not upload the repacked model to ${plan.target}: ${(error as Error).message}`);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return { bytes, entries: (await walkTree(modelDir, signal ? { signal } : {})).files.length };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
