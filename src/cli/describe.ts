import { parseArgs } from 'node:util';
import { describeEndpoint, describeTrainingJob } from '../aws/resources';
import { awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const DESCRIBE_USAGE = `describe (<training-job> | --endpoint <name>) ${GLOBAL_USAGE}`;

export const DESCRIBE_HELP = `Print DescribeTrainingJob's reply (or, with --endpoint, DescribeEndpoint's with its EndpointConfig) as JSON.`;

/** `sagemaker-estimator describe`: the job (or endpoint) as AWS describes it, JSON on stdout. */
export async function describeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, options: { ...GLOBAL_OPTIONS, endpoint: { type: 'string' } }, allowPositionals: true, strict: true,
  });
  if (values.endpoint !== undefined ? positionals.length !== 0 : positionals.length !== 1) {
    throw new UsageError(`describe takes one training job name, or --endpoint <name>. Usage: sagemaker-estimator ${DESCRIBE_USAGE}`);
  }
  const clients = cliClients(values, io);
  try {
    const endpoint = values.endpoint;
    const described = endpoint !== undefined
      ? await awsStep(`describe endpoint ${endpoint}`, clients, async () => {
        const details = await describeEndpoint(clients, endpoint);
        return { ...details.endpoint, ...(details.config ? { EndpointConfig: details.config } : {}) };
      })
      : await awsStep(`describe training job ${positionals[0]}`, clients, () => describeTrainingJob(clients, positionals[0]!));
    io.stdout.write(`${JSON.stringify(described, null, 2)}\n`);
    return 0;
  } finally {
    clients.destroy();
  }
}
