import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { checkEndpointUrl, checkEndpointUrlVariables } from './endpointUrl';

/**
 * Where AWS calls go and as whom. Empty fields fall back to the SDK's own resolution: AWS_PROFILE,
 * the profile's region, AWS_REGION / AWS_DEFAULT_REGION, AWS_ENDPOINT_URL(_<SERVICE>).
 */
export interface ConnectionSettings {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export interface AwsClients {
  readonly settings: ConnectionSettings;
  sageMaker(): SageMakerClient;
  sageMakerRuntime(): SageMakerRuntimeClient;
  s3(): S3Client;
  logs(): CloudWatchLogsClient;
  sts(): STSClient;
  /** The region the clients use, after the SDK's own resolution. */
  region(): Promise<string>;
  /** Drops cached clients (and their sockets); the next call builds fresh ones. */
  destroy(): void;
}

export interface CreateAwsClientsOptions {
  /** How the endpoint URL is named in a refusal, e.g. `The setting "sagemaker.endpointUrl"` or `--endpoint-url`. */
  endpointUrlSource?: string;
  /** Where the SDK reads AWS_ENDPOINT_URL* from; process.env unless a test says otherwise. */
  env?: Record<string, string | undefined>;
}

const nonEmpty = (value: string | undefined): string | undefined => (value && value.trim() ? value.trim() : undefined);

/**
 * The one place that constructs AWS clients; the extension and the CLI both go through it. Throws EndpointUrlError
 * for an endpoint (the setting, or the AWS_ENDPOINT_URL* variables the SDK would use) that signed calls may not go to.
 */
export function createAwsClients(settings: ConnectionSettings, options: CreateAwsClientsOptions = {}): AwsClients {
  const profile = nonEmpty(settings.profile);
  const region = nonEmpty(settings.region);
  const endpoint = nonEmpty(settings.endpointUrl);
  if (endpoint) checkEndpointUrl(endpoint, options.endpointUrlSource ?? 'The endpoint URL');
  else checkEndpointUrlVariables(options.env ?? process.env);
  const credentials = fromNodeProviderChain(profile ? { profile } : {});
  const base = {
    credentials,
    ...(profile ? { profile } : {}),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 4,
  };
  const cache = new Map<string, { destroy(): void }>();
  function cached<T extends { destroy(): void }>(key: string, make: () => T): T {
    let client = cache.get(key) as T | undefined;
    if (!client) {
      client = make();
      cache.set(key, client);
    }
    return client;
  }
  const clients: AwsClients = {
    settings: { ...(profile ? { profile } : {}), ...(region ? { region } : {}), ...(endpoint ? { endpointUrl: endpoint } : {}) },
    sageMaker: () => cached('sagemaker', () => new SageMakerClient(base)),
    sageMakerRuntime: () => cached('runtime', () => new SageMakerRuntimeClient(base)),
    // Emulators and custom endpoints rarely resolve bucket sub-domains.
    s3: () => cached('s3', () => new S3Client({ ...base, ...(endpoint ? { forcePathStyle: true } : {}) })),
    logs: () => cached('logs', () => new CloudWatchLogsClient(base)),
    sts: () => cached('sts', () => new STSClient(base)),
    region: async () => {
      const resolved = await clients.sts().config.region();
      if (!resolved) throw new Error('No AWS region is set. Set "sagemaker.region", the profile\'s region, or AWS_REGION.');
      return resolved;
    },
    destroy: () => {
      for (const client of cache.values()) client.destroy();
      cache.clear();
    },
  };
  return clients;
}
