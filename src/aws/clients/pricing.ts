import {
  type PricingClient,
  GetProductsCommand, type GetProductsCommandInput, type GetProductsCommandOutput,
} from '@aws-sdk/client-pricing';
import type { CallOptions } from './callOptions';

/** The PricingClient operations this extension calls (the AWS Price List Query API), one method each. */
export class PricingApi {
  constructor(readonly client: PricingClient) {}

  getProducts(input: GetProductsCommandInput, options?: CallOptions): Promise<GetProductsCommandOutput> {
    return this.client.send(new GetProductsCommand(input), options);
  }
}
