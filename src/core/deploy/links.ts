/** Links into the AWS console for an endpoint's logs (CloudWatch log group `/aws/sagemaker/Endpoints/<name>`). */

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

/** The log group SageMaker writes an endpoint's container logs to. */
export function endpointLogGroup(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}

/** The CloudWatch console page of that log group (the console's own `$252F` escaping of `/`). */
export function endpointLogsConsoleUrl(region: string, endpointName: string): string {
  const group = encodeURIComponent(endpointLogGroup(endpointName)).replace(/%/g, '$25');
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${group}`;
}
