import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAwsError } from '../../../src/core/connection/errors';

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
