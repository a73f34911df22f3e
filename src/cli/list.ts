import { parseArgs } from 'node:util';
import type { TrainingJobStatus, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { listTrainingJobsPage } from '../aws/resources';
import { awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const LIST_USAGE = `list [--status S] [--name-contains X] [--max N] ${GLOBAL_USAGE}`;

export const LIST_HELP = `List training jobs, newest first: name, status, creation time (UTC); --json prints ListTrainingJobs' summaries.
  --status S          only jobs in this status: InProgress, Completed, Failed, Stopping or Stopped
  --name-contains X   only jobs whose name contains X
  --max N             at most N jobs (default 20)`;

const STATUSES: readonly TrainingJobStatus[] = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];

/** `sagemaker-estimator list`: training jobs, as the Training Jobs view lists them. */
export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...GLOBAL_OPTIONS, status: { type: 'string' }, 'name-contains': { type: 'string' }, max: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`list takes no job name (use --name-contains). Usage: sagemaker-estimator ${LIST_USAGE}`);
  const status = values.status !== undefined ? STATUSES.find(s => s.toLowerCase() === values.status!.toLowerCase()) : undefined;
  if (values.status !== undefined && !status) throw new UsageError(`--status "${values.status}" is not a training job status: use one of ${STATUSES.join(', ')}.`);
  const max = values.max !== undefined ? Number(values.max) : 20;
  if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max must be a whole number of at least 1, not "${values.max}".`);
  const clients = cliClients(values, io);
  try {
    const jobs: TrainingJobSummary[] = [];
    let nextToken: string | undefined;
    // ListTrainingJobs may page before it filters (a page can be empty with a token): follow tokens until enough.
    do {
      const page = await awsStep('list training jobs', clients, () => listTrainingJobsPage(clients, nextToken, {
        ...(status ? { status } : {}), ...(values['name-contains'] ? { nameContains: values['name-contains'] } : {}),
      }, Math.min(100, max)));
      jobs.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken && jobs.length < max);
    const shown = jobs.slice(0, max);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(4, ...shown.map(j => (j.TrainingJobName ?? '').length));
    for (const job of shown) {
      const created = job.CreationTime ? job.CreationTime.toISOString().slice(0, 19).replace('T', ' ') : '';
      io.stdout.write(`${(job.TrainingJobName ?? '').padEnd(width)}  ${(job.TrainingJobStatus ?? '').padEnd(10)}  ${created}\n`);
    }
    if (shown.length === 0) io.stderr.write('No training jobs match.\n');
    return 0;
  } finally {
    clients.destroy();
  }
}
