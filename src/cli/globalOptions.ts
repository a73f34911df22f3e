/**
 * The global flags and the AWS error kind, without the AWS SDK: the entry (main.ts) needs them before it knows which
 * command runs, and loading awsOptions.ts there would evaluate the SDK's clients for commands that make no AWS call.
 */

/** parseArgs' description of the global flags, merged into each command's own options. */
export const GLOBAL_OPTIONS = {
  profile: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export const GLOBAL_USAGE = '[--profile P] [--region R] [--endpoint-url URL] [--json] [--quiet]';

export interface GlobalValues {
  profile?: string | undefined;
  region?: string | undefined;
  'endpoint-url'?: string | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
}

/** AWS refused or could not be reached: exit 3, with one line saying what happened and what to do. */
export class AwsCommandError extends Error {
  override readonly name = 'AwsCommandError';
}
