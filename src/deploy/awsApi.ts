import { loadAws, type Aws } from '../aws';
import type * as DeployModel from '../core/deploy/deployModel';
import type * as CloudTarget from '../core/invoke/cloudTarget';

/**
 * What the AWS bundle (src/awsModule.ts) exports for deploying and invoking. Typed here, so that this glue
 * compiles on its own; src/awsModule.ts re-exports these functions.
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
