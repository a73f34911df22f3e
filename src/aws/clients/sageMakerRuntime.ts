import {
  type SageMakerRuntimeClient,
  InvokeEndpointCommand, type InvokeEndpointCommandInput, type InvokeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker-runtime';
import type { CallOptions } from './callOptions';

/** The SageMakerRuntimeClient operations this extension calls, one method each, named after the operation. */
export class SageMakerRuntimeApi {
  constructor(readonly client: SageMakerRuntimeClient) {}

  invokeEndpoint(input: InvokeEndpointCommandInput, options?: CallOptions): Promise<InvokeEndpointCommandOutput> {
    return this.client.send(new InvokeEndpointCommand(input), options);
  }
}
