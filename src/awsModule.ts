// Everything the extension needs from the AWS SDK, bundled apart as dist/aws.js and loaded on first use (see aws.ts).
export { resolveAccount } from './core/aws/account';
export { createAwsClients } from './core/aws/clientFactory';
export { listProfiles } from './core/aws/profiles';
export {
  deleteEndpoint, describeEndpoint, describeTrainingJob, listEndpointsPage, listTrainingJobsPage, stopTrainingJob,
} from './core/aws/resources';
export { launchTrainingJob } from './core/launch/launchTrainingJob';
export { listTrainingJobTags } from './core/aws/tags';
export { createEndpointResources, findEndpoint, waitForEndpoint } from './core/deploy/deployModel';
export { invokeEndpoint } from './core/invoke/cloudTarget';
export { createEndpointTail, createTrainingJobTail } from './core/logs/awsAdapters';
