import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAccount } from '../aws/account';
import { createAwsClients } from '../aws/clientFactory';
import { loadEstimator } from '../estimator/load';
import { planEstimator } from '../estimator/plan';
import type { EstimatorDiagnostic } from '../estimator/types';
import type { CliIo } from './io';

export const PLAN_USAGE = 'plan <estimator.json> [--region R] [--account A] [--job-name N] [--profile P] [--endpoint-url URL]';

/** `file:line:col: severity: message`, 1-based like compilers print, so editors and CI annotate the right place. */
export function formatDiagnostic(file: string, diagnostic: EstimatorDiagnostic): string {
  return `${file}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${diagnostic.severity}: ${diagnostic.message}`;
}

/** `sagemaker-estimator plan`: the CreateTrainingJob request as JSON on stdout, or the file's problems on stderr. */
export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      region: { type: 'string' }, account: { type: 'string' }, 'job-name': { type: 'string' },
      profile: { type: 'string' }, 'endpoint-url': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    io.stderr.write(`sagemaker-estimator: plan takes one estimator file.\nUsage: sagemaker-estimator ${PLAN_USAGE}\n`);
    return 1;
  }
  const file = positionals[0]!;
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr.write(`${file}:1:1: error: cannot read the estimator file: ${(error as Error).message}\n`);
    return 1;
  }
  const loaded = loadEstimator(text, { fileName: path, env: io.env, workspaceFolder: io.cwd, ...(values.region ? { region: values.region } : {}) });
  for (const diagnostic of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(file, diagnostic)}\n`);
  if (!loaded.spec) return 1;

  const spec = loaded.spec;
  let region = values.region ?? spec.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  let account = values.account;
  if (!region || !account) {
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
  return 0;
}
