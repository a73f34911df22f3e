/**
 * `fit` looks at the cost before it uploads or creates anything: the estimate from the price list moto serves
 * (test/fixtures/aws/moto_pricing.py, the recorded GetProducts pages) through the real Pricing client, and
 * `--max-cost` refusing a worst case above it or one that cannot be known.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, resetAll, sentRequests, startMotoCli, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

/** No request that uploads or creates: S3's REST PUTs and POSTs (objects, multipart), CreateTrainingJob. */
async function nothingCreated(): Promise<void> {
  assert.deepEqual(await sentRequests('SageMaker.CreateTrainingJob'), []);
  const sent = await (await fetch(`${moto.proxyUrl}/__proxy/requests`)).json() as { operation: string }[];
  assert.ok(sent.some(r => r.operation === 'AWSPriceListService.GetProducts'), JSON.stringify(sent));
  assert.deepEqual(sent.map(r => r.operation).filter(op => /^(PUT|POST) \//.test(op)), []);
}

test('fit prints the estimate from the served price list on stderr before creating the job (ml.m4.xlarge at $0.24/h)', async () => {
  const { code, stdout, stderr } = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-priced', '--no-wait', '--max-cost', '10']);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'pca-priced\n');
  assert.match(stderr, /^Estimated cost \(on-demand\):\n {2}ml\.m4\.xlarge: \$0\.24 per hour × 1 instance\(s\)\n/);
  assert.match(stderr, /worst case for max_run \(1d 00h\): \$5\.76/);
  assert.match(stderr, /Worst case in all: \$5\.76\n/);
  assert.ok(stderr.indexOf('Estimated cost') < stderr.indexOf('Training job pca-priced created'), stderr);
  assert.equal((await sentRequests('AWSPriceListService.GetProducts') as { ServiceCode: string; Filters: unknown }[])[0]!.ServiceCode, 'AmazonSageMaker');
  assert.equal((await sentRequests('SageMaker.CreateTrainingJob')).length, 1);
});

test('fit --max-cost below the worst case exits 1 with one line saying why; nothing is uploaded or created', async () => {
  const { code, stderr } = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-too-dear', '--max-cost', '5']);
  assert.equal(code, 1, stderr);
  const refusals = stderr.split('\n').filter(l => l.startsWith('sagemaker-estimator:'));
  assert.deepEqual(refusals, ['sagemaker-estimator: pca-too-dear: the worst case is $5.76, above --max-cost $5.00; nothing was launched. '
    + 'Lower max_run or the instance count, or raise --max-cost.']);
  await nothingCreated();
});

test('unknown prices: with --max-cost fit refuses, as the budget cannot be checked; without, it says so and goes ahead', async () => {
  // The served list has ml.c5.xlarge training only at $0 (a free-tier row), which is never taken as a price.
  const unpriced = await cli(['fit', 'examples/pytorch-cifar10/estimator.json', '--job-name', 'cifar-unpriced', '--max-cost', '100']);
  assert.equal(unpriced.code, 1, unpriced.stderr);
  assert.match(unpriced.stderr, /No price found for ml\.c5\.xlarge in us-east-1: the total is unknown/);
  assert.match(unpriced.stderr, /^sagemaker-estimator: cifar-unpriced: the worst-case cost is unknown \(no price for ml\.c5\.xlarge\), so --max-cost \$100\.00 cannot be checked; nothing was launched\.$/m);
  await nothingCreated();
  const unlimited = await cli(['fit', 'examples/pytorch-cifar10/estimator.json', '--job-name', 'cifar-unlimited', '--no-wait']);
  assert.equal(unlimited.code, 0, unlimited.stderr);
  assert.match(unlimited.stderr, /Worst case in all: unknown\n/);
  assert.equal((await sentRequests('SageMaker.CreateTrainingJob')).length, 1);
});

test('fit --json keeps the estimate off stderr (stdout stays the one JSON object)', async () => {
  const json = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-json', '--no-wait', '--json']);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).TrainingJobName, 'pca-json');
  assert.doesNotMatch(json.stderr, /Estimated cost/);
});

test('help fit documents --max-cost; a --max-cost that is not an amount is a usage error (exit 2) naming the option', async () => {
  const help = await cli(['help', 'fit']);
  assert.match(help.stdout, /--max-cost USD +refuse \(exit 1, nothing uploaded or created\)/);
  const { code, stderr } = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-bad-limit', '--max-cost', 'ten']);
  assert.equal(code, 2, stderr);
  assert.match(stderr, /--max-cost "ten" is not an amount in US dollars/);
  assert.deepEqual(await sentRequests('SageMaker.CreateTrainingJob'), []);
});
