/**
 * `npm run bench`: a launch's uploads, through the code the launch runs (`launchTrainingJob`: the default bucket,
 * every file of a local channel, then CreateTrainingJob) and the S3 client of `clientFactory`, against an emulator;
 * and the check, for every side of the bench, that each file arrived whole (key, size and MD5 ETag).
 */
import { createAwsClients } from '../src/aws/clientFactory';
import { launchTrainingJob } from '../src/aws/launchTrainingJob';

export interface LaunchUploadResult {
  uploadMs: number;
  files: number;
  bytes: number;
  /** Where the files went: s3://bucket/prefix (the channel's S3 prefix). */
  bucket: string;
  prefix: string;
}

export async function benchLaunchUpload(options: { endpointUrl: string; dataDir: string; account: string; region: string }): Promise<LaunchUploadResult> {
  const { account, region } = options;
  const clients = createAwsClients({ region, endpointUrl: options.endpointUrl });
  const jobName = `bench-uploads-${Date.now()}`;
  const bucket = `sagemaker-${region}-${account}`;
  const prefix = `${jobName}/input/train/`;
  try {
    const result = await launchTrainingJob(clients, {
      jobName, imageUri: 'img:1', defaultBucket: bucket,
      uploads: [{ kind: 'channel', channel: 'train', localPath: options.dataDir, s3Uri: `s3://${bucket}/${prefix}` }],
      request: {
        TrainingJobName: jobName,
        AlgorithmSpecification: { TrainingImage: 'img:1', TrainingInputMode: 'File' },
        RoleArn: `arn:aws:iam::${account}:role/SageMakerRole`,
        InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket}/${prefix}` } } }],
        OutputDataConfig: { S3OutputPath: `s3://${bucket}/` },
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 86400 },
      },
    }, { signal: new AbortController().signal, onProgress: () => undefined, account, region });
    return { uploadMs: result.uploadMs, files: result.filesUploaded, bytes: result.bytesUploaded, bucket, prefix };
  } finally {
    clients.destroy();
  }
}

/** A file the bench made: its path relative to the data folder ('/'-separated), size and MD5 (hex). */
export interface ExpectedFile {
  relativePath: string;
  size: number;
  md5: string;
}

export interface ArrivalCheck {
  objects: number;
  bytes: number;
  /** Files with no object, objects of the wrong size or ETag, and objects no file explains. */
  problems: string[];
}

/**
 * Lists s3://bucket/prefix and compares it with the files: one object per file, of its size, and (for an object
 * sent in one PutObject, whose ETag is its MD5) of its content.
 */
export async function checkArrived(options: { endpointUrl: string; region: string; bucket: string; prefix: string; expected: ExpectedFile[] }): Promise<ArrivalCheck> {
  const clients = createAwsClients({ region: options.region, endpointUrl: options.endpointUrl });
  const expected = new Map(options.expected.map(f => [f.relativePath, f]));
  const seen = new Set<string>();
  const problems: string[] = [];
  let objects = 0;
  let bytes = 0;
  try {
    let token: string | undefined;
    do {
      const page = await clients.s3().listObjectsV2({ Bucket: options.bucket, Prefix: options.prefix, ContinuationToken: token });
      for (const object of page.Contents ?? []) {
        objects++;
        bytes += object.Size ?? 0;
        const relativePath = (object.Key ?? '').slice(options.prefix.length);
        const file = expected.get(relativePath);
        const etag = (object.ETag ?? '').replace(/"/g, '');
        if (!file) problems.push(`unexpected object ${object.Key}`);
        else if (object.Size !== file.size) problems.push(`${object.Key}: ${object.Size} bytes, the file has ${file.size}`);
        else if (!etag.includes('-') && etag !== file.md5) problems.push(`${object.Key}: ETag ${etag}, the file's MD5 is ${file.md5}`);
        seen.add(relativePath);
      }
      token = page.NextContinuationToken;
    } while (token);
    for (const path of expected.keys()) if (!seen.has(path)) problems.push(`missing ${options.prefix}${path}`);
    return { objects, bytes, problems };
  } finally {
    clients.destroy();
  }
}
