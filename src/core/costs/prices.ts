/**
 * On-demand prices of SageMaker instances, as the AWS Price List Query API gives them (`GetProducts` on the service
 * code `AmazonSageMaker`). Pure: the records come in as the API's JSON strings, the lookups go out as numbers or
 * `undefined`. A price that is not in the list is unknown: nothing here interpolates, rounds up from a neighbour
 * size or falls back to another region.
 *
 * The records we read (one per product and term):
 * `{product: {productFamily, attributes: {instanceName | instanceType, regionCode, component, usagetype, gpu, ...}},
 *   terms: {OnDemand: {<offer>: {priceDimensions: {<rate>: {unit, pricePerUnit: {USD}}}}}}}`.
 * `component` ("Training", "Hosting", ...) or else the `usagetype` (`USE1-Train:ml.m5.xlarge`, `USE1-Host:...`) says
 * what the price is for. Serverless inference is billed per GB-second of memory (`usagetype` `...ServerlessInf...`).
 */

export type PriceUse = 'training' | 'hosting';

export interface InstancePrice {
  usdPerHour: number;
  /** Accelerators per instance, when the price list says (`gpu` attribute). */
  gpus?: number;
}

/** Prices of one region, with the day they were read (to know when to refresh and to say how old they are). */
export interface RegionPrices {
  region: string;
  /** ISO date-time the list was read from the API. */
  fetchedAt: string;
  training: Record<string, InstancePrice>;
  hosting: Record<string, InstancePrice>;
  /** Serverless inference, USD per GB-second of configured memory; absent when the list has none. */
  serverlessUsdPerGbSecond?: number;
  /**
   * Instance types the list has a row for with no usable price (a $0 free-tier row): offered in the region, price
   * unknown. Absent in caches written before it existed.
   */
  offeredUnpriced?: { training: string[]; hosting: string[] };
}

/** A week, after which cached prices are read again (prices change rarely; a stale cache is still used offline). */
export const PRICE_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function isStale(prices: Pick<RegionPrices, 'fetchedAt'>, now: Date): boolean {
  const fetched = Date.parse(prices.fetchedAt);
  return !Number.isFinite(fetched) || now.getTime() - fetched > PRICE_CACHE_MAX_AGE_MS;
}

export function emptyRegionPrices(region: string, fetchedAt: Date): RegionPrices {
  return { region, fetchedAt: fetchedAt.toISOString(), training: {}, hosting: {} };
}

/** USD per hour of one instance for `use`, or undefined when the list does not have it. */
export function hourlyPrice(prices: RegionPrices | undefined, use: PriceUse, instanceType: string): number | undefined {
  return prices?.[use][instanceType]?.usdPerHour;
}

/** True/false when the list has prices for the region; undefined when it has none at all (nothing to judge by). */
export function isOffered(prices: RegionPrices | undefined, use: PriceUse, instanceType: string): boolean | undefined {
  if (!prices || Object.keys(prices[use]).length === 0) return undefined;
  return prices[use][instanceType] !== undefined || (prices.offeredUnpriced?.[use].includes(instanceType) ?? false);
}

interface PriceDimension {
  unit?: string;
  pricePerUnit?: { USD?: string };
}

interface PriceListRecord {
  product?: { productFamily?: string; attributes?: Record<string, string | undefined> };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, PriceDimension> }> };
}

/** The first on-demand USD price of a record with its unit; undefined when there is none or it is not a number. */
function onDemandPrice(record: PriceListRecord): { usd: number; unit: string } | undefined {
  for (const offer of Object.values(record.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(offer.priceDimensions ?? {})) {
      const text = dimension.pricePerUnit?.USD;
      const usd = text === undefined ? NaN : Number(text);
      if (Number.isFinite(usd)) return { usd, unit: dimension.unit ?? '' };
    }
  }
  return undefined;
}

function useOf(attributes: Record<string, string | undefined>): PriceUse | 'serverless' | undefined {
  const component = (attributes.component ?? '').toLowerCase();
  const usageType = attributes.usagetype ?? '';
  if (/ServerlessInf/i.test(usageType) || component.includes('serverless')) return 'serverless';
  if (component) return component === 'training' ? 'training' : component === 'hosting' ? 'hosting' : undefined;
  if (/-Train:/.test(usageType)) return 'training';
  if (/-Host:/.test(usageType)) return 'hosting';
  return undefined;
}

/**
 * Adds the records of one `GetProducts` page (its `PriceList`, JSON strings) for `prices.region` to `prices`.
 * Records of other regions, other components (notebooks, processing, ...), spot or reserved terms, and prices of
 * zero (free-tier rows) are left out. Returns how many records were used.
 */
export function addPriceListPage(prices: RegionPrices, priceList: readonly string[]): number {
  let used = 0;
  for (const text of priceList) {
    let record: PriceListRecord;
    try {
      record = JSON.parse(text) as PriceListRecord;
    } catch {
      continue;
    }
    const attributes = record.product?.attributes ?? {};
    if (attributes.regionCode !== undefined && attributes.regionCode !== prices.region) continue;
    const use = useOf(attributes);
    const price = onDemandPrice(record);
    if ((use === 'training' || use === 'hosting') && price && price.usd <= 0) noteOfferedUnpriced(prices, use, attributes.instanceName ?? attributes.instanceType);
    if (!use || !price || price.usd <= 0) continue;
    if (use === 'serverless') {
      const perGbSecond = serverlessPerGbSecond(attributes, price);
      if (perGbSecond === undefined) continue;
      prices.serverlessUsdPerGbSecond = perGbSecond;
      used++;
      continue;
    }
    const instanceType = attributes.instanceName ?? attributes.instanceType;
    if (!instanceType?.startsWith('ml.') || !/hr|hour/i.test(price.unit)) continue;
    const gpus = Number(attributes.gpu);
    prices[use][instanceType] = { usdPerHour: price.usd, ...(Number.isFinite(gpus) && attributes.gpu !== undefined && attributes.gpu !== 'NA' ? { gpus } : {}) };
    used++;
  }
  return used;
}

/** A $0 row still says the instance type is offered in the region (its price is unknown, never taken as $0). */
function noteOfferedUnpriced(prices: RegionPrices, use: PriceUse, instanceType: string | undefined): void {
  if (!instanceType?.startsWith('ml.')) return;
  const offered = (prices.offeredUnpriced ??= { training: [], hosting: [] });
  if (!offered[use].includes(instanceType)) offered[use].push(instanceType);
}

/** Serverless rows are per GB-second, or per second of a memory size (`Mem-4GB`): both become USD per GB-second. */
function serverlessPerGbSecond(attributes: Record<string, string | undefined>, price: { usd: number; unit: string }): number | undefined {
  if (/gb-?s/i.test(price.unit)) return price.usd;
  const memory = /Mem-(\d+)GB/i.exec(attributes.usagetype ?? '');
  if (memory && /second/i.test(price.unit)) return price.usd / Number(memory[1]);
  return undefined;
}

/** The filters of the `GetProducts` calls for one region: SageMaker ML instances (and serverless) in that region. */
export function priceListFilters(region: string): { Type: 'TERM_MATCH'; Field: string; Value: string }[] {
  return [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }];
}

export const PRICE_LIST_SERVICE_CODE = 'AmazonSageMaker';

/** The Price List Query API answers only in these regions; the nearest to the user's is used. */
export const PRICE_LIST_API_REGIONS = ['us-east-1', 'ap-south-1', 'eu-central-1'] as const;

export function priceListApiRegion(region: string): (typeof PRICE_LIST_API_REGIONS)[number] {
  if (region.startsWith('eu-') || region.startsWith('me-') || region.startsWith('af-') || region.startsWith('il-')) return 'eu-central-1';
  if (region.startsWith('ap-')) return 'ap-south-1';
  return 'us-east-1';
}
