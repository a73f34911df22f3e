import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { maxCostRefusal, priceCacheFolder } from '../../../src/cli/costs';
import { estimateTraining } from '../../../src/core/costs/estimate';
import { tempDir } from '../tempDir';
import { recordedPrices } from './recordedPrices';

const root = path.resolve(__dirname, '../../../..');

test('plan --estimate prints the estimate on stderr from a fresh price cache, stdout staying the request', async () => {
  const cache = tempDir('sm-cli-prices-');
  const prices = { ...recordedPrices(), fetchedAt: new Date().toISOString() };
  fs.mkdirSync(priceCacheFolder({ XDG_CACHE_HOME: cache }), { recursive: true });
  fs.writeFileSync(path.join(priceCacheFolder({ XDG_CACHE_HOME: cache }), 'sagemaker-prices-us-east-1.json'), JSON.stringify(prices));
  let stdout = '';
  let stderr = '';
  const code = await runCli(['plan', 'examples/pca/estimator.json', '--region', 'us-east-1', '--account', '111122223333', '--estimate'], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket', XDG_CACHE_HOME: cache, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
    cwd: root,
  });
  assert.equal(code, 0, stderr);
  assert.ok(JSON.parse(stdout).TrainingJobName);
  assert.match(stderr, /^Estimated cost \(on-demand\):\n  ml\./);
  assert.match(stderr, /Worst case in all: /);
});

test('plan --estimate without a price list says in one line that the cost is unknown, then why in the words of any AWS failure', async t => {
  let stderr = '';
  // Credentials of its own (the SDK reads them from the process's environment, not the CLI's env), so that the
  // failure is the same on every machine: nothing listens at the endpoint (prices read through it are never cached).
  const credentials: Record<string, string | undefined> = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined };
  const saved = Object.fromEntries(Object.keys(credentials).map(name => [name, process.env[name]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) if (value === undefined) delete process.env[name]; else process.env[name] = value;
  };
  setEnv(credentials);
  t.after(() => setEnv(saved));
  const code = await runCli(['plan', 'examples/pca/estimator.json', '--region', 'us-east-1', '--account', '111122223333', '--estimate', '--endpoint-url', 'http://127.0.0.1:9'], {
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t) },
    env: { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket', XDG_CACHE_HOME: tempDir('sm-cli-prices-'), AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
    cwd: root,
  });
  assert.equal(code, 0, stderr);
  assert.equal(stderr, 'Estimated cost (on-demand):\n'
    + '  No prices for us-east-1: the price list could not be read and nothing is cached, so the cost of ml.m4.xlarge × 1 (max_run 1d 00h) is unknown\n'
    + '  The price list could not be read: AWS could not be reached: connect ECONNREFUSED 127.0.0.1:9. Check the network, --region and --endpoint-url.\n');
});

test('fit --max-cost: above the limit or unknown is refused, within it goes ahead', () => {
  const known = estimateTraining({ ResourceConfig: { InstanceType: 'ml.m5.xlarge' }, StoppingCondition: { MaxRuntimeInSeconds: 3600 } }, 'us-east-1', recordedPrices());
  assert.equal(maxCostRefusal(known, 1), undefined);
  assert.match(maxCostRefusal(known, 0.1) ?? '', /worst case is \$0\.23, above --max-cost \$0\.10/);
  const unknown = estimateTraining({ ResourceConfig: { InstanceType: 'ml.c5.xlarge' } }, 'us-east-1', recordedPrices());
  assert.match(maxCostRefusal(unknown, 100) ?? '', /unknown \(no price for ml\.c5\.xlarge\)/);
});
