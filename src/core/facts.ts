/**
 * Facts of SageMaker and the AWS console that several features need, each kept once: where the console of a
 * partition lives, the log groups SageMaker writes, which training job statuses are final, the SDK's defaults.
 */

/** The SDK's default max_run: 24 hours (sagemaker.estimator.EstimatorBase). */
export const DEFAULT_MAX_RUN_SECONDS = 24 * 60 * 60;

/** Training job statuses after which nothing changes any more. */
export const TERMINAL_TRAINING_JOB_STATUSES: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Stopped']);

export const isTerminalStatus = (status: string | undefined): boolean => status !== undefined && TERMINAL_TRAINING_JOB_STATUSES.has(status);

/** Where SageMaker's training containers log: streams `<job>/algo-<n>-<epoch>`. */
export const TRAINING_JOBS_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/** Where an endpoint's containers log: streams `<variant>/<instance-id>`. */
export const endpointLogGroup = (endpointName: string): string => `/aws/sagemaker/Endpoints/${endpointName}`;

/** The console's host for a region's partition (China and GovCloud have their own). */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

export function sageMakerConsoleUrl(region: string, kind: 'trainingJob' | 'endpoint', name: string): string {
  const page = kind === 'trainingJob' ? `jobs/${encodeURIComponent(name)}` : `endpoints/${encodeURIComponent(name)}`;
  return `https://${consoleHost(region)}/sagemaker/home?region=${region}#/${page}`;
}

/** The CloudWatch console page of an endpoint's log group (the console's own `$252F` escaping of `/`). */
export function endpointLogsConsoleUrl(region: string, endpointName: string): string {
  const group = encodeURIComponent(endpointLogGroup(endpointName)).replace(/%/g, '$25');
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${group}`;
}

/** The S3 console page of an object (the commercial partition's S3 console has a host of its own). */
export function s3ObjectConsoleUrl(region: string, bucket: string, key: string): string {
  const host = consoleHost(region) === 'console.aws.amazon.com' ? 's3.console.aws.amazon.com' : consoleHost(region);
  return `https://${host}/s3/object/${bucket}?region=${region}&prefix=${encodeURIComponent(key)}`;
}

/** The Service Quotas page of SageMaker, where a ResourceLimitExceeded is raised. */
export function sageMakerQuotasUrl(region: string): string {
  return `https://${region}.${consoleHost(region)}/servicequotas/home/services/sagemaker/quotas`;
}
