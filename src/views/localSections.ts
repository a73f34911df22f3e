import * as vscode from 'vscode';
import type { LocalEndpointDescription, LocalJobDescription } from '../core/local';
import { formatDuration } from '../core/format';
import { jobRowDescription, jobRowSummary } from '../core/views/jobRow';
import type { LocalMode } from '../local/localMode';
import type { TreeSection } from './pagedTree';
import { statusIcon, type StatusIconTable } from './statusIcons';

const JOB_ICONS: StatusIconTable = {
  InProgress: ['sync~spin', 'charts.blue'],
  Completed: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Stopping: ['debug-stop', 'charts.yellow'],
  Stopped: ['circle-slash', 'disabledForeground'],
};

export function localJobsSection(local: LocalMode): TreeSection<LocalJobDescription> {
  return {
    label: 'Local',
    icon: 'vm',
    onDidChange: local.onDidChangeJobs,
    list: () => local.jobs(),
    key: job => job.TrainingJobName,
    toItem(job) {
      const item = new vscode.TreeItem(job.TrainingJobName);
      const facts = {
        status: job.TrainingJobStatus, secondaryStatus: job.SecondaryStatus, creationTime: Date.parse(job.CreationTime),
        endTime: job.TrainingEndTime ? Date.parse(job.TrainingEndTime) : undefined, instances: `${job.ResourceConfig.InstanceType} × ${job.ResourceConfig.InstanceCount}`,
      };
      item.description = jobRowDescription(facts);
      item.iconPath = statusIcon(JOB_ICONS, job.TrainingJobStatus);
      item.contextValue = `localJob.${job.TrainingJobStatus}`;
      item.id = `local-job:${job.JobDir}`;
      const md = new vscode.MarkdownString('', true);
      md.appendMarkdown(`**${job.TrainingJobName}** (local)\n\n${jobRowSummary(facts)}  \nFolder: ${job.JobDir}  \n`);
      if (job.FailureReason) md.appendMarkdown(`Failure reason: ${job.FailureReason.replace(/\n/g, '  \n')}  \n`);
      for (const metric of job.FinalMetricDataList) md.appendMarkdown(`${metric.MetricName} = ${metric.Value}  \n`);
      if (job.ModelArtifacts) md.appendMarkdown(`Model: ${job.ModelArtifacts.LocalPath}  \n`);
      item.tooltip = md;
      item.command = { command: 'sagemaker.tailLogs', title: 'Show Log', arguments: [{ kind: 'local', value: job }] };
      return item;
    },
  };
}

export function localEndpointsSection(local: LocalMode): TreeSection<LocalEndpointDescription> {
  return {
    label: 'Local',
    icon: 'vm',
    onDidChange: local.onDidChangeEndpoints,
    list: () => local.endpoints(),
    key: endpoint => endpoint.EndpointName,
    toItem(endpoint) {
      const item = new vscode.TreeItem(endpoint.EndpointName);
      item.description = [endpoint.EndpointStatus, endpoint.Url, `up ${formatDuration(Date.now() - Date.parse(endpoint.CreationTime))}`].join(' · ');
      item.iconPath = endpoint.EndpointStatus === 'InService'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
      item.contextValue = `localEndpoint.${endpoint.EndpointStatus}`;
      item.id = `local-endpoint:${endpoint.EndpointName}:${endpoint.Port}`;
      const lifetime = endpoint.EndpointStatus !== 'InService' ? ''
        : local.startedHere(endpoint.EndpointName) ? 'Started by this window: stops when it closes.'
          : 'Started by the command line or another window: runs until stopped (Stop Endpoint).';
      item.tooltip = new vscode.MarkdownString(`**${endpoint.EndpointName}** (local)\n\n${endpoint.Url}  \nModel: ${endpoint.ModelDir}  \n${lifetime}  \n${endpoint.FailureReason ?? ''}`);
      return item;
    },
  };
}
