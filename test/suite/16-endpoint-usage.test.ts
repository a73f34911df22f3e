/**
 * The Endpoints tree reads an in-service endpoint's Invocations (CloudWatch) once per refresh interval, as prices are
 * read once: describing it again within the interval (a refresh of the tree) asks SageMaker, not CloudWatch.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedEndpoint } from './seed';
import { activated, awsCalls, resetAwsCalls, resetMoto, waitFor } from './support';

const metricCalls = (calls: Record<string, number>) => Object.entries(calls).filter(([operation]) => /GetMetric/.test(operation))
  .reduce((sum, [, count]) => sum + count, 0);

describe('Endpoints tree: Invocations read once per refresh interval', function () {
  this.timeout(180_000);
  const config = () => vscode.workspace.getConfiguration('sagemaker');

  // An interval far longer than the test: both describes fall within it however slow the machine.
  before(async () => { await config().update('refreshIntervalSeconds', 3600, vscode.ConfigurationTarget.Global); });
  after(async () => { await config().update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global); });

  it('a second describe within the interval makes no GetMetricStatistics/GetMetricData call', async () => {
    const api = await activated();
    await resetMoto();
    await seedEndpoint('usage-read-once');
    const describedWithUsage = async () => {
      const [endpoint] = api.endpoints.resources.length ? api.endpoints.resources : (await api.endpoints.getChildren(), api.endpoints.resources);
      const details = endpoint && api.endpoints.detailsOf(endpoint);
      return details?.invocations ? details : undefined;
    };
    await resetAwsCalls();
    api.endpoints.refresh();
    const first = await waitFor(describedWithUsage, 'the endpoint described with its invocations', 120_000);
    const afterFirst = await awsCalls();
    assert.ok((afterFirst['SageMaker.DescribeEndpoint'] ?? 0) >= 1, JSON.stringify(afterFirst));
    assert.ok(metricCalls(afterFirst) >= 1, `the first describe reads the metrics: ${JSON.stringify(afterFirst)}`);

    await resetAwsCalls();
    api.endpoints.refresh();
    const second = await waitFor(describedWithUsage, 'the endpoint described again', 120_000);
    const afterSecond = await awsCalls();
    assert.ok((afterSecond['SageMaker.DescribeEndpoint'] ?? 0) >= 1, `the refresh describes the endpoint again: ${JSON.stringify(afterSecond)}`);
    assert.equal(metricCalls(afterSecond), 0, `no metrics call within the interval: ${JSON.stringify(afterSecond)}`);
    assert.deepEqual(second.invocations, first.invocations);
  });
});
