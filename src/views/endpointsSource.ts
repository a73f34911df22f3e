import * as vscode from 'vscode';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../aws';
import { formatDuration } from '../core/format';
import type { ResourceSource } from './pagedTree';
import { statusIcon, type StatusIconTable } from './statusIcons';

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

export const endpointsSource: ResourceSource<EndpointSummary> = {
  noun: 'endpoints',
  listPage: (clients, token) => loadAws().listEndpointsPage(clients, token),
  toItem(endpoint) {
    const item = new vscode.TreeItem(endpoint.EndpointName ?? '(unnamed)');
    item.iconPath = statusIcon(STATUS_ICONS, endpoint.EndpointStatus);
    const running = endpoint.CreationTime ? formatDuration(Date.now() - endpoint.CreationTime.getTime()) : '';
    item.description = [endpoint.EndpointStatus, running].filter(Boolean).join(' · ');
    item.contextValue = `endpoint.${endpoint.EndpointStatus ?? 'unknown'}`;
    item.id = endpoint.EndpointArn ?? endpoint.EndpointName;
    item.tooltip = new vscode.MarkdownString(`**${endpoint.EndpointName}**\n\nStatus: ${endpoint.EndpointStatus ?? 'unknown'}`);
    return item;
  },
};
