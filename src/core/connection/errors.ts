/** What went wrong with an AWS call, in terms of what the user should do next. */
export type AwsProblemKind = 'no-credentials' | 'expired-token' | 'access-denied' | 'no-region' | 'unreachable' | 'other';

export interface AwsProblem {
  kind: AwsProblemKind;
  /** One sentence for the user. */
  message: string;
  /** The next step, e.g. "Run aws sso login --profile dev". */
  nextStep: string;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const has = (text: string, ...needles: string[]): boolean => needles.some(n => text.includes(n));

/** Error names (the SDK's `name` or `code`) that mean the session's token has expired. */
const EXPIRED_TOKEN_NAMES = new Set([
  'ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'UnauthorizedSSOTokenError', 'InvalidGrantException',
]);
/**
 * Whole phrases of the SDK's credential providers (credential-provider-sso, token-providers) and of STS when an SSO
 * session or a session token has expired. Matched as phrases: a word such as "sso" inside another message (a bucket,
 * a profile named "sso-dev") says nothing about expiry.
 */
const EXPIRED_TOKEN_PHRASES = [
  'The SSO session associated with this profile has expired',
  'The SSO session associated with this profile is invalid',
  'The SSO session token associated with profile',
  'Token is expired',
  'To refresh this SSO session run',
  'The security token included in the request is expired',
  'The provided token has expired',
];

/** Whether `error` says that an AWS session (an SSO login, temporary credentials) has expired and must be renewed. */
export function isExpiredTokenError(error: unknown): boolean {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  if ([e.name, e.code, e.Code].some(n => n !== undefined && EXPIRED_TOKEN_NAMES.has(n))) return true;
  return has(e.message ?? String(error), ...EXPIRED_TOKEN_PHRASES);
}

/** Names AWS answers a call about a resource it does not have with (CloudWatch Logs, SageMaker's newer APIs). */
const NOT_FOUND_NAMES = new Set(['ResourceNotFound', 'ResourceNotFoundException']);

/**
 * Whether `error` says that the resource a call named does not exist: a ResourceNotFound(Exception), or the
 * ValidationException SageMaker answers an unknown name with ("Could not find endpoint", "Requested resource not
 * found", "... does not exist"). A ValidationException about anything else (a bad value) is not one.
 */
export function isNotFoundError(error: unknown): boolean {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = e.name ?? e.code ?? e.Code ?? '';
  if (NOT_FOUND_NAMES.has(name)) return true;
  return name === 'ValidationException' && /not (be )?found|could not find|does not exist/i.test(e.message ?? '');
}

/** The command that renews the session of `profile` (the default profile when none is named). */
export function renewCommand(profile?: string): string {
  return `aws sso login${profile ? ` --profile ${profile}` : ''}`;
}

export function classifyAwsError(error: unknown, profile?: string): AwsProblem {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = e.name ?? e.code ?? e.Code ?? '';
  const message = e.message ?? String(error);
  const text = `${name} ${message}`;
  // Before the missing-credentials check: an expired SSO session is a CredentialsProviderError too.
  if (isExpiredTokenError(error)) {
    return {
      kind: 'expired-token',
      message: `Your AWS session${profile ? ` (profile "${profile}")` : ''} has expired.`,
      nextStep: `Run "${renewCommand(profile)}" and retry.`,
    };
  }
  if (has(text, 'CredentialsProviderError', 'Could not load credentials', 'Unable to locate credentials', 'MissingCredentials')) {
    return {
      kind: 'no-credentials',
      message: 'No AWS credentials were found.',
      nextStep: 'Choose a profile (SageMaker: Select AWS Profile), run "aws configure", or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    };
  }
  if (has(text, 'AccessDenied', 'UnauthorizedOperation', 'not authorized', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException')) {
    return {
      kind: 'access-denied',
      message: `AWS refused the call: ${message}`,
      nextStep: 'Check that the profile\'s credentials are valid and that its role may call SageMaker, or pick another profile.',
    };
  }
  if (has(text, 'Region is missing', 'No AWS region')) {
    return { kind: 'no-region', message: 'No AWS region is set.', nextStep: 'Set "sagemaker.region" (SageMaker: Select AWS Region), or the profile\'s region.' };
  }
  if (has(text, 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'getaddrinfo', 'socket hang up')) {
    return {
      kind: 'unreachable',
      message: `AWS could not be reached: ${message}`,
      nextStep: 'Check the network, the region and "sagemaker.endpointUrl".',
    };
  }
  // Retrying does not make a missing job or endpoint appear: the name or the region is what to look at.
  if (isNotFoundError(error)) return { kind: 'other', message, nextStep: 'Check the name, and the region (SageMaker: Select AWS Region): it may be in another region, or deleted.' };
  return { kind: 'other', message, nextStep: 'Retry; if it keeps failing, check the region and the profile.' };
}
