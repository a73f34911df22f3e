/** The default bucket (`sagemaker-<region>-<account>`), made on first use as the SageMaker Python SDK's `Session.default_bucket()` does. */
import type { S3Api } from './clients/s3';
import { LaunchError } from '../core/launch/errors';

interface S3ErrorLike {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const status = (error: unknown): number | undefined => (error as S3ErrorLike)?.$metadata?.httpStatusCode;
const nameOf = (error: unknown): string => (error as S3ErrorLike)?.name ?? '';

function notOwned(bucket: string, account: string, cause: unknown): LaunchError {
  return new LaunchError(
    `The S3 bucket ${bucket} exists but does not belong to account ${account} (or this profile may not use it). No training job was created.`,
    'bucket-not-owned',
    'Set "output_path" (and "code_location" for the code) to an s3:// location in a bucket of yours.',
    'bucket',
    'output_path',
    cause,
  );
}

/**
 * Makes sure `bucket` exists and belongs to `account`: HeadBucket with `ExpectedBucketOwner`; when it is missing,
 * CreateBucket in `region` (a LocationConstraint everywhere but us-east-1). Returns whether it was created.
 * A bucket of someone else's is a LaunchError (`bucket-not-owned`); other failures are thrown as they are.
 */
export async function ensureBucket(s3: S3Api, bucket: string, account: string, region: string): Promise<'exists' | 'created'> {
  try {
    await s3.headBucket({ Bucket: bucket, ExpectedBucketOwner: account });
    return 'exists';
  } catch (error) {
    const code = status(error);
    if (code === 403 || nameOf(error) === 'Forbidden') throw notOwned(bucket, account, error);
    if (!(code === 404 || nameOf(error) === 'NotFound' || nameOf(error) === 'NoSuchBucket')) throw error;
  }
  try {
    await s3.createBucket({
      Bucket: bucket,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    });
    return 'created';
  } catch (error) {
    const name = nameOf(error);
    if (name === 'BucketAlreadyOwnedByYou') return 'exists';
    if (name === 'OperationAborted') {
      // Another launch is creating it right now: fine once it is there and ours.
      await s3.headBucket({ Bucket: bucket, ExpectedBucketOwner: account }).catch(e => {
        throw status(e) === 403 ? notOwned(bucket, account, e) : e;
      });
      return 'exists';
    }
    if (name === 'BucketAlreadyExists') throw notOwned(bucket, account, error);
    throw error;
  }
}
