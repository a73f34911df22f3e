import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAwsError, isNotFoundError } from '../../../src/core/connection/errors';

test('missing credentials name the ways to provide them', () => {
  const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
  const problem = classifyAwsError(error);
  assert.equal(problem.kind, 'no-credentials');
  assert.match(problem.nextStep, /Select AWS Profile|aws configure/);
});

test('an expired SSO token says which login to run', () => {
  const problem = classifyAwsError(Object.assign(new Error('The SSO session associated with this profile has expired'), { name: 'TokenProviderError' }), 'dev');
  assert.equal(problem.kind, 'expired-token');
  assert.equal(problem.nextStep, 'Run "aws sso login --profile dev" and retry.');
});

test('AccessDenied is classified with the service message kept', () => {
  const problem = classifyAwsError(Object.assign(new Error('User is not authorized to perform sagemaker:ListTrainingJobs'), { name: 'AccessDeniedException' }));
  assert.equal(problem.kind, 'access-denied');
  assert.match(problem.message, /not authorized to perform sagemaker:ListTrainingJobs/);
});

test('an unreachable endpoint points at the endpoint setting', () => {
  const problem = classifyAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
  assert.equal(problem.kind, 'unreachable');
  assert.match(problem.nextStep, /sagemaker.endpointUrl/);
});

test('anything else keeps its message', () => {
  const problem = classifyAwsError('boom');
  assert.equal(problem.kind, 'other');
  assert.equal(problem.message, 'boom');
});

test('an expired SSO session (a CredentialsProviderError) is an expired session, not missing credentials', () => {
  const error = Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' });
  const problem = classifyAwsError(error, 'ml-dev');
  assert.equal(problem.kind, 'expired-token');
  assert.match(problem.message, /profile "ml-dev"/);
  assert.equal(problem.nextStep, 'Run "aws sso login --profile ml-dev" and retry.');
  assert.equal(classifyAwsError(Object.assign(new Error('Token is expired. To refresh this SSO session run \'aws sso login\' with the corresponding profile.'), { name: 'TokenProviderError' })).kind, 'expired-token');
  assert.equal(classifyAwsError(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' })).kind, 'expired-token');
});

test('a message that merely contains "sso" is not taken for an expired session', () => {
  const problem = classifyAwsError(Object.assign(new Error('The specified bucket sso-artifacts-111122223333 does not exist'), { name: 'NoSuchBucket' }));
  assert.equal(problem.kind, 'other');
  assert.equal(classifyAwsError(Object.assign(new Error('Profile sso-dev could not be found'), { name: 'ProfileNotFound' })).kind, 'other');
});

test('not found: what SageMaker and CloudWatch Logs answer a name they do not have, and nothing else', () => {
  const error = (name: string, message: string) => Object.assign(new Error(message), { name });
  for (const found of [
    error('ValidationException', 'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/nope".'),
    error('ValidationException', 'Requested resource not found.'),
    error('ValidationException', 'Model nope does not exist.'),
    error('ResourceNotFoundException', 'The specified log group does not exist.'),
    error('ResourceNotFound', 'Resource not found'),
  ]) assert.equal(isNotFoundError(found), true, found.message);
  for (const other of [
    error('ValidationException', '1 validation error detected: Value at \'instanceType\' failed to satisfy constraint'),
    error('NoSuchBucket', 'The specified bucket does not exist'),
    error('CredentialsProviderError', 'Profile dev could not be found'),
    error('AccessDeniedException', 'User is not authorized to perform sagemaker:DescribeEndpoint'),
  ]) assert.equal(isNotFoundError(other), false, other.message);
  assert.equal(isNotFoundError('not found'), false);
});

test('a name AWS does not know is not worth retrying: the next step is its name and region', () => {
  const problem = classifyAwsError(Object.assign(new Error('Could not find training job \'arn:aws:sagemaker:us-east-1:123456789012:training-job/nope\'.'), { name: 'ValidationException' }));
  assert.equal(problem.kind, 'other');
  assert.equal(problem.nextStep, 'Check the name, and the region (SageMaker: Select AWS Region): it may be in another region, or deleted.');
  assert.match(classifyAwsError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).nextStep, /^Retry/);
});
