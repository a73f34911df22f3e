/**
 * What every command that talks to AWS shares: the global flags (`--profile`, `--region`, `--endpoint-url`,
 * `--json`, `--quiet`, as the extension's settings), the clients they make, and AWS errors as exit code 3.
 */
import { createAwsClients, type AwsClients } from '../aws/clientFactory';
import { missingProfileMessage } from '../aws/profiles';
import { classifyAwsError, isNotFoundError } from '../core/connection/errors';
import { describeProgress, type LaunchProgress } from '../core/launch/progress';
import type { CliIo } from './io';
import { AwsCommandError, type GlobalValues } from './globalOptions';
import { checkAwsOptions } from './options';

// Defined without the SDK in globalOptions.ts (the entry needs them), exported here as well for the commands.
export { AwsCommandError, GLOBAL_OPTIONS, GLOBAL_USAGE, type GlobalValues } from './globalOptions';

/** An AWS call that failed, as one line: what we tried, what AWS said, what to do next. */
export function awsFailure(what: string, error: unknown, profile?: string): AwsCommandError {
  return new AwsCommandError(`could not ${what}: ${awsProblemText(what, error, profile)}`);
}

/** What AWS said when trying `what`, and what to do next, in the command line's terms (its flags, not the settings). */
export function awsProblemText(what: string, error: unknown, profile?: string): string {
  const problem = classifyAwsError(error, profile);
  const nextStep = problem.kind === 'no-credentials'
    ? 'Pass --profile, run "aws configure", or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
    : problem.kind === 'no-region' ? 'Pass --region, or set AWS_REGION or the profile\'s region.'
      : problem.kind === 'unreachable' ? 'Check the network, --region and --endpoint-url.'
        : isNotFoundError(error) ? notFoundStep(what)
        : problem.nextStep.replace('Choose a profile (SageMaker: Select AWS Profile), ', 'Pass --profile, ');
  return `${problem.message.replace(/\.?$/, '.')} ${nextStep}`;
}

/** {@link awsFailure}, but no credentials for a --profile that the AWS files do not have says that instead. */
export async function awsFailureChecked(what: string, error: unknown, profile?: string): Promise<AwsCommandError> {
  const missing = profile !== undefined && classifyAwsError(error, profile).kind === 'no-credentials'
    ? await missingProfileMessage(profile) : undefined;
  return missing ? new AwsCommandError(`could not ${what}: ${missing} Check --profile.`) : awsFailure(what, error, profile);
}

/** What to check when the thing `what` names is not there: `list` lists training jobs, not endpoints. */
function notFoundStep(what: string): string {
  return /\bendpoint\b/.test(what)
    ? 'Check the endpoint\'s name and --region (`aws sagemaker list-endpoints` lists them).'
    : 'Check the name (`sagemaker-estimator list` lists training jobs) and --region.';
}

/** Runs one AWS step; its failure becomes an AwsCommandError (exit 3). */
export async function awsStep<T>(what: string, clients: AwsClients, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsCommandError) throw error;
    throw await awsFailureChecked(what, error, clients.settings.profile);
  }
}

/** The region the flags, then `fallback` (e.g. the estimator's), then the environment name; undefined lets the SDK decide. */
export function regionOf(values: GlobalValues, io: CliIo, fallback?: string): string | undefined {
  return values.region ?? fallback ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
}

/** Clients for the global flags, checked as the extension checks its settings. */
export function cliClients(values: GlobalValues, io: CliIo, region?: string): AwsClients {
  checkAwsOptions(values);
  return createAwsClients({
    profile: values.profile ?? io.env.AWS_PROFILE ?? '',
    region: region ?? regionOf(values, io) ?? '',
    endpointUrl: values['endpoint-url'] ?? '',
  }, { endpointUrlSource: '--endpoint-url', env: io.env });
}

/** Progress and notes: stderr, unless --quiet. */
export function note(values: GlobalValues, io: CliIo, text: string): void {
  if (!values.quiet) io.stderr.write(`${text}\n`);
}

/**
 * The launch's and upload-data's progress as notes: every phase change at once, and while uploading one line a
 * second at most (a terminal or a CI log, not an animation).
 */
export function progressNotes(values: GlobalValues, io: CliIo, jobName: string): (progress: LaunchProgress) => void {
  let last = '';
  let lastAt = 0;
  return progress => {
    const message = describeProgress(progress, jobName);
    const now = Date.now();
    const uploading = progress.phase === 'uploading' && progress.filesDone < progress.filesTotal;
    if (message === last || (uploading && last.startsWith('Uploading') && now - lastAt < 1000)) return;
    last = message;
    lastAt = now;
    note(values, io, message);
  };
}
