import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAccount } from '../aws/account';
import { EXPORT_TARGETS, type ExportTarget } from '../core/export/index';
import { exportEstimatorFile } from '../core/export/fromFile';
import { awsStep, cliClients, regionOf } from './awsOptions';
import { formatDiagnostic, loadEstimatorArg } from './estimatorArg';
import type { CliIo } from './io';
import { checkAwsOptions, UsageError } from './options';

export const EXPORT_USAGE = 'export <estimator.json> [--as sdk-v2|sdk-v3|boto3] [--out FILE] [--job-name N] [--region R] [--account A] [--profile P] [--endpoint-url URL]';

export const EXPORT_HELP = `Print the Python that does what the estimator file does (nothing is sent):
  --as sdk-v2   (default) SageMaker Python SDK v2: the Estimator or framework class (PyTorch, TensorFlow, ...) with the
                file's own arguments, then fit() with TrainingInput / FileSystemInput as the file writes its inputs;
                local mode uses sagemaker.local.LocalSession
  --as sdk-v3   SageMaker Python SDK v3: ModelTrainer(...) and train(); what v3 has no place for is named in comments
  --as boto3    boto3's create_training_job(**request) with exactly the request \`plan\` prints; what the launch would
                upload first is listed at the top (boto3 uploads nothing). Needs the account: --account, or AWS
                credentials (STS GetCallerIdentity), as \`plan\`.
  --out FILE    write the Python to FILE instead of stdout
The file is planned first: its problems are printed as \`plan\` prints them, and nothing is exported.`;

/** `sagemaker-estimator export`: the estimator file as SDK v2, SDK v3 or boto3 Python. */
export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      as: { type: 'string', default: 'sdk-v2' }, out: { type: 'string' }, 'job-name': { type: 'string' },
      region: { type: 'string' }, account: { type: 'string' }, profile: { type: 'string' }, 'endpoint-url': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  checkAwsOptions(values);
  const target = values.as as ExportTarget;
  if (!EXPORT_TARGETS.includes(target)) {
    throw new UsageError(`export: --as "${values.as}" is not a target; use one of ${EXPORT_TARGETS.join(', ')}.`);
  }
  const arg = loadEstimatorArg('export', EXPORT_USAGE, positionals, io, { region: values.region });
  if (!arg) return 1;
  let region = regionOf(values, io, arg.spec.region);
  let account = values.account;
  if (target === 'boto3' && (!region || !account)) {
    const clients = cliClients(values, io, region);
    try {
      region ??= await awsStep('resolve the AWS region', clients, () => clients.region());
      account ??= await awsStep('resolve the AWS account (STS GetCallerIdentity); pass --account', clients, () => resolveAccount(clients));
    } finally {
      clients.destroy();
    }
  }
  const result = exportEstimatorFile(arg.text, arg.spec, {
    target, fileName: arg.file, baseDir: dirname(arg.path),
    ...(region ? { region } : {}), ...(account ? { account } : {}), ...(values['job-name'] ? { jobName: values['job-name'] } : {}),
  });
  for (const diagnostic of result.diagnostics) io.stderr.write(`${formatDiagnostic(arg.file, diagnostic)}\n`);
  if (result.python === undefined) return 1;
  if (values.out === undefined) {
    io.stdout.write(result.python);
    return 0;
  }
  try {
    writeFileSync(resolve(io.cwd, values.out), result.python);
  } catch (error) {
    io.stderr.write(`sagemaker-estimator: could not write ${values.out}: ${(error as Error).message}. Check the folder exists and is writable.\n`);
    return 1;
  }
  return 0;
}
