import * as vscode from 'vscode';
import type { ConnectionSettings } from '../aws/clientFactory';

const SECTION = 'sagemaker';

export function readConnectionSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    profile: config.get<string>('profile') ?? '',
    region: config.get<string>('region') ?? '',
    endpointUrl: config.get<string>('endpointUrl') ?? '',
  };
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['profile', 'region', 'endpointUrl'].some(key => event.affectsConfiguration(`${SECTION}.${key}`));
}
