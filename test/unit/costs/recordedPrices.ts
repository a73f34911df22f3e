/** The recorded GetProducts pages of test/fixtures/pricing, parsed as the extension parses them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addPriceListPage, emptyRegionPrices, type RegionPrices } from '../../../src/core/costs/prices';

export const PRICING_FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/pricing');

export function recordedPage(n: 1 | 2): { PriceList: string[]; NextToken?: string } {
  return JSON.parse(fs.readFileSync(path.join(PRICING_FIXTURES, `getProducts-us-east-1-page${n}.json`), 'utf8'));
}

export function recordedPrices(): RegionPrices {
  const prices = emptyRegionPrices('us-east-1', new Date('2026-12-01T00:00:00Z'));
  addPriceListPage(prices, recordedPage(1).PriceList);
  addPriceListPage(prices, recordedPage(2).PriceList);
  return prices;
}
