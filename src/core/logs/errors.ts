import { classifyAwsError, isNotFoundError } from '../connection/errors';

/**
 * What a failed CloudWatch Logs / SageMaker call means to the tailer:
 * - `not-found`: the log group (or the job) does not exist (yet: the group appears when a container first writes);
 * - `throttled`, `transient`: back off and retry the same request;
 * - `credentials`: stop the tail with one message (no credentials, access denied);
 * - `expired`: the session (SSO login, temporary credentials) expired: pause until it is renewed (credentialPause.ts);
 * - `invalid-token`: the nextToken was refused: restart the page run;
 * - `unsupported`: the operation is not offered here (Live Tail on an emulator or an old partition);
 * - `other`: retried a few times, then the tail stops with the message.
 */
export type LogsErrorKind = 'not-found' | 'throttled' | 'transient' | 'credentials' | 'expired' | 'invalid-token' | 'unsupported' | 'other';

export interface LogsError {
  kind: LogsErrorKind;
  message: string;
  nextStep?: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ProvisionedThroughputExceededException', 'LimitExceededException',
]);
const TRANSIENT = new Set([
  'ServiceUnavailableException', 'ServiceUnavailable', 'InternalFailure', 'InternalServerError', 'InternalServiceError',
  'InternalServerException', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'NetworkingError',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH',
  'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_SESSION_ERROR', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET',
]);
const UNSUPPORTED = new Set([
  'UnknownOperationException', 'UnknownOperation', 'InvalidAction', 'UnsupportedOperation', 'UnsupportedOperationException',
  'NotImplemented', 'NotImplementedException', 'UnrecognizedClientException',
]);

export function classifyLogsError(error: unknown): LogsError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = e.name ?? '';
  const code = e.code ?? e.Code ?? '';
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  if (isNotFoundError(error)) {
    return { kind: 'not-found', message };
  }
  if (name === 'InvalidParameterException' && /token/i.test(message)) return { kind: 'invalid-token', message };
  if (THROTTLING.has(name) || THROTTLING.has(code) || status === 429 || e.$retryable?.throttling) return { kind: 'throttled', message };
  const problem = classifyAwsError(error);
  if (problem.kind === 'expired-token') return { kind: 'expired', message: problem.message, nextStep: problem.nextStep };
  if (problem.kind === 'no-credentials' || problem.kind === 'access-denied') {
    // UnrecognizedClientException is also what emulators answer for an operation they lack; it is only
    // a credential problem when the message says so.
    if (!(name === 'UnrecognizedClientException' && !/security token|credential/i.test(message))) {
      return { kind: 'credentials', message: problem.message, nextStep: problem.nextStep };
    }
  }
  if (UNSUPPORTED.has(name) || UNSUPPORTED.has(code) || status === 501 || /not (yet )?(implemented|supported)/i.test(message)) {
    return { kind: 'unsupported', message };
  }
  if (TRANSIENT.has(name) || TRANSIENT.has(code) || (status !== undefined && status >= 500) || problem.kind === 'unreachable' ||
      /socket hang up|ECONNRESET|EPIPE|network|timed? ?out/i.test(message)) {
    return { kind: 'transient', message };
  }
  return { kind: 'other', message };
}
