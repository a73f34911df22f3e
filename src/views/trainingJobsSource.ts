import * as vscode from 'vscode';
import { isTerminalStatus } from '../core/facts';
import type { TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../platform/loadAws';
import type { TrainingJobDetails, TrainingJobFilter } from '../aws/resources';
import { formatDuration } from '../core/format';
import { jobRowDescription, jobRowSummary, type JobRowFacts } from '../core/views/jobRow';
import type { ResourceSource } from './pagedTree';
import { statusIcon, type StatusIconTable } from './statusIcons';
import { trainingJobCostText } from '../costs/treeCosts';
import { isWatchedJob } from '../watch/watchMarks';

const STATUS_ICONS: StatusIconTable = {
  InProgress: ['sync~spin', 'charts.blue'],
  Completed: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Stopping: ['debug-stop', 'charts.yellow'],
  Stopped: ['circle-slash', 'disabledForeground'],
};


/** What the row says (src/core/views/jobRow.ts), from the summary and, once read, the details. */
function rowFacts(job: TrainingJobSummary, details: TrainingJobDetails | undefined): JobRowFacts {
  const resources = details?.ResourceConfig;
  const ended = job.TrainingEndTime ?? (isTerminalStatus(job.TrainingJobStatus) ? job.LastModifiedTime : undefined);
  return {
    status: job.TrainingJobStatus,
    secondaryStatus: details?.SecondaryStatus ?? job.SecondaryStatus,
    creationTime: job.CreationTime?.getTime(),
    endTime: ended?.getTime(),
    instances: resources?.InstanceType ? `${resources.InstanceType} × ${resources.InstanceCount ?? 1}`
      : resources?.InstanceGroups?.length ? `${resources.InstanceGroups.length} instance groups` : undefined,
  };
}

export function trainingJobTooltip(job: TrainingJobSummary, details: TrainingJobDetails | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.appendMarkdown(`**${job.TrainingJobName}**\n\n${escapeMarkdown(jobRowSummary(rowFacts(job, details)))}\n\n`);
  const rows: [string, string | undefined][] = [
    ['Status', `${job.TrainingJobStatus ?? 'unknown'}${details?.SecondaryStatus && details.SecondaryStatus !== job.TrainingJobStatus ? ` (${details.SecondaryStatus})` : ''}`],
    ['Created', job.CreationTime?.toISOString()],
  ];
  if (details) {
    const resources = details.ResourceConfig;
    rows.push(
      ['Image', details.AlgorithmSpecification?.TrainingImage ?? details.AlgorithmSpecification?.AlgorithmName],
      ['Instances', resources ? `${resources.InstanceType ?? (resources.InstanceGroups ?? []).map(g => `${g.InstanceGroupName}: ${g.InstanceType} × ${g.InstanceCount}`).join(', ')} × ${resources.InstanceCount ?? ''}`.replace(/ × $/, '') : undefined],
      ['Channels', (details.InputDataConfig ?? []).map(c => `${c.ChannelName} ← ${c.DataSource?.S3DataSource?.S3Uri ?? c.DataSource?.FileSystemDataSource?.FileSystemId ?? '?'}`).join(', ') || undefined],
      ['Hyperparameters', Object.entries(details.HyperParameters ?? {}).filter(([k]) => !k.startsWith('sagemaker_')).map(([k, v]) => `${k}=${v}`).join(', ') || undefined],
      ['Failure reason', details.FailureReason],
      // A finished job's cost only: a running one's grows, and a tooltip that changes redraws its row and closes it.
      ['Cost', job.TrainingJobStatus === 'InProgress' || job.TrainingJobStatus === 'Stopping' ? undefined : trainingJobCostText(job, details) || undefined],
      ['Billable time', details.BillableTimeInSeconds !== undefined ? `${formatDuration(details.BillableTimeInSeconds * 1000)} × ${resources?.InstanceCount ?? 1} instance(s)` : undefined],
      ['Model artifacts', details.ModelArtifacts?.S3ModelArtifacts],
    );
  }
  for (const [name, value] of rows) if (value) md.appendMarkdown(`${name}: ${escapeMarkdown(value)}  \n`);
  return md;
}

const escapeMarkdown = (text: string) => text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');

export const trainingJobsSource: ResourceSource<TrainingJobSummary, TrainingJobDetails, TrainingJobFilter> = {
  noun: 'training jobs',
  key: job => job.TrainingJobName ?? '',
  listPage: (clients, token, filter) => loadAws().listTrainingJobsPage(clients, token, filter),
  describe: (clients, job) => loadAws().describeTrainingJob(clients, job.TrainingJobName!),
  isInProgress: (job, details) => !isTerminalStatus(details?.TrainingJobStatus ?? job.TrainingJobStatus),
  updateSummary: (job, details) => ({
    ...job,
    ...(details.TrainingJobStatus ? { TrainingJobStatus: details.TrainingJobStatus } : {}),
    ...(details.TrainingEndTime ? { TrainingEndTime: details.TrainingEndTime } : {}),
    ...(details.LastModifiedTime ? { LastModifiedTime: details.LastModifiedTime } : {}),
    ...(details.SecondaryStatus ? { SecondaryStatus: details.SecondaryStatus } : {}),
  }),
  toItem(job, details) {
    const item = new vscode.TreeItem(job.TrainingJobName ?? '(unnamed)');
    // A finished job's cost is fixed: it joins the row. A running job's grows, so it stays in the tooltip (a row
    // whose text changes is redrawn, which closes its hover).
    const running = job.TrainingJobStatus === 'InProgress' || job.TrainingJobStatus === 'Stopping';
    item.description = [jobRowDescription(rowFacts(job, details)), running ? '' : trainingJobCostText(job, details)].filter(Boolean).join(' · ');
    item.iconPath = statusIcon(STATUS_ICONS, job.TrainingJobStatus);
    // ".watched" on a running watched job's row: the menus offer Stop Watching instead of Watch. Never on a finished
    // row, which the watcher may not have seen end yet: its menus (Deploy) stay those of its status.
    item.contextValue = `trainingJob.${job.TrainingJobStatus ?? 'unknown'}${running && isWatchedJob(job.TrainingJobName ?? '') ? '.watched' : ''}`;
    // The job's name, the tree's key: the same row (and its open tooltip) whatever the summary carries.
    item.id = `trainingJob:${job.TrainingJobName}`;
    item.tooltip = trainingJobTooltip(job, details);
    return item;
  },
};
