import {
  S3Client,
  HeadBucketCommand, type HeadBucketCommandInput, type HeadBucketCommandOutput,
  CreateBucketCommand, type CreateBucketCommandInput, type CreateBucketCommandOutput,
  GetObjectCommand, type GetObjectCommandInput, type GetObjectCommandOutput,
  PutObjectCommand, type PutObjectCommandInput, type PutObjectCommandOutput,
  ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput,
  AbortMultipartUploadCommand, type AbortMultipartUploadCommandInput, type AbortMultipartUploadCommandOutput,
} from '@aws-sdk/client-s3';
import type { CallOptions } from './callOptions';

/** The S3Client operations this extension calls, one method each, named after the operation. */
export class S3Api {
  constructor(readonly client: S3Client) {}

  headBucket(input: HeadBucketCommandInput, options?: CallOptions): Promise<HeadBucketCommandOutput> {
    return this.client.send(new HeadBucketCommand(input), options);
  }

  createBucket(input: CreateBucketCommandInput, options?: CallOptions): Promise<CreateBucketCommandOutput> {
    return this.client.send(new CreateBucketCommand(input), options);
  }

  getObject(input: GetObjectCommandInput, options?: CallOptions): Promise<GetObjectCommandOutput> {
    return this.client.send(new GetObjectCommand(input), options);
  }

  putObject(input: PutObjectCommandInput, options?: CallOptions): Promise<PutObjectCommandOutput> {
    return this.client.send(new PutObjectCommand(input), options);
  }

  listObjectsV2(input: ListObjectsV2CommandInput, options?: CallOptions): Promise<ListObjectsV2CommandOutput> {
    return this.client.send(new ListObjectsV2Command(input), options);
  }

  abortMultipartUpload(input: AbortMultipartUploadCommandInput, options?: CallOptions): Promise<AbortMultipartUploadCommandOutput> {
    return this.client.send(new AbortMultipartUploadCommand(input), options);
  }
}
