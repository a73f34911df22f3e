/**
 * Which endpoint URLs signed AWS calls may go to. Every call carries a SigV4 signature and some carry training data
 * (uploads), so plain http:// is accepted only to this machine (an emulator such as moto); elsewhere it would send
 * them unencrypted across the network. Shared by the extension's settings, the CLI's --endpoint-url and the
 * AWS_ENDPOINT_URL* variables.
 */

/** Refused endpoint URL; the message names where the URL came from, what is wrong and what is allowed. */
export class EndpointUrlError extends Error {
  override readonly name = 'EndpointUrlError';
}

/** 127.0.0.0/8, localhost (and its sub-domains, which resolve to loopback), [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

const ALLOWED = 'Use https://, or http:// only to this machine (127.0.0.1, localhost or [::1]).';

/** Why `url` may not receive AWS calls, or undefined when it may. */
export function endpointUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a URL such as https://sagemaker.us-east-1.amazonaws.com. ${ALLOWED}`;
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? undefined
      : `sends AWS calls over plain http:// to ${parsed.hostname}, another machine: their signatures and uploaded data would cross the network unencrypted. ${ALLOWED}`;
  }
  return `uses ${parsed.protocol.replace(/:$/, '')}://, which AWS calls cannot use. ${ALLOWED}`;
}

/** Throws EndpointUrlError naming `source` (e.g. `"sagemaker.endpointUrl"`) when the URL is refused. */
export function checkEndpointUrl(url: string, source: string): void {
  const problem = endpointUrlProblem(url);
  if (problem) throw new EndpointUrlError(`${source} "${url}" ${problem}`);
}

/** The SDK's endpoint variables for the services this project calls (the generic one first). */
export const ENDPOINT_URL_VARIABLES: readonly string[] = [
  'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SAGEMAKER', 'AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', 'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_ENDPOINT_URL_STS',
];

/** Checks the AWS_ENDPOINT_URL* variables the SDK would read: the user's own choice, but http:// off this machine is still refused. */
export function checkEndpointUrlVariables(env: Record<string, string | undefined>): void {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true') return; // the SDK does not read them then
  for (const name of ENDPOINT_URL_VARIABLES) {
    const value = env[name]?.trim();
    if (value) checkEndpointUrl(value, `The environment variable ${name}`);
  }
}
