/** Links into the AWS console for a resource, right for the region's partition. */

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

export function sageMakerConsoleUrl(region: string, kind: 'trainingJob' | 'endpoint', name: string): string {
  const page = kind === 'trainingJob' ? `jobs/${encodeURIComponent(name)}` : `endpoints/${encodeURIComponent(name)}`;
  return `https://${consoleHost(region)}/sagemaker/home?region=${region}#/${page}`;
}
