/** InvokeEndpoint requests are checked against the API model (src/core/api) before they are sent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClients } from '../../../src/aws/clientFactory';
import { invokeEndpoint } from '../../../src/aws/invokeEndpoint';
import { InvokeFailure } from '../../../src/core/invoke/types';

function fakeClients(): { clients: AwsClients; sent: unknown[] } {
  const sent: unknown[] = [];
  const runtime = {
    invokeEndpoint: async (input: unknown) => {
      sent.push(input);
      return { $metadata: { httpStatusCode: 200 }, Body: new Uint8Array([123, 125]), ContentType: 'application/json' };
    },
  };
  return { clients: { sageMakerRuntime: () => runtime } as unknown as AwsClients, sent };
}

test('a request the API model refuses is not sent, and says which member', async () => {
  const { clients, sent } = fakeClients();
  await assert.rejects(
    invokeEndpoint(clients, 'my-endpoint', { body: new Uint8Array([1]), targetVariant: 'bad_variant' }),
    (error: unknown) => error instanceof InvokeFailure && error.name === 'ValidationError' && /TargetVariant/.test(error.message),
  );
  await assert.rejects(
    invokeEndpoint(clients, 'an_endpoint_name_with_underscores', { body: new Uint8Array([1]) }),
    (error: unknown) => error instanceof InvokeFailure && /EndpointName/.test(error.message),
  );
  assert.equal(sent.length, 0);
});

test('a request the API model accepts is sent as planned', async () => {
  const { clients, sent } = fakeClients();
  const out = await invokeEndpoint(clients, 'my-endpoint', { body: new Uint8Array([1, 2]), contentType: 'text/csv', targetVariant: 'AllTraffic' });
  assert.equal(out.status, 200);
  assert.deepEqual(sent, [{ EndpointName: 'my-endpoint', Body: new Uint8Array([1, 2]), ContentType: 'text/csv', TargetVariant: 'AllTraffic' }]);
});
