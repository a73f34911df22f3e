// The Price List client wrapper, through the one client factory, against a local server answering GetProducts
// (AWS JSON 1.1) with the recorded pages: the real SDK client, no internet.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsClients } from '../../../src/aws/clientFactory';
import { fetchSageMakerPrices } from '../../../src/aws/prices';
import { recordedPage } from '../costs/recordedPrices';

const requests: { target: string | undefined; body: Record<string, unknown>; authorization: string | undefined }[] = [];
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', chunk => { text += chunk; });
  req.on('end', () => {
    const body = JSON.parse(text) as Record<string, unknown>;
    requests.push({ target: req.headers['x-amz-target'] as string | undefined, body, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body.NextToken === 'page-2' ? recordedPage(2) : recordedPage(1)));
  });
});
after(() => server.close());

test('fetchSageMakerPrices pages GetProducts through the factory\'s Pricing client, signed for the nearest API region', async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const clients = createAwsClients({ region: 'eu-west-1', endpointUrl: `http://127.0.0.1:${port}` }, { env: {} });
  try {
    const prices = await fetchSageMakerPrices(clients, 'us-east-1');
    assert.equal(prices.training['ml.g5.xlarge']?.usdPerHour, 1.408);
    assert.equal(prices.hosting['ml.m5.xlarge']?.usdPerHour, 0.23);
    assert.deepEqual(requests.map(r => [r.target, r.body.NextToken ?? null]), [
      ['AWSPriceListService.GetProducts', null], ['AWSPriceListService.GetProducts', 'page-2'],
    ]);
    assert.deepEqual(requests[0]!.body.Filters, [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }]);
    assert.match(requests[0]!.authorization ?? '', /\/us-east-1\/pricing\/aws4_request/);
  } finally {
    clients.destroy();
    process.env = saved;
  }
});
