import * as vscode from 'vscode';
import type { TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../aws';
import { formatDuration } from '../core/format';
import type { ResourceSource } from './pagedTree';
import { statusIcon, type StatusIconTable } from './statusIcons';

const STATUS_ICONS: StatusIconTable = {
  InProgress: ['sync~spin', 'charts.blue'],
  Completed: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Stopping: ['debug-stop', 'charts.yellow'],
  Stopped: ['circle-slash', 'disabledForeground'],
};

export const trainingJobsSource: ResourceSource<TrainingJobSummary> = {
  noun: 'training jobs',
  listPage: (clients, token) => loadAws().listTrainingJobsPage(clients, token),
  toItem(job) {
    const item = new vscode.TreeItem(job.TrainingJobName ?? '(unnamed)');
    const end = job.TrainingEndTime ?? (job.TrainingJobStatus === 'InProgress' ? new Date() : job.LastModifiedTime);
    const elapsed = job.CreationTime && end ? formatDuration(end.getTime() - job.CreationTime.getTime()) : '';
    item.description = [job.TrainingJobStatus, elapsed].filter(Boolean).join(' · ');
    item.iconPath = statusIcon(STATUS_ICONS, job.TrainingJobStatus);
    item.contextValue = `trainingJob.${job.TrainingJobStatus ?? 'unknown'}`;
    item.id = job.TrainingJobArn ?? job.TrainingJobName;
    const tooltip = new vscode.MarkdownString(`**${job.TrainingJobName}**\n\n`);
    tooltip.appendMarkdown(`Status: ${job.TrainingJobStatus ?? 'unknown'}`);
    if (job.SecondaryStatus) tooltip.appendMarkdown(` (${job.SecondaryStatus})`);
    if (job.CreationTime) tooltip.appendMarkdown(`\n\nCreated: ${job.CreationTime.toISOString()}`);
    item.tooltip = tooltip;
    return item;
  },
};
