import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAwsClients } from '../../../src/aws/clientFactory';
import { checkEndpointUrlVariables, endpointUrlProblem, isLoopbackHost } from '../../../src/core/connection/endpointUrl';

test('http:// is accepted only to loopback; https:// anywhere', () => {
  for (const url of ['https://sagemaker.us-east-1.amazonaws.com', 'https://10.0.0.5:8443', 'http://127.0.0.1:5000', 'http://127.9.8.7',
    'http://localhost:4566', 'http://LOCALHOST', 'http://moto.localhost:5000', 'http://[::1]:5000']) {
    assert.equal(endpointUrlProblem(url), undefined, url);
  }
  for (const url of ['http://10.0.0.5:5000', 'http://example.com', 'http://127.0.0.1.example.com', 'http://localhost.example.com',
    'http://128.0.0.1', 'http://[::2]', 'http://0.0.0.0:5000']) {
    assert.match(endpointUrlProblem(url) ?? '', /plain http:\/\/ to .*unencrypted\. Use https:\/\/, or http:\/\/ only to this machine \(127\.0\.0\.1, localhost or \[::1\]\)\./, url);
  }
  assert.match(endpointUrlProblem('ftp://127.0.0.1') ?? '', /uses ftp:\/\/, which AWS calls cannot use/);
  assert.match(endpointUrlProblem('127.0.0.1:5000') ?? '', /uses 127\.0\.0\.1:\/\/|is not a URL/);
  assert.match(endpointUrlProblem('not a url') ?? '', /is not a URL such as https:/);
  assert.equal(isLoopbackHost('127.0.0.256'), false);
});

test('createAwsClients refuses an http:// endpoint off this machine, naming where it came from', () => {
  assert.throws(() => createAwsClients({ endpointUrl: 'http://10.1.2.3:5000', region: 'us-east-1' }, { endpointUrlSource: 'The setting "sagemaker.endpointUrl"', env: {} }),
    { name: 'EndpointUrlError', message: /^The setting "sagemaker\.endpointUrl" "http:\/\/10\.1\.2\.3:5000" sends AWS calls over plain http:\/\/ to 10\.1\.2\.3/ });
  const local = createAwsClients({ endpointUrl: 'http://127.0.0.1:5000', region: 'us-east-1' }, { env: {} });
  assert.equal(local.settings.endpointUrl, 'http://127.0.0.1:5000');
  local.destroy();
});

test('the AWS_ENDPOINT_URL* variables stay allowed, but not http:// off this machine', () => {
  const ok = createAwsClients({ region: 'us-east-1' }, { env: { AWS_ENDPOINT_URL: 'https://vpce.example.com', AWS_ENDPOINT_URL_S3: 'http://localhost:9000' } });
  ok.destroy();
  assert.throws(() => createAwsClients({ region: 'us-east-1' }, { env: { AWS_ENDPOINT_URL_S3: 'http://files.example.com' } }),
    { name: 'EndpointUrlError', message: /^The environment variable AWS_ENDPOINT_URL_S3 "http:\/\/files\.example\.com" sends AWS calls over plain http:\/\// });
  // An explicit endpoint replaces the variables for every client, so they are not what calls use.
  createAwsClients({ region: 'us-east-1', endpointUrl: 'https://vpce.example.com' }, { env: { AWS_ENDPOINT_URL: 'http://files.example.com' } }).destroy();
  // Variables of services this project does not call, and variables the SDK is told to ignore, are not checked.
  checkEndpointUrlVariables({ AWS_ENDPOINT_URL_DYNAMODB: 'http://db.example.com' });
  checkEndpointUrlVariables({ AWS_ENDPOINT_URL: 'http://files.example.com', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
});
