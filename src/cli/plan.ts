import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { planEstimator } from '../core/estimator/plan';
import { formatDiagnostic, loadEstimatorArg } from './estimatorArg';
import type { CliIo } from './io';
import { checkAwsOptions } from './options';


export const PLAN_USAGE = 'plan <estimator.json> [--region R] [--account A] [--job-name N] [--profile P] [--endpoint-url URL] [--estimate]';


/** `sagemaker-estimator plan`: the CreateTrainingJob request as JSON on stdout, or the file's problems on stderr. */
export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      region: { type: 'string' }, account: { type: 'string' }, 'job-name': { type: 'string' },
      profile: { type: 'string' }, 'endpoint-url': { type: 'string' }, estimate: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  checkAwsOptions(values);
  const arg = loadEstimatorArg('plan', PLAN_USAGE, positionals, io, { region: values.region });
  if (!arg) return 1;
  const { file, path, text } = arg;

  const spec = arg.spec;
  let region = values.region ?? spec.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  let account = values.account;
  if (!region || !account) {
    // Loaded only when AWS must be asked: with the region and the account known, plan evaluates no AWS SDK module.
    const [{ createAwsClients }, { resolveAccount }] = await Promise.all([import('../aws/clientFactory'), import('../aws/account')]);
    const clients = createAwsClients({
      profile: values.profile ?? io.env.AWS_PROFILE ?? '',
      region: region ?? '',
      endpointUrl: values['endpoint-url'] ?? '',
    });
    try {
      region ??= await clients.region();
      account ??= await resolveAccount(clients);
    } catch (error) {
      io.stderr.write(`sagemaker-estimator: could not resolve the ${region ? 'account' : 'region'} (${(error as Error).message}). `
        + 'Pass --account and --region, or configure AWS credentials.\n');
      return 1;
    } finally {
      clients.destroy();
    }
  }
  const result = planEstimator(text, spec, {
    region, account, baseDir: dirname(path), ...(values['job-name'] ? { jobName: values['job-name'] } : {}),
  });
  for (const diagnostic of result.diagnostics) io.stderr.write(`${formatDiagnostic(file, diagnostic)}\n`);
  if (!result.plan) return 1;
  io.stdout.write(`${JSON.stringify(result.plan.request, null, 2)}\n`);
  if (values.estimate) {
    // On stderr: stdout stays the request's JSON.
    const [{ createAwsClients }, { cliEstimate }] = await Promise.all([import('../aws/clientFactory'), import('./costs')]);
    const clients = createAwsClients({ profile: values.profile ?? io.env.AWS_PROFILE ?? '', region, endpointUrl: values['endpoint-url'] ?? '' });
    try {
      const { lines } = await cliEstimate(clients, result.plan, region, io.env);
      io.stderr.write(`Estimated cost (on-demand):\n${lines.map(line => `  ${line}\n`).join('')}`);
    } finally {
      clients.destroy();
    }
  }
  return 0;
}
