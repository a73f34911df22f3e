import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { asksForWarmPool, warmPoolWarnings } from '../../../src/core/costs/warmPoolReuse';

function request(resources: CreateTrainingJobRequest['ResourceConfig']): CreateTrainingJobRequest {
  return { TrainingJobName: 'next', RoleArn: 'arn:aws:iam::123456789012:role/R', OutputDataConfig: { S3OutputPath: 's3://b/o' },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 }, AlgorithmSpecification: { TrainingInputMode: 'File', TrainingImage: 'i' },
    ResourceConfig: resources! };
}
const pools = [{ jobName: 'old', instanceType: 'ml.m5.large', instanceCount: 1 }];

test('only a job that keeps its own instances warm on SageMaker looks for live pools', () => {
  assert.equal(asksForWarmPool(request({ InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 600 })), true);
  assert.equal(asksForWarmPool(request({ InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30 })), false);
  assert.equal(asksForWarmPool(request({ InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 0 })), false);
  assert.equal(asksForWarmPool(request({ InstanceType: 'local' as 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 600 })), false);
});

test('a pool on another instance type or count is named; the same type and count, or no pool asked for, says nothing', () => {
  const [warning] = warmPoolWarnings(request({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 600 }), pools);
  assert.match(warning!, /old \(ml\.m5\.large × 1\); this job asks for ml\.m5\.xlarge × 1/);
  assert.match(warmPoolWarnings(request({ InstanceType: 'ml.m5.large', InstanceCount: 2, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 600 }), pools)[0]!, /ml\.m5\.large × 2/);
  assert.deepEqual(warmPoolWarnings(request({ InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 600 }), pools), []);
  assert.deepEqual(warmPoolWarnings(request({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }), pools), []);
});
