import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { PricingClient } from '@aws-sdk/client-pricing';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CloudWatchApi } from './clients/cloudWatch';
import { CloudWatchLogsApi } from './clients/cloudWatchLogs';
import { PricingApi } from './clients/pricing';
import { S3Api } from './clients/s3';
import { SageMakerApi } from './clients/sageMaker';
import { SageMakerRuntimeApi } from './clients/sageMakerRuntime';
import { StsApi } from './clients/sts';
import { checkEndpointUrl, checkEndpointUrlVariables } from '../core/connection/endpointUrl';

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
  sageMaker(): SageMakerApi;
  sageMakerRuntime(): SageMakerRuntimeApi;
  s3(): S3Api;
  logs(): CloudWatchLogsApi;
  /** CloudWatch metrics (an endpoint's Invocations, to tell an idle one). */
  cloudWatch(): CloudWatchApi;
  sts(): StsApi;
  /** The Price List Query API, in one of the regions it answers in (us-east-1, ap-south-1, eu-central-1). */
  pricing(apiRegion: string): PricingApi;
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
  const cache = new Map<string, { client: { destroy(): void } }>();
  function cached<T extends { client: { destroy(): void } }>(key: string, make: () => T): T {
    let api = cache.get(key) as T | undefined;
    if (!api) {
      api = make();
      cache.set(key, api);
    }
    return api;
  }
  const clients: AwsClients = {
    settings: { ...(profile ? { profile } : {}), ...(region ? { region } : {}), ...(endpoint ? { endpointUrl: endpoint } : {}) },
    sageMaker: () => cached('sagemaker', () => new SageMakerApi(new SageMakerClient(base))),
    sageMakerRuntime: () => cached('runtime', () => new SageMakerRuntimeApi(new SageMakerRuntimeClient(base))),
    // Emulators and custom endpoints rarely resolve bucket sub-domains.
    s3: () => cached('s3', () => new S3Api(new S3Client({ ...base, ...(endpoint ? { forcePathStyle: true } : {}) }))),
    logs: () => cached('logs', () => new CloudWatchLogsApi(new CloudWatchLogsClient(base))),
    cloudWatch: () => cached('cloudwatch', () => new CloudWatchApi(new CloudWatchClient(base))),
    sts: () => cached('sts', () => new StsApi(new STSClient(base))),
    pricing: apiRegion => cached(`pricing:${apiRegion}`, () => new PricingApi(new PricingClient({ ...base, region: apiRegion }))),
    region: async () => {
      const resolved = await clients.sts().client.config.region();
      if (!resolved) throw new Error('No AWS region is set. Set "sagemaker.region", the profile\'s region, or AWS_REGION.');
      return resolved;
    },
    destroy: () => {
      for (const api of cache.values()) api.client.destroy();
      cache.clear();
    },
  };
  return clients;
}
