import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPriceListPage, emptyRegionPrices, hourlyPrice, isOffered, isStale, priceListApiRegion } from '../../../src/core/costs/prices';
import { endpointCost, estimateTraining, serverlessCost, trainingJobCost } from '../../../src/core/costs/estimate';
import { endpointCostSuffix, formatUsd, jobCostSuffix, trainingEstimateLines } from '../../../src/core/costs/format';
import { recordedPage, recordedPrices } from './recordedPrices';

const close = (actual: number | undefined, expected: number) => {
  assert.ok(actual !== undefined, 'a number was expected');
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);
};

test('the recorded GetProducts pages give training and hosting prices, GPUs and the serverless rate; notebooks and zero rows are left out', () => {
  const prices = recordedPrices();
  assert.deepEqual(prices.training, {
    'ml.m5.xlarge': { usdPerHour: 0.23, gpus: 0 },
    'ml.g5.xlarge': { usdPerHour: 1.408, gpus: 1 },
    'ml.p3.2xlarge': { usdPerHour: 3.825, gpus: 1 },
  });
  assert.deepEqual(Object.keys(prices.hosting).sort(), ['ml.c5.xlarge', 'ml.m5.xlarge']);
  assert.equal(prices.serverlessUsdPerGbSecond, 0.00002);
  // A $0 row (free tier) is no price, but it says the instance type is offered there: not "not offered".
  assert.equal(hourlyPrice(prices, 'training', 'ml.c5.xlarge'), undefined);
  assert.deepEqual(prices.offeredUnpriced, { training: ['ml.c5.xlarge'], hosting: [] });
  assert.equal(isOffered(prices, 'training', 'ml.c5.xlarge'), true);
  assert.equal(isOffered(prices, 'training', 'ml.p4d.24xlarge'), false);
  assert.equal(isOffered(emptyRegionPrices('us-east-1', new Date()), 'training', 'ml.c5.xlarge'), undefined);
});

test('records of another region are not taken for this one', () => {
  const prices = emptyRegionPrices('eu-west-1', new Date());
  assert.equal(addPriceListPage(prices, recordedPage(1).PriceList), 0);
  assert.deepEqual(prices.training, {});
});

test('training: price per hour × instance count, and the worst case for max_run', () => {
  const estimate = estimateTraining({
    ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 2 },
    StoppingCondition: { MaxRuntimeInSeconds: 3 * 3600 },
  }, 'us-east-1', recordedPrices());
  close(estimate.usdPerHour, 2.816);
  close(estimate.worstCaseUsd, 8.448);
  close(estimate.totalWorstCaseUsd, 8.448);
  assert.equal(estimate.spot, undefined);
  assert.deepEqual(estimate.unknownPrices, []);
  assert.ok(trainingEstimateLines(estimate).includes('Per hour: $2.82; worst case for max_run (3h 00m): $8.45'));
});

test('spot: billed at most the worst case, the saving only "up to", max_wait named', () => {
  const estimate = estimateTraining({
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 86_400, MaxWaitTimeInSeconds: 172_800 },
    EnableManagedSpotTraining: true,
  }, 'us-east-1', recordedPrices());
  close(estimate.worstCaseUsd, 5.52);
  close(estimate.spot?.worstCaseAtUpToSavingUsd, 0.552);
  assert.equal(estimate.spot?.maxWaitSeconds, 172_800);
  const spotLine = trainingEstimateLines(estimate).find(l => l.startsWith('Managed spot'));
  assert.match(spotLine ?? '', /max_wait 2d 00h of wall-clock, billed at most the worst case above and up to 90% less \(\$0\.55 at the full saving\)/);
});

test('warm pool: keep_alive_period_in_seconds is billed at the instances\' price and counts in the total', () => {
  const estimate = estimateTraining({
    ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, KeepAlivePeriodInSeconds: 1800 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  }, 'us-east-1', recordedPrices());
  close(estimate.warmPool?.usd, 1.9125);
  close(estimate.totalWorstCaseUsd, 5.7375);
});

test('an instance type without a price is unknown, and so is every sum it enters; nothing is guessed', () => {
  const estimate = estimateTraining({
    ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 1 },
  }, 'us-east-1', recordedPrices());
  assert.equal(estimate.usdPerHour, undefined);
  assert.equal(estimate.worstCaseUsd, undefined);
  assert.equal(estimate.totalWorstCaseUsd, undefined);
  assert.deepEqual(estimate.unknownPrices, ['ml.c5.xlarge']);
  assert.equal(estimate.maxRunSeconds, 86_400);
  const lines = trainingEstimateLines(estimate);
  assert.ok(lines.includes('ml.c5.xlarge: unknown per hour × 1 instance(s) (no price in the price list)'));
  assert.ok(lines.includes('No price found for ml.c5.xlarge in us-east-1: the total is unknown'));
  assert.equal(formatUsd(undefined), 'unknown');
  const noList = estimateTraining({ ResourceConfig: { InstanceType: 'ml.m5.xlarge' } }, 'us-east-1', undefined);
  assert.equal(noList.usdPerHour, undefined);
  assert.deepEqual(trainingEstimateLines(noList), [
    'No prices for us-east-1: the price list could not be read and nothing is cached, so the cost of ml.m5.xlarge × 1 (max_run 1d 00h) is unknown',
  ]);
});

test('offline estimates say they come from the cache and how old the prices are', () => {
  const estimate = estimateTraining({ ResourceConfig: { InstanceType: 'ml.m5.xlarge' } }, 'us-east-1', recordedPrices());
  assert.ok(trainingEstimateLines(estimate, true).includes('On-demand prices of us-east-1, read 2026-12-01 (offline: from the cache)'));
});

test('finished jobs: billable seconds × price × instances, with the spot saving; running jobs: time since training started', () => {
  const prices = recordedPrices();
  const finished = trainingJobCost({
    TrainingJobStatus: 'Completed', ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 2 },
    EnableManagedSpotTraining: true, BillableTimeInSeconds: 1800, TrainingTimeInSeconds: 3600,
  }, prices, new Date());
  close(finished.usd, 1.408);
  close(finished.spotSaving, 0.5);
  assert.equal(jobCostSuffix(finished), '$1.41 (spot saved 50%)');
  const running = trainingJobCost({
    TrainingJobStatus: 'InProgress', ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 },
    TrainingStartTime: new Date('2026-12-04T10:00:00Z'),
  }, prices, new Date('2026-12-04T12:00:00Z'));
  close(running.usd, 0.46);
  assert.equal(jobCostSuffix(running), '$0.46 so far');
  assert.equal(jobCostSuffix(trainingJobCost({ TrainingJobStatus: 'Completed', ResourceConfig: { InstanceType: 'ml.c5.xlarge' }, BillableTimeInSeconds: 60 }, prices, new Date())), '');
});

test('endpoints: $/hour of the current instances and the cost since creation', () => {
  const cost = endpointCost({
    CreationTime: new Date('2026-12-03T12:00:00Z'),
    ProductionVariants: [{ InstanceType: 'ml.m5.xlarge', CurrentInstanceCount: 2 }, { InstanceType: 'ml.c5.xlarge', CurrentInstanceCount: 1 }],
  }, recordedPrices(), new Date('2026-12-04T12:00:00Z'));
  close(cost.usdPerHour, 0.664);
  close(cost.hoursInService, 24);
  close(cost.sinceCreationUsd, 15.936);
  assert.equal(endpointCostSuffix(cost), '$0.66/h · $15.94 since creation');
  const unknown = endpointCost({ ProductionVariants: [{ InstanceType: 'ml.inf2.xlarge', CurrentInstanceCount: 1 }] }, recordedPrices(), new Date());
  assert.equal(unknown.usdPerHour, undefined);
  assert.equal(endpointCostSuffix(unknown), '');
});

test('serverless: memory in GB × compute seconds × the price per GB-second', () => {
  close(serverlessCost(2048, 1000, recordedPrices()), 0.04);
  assert.equal(serverlessCost(2048, 1000, emptyRegionPrices('us-east-1', new Date())), undefined);
  const cost = endpointCost({ ProductionVariants: [{ CurrentServerlessConfig: { MemorySizeInMB: 2048 } }] }, recordedPrices(), new Date());
  assert.equal(cost.usdPerHour, undefined);
  assert.equal(endpointCostSuffix(cost), 'serverless: billed per GB-second');
});

test('the cache is refreshed after a week; the nearest Price List API region is used', () => {
  assert.equal(isStale({ fetchedAt: '2026-12-01T00:00:00Z' }, new Date('2026-12-07T23:00:00Z')), false);
  assert.equal(isStale({ fetchedAt: '2026-12-01T00:00:00Z' }, new Date('2026-12-08T00:00:01Z')), true);
  assert.equal(isStale({ fetchedAt: 'garbage' }, new Date()), true);
  assert.equal(priceListApiRegion('eu-west-1'), 'eu-central-1');
  assert.equal(priceListApiRegion('ap-northeast-1'), 'ap-south-1');
  assert.equal(priceListApiRegion('us-west-2'), 'us-east-1');
});
