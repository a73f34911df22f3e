/**
 * Invoking a SageMaker endpoint: SageMaker Runtime's InvokeEndpoint through the connection's one client
 * factory. Lives in the AWS bundle (exported by src/aws/index.ts); the extension reaches it through
 * `loadAws()`, so the webview never sees credentials and activation never loads the SDK.
 */
import { type InvokeEndpointCommandInput } from '@aws-sdk/client-sagemaker-runtime';
import type { AwsClients } from './clientFactory';
import { checkRequest } from '../core/api/checkRequest';
import { REALTIME_PAYLOAD_LIMIT_BYTES, payloadTooLargeMessage } from '../core/invoke/payload';
import { InvokeFailure, type InvocationTarget, type InvokeRequest, type InvokeResponse } from '../core/invoke/types';

/** InvokeEndpoint's input for a request (empty headers are left out). */
export function invokeEndpointInput(endpointName: string, request: InvokeRequest): InvokeEndpointCommandInput {
  return {
    EndpointName: endpointName,
    Body: request.body,
    ...(request.contentType ? { ContentType: request.contentType } : {}),
    ...(request.accept ? { Accept: request.accept } : {}),
    ...(request.customAttributes ? { CustomAttributes: request.customAttributes } : {}),
    ...(request.targetVariant ? { TargetVariant: request.targetVariant } : {}),
    ...(request.targetModel ? { TargetModel: request.targetModel } : {}),
    ...(request.inferenceId ? { InferenceId: request.inferenceId } : {}),
  };
}

/** One InvokeEndpoint call. Refuses a body over 6 MB before sending; AWS errors are thrown as the SDK raises them. */
export async function invokeEndpoint(clients: AwsClients, endpointName: string, request: InvokeRequest, signal?: AbortSignal): Promise<InvokeResponse> {
  if (request.body.length > REALTIME_PAYLOAD_LIMIT_BYTES) {
    throw new InvokeFailure('PayloadTooLarge', payloadTooLargeMessage(request.body.length), 413);
  }
  const input = invokeEndpointInput(endpointName, request);
  // Checked against the API model first: a request SageMaker would refuse is never sent.
  const violation = checkRequest('InvokeEndpoint', input)[0];
  if (violation) throw new InvokeFailure('ValidationError', `SageMaker would refuse this InvokeEndpoint request: ${violation.message}`, 400);
  const out = await clients.sageMakerRuntime().invokeEndpoint(input, signal ? { abortSignal: signal } : {});
  return {
    status: out.$metadata.httpStatusCode ?? 200,
    body: out.Body ?? new Uint8Array(),
    ...(out.ContentType ? { contentType: out.ContentType } : {}),
    ...(out.InvokedProductionVariant ? { invokedVariant: out.InvokedProductionVariant } : {}),
    ...(out.CustomAttributes ? { customAttributes: out.CustomAttributes } : {}),
    ...(out.$metadata.attempts ? { attempts: out.$metadata.attempts } : {}),
  };
}

/**
 * An endpoint as an invocation target. `clients` is asked for on each call, so that a change of profile,
 * region or endpoint URL (which rebuilds the clients) is followed.
 */
export function cloudInvocationTarget(clients: () => AwsClients, endpointName: string, region: string): InvocationTarget {
  return {
    id: `cloud:${region}:${endpointName}`,
    label: endpointName,
    maxPayloadBytes: REALTIME_PAYLOAD_LIMIT_BYTES,
    invoke: (request, signal) => invokeEndpoint(clients(), endpointName, request, signal),
  };
}
