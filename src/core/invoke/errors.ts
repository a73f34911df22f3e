/**
 * What a failed invocation says, in the panel: the model's own error (ModelError carries the container's HTTP
 * status and message), throttling, a missing endpoint, a refused request, credentials, the network. Reads AWS
 * SDK v3 errors and `InvokeFailure`s by their fields only. Pure.
 */
import { classifyAwsError } from '../connection/errors';

export type InvokeErrorKind =
  | 'model-error'
  | 'model-not-ready'
  | 'throttled'
  | 'not-found'
  | 'validation'
  | 'too-large'
  | 'service'
  | 'credentials'
  | 'unreachable'
  | 'cancelled'
  | 'other';

export interface InvokeErrorInfo {
  kind: InvokeErrorKind;
  /** A short headline: "ModelError: the model answered 400". */
  title: string;
  /** What AWS or the model said. */
  message: string;
  /** What to do next. */
  nextStep?: string;
  /** HTTP status of the reply SageMaker gave (424 for a ModelError). */
  httpStatus?: number;
  /** The error type: ModelError, ThrottlingException, ValidationError, ... */
  errorType?: string;
  /** ModelError: the status the model's container answered. */
  originalStatus?: number;
  /** ModelError: the body the model's container answered. */
  originalMessage?: string;
  /** ModelError: the CloudWatch log stream of the container. */
  logStreamArn?: string;
  /** HTTP attempts made (the client retries throttling and 5xx). */
  attempts?: number;
}

interface ErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number };
  OriginalStatusCode?: number;
  OriginalMessage?: string;
  LogStreamArn?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function classifyInvokeError(error: unknown): InvokeErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorShape;
  const type = str(e.name) ?? str(e.Code) ?? str(e.code) ?? 'Error';
  const message = str(e.message) ?? String(error);
  const httpStatus = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const attempts = e.$metadata?.attempts;
  const base = {
    errorType: type,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(attempts !== undefined && attempts > 1 ? { attempts } : {}),
  };
  const text = `${type} ${message}`;

  if (type === 'AbortError' || /aborted|cancell?ed/i.test(type)) {
    return { kind: 'cancelled', title: 'Cancelled', message: 'The request was cancelled before a reply came.', ...base };
  }
  if (type === 'ModelError') {
    const original = typeof e.OriginalStatusCode === 'number' ? e.OriginalStatusCode : undefined;
    return {
      kind: 'model-error',
      title: original !== undefined ? `ModelError: the model answered ${original}` : 'ModelError: the model failed the request',
      message,
      nextStep: 'The request reached the model, whose code refused or failed it: check the payload and content type, and the model\'s logs.',
      ...base,
      ...(original !== undefined ? { originalStatus: original } : {}),
      ...(str(e.OriginalMessage) ? { originalMessage: e.OriginalMessage } : {}),
      ...(str(e.LogStreamArn) ? { logStreamArn: e.LogStreamArn } : {}),
    };
  }
  if (type === 'ModelNotReadyException') {
    return { kind: 'model-not-ready', title: 'The model is not ready', message, nextStep: 'Wait until the model is loaded, then send again.', ...base };
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(type) || httpStatus === 429 || /Rate exceeded/i.test(message)) {
    return {
      kind: 'throttled',
      title: 'Throttled',
      message,
      nextStep: `SageMaker refused the call for its rate${attempts && attempts > 1 ? ` (after ${attempts} attempts)` : ''}: send again in a moment, or raise the endpoint's capacity.`,
      ...base,
    };
  }
  if (/ValidationE(rror|xception)/.test(type) && /not found|could not find|does not exist/i.test(message)) {
    return {
      kind: 'not-found',
      title: 'Endpoint not found',
      message,
      nextStep: 'The endpoint does not exist in this account and region (deleted, or another region?): refresh the Endpoints view.',
      ...base,
    };
  }
  if (/ValidationE(rror|xception)/.test(type)) {
    return { kind: 'validation', title: 'Request refused', message, nextStep: 'Check the headers (content type, target variant or model, custom attributes).', ...base };
  }
  if (type === 'PayloadTooLarge' || httpStatus === 413) {
    return { kind: 'too-large', title: 'Payload too large', message, ...base };
  }
  const problem = classifyAwsError(error);
  if (problem.kind === 'unreachable') return { kind: 'unreachable', title: 'Could not reach the endpoint', message: problem.message, nextStep: problem.nextStep, ...base };
  if (problem.kind !== 'other') return { kind: 'credentials', title: 'AWS credentials', message: problem.message, nextStep: problem.nextStep, ...base };
  if ((httpStatus !== undefined && httpStatus >= 500) || /ServiceUnavailable|InternalFailure|InternalServer/i.test(text)) {
    return { kind: 'service', title: `SageMaker failed (${httpStatus ?? type})`, message, nextStep: 'Send again; if it keeps failing, check the endpoint\'s status and logs.', ...base };
  }
  return { kind: 'other', title: type, message, ...base };
}
