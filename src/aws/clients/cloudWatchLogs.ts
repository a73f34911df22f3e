import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand, type FilterLogEventsCommandInput, type FilterLogEventsCommandOutput,
  StartLiveTailCommand, type StartLiveTailCommandInput, type StartLiveTailCommandOutput,
  DescribeLogStreamsCommand, type DescribeLogStreamsCommandInput, type DescribeLogStreamsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CallOptions } from './callOptions';

/** The CloudWatchLogsClient operations this extension calls, one method each, named after the operation. */
export class CloudWatchLogsApi {
  constructor(readonly client: CloudWatchLogsClient) {}

  filterLogEvents(input: FilterLogEventsCommandInput, options?: CallOptions): Promise<FilterLogEventsCommandOutput> {
    return this.client.send(new FilterLogEventsCommand(input), options);
  }

  startLiveTail(input: StartLiveTailCommandInput, options?: CallOptions): Promise<StartLiveTailCommandOutput> {
    return this.client.send(new StartLiveTailCommand(input), options);
  }

  describeLogStreams(input: DescribeLogStreamsCommandInput, options?: CallOptions): Promise<DescribeLogStreamsCommandOutput> {
    return this.client.send(new DescribeLogStreamsCommand(input), options);
  }
}
