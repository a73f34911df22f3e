// Everything the extension needs from the AWS SDK, bundled apart as dist/aws.js and loaded on first use (see src/platform/loadAws.ts).
export { resolveAccount } from './account';
export { createAwsClients } from './clientFactory';
export { listProfiles, missingProfileMessage } from './profiles';
export { fetchSageMakerPrices } from './prices';
export { listLiveWarmPools } from './warmPools';
export { describeEndpointWithUsage } from './endpointUsage';
export {
  deleteEndpoint, describeEndpoint, describeTrainingJob, listEndpointsPage, listTrainingJobsPage, stopTrainingJob,
} from './resources';
export { launchTrainingJob } from './launchTrainingJob';
export { listTrainingJobTags } from './tags';
export { createEndpointResources, findEndpoint, waitForEndpoint } from './deployModel';
export { invokeEndpoint } from './invokeEndpoint';
export { endpointTrainingContentType } from './endpointTrainingJob';
export { createEndpointTail, createTrainingJobTail } from './logAdapters';
export { uploadData } from './uploadData';
export { errorLogLines } from './errorLines';
export { watchedJobStatus } from './watchStatus';
