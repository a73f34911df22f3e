import { parseArgs } from 'node:util';
import { stopTrainingJob } from '../aws/resources';
import { awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, note } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const STOP_USAGE = `stop <training-job> ${GLOBAL_USAGE}`;

export const STOP_HELP = `Stop a training job (StopTrainingJob); it goes to Stopping, then Stopped. Follow it with \`wait <training-job>\`.
A job that has ended already (or is stopping) is left as it is, and says so: exit 0, as when it stops.`;

/** `sagemaker-estimator stop`: StopTrainingJob. */
export async function stopCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`stop takes one training job name. Usage: sagemaker-estimator ${STOP_USAGE}`);
  const jobName = positionals[0]!;
  const clients = cliClients(values, io);
  try {
    const already = await awsStep(`stop training job ${jobName}`, clients, () => stopTrainingJob(clients, jobName));
    if (already === 'Stopping') note(values, io, `Training job ${jobName} is stopping already. Wait for it to stop with: sagemaker-estimator wait ${jobName}`);
    else if (already) note(values, io, `Training job ${jobName} has ended already (${already}): nothing to stop.`);
    else note(values, io, `Stopping training job ${jobName}. Wait for it to stop with: sagemaker-estimator wait ${jobName}`);
    return 0;
  } finally {
    clients.destroy();
  }
}
