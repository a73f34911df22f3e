import { loadAws, type Aws } from '../platform/loadAws';
import type * as DeployModel from '../aws/deployModel';
import type * as CloudTarget from '../aws/invokeEndpoint';

/**
 * What the AWS bundle (src/aws/index.ts) exports for deploying and invoking. Typed here, so that this glue
 * compiles on its own; src/aws/index.ts re-exports these functions.
 */
export interface DeployAwsApi {
  createEndpointResources: typeof DeployModel.createEndpointResources;
  waitForEndpoint: typeof DeployModel.waitForEndpoint;
  findEndpoint: typeof DeployModel.findEndpoint;
  invokeEndpoint: typeof CloudTarget.invokeEndpoint;
}

export function deployAws(): Aws & DeployAwsApi {
  return loadAws() as Aws & DeployAwsApi;
}
