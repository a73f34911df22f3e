import { endpointUrlProblem } from '../core/connection/endpointUrl';
import { REGION_SHAPE, resourceNameProblem } from '../core/estimator/rulesUtil';

/**
 * A command-line option the command cannot use: the process exits 2 (as usage errors do by convention) with the
 * message, one line naming the option, what is wrong and what is allowed.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Checks the options that end up in AWS requests and file names (`--job-name`, `--account`, `--region`) the way the
 * estimator file's own fields are checked, so a typo is caught here rather than by the API or the file system, and
 * `--endpoint-url` as the extension's setting is. Options that are absent are not checked.
 */
export function checkAwsOptions(values: {
  'job-name'?: string | undefined; account?: string | undefined; region?: string | undefined; 'endpoint-url'?: string | undefined;
}): void {
  const jobName = values['job-name'];
  if (jobName !== undefined) {
    const problem = resourceNameProblem(jobName);
    if (problem) {
      throw new UsageError(`--job-name "${jobName}" is not a valid training job name: ${problem}. `
        + 'Allowed: 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit.');
    }
  }
  const account = values.account;
  if (account !== undefined && !ACCOUNT_ID.test(account)) {
    const digits = account.replace(/[\s-]/g, '');
    throw new UsageError(`--account "${account}" is not an AWS account ID: allowed are exactly 12 digits, such as 111122223333.`
      + `${digits !== account && ACCOUNT_ID.test(digits) ? ` Did you mean "${digits}"?` : ''}`);
  }
  const region = values.region;
  if (region !== undefined && !REGION_SHAPE.test(region)) {
    const lower = region.trim().toLowerCase().replace(/_/g, '-');
    throw new UsageError(`--region "${region}" is not an AWS region name: allowed are names such as us-east-1 or eu-west-1.`
      + `${REGION_SHAPE.test(lower) ? ` Did you mean "${lower}"?` : ''}`);
  }
  const endpointUrl = values['endpoint-url'];
  const endpointProblem = endpointUrl !== undefined && endpointUrl.trim() ? endpointUrlProblem(endpointUrl.trim()) : undefined;
  if (endpointProblem) throw new UsageError(`--endpoint-url "${endpointUrl}" ${endpointProblem}`);
}
