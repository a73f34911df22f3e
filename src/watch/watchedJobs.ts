/**
 * Watched jobs in the window: the list in global state (it survives a reload), the polling loop over the pure
 * JobWatcher (src/core/watch/watcher.ts) that slows down while the window is not focused, the status bar count of
 * running watched jobs, and the one notification per job or endpoint end (with the log's error lines for a failure).
 */
import * as vscode from 'vscode';
import { CredentialPause, pauseNotice } from '../core/connection/credentialPause';
import { systemClock } from '../core/logs/clock';
import {
  JobWatcher, endpointEndMessage, jobEndMessage, parseWatchList, type JobEnd, type WatchedJob, type WatchedKind, type WatchedWhere,
} from '../core/watch/watcher';
import type { AwsClients } from '../aws/clientFactory';
import type { Connection } from '../platform/connection';
import { sageMakerLog } from '../platform/extensionLog';
import { loadAws } from '../platform/loadAws';
import { refreshIntervalMs } from '../platform/settings';
import { setWatchedJobLookup } from './watchMarks';

/** The globalState key of the list. */
export const WATCH_LIST_KEY = 'sagemaker.watchedJobs';
const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
/** A job's error lines are looked for in its last half hour (where what it died of was written). */
const JOB_ERROR_WINDOW_MS = 30 * 60_000;
/** An endpoint's from a little before it was put on the list (the start of its creation or update). */
const ENDPOINT_ERROR_LEAD_MS = 10 * 60_000;
const ERROR_LINE_COUNT = 5;

/** What the window shows when a watched job or endpoint ends. */
export interface EndNotice {
  name: string;
  kind: WatchedKind;
  status: string;
  severity: 'information' | 'warning' | 'error';
  text: string;
  actions: string[];
}

export class WatchedJobs implements vscode.Disposable {
  private readonly watcher: JobWatcher;
  private readonly abort = new AbortController();
  private readonly statusBar = vscode.window.createStatusBarItem('sagemaker.watchedJobs', vscode.StatusBarAlignment.Left, 99);
  private readonly changed = new vscode.EventEmitter<void>();
  /** The list or a status changed (the tree marks watched rows). */
  readonly onDidChange = this.changed.event;
  private readonly ended = new vscode.EventEmitter<EndNotice>();
  /** A notification was shown (after its error lines were read). */
  readonly onDidNotify = this.ended.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private wakeSleep: (() => void) | undefined;
  /** A wake asked for while a round was out: the next sleep ends at once. */
  private wakeAsked = false;
  private lastRound = 0;
  /** Clients for watched jobs in another region or profile than the connection's, by "region|profile". */
  private readonly otherClients = new Map<string, AwsClients>();
  /** Rounds of Describe calls made (tests wait for rounds, not for time). */
  rounds = 0;

  /** An expired session pauses the rounds (one message for the window, with Retry) until a call succeeds again. */
  readonly pause: CredentialPause;

  /** `credentialCheckMs`: between quiet checks while the session is expired (one minute; tests shorten it). */
  constructor(
    readonly globalState: vscode.Memento, private readonly connection: Connection,
    private readonly options: { markTree?: boolean; credentialCheckMs?: number } = {},
  ) {
    this.pause = new CredentialPause({
      clock: systemClock,
      ...(options.credentialCheckMs !== undefined ? { checkEveryMs: options.credentialCheckMs } : {}),
      // The profile of the settings at the time (they may change while watching), as the message names it.
      onPause: notice => {
        const text = pauseNotice(notice.error, this.connection.settings().profile ?? process.env.AWS_PROFILE).text;
        sageMakerLog().warn(`Watched jobs paused: ${text}`);
        this.connection.showPaused(text, () => this.wake());
      },
      onResume: () => {
        sageMakerLog().info('Watched jobs: the AWS session works again; watching resumed.');
        this.connection.resumed();
      },
    });
    this.watcher = new JobWatcher({
      pause: this.pause,
      clock: systemClock,
      initial: parseWatchList(globalState.get(WATCH_LIST_KEY)),
      focused: () => vscode.window.state.focused,
      // The views' interval while focused; twice that, doubling up to ten times, while not.
      tuning: () => {
        const intervalMs = refreshIntervalMs();
        return { focusedIntervalMs: intervalMs, unfocusedIntervalMs: intervalMs * 2, unfocusedMaxMs: intervalMs * 10 };
      },
      describe: job => loadAws().watchedJobStatus(this.clientsFor(job), job),
      onChange: jobs => {
        void this.globalState.update(WATCH_LIST_KEY, jobs.map(j => ({ ...j })));
        this.update();
      },
      onEnd: end => void this.announce(end).catch(error => sageMakerLog().error(`Watched ${end.job.name}: the end notification failed:`, error)),
    });
    this.statusBar.name = 'SageMaker: Watched Jobs';
    this.statusBar.command = 'sagemaker.showWatchedJobs';
    if (options.markTree !== false) setWatchedJobLookup(name => this.watcher.has(name));
    this.subscriptions.push(connection.onDidChange(() => this.dropOtherClients()));
    this.subscriptions.push(vscode.window.onDidChangeWindowState(state => {
      // Back to the window after a long unfocused wait: read at once rather than at the end of the backed-off wait.
      if (state.focused && Date.now() - this.lastRound > this.focusedIntervalMs()) this.wake();
    }));
    this.update();
    void this.loop();
  }

  list(): readonly WatchedJob[] {
    return this.watcher.list();
  }

  has(name: string, kind: WatchedKind = 'trainingJob'): boolean {
    return this.watcher.has(name, kind);
  }

  /** Watched jobs and endpoints still running (what the status bar shows). */
  get runningCount(): number {
    return this.watcher.runningCount;
  }

  /** The status bar item's text and whether it shows (tests read it). */
  get statusBarState(): { text: string; visible: boolean } {
    return { text: this.statusBar.text, visible: this.watcher.list().length > 0 };
  }

  /**
   * Watches a job or endpoint where it runs: `where` (a launch into the estimator's region), else the connection's
   * region and profile as set now, so that it is still found after the settings change.
   */
  watch(name: string, kind: WatchedKind = 'trainingJob', where: WatchedWhere = {}): void {
    const settings = this.connection.settings();
    const region = where.region ?? settings.region;
    const profile = where.profile ?? settings.profile;
    this.watcher.watch(name, kind, { ...(region ? { region } : {}), ...(profile ? { profile } : {}) });
    this.wake();
  }

  unwatch(name: string, kind: WatchedKind = 'trainingJob'): void {
    this.watcher.unwatch(name, kind);
  }

  /** The user stopped the job from this window: its end is not announced. */
  stoppedHere(name: string): void {
    this.watcher.stoppedHere(name);
  }

  /** A second instance over the same global state, as activate() makes it after a window reload (it neither marks the tree nor is the first's). */
  reopened(options: { credentialCheckMs?: number } = {}): WatchedJobs {
    return new WatchedJobs(this.globalState, this.connection, { ...this.options, ...options, markTree: false });
  }

  /** The quick pick of the running watched jobs; picking one opens its page (an endpoint: its log). */
  async pick(): Promise<void> {
    const items = this.watcher.list().map(job => ({
      label: job.name,
      description: `${job.kind === 'endpoint' ? 'endpoint' : 'training job'} · ${this.watcher.statusOf(job.name, job.kind ?? 'trainingJob') ?? 'not read yet'}`,
      job,
    }));
    if (!items.length) {
      void vscode.window.showInformationMessage('SageMaker: no job is watched. Jobs launched from this window are; others from the Training Jobs view (Watch).');
      return;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'SageMaker: Watched Jobs', placeHolder: 'Open a watched job' });
    if (!picked) return;
    if (picked.job.kind === 'endpoint') await vscode.commands.executeCommand('sagemaker.tailLogs', { kind: 'resource', resource: { EndpointName: picked.job.name } });
    else await vscode.commands.executeCommand('sagemaker.openJob', picked.job.name);
  }

  dispose(): void {
    this.abort.abort();
    this.dropOtherClients();
    this.wake();
    for (const s of this.subscriptions) s.dispose();
    this.statusBar.dispose();
    this.changed.dispose();
    this.ended.dispose();
  }

  /** The connection's clients, or clients in the job's own region and profile (entries saved without them: the connection's). */
  private clientsFor(job: WatchedJob): AwsClients {
    const base = this.connection.aws();
    const region = job.region && job.region !== base.settings.region ? job.region : undefined;
    const profile = job.profile && job.profile !== base.settings.profile ? job.profile : undefined;
    if (!region && !profile) return base;
    const key = `${region ?? ''}|${profile ?? ''}`;
    let clients = this.otherClients.get(key);
    if (!clients) {
      clients = loadAws().createAwsClients({ ...base.settings, ...(region ? { region } : {}), ...(profile ? { profile } : {}) });
      this.otherClients.set(key, clients);
    }
    return clients;
  }

  private dropOtherClients(): void {
    for (const clients of this.otherClients.values()) clients.destroy();
    this.otherClients.clear();
  }

  private wake(): void {
    if (this.wakeSleep) this.wakeSleep();
    else this.wakeAsked = true;
  }

  private focusedIntervalMs(): number {
    return refreshIntervalMs();
  }

  /** Rounds while something is watched; asleep (no call) while the list is empty. */
  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.watcher.list().length === 0) {
        await this.sleep(undefined);
        continue;
      }
      await this.watcher.round(signal);
      this.lastRound = Date.now();
      this.rounds++;
      this.update();
      await this.sleep(this.watcher.nextDelayMs());
    }
  }

  /** Until `ms` passed (forever when undefined) or something wakes the loop (a new watch, focus back, dispose). */
  private sleep(ms: number | undefined): Promise<void> {
    if (this.wakeAsked || this.abort.signal.aborted) {
      this.wakeAsked = false;
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wakeSleep?.(), ms);
      this.wakeSleep = () => {
        this.wakeSleep = undefined;
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private update(): void {
    const running = this.watcher.runningCount;
    this.statusBar.text = `$(eye) ${running}`;
    const says = `SageMaker: ${running} watched job${running === 1 ? '' : 's'} running`;
    this.statusBar.tooltip = `${says}. Click to open one.`;
    this.statusBar.accessibilityInformation = { label: says, role: 'button' };
    if (this.watcher.list().length > 0) this.statusBar.show();
    else this.statusBar.hide();
    this.changed.fire();
  }

  private async announce(end: JobEnd): Promise<void> {
    this.update();
    if (!end.notify || !vscode.workspace.getConfiguration('sagemaker').get<boolean>('notifications.jobEnd', true)) return;
    const failed = end.status.status === 'Failed';
    const errorLines = failed ? await this.errorLines(end) : [];
    const message = end.job.kind === 'endpoint' ? endpointEndMessage(end, errorLines) : jobEndMessage(end, errorLines);
    const severity = failed ? 'error' : ['Completed', 'InService'].includes(end.status.status) ? 'information' : 'warning';
    const notice: EndNotice = { name: end.job.name, kind: end.job.kind ?? 'trainingJob', status: end.status.status, severity, text: `SageMaker: ${message.text}`, actions: message.actions };
    const choice = severity === 'error' ? vscode.window.showErrorMessage(notice.text, ...notice.actions)
      : severity === 'warning' ? vscode.window.showWarningMessage(notice.text, ...notice.actions)
        : vscode.window.showInformationMessage(notice.text, ...notice.actions);
    this.ended.fire(notice);
    runEndAction(notice, await choice);
  }

  /** The last error lines near a job's end, the first of an endpoint's log; none when the log cannot be read (said in the log). */
  private async errorLines(end: JobEnd): Promise<string[]> {
    const { job, status } = end;
    const query = job.kind === 'endpoint'
      ? { logGroupName: `/aws/sagemaker/Endpoints/${job.name}`, startTime: job.since - ENDPOINT_ERROR_LEAD_MS, which: 'first' as const }
      : {
        logGroupName: TRAINING_LOG_GROUP, logStreamNamePrefix: `${job.name}/`, which: 'last' as const,
        startTime: Math.max(status.creationTime ?? 0, (status.endTime ?? Date.now()) - JOB_ERROR_WINDOW_MS),
      };
    try {
      return await loadAws().errorLogLines(this.clientsFor(job), { ...query, limit: ERROR_LINE_COUNT, signal: this.abort.signal });
    } catch (error) {
      sageMakerLog().warn(`Watched ${job.name}: its log's error lines could not be read:`, error instanceof Error ? error.message : String(error));
      return [];
    }
  }
}

/** The notification's actions run the commands of the same names. */
function runEndAction(notice: EndNotice, choice: string | undefined): void {
  const endpoint = { kind: 'resource', resource: { EndpointName: notice.name } };
  const commands: Record<string, [string, unknown]> = {
    'Open Job': ['sagemaker.openJob', notice.name],
    'Show Logs': ['sagemaker.tailLogs', notice.kind === 'endpoint' ? endpoint : notice.name],
    'Deploy': ['sagemaker.deploy', notice.name],
    'Save as estimator.json': ['sagemaker.saveJobAsEstimator', notice.name],
    'Invoke Endpoint': ['sagemaker.invokeEndpoint', notice.name],
    'Open in Console': ['sagemaker.openInConsole', endpoint],
  };
  const command = choice ? commands[choice] : undefined;
  if (command) void vscode.commands.executeCommand(command[0], command[1]);
}
