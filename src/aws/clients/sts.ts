import {
  type STSClient,
  GetCallerIdentityCommand, type GetCallerIdentityCommandInput, type GetCallerIdentityCommandOutput,
} from '@aws-sdk/client-sts';
import type { CallOptions } from './callOptions';

/** The STSClient operations this extension calls, one method each, named after the operation. */
export class StsApi {
  constructor(readonly client: STSClient) {}

  getCallerIdentity(input: GetCallerIdentityCommandInput, options?: CallOptions): Promise<GetCallerIdentityCommandOutput> {
    return this.client.send(new GetCallerIdentityCommand(input), options);
  }
}
