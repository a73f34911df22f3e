import * as vscode from 'vscode';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../platform/loadAws';
import type { EndpointDetails } from '../aws/resources';
import { formatDuration } from '../core/format';
import type { ResourceSource } from './pagedTree';
import { statusIcon, type StatusIconTable } from './statusIcons';
import { endpointCostText, endpointReminderMs } from '../costs/treeCosts';

const STATUS_ICONS: StatusIconTable = {
  InService: ['pass', 'testing.iconPassed'],
  Creating: ['sync~spin', 'charts.blue'],
  Updating: ['sync~spin', 'charts.blue'],
  SystemUpdating: ['sync~spin', 'charts.blue'],
  RollingBack: ['sync~spin', 'charts.yellow'],
  Deleting: ['trash', 'charts.yellow'],
  OutOfService: ['warning', 'problemsWarningIcon.foreground'],
  Failed: ['error', 'testing.iconFailed'],
};

const SETTLED = ['InService', 'OutOfService', 'Failed'];
/** An endpoint in service longer than this is flagged: it bills by the hour whether used or not. */
export const LONG_RUNNING_MS = 24 * 3600 * 1000;

function instancesOf(details: EndpointDetails | undefined): string | undefined {
  const variants = details?.config?.ProductionVariants ?? [];
  if (variants.length === 0) return undefined;
  return variants.map(variant => {
    if (variant.ServerlessConfig) return `serverless ${variant.ServerlessConfig.MemorySizeInMB} MB`;
    const current = details?.endpoint.ProductionVariants?.find(v => v.VariantName === variant.VariantName)?.CurrentInstanceCount;
    return `${variant.InstanceType} × ${current ?? variant.InitialInstanceCount ?? 1}`;
  }).join(', ');
}

export function isLongRunning(endpoint: EndpointSummary, now = Date.now()): boolean {
  return endpoint.EndpointStatus === 'InService' && !!endpoint.CreationTime && now - endpoint.CreationTime.getTime() > endpointReminderMs();
}

export const endpointsSource: ResourceSource<EndpointSummary, EndpointDetails, undefined> = {
  noun: 'endpoints',
  key: endpoint => endpoint.EndpointName ?? '',
  listPage: (clients, token) => loadAws().listEndpointsPage(clients, token),
  describe: (clients, endpoint) => loadAws().describeEndpoint(clients, endpoint.EndpointName!),
  isInProgress: (endpoint, details) => !SETTLED.includes(details?.endpoint.EndpointStatus ?? endpoint.EndpointStatus ?? ''),
  updateSummary: (endpoint, details) => ({ ...endpoint, ...(details.endpoint.EndpointStatus ? { EndpointStatus: details.endpoint.EndpointStatus } : {}) }),
  toItem(endpoint, details) {
    const item = new vscode.TreeItem(endpoint.EndpointName ?? '(unnamed)');
    const longRunning = isLongRunning(endpoint);
    item.iconPath = longRunning
      ? new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : statusIcon(STATUS_ICONS, endpoint.EndpointStatus);
    const running = endpoint.CreationTime ? `up ${formatDuration(Date.now() - endpoint.CreationTime.getTime())}` : undefined;
    item.description = [endpoint.EndpointStatus, instancesOf(details), running, endpointCostText(endpoint, details)].filter(Boolean).join(' · ');
    item.contextValue = `endpoint.${endpoint.EndpointStatus ?? 'unknown'}`;
    item.id = endpoint.EndpointArn ?? endpoint.EndpointName;
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**${endpoint.EndpointName}**\n\nStatus: ${endpoint.EndpointStatus ?? 'unknown'}  \n`);
    if (longRunning) md.appendMarkdown('$(watch) In service longer than sagemaker.costs.endpointReminderHours: it bills by the hour until deleted.  \n');
    if (details?.endpoint.FailureReason) md.appendMarkdown(`Failure reason: ${details.endpoint.FailureReason}  \n`);
    if (details?.config) {
      md.appendMarkdown(`Config: ${details.config.EndpointConfigName}  \n`);
      for (const variant of details.config.ProductionVariants ?? []) {
        md.appendMarkdown(`Variant ${variant.VariantName}: model ${variant.ModelName}, ${variant.ServerlessConfig ? `serverless ${variant.ServerlessConfig.MemorySizeInMB} MB` : `${variant.InstanceType} × ${variant.InitialInstanceCount}`}, weight ${variant.InitialVariantWeight ?? 1}  \n`);
      }
    }
    item.tooltip = md;
    return item;
  },
};
