/**
 * `npm run bench`: a launch's uploads, through the code the launch runs (`launchTrainingJob`: the default bucket,
 * every file of a local channel, then CreateTrainingJob) and the S3 client of `clientFactory`, against an emulator.
 */
import { createAwsClients } from '../src/aws/clientFactory';
import { launchTrainingJob } from '../src/aws/launchTrainingJob';

export interface LaunchUploadResult {
  uploadMs: number;
  files: number;
  bytes: number;
}

export async function benchLaunchUpload(options: { endpointUrl: string; dataDir: string; account: string; region: string }): Promise<LaunchUploadResult> {
  const { account, region } = options;
  const clients = createAwsClients({ region, endpointUrl: options.endpointUrl });
  const jobName = `bench-uploads-${Date.now()}`;
  const bucket = `sagemaker-${region}-${account}`;
  try {
    const result = await launchTrainingJob(clients, {
      jobName, imageUri: 'img:1', defaultBucket: bucket,
      uploads: [{ kind: 'channel', channel: 'train', localPath: options.dataDir, s3Uri: `s3://${bucket}/${jobName}/input/train/` }],
      request: {
        TrainingJobName: jobName,
        AlgorithmSpecification: { TrainingImage: 'img:1', TrainingInputMode: 'File' },
        RoleArn: `arn:aws:iam::${account}:role/SageMakerRole`,
        InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket}/${jobName}/input/train/` } } }],
        OutputDataConfig: { S3OutputPath: `s3://${bucket}/` },
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 86400 },
      },
    }, { signal: new AbortController().signal, onProgress: () => undefined, account, region });
    return { uploadMs: result.uploadMs, files: result.filesUploaded, bytes: result.bytesUploaded };
  } finally {
    clients.destroy();
  }
}
