import * as vscode from 'vscode';
import type { Connection } from './connection';

/** `profile · region` in the status bar; a click offers to switch either. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sagemaker.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];
  private firstShow: NodeJS.Timeout | undefined;

  constructor(private readonly connection: Connection) {
    this.subscriptions = [connection.onDidChange(() => void this.update()), connection.onDidChangeState(() => void this.update())];
    // Shown right after activation, not inside it: reading the settings (the workspace's settings files included, for
    // the consent check) and setting the item's command took most of activate()'s time with an estimator open.
    this.firstShow = setTimeout(() => {
      this.firstShow = undefined;
      this.item.name = 'SageMaker Connection';
      this.item.command = 'sagemaker.switchConnection';
      void this.update();
      this.item.show();
    }, 0);
  }

  async update(): Promise<void> {
    const settings = this.connection.settings();
    const profile = settings.profile || process.env.AWS_PROFILE || 'default';
    // The profile's own region needs the SDK's config loader: shown once something has loaded it.
    let region = settings.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!region && this.connection.loaded) region = await this.connection.aws().region().catch(() => undefined);
    this.item.text = `$(cloud) ${profile} · ${region ?? 'no region'}`;
    const state = this.connection.current === 'disconnected' ? 'not connected' : this.connection.current === 'connected' ? 'connected' : 'not checked yet';
    this.item.tooltip = new vscode.MarkdownString(`SageMaker: profile **${profile}**, region **${region ?? 'not set'}**${settings.endpointUrl ? `, endpoint ${settings.endpointUrl}` : ''} (${state}).\n\nClick to switch.`);
    this.item.backgroundColor = this.connection.current === 'disconnected' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    clearTimeout(this.firstShow);
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

export async function switchConnection(): Promise<void> {
  const picked = await vscode.window.showQuickPick([
    { label: '$(account) Switch AWS profile…', command: 'sagemaker.selectProfile' },
    { label: '$(globe) Switch AWS region…', command: 'sagemaker.selectRegion' },
    { label: '$(gear) Open SageMaker settings', command: 'sagemaker.openSettings' },
  ], { title: 'SageMaker connection' });
  if (picked) await vscode.commands.executeCommand(picked.command);
}
