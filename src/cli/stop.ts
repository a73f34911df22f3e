import { parseArgs } from 'node:util';
import { stopTrainingJob } from '../aws/resources';
import { awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, note } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const STOP_USAGE = `stop <training-job> ${GLOBAL_USAGE}`;

export const STOP_HELP = 'Stop a training job (StopTrainingJob); it goes to Stopping, then Stopped. Follow it with `wait <training-job>`.';

/** `sagemaker-estimator stop`: StopTrainingJob. */
export async function stopCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`stop takes one training job name. Usage: sagemaker-estimator ${STOP_USAGE}`);
  const jobName = positionals[0]!;
  const clients = cliClients(values, io);
  try {
    await awsStep(`stop training job ${jobName}`, clients, () => stopTrainingJob(clients, jobName));
    note(values, io, `Stopping training job ${jobName}. Wait for it to stop with: sagemaker-estimator wait ${jobName}`);
    return 0;
  } finally {
    clients.destroy();
  }
}
