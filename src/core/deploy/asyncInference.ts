/**
 * `deploy(async_inference_config=AsyncInferenceConfig(...))` as the SageMaker Python SDK v2 sends it
 * (v2.257.6): `Model._build_default_async_inference_config` fills a missing output or failure path
 * with `s3://<default bucket>/async-endpoint-outputs|async-endpoint-failures/<unique_name_from_base(model name)>`,
 * then `AsyncInferenceConfig._to_request_dict()` becomes CreateEndpointConfig's `AsyncInferenceConfig`.
 * The arguments are AsyncInferenceConfig's: output_path, max_concurrent_invocations_per_instance,
 * kms_key_id, notification_config (passed through as the API's NotificationConfig, as the SDK does),
 * failure_path.
 */
import { s3PathJoin } from '../estimator/channels';

export const ASYNC_INFERENCE_ARGUMENTS = ['output_path', 'max_concurrent_invocations_per_instance', 'kms_key_id', 'notification_config', 'failure_path'] as const;

/** A problem with the arguments, and the key under async_inference_config it concerns. */
export class AsyncInferenceConfigError extends Error {
  constructor(message: string, readonly key?: string) {
    super(message);
  }
}

/**
 * `utils.unique_name_from_base(base)`: `<base>-<epoch seconds>-<4 hex>`, the base trimmed so that the
 * name fits 63 characters. `hex` is the SDK's random part (random when not given).
 */
export function uniqueNameFromBase(base: string, now: Date, hex?: string): string {
  const unique = hex ?? Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
  const ts = String(Math.floor(now.getTime() / 1000));
  const available = 63 - 2 - ts.length - unique.length;
  return `${base.slice(0, available)}-${ts}-${unique}`;
}

/** Python's truth of a JSON value. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

function optionalString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AsyncInferenceConfigError(`deploy.async_inference_config.${key} must be a string.`, key);
  return value;
}

/** The CreateEndpointConfig `AsyncInferenceConfig` of `deploy(async_inference_config=...)`. */
export function asyncInferenceRequest(raw: unknown, modelName: string, defaultBucket: string, now: Date, uniqueHex?: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AsyncInferenceConfigError('deploy.async_inference_config must be an object of AsyncInferenceConfig arguments (output_path, max_concurrent_invocations_per_instance, kms_key_id, notification_config, failure_path).');
  }
  const config = raw as Record<string, unknown>;
  const unknown = Object.keys(config).find(key => !(ASYNC_INFERENCE_ARGUMENTS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new AsyncInferenceConfigError(`"${unknown}" is not an argument of AsyncInferenceConfig: use ${ASYNC_INFERENCE_ARGUMENTS.join(', ')}.`, unknown);
  }
  let outputPath = optionalString(config, 'output_path');
  let failurePath = optionalString(config, 'failure_path');
  const kmsKeyId = optionalString(config, 'kms_key_id');
  if (outputPath === undefined || failurePath === undefined) {
    const folder = uniqueNameFromBase(modelName, now, uniqueHex);
    outputPath ??= s3PathJoin(['s3://', defaultBucket, 'async-endpoint-outputs', folder]);
    failurePath ??= s3PathJoin(['s3://', defaultBucket, 'async-endpoint-failures', folder]);
  }
  const outputConfig: Record<string, unknown> = { S3OutputPath: outputPath, S3FailurePath: failurePath };
  const request: Record<string, unknown> = { OutputConfig: outputConfig };
  const maxConcurrent = config.max_concurrent_invocations_per_instance;
  if (truthy(maxConcurrent)) {
    if (typeof maxConcurrent !== 'number' || !Number.isInteger(maxConcurrent)) {
      throw new AsyncInferenceConfigError('deploy.async_inference_config.max_concurrent_invocations_per_instance must be a whole number.', 'max_concurrent_invocations_per_instance');
    }
    request.ClientConfig = { MaxConcurrentInvocationsPerInstance: maxConcurrent };
  }
  if (truthy(kmsKeyId)) outputConfig.KmsKeyId = kmsKeyId;
  const notification = config.notification_config;
  if (truthy(notification)) {
    if (typeof notification !== 'object' || Array.isArray(notification)) {
      throw new AsyncInferenceConfigError('deploy.async_inference_config.notification_config must be an object: {"SuccessTopic": <SNS topic ARN>, "ErrorTopic": ..., "IncludeInferenceResponseIn": [...]}.', 'notification_config');
    }
    outputConfig.NotificationConfig = notification;
  }
  return request;
}
