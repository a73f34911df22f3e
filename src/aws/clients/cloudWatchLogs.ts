import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand, type FilterLogEventsCommandInput, type FilterLogEventsCommandOutput,
  StartLiveTailCommand, type StartLiveTailCommandInput, type StartLiveTailCommandOutput,
  DescribeLogStreamsCommand, type DescribeLogStreamsCommandInput, type DescribeLogStreamsCommandOutput,
  StartQueryCommand, type StartQueryCommandInput, type StartQueryCommandOutput,
  GetQueryResultsCommand, type GetQueryResultsCommandInput, type GetQueryResultsCommandOutput,
  StopQueryCommand, type StopQueryCommandInput, type StopQueryCommandOutput,
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

  startQuery(input: StartQueryCommandInput, options?: CallOptions): Promise<StartQueryCommandOutput> {
    return this.client.send(new StartQueryCommand(input), options);
  }

  getQueryResults(input: GetQueryResultsCommandInput, options?: CallOptions): Promise<GetQueryResultsCommandOutput> {
    return this.client.send(new GetQueryResultsCommand(input), options);
  }

  stopQuery(input: StopQueryCommandInput, options?: CallOptions): Promise<StopQueryCommandOutput> {
    return this.client.send(new StopQueryCommand(input), options);
  }
}
