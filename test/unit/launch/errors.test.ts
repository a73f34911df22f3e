import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explainLaunchError,
  fieldOfValidationMessage,
  isAbortError,
  isLaunchError,
  joinSentences,
  LaunchAbortedError,
  LaunchError,
} from '../../../src/core/launch/errors';

const aws = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const ctx = { stage: 'create' as const, jobName: 'pca-1', instanceType: 'ml.p3.2xlarge' };

test('ResourceLimitExceeded names the quota to raise for the instance type', () => {
  const e = explainLaunchError(aws('ResourceLimitExceeded',
    "The account-level service limit 'ml.p3.2xlarge for training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances."), ctx);
  assert.ok(e instanceof LaunchError);
  assert.equal(e.kind, 'quota');
  assert.equal(e.field, 'instance_type');
  assert.match(e.message, /^SageMaker did not create training job pca-1: The account-level service limit/);
  assert.match(e.nextStep, /quota increase for "ml\.p3\.2xlarge for training job usage" in Service Quotas/);
  assert.match(e.nextStep, /smaller or other instance type/);
  assert.ok(e.message.endsWith(e.nextStep));
});

test('ValidationException keeps SageMaker\'s message and names the estimator field', () => {
  const cases: [string, string | undefined][] = [
    ["1 validation error detected: Value 'ml.m9.huge' at 'resourceConfig.instanceType' failed to satisfy constraint", 'instance_type'],
    ['Could not assume role arn:aws:iam::123456789012:role/Nope. Please ensure that the role exists and allows principal \'sagemaker.amazonaws.com\' to assume the role.', 'role'],
    ["Value '5' at 'stoppingCondition.maxRuntimeInSeconds' failed", 'max_run'],
    ['MaxWaitTimeInSeconds must be greater than or equal to MaxRuntimeInSeconds', 'max_wait'],
    ["Value at 'outputDataConfig.kmsKeyId' failed", 'output_kms_key'],
    ["Value at 'resourceConfig.volumeKmsKeyId' failed", 'volume_kms_key'],
    ['Invalid TrainingImage: repository does not exist', 'image_uri'],
    ["Value at 'hyperParameters' failed to satisfy constraint: Map value must satisfy constraint", 'hyperparameters'],
    ['Something completely different happened', undefined],
  ];
  for (const [message, field] of cases) {
    assert.equal(fieldOfValidationMessage(message), field, message);
    const e = explainLaunchError(aws('ValidationException', message), ctx) as LaunchError;
    assert.equal(e.kind, 'validation');
    assert.ok(e.message.includes(message));
    if (field) assert.match(e.nextStep, new RegExp(`Check "${field}" in estimator\\.json`));
    else assert.match(e.nextStep, /Check estimator\.json against this message/);
  }
});

test('an existing job name says to change job_name', () => {
  const e = explainLaunchError(aws('ResourceInUse', 'Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:...)'), ctx) as LaunchError;
  assert.equal(e.kind, 'job-exists');
  assert.equal(e.field, 'job_name');
});

test('credential problems keep the connection\'s next step; upload refusals say which S3 permission', () => {
  const noCreds = explainLaunchError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), { ...ctx, stage: 'bucket' }) as LaunchError;
  assert.equal(noCreds.kind, 'no-credentials');
  assert.match(noCreds.message, /No training job was created/);
  assert.match(noCreds.nextStep, /Select AWS Profile|aws configure/);
  const expired = explainLaunchError(aws('ExpiredTokenException', 'The security token included in the request is expired'), { ...ctx, profile: 'dev' }) as LaunchError;
  assert.equal(expired.kind, 'expired-token');
  assert.match(expired.nextStep, /aws sso login --profile dev/);
  const denied = explainLaunchError(aws('AccessDenied', 'Access Denied', 403), { ...ctx, stage: 'upload', localPath: '/d/x.csv', s3Uri: 's3://b/k' }) as LaunchError;
  assert.equal(denied.kind, 'access-denied');
  assert.match(denied.message, /^Uploading \/d\/x\.csv to s3:\/\/b\/k failed: AWS refused the call: Access Denied/);
  assert.match(denied.nextStep, /s3:PutObject/);
  const deniedCreate = explainLaunchError(aws('AccessDeniedException', 'User is not authorized to perform: sagemaker:CreateTrainingJob'), ctx) as LaunchError;
  assert.equal(deniedCreate.kind, 'access-denied');
});

test('a missing bucket, local file problems and anything else', () => {
  const noBucket = explainLaunchError(aws('NoSuchBucket', 'The specified bucket does not exist', 404), { ...ctx, stage: 'upload', s3Uri: 's3://code-bucket/x/sourcedir.tar.gz' }) as LaunchError;
  assert.equal(noBucket.kind, 'no-such-bucket');
  assert.match(noBucket.message, /the bucket code-bucket does not exist/);
  const local = explainLaunchError(Object.assign(new Error("ENOENT: no such file or directory, stat '/d/train'"), { code: 'ENOENT' }), { ...ctx, stage: 'prepare' }) as LaunchError;
  assert.equal(local.kind, 'local-files');
  const other = explainLaunchError(aws('InternalFailure', 'We encountered an internal error.', 500), ctx) as LaunchError;
  assert.equal(other.kind, 'other');
  assert.match(other.message, /internal error/);
  // Passes LaunchErrors through.
  assert.equal(explainLaunchError(other, ctx), other);
});

test('aborts are recognised and become LaunchAbortedError', () => {
  const libStorage = Object.assign(new Error('Upload aborted.'), { name: 'AbortError' });
  assert.ok(isAbortError(libStorage));
  assert.ok(isAbortError(new LaunchAbortedError()));
  assert.ok(isAbortError(Object.assign(new Error('x'), { code: 'ABORT_ERR' })));
  assert.ok(!isAbortError(new Error('x')));
  assert.ok(explainLaunchError(libStorage, ctx) instanceof LaunchAbortedError);
  assert.match(new LaunchAbortedError().message, /no training job was created/);
});

test('isLaunchError recognises the shape (the class may come from the other bundle)', () => {
  assert.ok(isLaunchError(new LaunchError('s', 'quota', 'n', 'create')));
  assert.ok(isLaunchError({ name: 'LaunchError', kind: 'other', nextStep: 'x', message: 'm', summary: 's', stage: 'create' }));
  assert.ok(!isLaunchError(new Error('x')));
  assert.ok(!isLaunchError(undefined));
});

test('joinSentences puts a full stop between sentences only where one is missing', () => {
  assert.equal(joinSentences('Access Denied', 'Pick another profile.'), 'Access Denied. Pick another profile.');
  assert.equal(joinSentences('It failed.', 'Retry.'), 'It failed. Retry.');
  assert.equal(joinSentences('Quoted "x"', 'Retry.'), 'Quoted "x" Retry.');
  assert.equal(joinSentences('', 'Retry.'), 'Retry.');
  assert.equal(joinSentences('Alone', ''), 'Alone');
});

test('the message is the summary and the next step as sentences', () => {
  const e = explainLaunchError(aws('ValidationException', 'Value at resourceConfig.instanceType failed'), ctx) as LaunchError;
  assert.equal(e.message, `${e.summary}. ${e.nextStep}`);
  const upload = explainLaunchError(aws('AccessDenied', 'Access Denied', 403), { ...ctx, stage: 'upload', localPath: '/x' }) as LaunchError;
  assert.match(upload.summary, /Access Denied\. No training job was created\.$/);
});
