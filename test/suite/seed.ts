import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, CreateTrainingJobCommand, type Tag } from '@aws-sdk/client-sagemaker';
import { motoClients } from './support';

export const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
export const PCA_IMAGE = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1';

export async function seedTrainingJob(name: string, options: { instanceCount?: number; tags?: Tag[] } = {}): Promise<void> {
  await motoClients().sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: PCA_IMAGE, TrainingInputMode: 'File' },
    HyperParameters: { feature_dim: '4', num_components: '3' },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/pca/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
    ResourceConfig: { InstanceType: 'ml.m4.xlarge', InstanceCount: options.instanceCount ?? 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    ...(options.tags ? { Tags: options.tags } : {}),
  }));
}

export async function seedEndpoint(name: string): Promise<void> {
  const sm = motoClients().sageMaker().client;
  await sm.send(new CreateModelCommand({ ModelName: `${name}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: PCA_IMAGE } }));
  await sm.send(new CreateEndpointConfigCommand({
    EndpointConfigName: `${name}-config`,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-model`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
  }));
  await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
}
