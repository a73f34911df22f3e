import * as vscode from 'vscode';
import { loadAws } from './loadAws';
import type { AwsClients, ConnectionSettings } from '../aws/clientFactory';
import { classifyAwsError, type AwsProblem } from '../core/connection/errors';
import { affectsConnection, regionSetting, WorkspaceConnectionConsent } from './settings';

export type ConnectionState = 'unknown' | 'connected' | 'disconnected';

/**
 * The extension's AWS connection: clients built lazily from the settings (a workspace's endpoint or profile only with
 * the user's consent), a context key the views' welcome content reads, and credential problems and refused endpoint
 * URLs shown once (not on every refresh).
 */
export class Connection implements vscode.Disposable {
  private clients: AwsClients | undefined;
  private state: ConnectionState = 'unknown';
  private shownProblem: string | undefined;
  /** What "Retry" on the paused-work message tries again (every piece of work paused in this outage). */
  private pausedRetries = new Set<() => void>();
  /** Paused work without a schedule of its own (the trees): tried again together by one quiet check per window. */
  private quietChecks = new Set<() => void>();
  private quietCheckTimer: NodeJS.Timeout | undefined;
  /** Between the quiet checks of paused trees while the session is expired (one minute, as the watcher's; tests shorten it). */
  pausedCheckMs = 60_000;
  private shownEndpointRefusal: string | undefined;
  private readonly consent: WorkspaceConnectionConsent;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The settings changed: every view lists again. */
  readonly onDidChange = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChangeState = this.stateChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(globalState: vscode.Memento) {
    this.consent = new WorkspaceConnectionConsent(globalState, () => this.reset());
    void this.setState('unknown');
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration(event => {
      if (affectsConnection(event)) this.reset();
    }));
  }

  /** The settings the clients are built from: the user's, and workspace values the user allowed. */
  settings(): ConnectionSettings {
    return this.consent.read();
  }

  /**
   * AWS clients for the current settings; the SDK is loaded on the first call. Throws (and says once) when the
   * endpoint URL is one signed calls may not go to.
   */
  aws(): AwsClients {
    if (!this.clients) {
      try {
        this.clients = loadAws().createAwsClients(this.settings(), { endpointUrlSource: 'The setting "sagemaker.endpointUrl"' });
      } catch (error) {
        // Thrown by the lazily loaded bundle, whose error classes are not this bundle's: matched by name.
        if ((error as Error).name === 'EndpointUrlError') this.showEndpointRefusal((error as Error).message);
        throw error;
      }
    }
    return this.clients;
  }

  private showEndpointRefusal(message: string): void {
    if (this.shownEndpointRefusal === message) return;
    this.shownEndpointRefusal = message;
    const openSettings = 'Open Settings';
    void vscode.window.showErrorMessage(`SageMaker: ${message}`, openSettings).then(choice => {
      if (choice === openSettings) void vscode.commands.executeCommand('sagemaker.openSettings');
    });
  }

  /**
   * The region calls go to, when it can be told without a call that may fail loudly: the setting, else the SDK's
   * resolution (the profile's region, AWS_REGION); undefined when neither says or the clients cannot be built.
   */
  async region(): Promise<string | undefined> {
    const setting = regionSetting();
    if (setting) return setting;
    try {
      return await this.aws().region();
    } catch {
      return undefined;
    }
  }

  /** Whether the AWS SDK has been loaded for the current settings. */
  get loaded(): boolean {
    return this.clients !== undefined;
  }

  reset(): void {
    this.clients?.destroy();
    this.clients = undefined;
    this.shownProblem = undefined;
    this.shownEndpointRefusal = undefined;
    this.stopQuietChecks();
    void this.setState('unknown');
    this.changed.fire();
  }

  markConnected(): void {
    this.shownProblem = undefined;
    void this.setState('connected');
  }

  /** Classifies a failed call; a credential problem marks the connection down and is shown once. */
  reportFailure(error: unknown): AwsProblem {
    const problem = classifyAwsError(error, this.settings().profile);
    if (problem.kind !== 'other' && problem.kind !== 'unreachable') {
      void this.setState('disconnected');
      if (this.shownProblem !== problem.kind) {
        this.shownProblem = problem.kind;
        void this.showProblem(problem);
      }
    }
    return problem;
  }

  /**
   * Work paused on an expired session (a log tail, the watched jobs, a tree): one message per outage for the whole
   * window, with "Retry" (which tries every paused piece of work again); a tree's failure of the same kind adds none.
   * `quietCheck`: the work has no retry schedule of its own; the window's one check tries it every `pausedCheckMs`.
   */
  showPaused(text: string, retry: () => void, options: { quietCheck?: boolean } = {}): void {
    void this.setState('disconnected');
    this.pausedRetries.add(retry);
    if (options.quietCheck) this.startQuietChecks(retry);
    if (this.shownProblem === 'expired-token') return;
    this.shownProblem = 'expired-token';
    const retries = this.pausedRetries;
    void vscode.window.showWarningMessage(`SageMaker: ${text}`, 'Retry').then(choice => {
      if (choice !== 'Retry') return;
      for (const again of retries) again();
    });
  }

  /** Paused work resumed: the rest of the paused work is tried again at once, and the next outage is announced again. */
  resumed(): void {
    const others = this.pausedRetries;
    this.pausedRetries = new Set();
    this.stopQuietChecks();
    this.markConnected();
    for (const again of others) again();
  }

  private startQuietChecks(retry: () => void): void {
    this.quietChecks.add(retry);
    if (this.quietCheckTimer) return;
    const check = () => {
      this.quietCheckTimer = setTimeout(check, this.pausedCheckMs);
      for (const again of this.quietChecks) again();
    };
    this.quietCheckTimer = setTimeout(check, this.pausedCheckMs);
  }

  private stopQuietChecks(): void {
    if (this.quietCheckTimer) clearTimeout(this.quietCheckTimer);
    this.quietCheckTimer = undefined;
    this.quietChecks = new Set();
  }

  private async showProblem(problem: AwsProblem): Promise<void> {
    const openSettings = 'Open Settings';
    const selectProfile = 'Select Profile';
    const choice = await vscode.window.showWarningMessage(`SageMaker: ${await problemText(problem, this.settings().profile)}`, selectProfile, openSettings);
    if (choice === openSettings) await vscode.commands.executeCommand('sagemaker.openSettings');
    if (choice === selectProfile) await vscode.commands.executeCommand('sagemaker.selectProfile');
  }

  private async setState(state: ConnectionState): Promise<void> {
    const changed = this.state !== state;
    this.state = state;
    if (changed) this.stateChanged.fire(state);
    await vscode.commands.executeCommand('setContext', 'sagemaker.connection', state);
  }

  get current(): ConnectionState {
    return this.state;
  }

  dispose(): void {
    this.stopQuietChecks();
    this.clients?.destroy();
    this.changed.dispose();
    this.stateChanged.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * The problem and its next step, for a message. No credentials for a profile the AWS files do not have (a setting
 * naming a profile since renamed or removed, which the SDK reports only as no credentials from any provider) says so.
 */
export async function problemText(problem: AwsProblem, profile: string | undefined): Promise<string> {
  const missing = problem.kind === 'no-credentials' && profile ? await loadAws().missingProfileMessage(profile).catch(() => undefined) : undefined;
  return missing ? `${missing} Select a profile that is there, or change "sagemaker.profile".` : `${problem.message} ${problem.nextStep}`;
}
