/**
 * How much an endpoint is used: the sum of its `Invocations` metric (namespace AWS/SageMaker, one series per
 * EndpointName and VariantName) over a window, read with GetMetricStatistics, one call per variant. CloudWatch
 * publishes no data point for an hour without invocations, so no data at all is a sum of zero.
 */
import type { AwsClients } from './clientFactory';
import { describeEndpoint, type EndpointDetails } from './resources';
import { RecentAnswers } from '../core/recentAnswers';

/** GetMetricStatistics answers at most 1,440 data points a call: one period per call keeps far below. */
const MAX_PERIOD_SECONDS = 30 * 86_400;

export async function endpointInvocations(clients: AwsClients, endpointName: string, variantNames: readonly string[], from: Date, to: Date): Promise<number> {
  const windowSeconds = Math.max(60, Math.ceil((to.getTime() - from.getTime()) / 60_000) * 60);
  let sum = 0;
  for (const variant of variantNames) {
    const answer = await clients.cloudWatch().getMetricStatistics({
      Namespace: 'AWS/SageMaker',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: variant }],
      StartTime: from,
      EndTime: to,
      Period: Math.min(windowSeconds, MAX_PERIOD_SECONDS),
      Statistics: ['Sum'],
    });
    for (const point of answer.Datapoints ?? []) sum += point.Sum ?? 0;
  }
  return sum;
}

type Invocations = NonNullable<EndpointDetails['invocations']>;

/** Per connection, endpoint and window: the tree describes an endpoint on every refresh, its metrics need not be read as often. */
const recentInvocations = new RecentAnswers<Invocations>();

/**
 * DescribeEndpoint (and its config) and, for an endpoint in service, its invocations over the last `idleHours`
 * before `now`, read again only once the last reading is `reuseMs` old (by `now`). A metrics call that fails leaves the
 * invocations unknown: the endpoint is then not called idle.
 */
export async function describeEndpointWithUsage(clients: AwsClients, name: string, idleHours: number, now: Date, reuseMs = 0): Promise<EndpointDetails> {
  const details = await describeEndpoint(clients, name);
  if (details.endpoint.EndpointStatus !== 'InService') return details;
  const variants = (details.endpoint.ProductionVariants ?? []).map(v => v.VariantName).filter((v): v is string => !!v);
  if (variants.length === 0) return details;
  const key = JSON.stringify([clients.settings, name, variants, idleHours]);
  try {
    const invocations = await recentInvocations.get(key, now.getTime(), reuseMs, async () => {
      const from = new Date(now.getTime() - idleHours * 3_600_000);
      const sum = await endpointInvocations(clients, name, variants, from, now);
      return { sum, from: from.toISOString(), to: now.toISOString() };
    });
    return { ...details, invocations };
  } catch {
    return details;
  }
}
