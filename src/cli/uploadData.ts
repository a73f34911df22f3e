import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { uploadData } from '../aws/uploadData';
import { checkBucketName, checkKeyPrefix, isUploadDataIncomplete } from '../core/upload/uploadData';
import { AwsCommandError, awsFailure, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, note, progressNotes } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const UPLOAD_DATA_USAGE = `upload-data <path> [--bucket B] [--key-prefix P] ${GLOBAL_USAGE}`;

export const UPLOAD_DATA_HELP = `Upload a file or a folder to S3 as sagemaker_session.upload_data(path, bucket, key_prefix) does, and print the
S3 URI to give an estimator's "inputs" (stdout; with --json, {"S3Uri", "Bucket", "Files", "Bytes"}).
  --bucket B        the bucket (default: sagemaker-<region>-<account>, created when missing)
  --key-prefix P    the key prefix (default: data)
A folder's files go to <prefix>/<path in the folder> and the URI is s3://<bucket>/<prefix>; a file goes to
<prefix>/<its name> and the URI names that object. Large files are uploaded in parts, several at a time, with
progress on stderr. Ctrl-C aborts the uploads in flight (no partial upload is left in S3), says which files were
uploaded completely, and exits 130.`;

/** `sagemaker-estimator upload-data`: upload_data, progress on stderr, the URI on stdout. */
export async function uploadDataCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, options: { ...GLOBAL_OPTIONS, bucket: { type: 'string' }, 'key-prefix': { type: 'string' } }, allowPositionals: true, strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(`upload-data takes one file or folder. Usage: sagemaker-estimator ${UPLOAD_DATA_USAGE}`);
  const bucketProblem = values.bucket !== undefined ? checkBucketName(values.bucket) : undefined;
  if (bucketProblem) throw new UsageError(`--bucket ${bucketProblem}`);
  const prefixProblem = values['key-prefix'] !== undefined ? checkKeyPrefix(values['key-prefix']) : undefined;
  if (prefixProblem) throw new UsageError(`--key-prefix: ${prefixProblem}`);
  const localPath = path.resolve(io.cwd, positionals[0]!);
  const clients = cliClients(values, io);
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  const onProgress = progressNotes(values, io, '');
  try {
    const result = await uploadData(clients, {
      localPath, signal: controller.signal, onProgress,
      ...(values.bucket !== undefined ? { bucket: values.bucket } : {}),
      ...(values['key-prefix'] !== undefined ? { keyPrefix: values['key-prefix'] } : {}),
    });
    for (const message of result.leftOut) note(values, io, `Left out: ${message}`);
    if (result.bucketCreated) note(values, io, `Created the bucket ${result.bucket}.`);
    note(values, io, `Uploaded ${result.files.length} file${result.files.length === 1 ? '' : 's'} (${(result.bytes / 1_000_000).toFixed(1)} MB) in ${(result.uploadMs / 1000).toFixed(1)} s.`);
    io.stdout.write(values.json
      ? `${JSON.stringify({ S3Uri: result.s3Uri, Bucket: result.bucket, Files: result.files.length, Bytes: result.bytes })}\n`
      : `${result.s3Uri}\n`);
    return 0;
  } catch (error) {
    if (isUploadDataIncomplete(error)) {
      if (error.cancelled) {
        io.stderr.write(`sagemaker-estimator: ${error.message}\n`);
        return 130;
      }
      // AWS refused (exit 3), or a local file could not be read (exit 1).
      if ((error.cause as { $metadata?: unknown })?.$metadata !== undefined) throw new AwsCommandError(error.message);
      throw error;
    }
    if (controller.signal.aborted) {
      io.stderr.write('sagemaker-estimator: upload cancelled (Ctrl-C) before any file was uploaded.\n');
      return 130;
    }
    if ((error as { $metadata?: unknown })?.$metadata !== undefined || error instanceof AwsCommandError) {
      throw error instanceof AwsCommandError ? error : awsFailure(`upload ${positionals[0]}`, error, clients.settings.profile);
    }
    throw error;
  } finally {
    unsubscribe();
    clients.destroy();
  }
}
