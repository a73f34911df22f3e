// Everything the extension needs from the AWS SDK, bundled apart as dist/aws.js and loaded on first use (see aws.ts).
export { createAwsClients } from './core/aws/clientFactory';
export { listEndpointsPage, listTrainingJobsPage } from './core/aws/resources';
export { listProfiles } from './core/aws/profiles';
export { resolveAccount } from './core/aws/account';
