import * as vscode from 'vscode';
import { loadAws } from './loadAws';
import { SAGEMAKER_REGIONS } from '../core/connection/regions';

const settingsTarget = () => vscode.ConfigurationTarget.Global;

/** Whether a profile was picked (the walkthrough's Connect step is done then, not when the user backed out). */
export async function selectProfile(): Promise<boolean> {
  let profiles;
  try {
    profiles = await loadAws().listProfiles();
  } catch (error) {
    void vscode.window.showErrorMessage(`SageMaker: could not read the AWS config files: ${(error as Error).message}`);
    return false;
  }
  const current = vscode.workspace.getConfiguration('sagemaker').get<string>('profile') ?? '';
  const items: (vscode.QuickPickItem & { profile: string })[] = [
    { label: '$(circle-slash) Use the environment', description: 'AWS_PROFILE, else the default profile', profile: '' },
    ...profiles.map(p => ({
      label: `${p.name === current ? '$(check) ' : ''}${p.name}`,
      description: [p.region, p.usesSso ? 'SSO' : undefined].filter(Boolean).join(' · '),
      detail: `from ${p.sources.join(' and ')}`,
      profile: p.name,
    })),
  ];
  if (profiles.length === 0) {
    items.push({ label: '$(info) No profiles found', description: 'Run "aws configure" or "aws configure sso" to create one', profile: current });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'SageMaker: AWS Profile', placeHolder: 'Profile for SageMaker calls' });
  if (!picked) return false;
  await vscode.workspace.getConfiguration('sagemaker').update('profile', picked.profile, settingsTarget());
  return true;
}

/** Whether a region was picked. */
export async function selectRegion(): Promise<boolean> {
  const current = vscode.workspace.getConfiguration('sagemaker').get<string>('region') ?? '';
  const items = [
    { label: '$(circle-slash) Use the profile or environment', description: 'the profile\'s region, AWS_REGION', region: '' },
    ...SAGEMAKER_REGIONS.map(region => ({ label: `${region === current ? '$(check) ' : ''}${region}`, region })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'SageMaker: AWS Region', placeHolder: 'Region for SageMaker calls' });
  if (!picked) return false;
  await vscode.workspace.getConfiguration('sagemaker').update('region', picked.region, settingsTarget());
  return true;
}

export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', 'sagemaker.');
}
