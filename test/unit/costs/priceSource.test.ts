import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fetchRegionPrices, jsonFilePriceStore, pricesFor, type PriceListApi } from '../../../src/core/costs/priceSource';
import type { RegionPrices } from '../../../src/core/costs/prices';
import { tempDir } from '../tempDir';
import { recordedPage } from './recordedPrices';

/** Serves the two recorded GetProducts pages, by NextToken, and keeps the requests. */
function recordedApi(): PriceListApi & { requests: Parameters<PriceListApi['getProducts']>[0][] } {
  const requests: Parameters<PriceListApi['getProducts']>[0][] = [];
  return {
    requests,
    getProducts: async input => {
      requests.push(input);
      return input.NextToken === 'page-2' ? recordedPage(2) : recordedPage(1);
    },
  };
}

test('GetProducts is paged through NextToken, filtered on the service and the region', async () => {
  const api = recordedApi();
  const prices = await fetchRegionPrices(api, 'us-east-1', new Date('2026-12-04T00:00:00Z'));
  assert.equal(api.requests.length, 2);
  assert.deepEqual(api.requests[0], {
    ServiceCode: 'AmazonSageMaker', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }], FormatVersion: 'aws_v1', MaxResults: 100,
  });
  assert.equal(api.requests[1]!.NextToken, 'page-2');
  assert.equal(prices.training['ml.m5.xlarge']?.usdPerHour, 0.23);
  assert.equal(prices.hosting['ml.c5.xlarge']?.usdPerHour, 0.204);
  assert.equal(prices.fetchedAt, '2026-12-04T00:00:00.000Z');
});

test('a fresh cache is used without a call; a week-old one is refreshed and written back', async () => {
  const store = jsonFilePriceStore(path.join(tempDir('sm-prices-'), 'global'), fs);
  const api = recordedApi();
  const fetch = (region: string) => fetchRegionPrices(api, region, new Date('2026-12-01T00:00:00Z'));
  const first = await pricesFor('us-east-1', { store, fetch, now: new Date('2026-12-01T00:00:00Z') });
  assert.equal(first.offline, false);
  assert.equal(api.requests.length, 2);
  const second = await pricesFor('us-east-1', { store, fetch, now: new Date('2026-12-07T00:00:00Z') });
  assert.equal(second.prices?.training['ml.m5.xlarge']?.usdPerHour, 0.23);
  assert.equal(api.requests.length, 2, 'no call for a cache younger than a week');
  await pricesFor('us-east-1', { store, fetch, now: new Date('2026-12-09T00:00:00Z') });
  assert.equal(api.requests.length, 4, 'a week-old cache is read again');
});

test('offline: a stale cache is used and marked offline; without a cache prices are unknown', async () => {
  const store = jsonFilePriceStore(path.join(tempDir('sm-prices-'), 'global'), fs);
  const cached: RegionPrices = { region: 'eu-west-1', fetchedAt: '2026-10-01T00:00:00.000Z', training: { 'ml.m5.xlarge': { usdPerHour: 0.26 } }, hosting: {} };
  await store.write(cached);
  const unreachable = async (): Promise<RegionPrices> => { throw new Error('getaddrinfo ENOTFOUND api.pricing.eu-central-1.amazonaws.com'); };
  const answer = await pricesFor('eu-west-1', { store, fetch: unreachable, now: new Date('2026-12-04T00:00:00Z') });
  assert.deepEqual(answer, { prices: cached, offline: true, error: 'getaddrinfo ENOTFOUND api.pricing.eu-central-1.amazonaws.com' });
  const none = await pricesFor('us-west-2', { store, fetch: unreachable, now: new Date() });
  assert.equal(none.prices, undefined);
  assert.equal(none.offline, true);
});
