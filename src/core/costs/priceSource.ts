/**
 * Where prices come from: the Price List Query API (through a small interface, so tests hand it recorded pages),
 * kept in a cache with the date they were read. A cached list younger than a week is used as is; an older one is
 * refreshed, and used anyway (marked offline) when the API cannot be reached. No list at all leaves prices unknown.
 */
import {
  addPriceListPage, emptyRegionPrices, isStale, PRICE_LIST_SERVICE_CODE, priceListFilters, type RegionPrices,
} from './prices';

/** The one operation of the Price List Query API we call (`GetProducts`), as its client wrapper offers it. */
export interface PriceListApi {
  getProducts(input: {
    ServiceCode: string;
    Filters: { Type: 'TERM_MATCH'; Field: string; Value: string }[];
    FormatVersion: 'aws_v1';
    NextToken?: string;
    MaxResults?: number;
  }): Promise<{ PriceList?: string[]; NextToken?: string }>;
}

/** A runaway NextToken chain stops here (SageMaker's list of one region is a few dozen pages of 100). */
const MAX_PAGES = 500;

/** Every page of SageMaker's products in `region`, parsed into its prices. */
export async function fetchRegionPrices(api: PriceListApi, region: string, now: Date): Promise<RegionPrices> {
  const prices = emptyRegionPrices(region, now);
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api.getProducts({
      ServiceCode: PRICE_LIST_SERVICE_CODE,
      Filters: priceListFilters(region),
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      ...(token ? { NextToken: token } : {}),
    });
    addPriceListPage(prices, answer.PriceList ?? []);
    token = answer.NextToken;
    if (!token) return prices;
  }
  throw new Error(`The price list of ${region} did not end after ${MAX_PAGES} pages; prices stay unknown.`);
}

/** Where the prices are kept between sessions (the extension's global storage, a CLI cache folder). */
export interface PriceStore {
  read(region: string): Promise<RegionPrices | undefined>;
  write(prices: RegionPrices): Promise<void>;
}

export interface PricesAnswer {
  prices?: RegionPrices;
  /** True when the cached list is used because the API could not be reached. */
  offline: boolean;
  /** Why the API could not be reached. */
  error?: string;
}

export async function pricesFor(
  region: string, source: { store: PriceStore; fetch: (region: string) => Promise<RegionPrices>; now: Date },
): Promise<PricesAnswer> {
  const cached = await source.store.read(region).catch(() => undefined);
  if (cached && cached.region === region && !isStale(cached, source.now)) return { prices: cached, offline: false };
  try {
    const fresh = await source.fetch(region);
    await source.store.write(fresh).catch(() => undefined);
    return { prices: fresh, offline: false };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    return cached && cached.region === region ? { prices: cached, offline: true, error: message } : { offline: true, error: message };
  }
}

/** A store of one JSON file per region in `folder`, through injected file operations (Node's fs/promises fits). */
export function jsonFilePriceStore(
  folder: string,
  fsOps: { readFile(file: string, encoding: 'utf8'): Promise<string>; writeFile(file: string, text: string): Promise<void>; mkdir(dir: string, o: { recursive: true }): Promise<unknown> },
): PriceStore {
  const fileOf = (region: string) => `${folder}/sagemaker-prices-${region.replace(/[^a-z0-9-]/gi, '_')}.json`;
  return {
    read: async region => JSON.parse(await fsOps.readFile(fileOf(region), 'utf8')) as RegionPrices,
    write: async prices => {
      await fsOps.mkdir(folder, { recursive: true });
      await fsOps.writeFile(fileOf(prices.region), JSON.stringify(prices));
    },
  };
}
