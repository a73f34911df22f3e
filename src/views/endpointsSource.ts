import * as vscode from 'vscode';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../platform/loadAws';
import { refreshIntervalMs } from '../platform/settings';
import type { EndpointDetails } from '../aws/resources';
import { formatDuration } from '../core/format';
import type { ResourceSource } from './pagedTree';
import { statusIcon, type StatusIconTable } from './statusIcons';
import { endpointCostText } from '../costs/treeCosts';
import { costClock, endpointAttentionOf, endpointIdleHours } from '../costs/endpointReminder';

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

function instancesOf(details: EndpointDetails | undefined): string | undefined {
  const variants = details?.config?.ProductionVariants ?? [];
  if (variants.length === 0) return undefined;
  return variants.map(variant => {
    if (variant.ServerlessConfig) return `serverless ${variant.ServerlessConfig.MemorySizeInMB} MB`;
    const current = details?.endpoint.ProductionVariants?.find(v => v.VariantName === variant.VariantName)?.CurrentInstanceCount;
    return `${variant.InstanceType} × ${current ?? variant.InitialInstanceCount ?? 1}`;
  }).join(', ');
}

export const endpointsSource: ResourceSource<EndpointSummary, EndpointDetails, undefined> = {
  noun: 'endpoints',
  key: endpoint => endpoint.EndpointName ?? '',
  listPage: (clients, token) => loadAws().listEndpointsPage(clients, token),
  // With its Invocations over the idle window, to mark an idle endpoint: read once per refresh interval, not per describe.
  describe: (clients, endpoint) => loadAws().describeEndpointWithUsage(clients, endpoint.EndpointName!, endpointIdleHours(), costClock(),
    refreshIntervalMs()),
  isInProgress: (endpoint, details) => !SETTLED.includes(details?.endpoint.EndpointStatus ?? endpoint.EndpointStatus ?? ''),
  updateSummary: (endpoint, details) => ({ ...endpoint, ...(details.endpoint.EndpointStatus ? { EndpointStatus: details.endpoint.EndpointStatus } : {}) }),
  toItem(endpoint, details) {
    const item = new vscode.TreeItem(endpoint.EndpointName ?? '(unnamed)');
    const attention = endpointAttentionOf(endpoint, details);
    const now = costClock();
    item.iconPath = attention.reasons.length > 0
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : statusIcon(STATUS_ICONS, endpoint.EndpointStatus);
    const running = endpoint.CreationTime ? `up ${formatDuration(now.getTime() - endpoint.CreationTime.getTime())}` : undefined;
    item.description = [endpoint.EndpointStatus, instancesOf(details), running, endpointCostText(endpoint, details, now)].filter(Boolean).join(' · ');
    item.contextValue = `endpoint.${endpoint.EndpointStatus ?? 'unknown'}`;
    item.id = endpoint.EndpointArn ?? endpoint.EndpointName;
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**${endpoint.EndpointName}**\n\nStatus: ${endpoint.EndpointStatus ?? 'unknown'}  \n`);
    if (attention.longRunning) md.appendMarkdown(`$(warning) Long in service: ${attention.reasons[0]} (sagemaker.costs.endpointReminderHours); it bills by the hour until deleted.  \n`);
    if (attention.idle) md.appendMarkdown(`$(warning) Idle: ${attention.reasons[attention.reasons.length - 1]} (sagemaker.costs.endpointIdleHours), yet billed by the hour.  \n`);
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
