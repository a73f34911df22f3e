import {
  type CloudWatchClient,
  GetMetricStatisticsCommand, type GetMetricStatisticsCommandInput, type GetMetricStatisticsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import type { CallOptions } from './callOptions';

/** The CloudWatchClient (metrics) operations this extension calls, one method each. */
export class CloudWatchApi {
  constructor(readonly client: CloudWatchClient) {}

  getMetricStatistics(input: GetMetricStatisticsCommandInput, options?: CallOptions): Promise<GetMetricStatisticsCommandOutput> {
    return this.client.send(new GetMetricStatisticsCommand(input), options);
  }
}
