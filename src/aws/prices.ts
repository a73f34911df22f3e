/**
 * SageMaker's on-demand prices of one region, read from the Price List Query API in the API region nearest to it.
 * The paging and parsing are the core's (`core/costs/priceSource.ts`); this only hands it the client.
 */
import type { AwsClients } from './clientFactory';
import { priceListApiRegion, type RegionPrices } from '../core/costs/prices';
import { fetchRegionPrices } from '../core/costs/priceSource';

export async function fetchSageMakerPrices(clients: AwsClients, region: string, signal?: AbortSignal): Promise<RegionPrices> {
  const api = clients.pricing(priceListApiRegion(region));
  return fetchRegionPrices({
    getProducts: async input => {
      const answer = await api.getProducts(input, signal ? { abortSignal: signal } : undefined);
      return { ...(answer.PriceList ? { PriceList: answer.PriceList } : {}), ...(answer.NextToken ? { NextToken: answer.NextToken } : {}) };
    },
  }, region, new Date());
}
