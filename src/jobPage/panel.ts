/**
 * The job page: one webview per training job (cloud or local). The host keeps the model (the job as
 * `JobPageView`, every metric series whole), posts it whole when the webview is ready and then only the new
 * points (at most every 250 ms), and checks every message the webview sends (`validateJobPageMessage`).
 */
import * as vscode from 'vscode';
import {
  applySeriesUpdate, jobPageHtml, MetricSeriesStore, validateJobPageMessage, type CopyField, type JobPageHostMessage,
  type JobPageView, type JobPageWebviewMessage, type SeriesData,
} from '../core/jobPage';
import { makeNonce } from '../core/webview/security';
import { CloudJobSource, LocalJobSource, type JobSource, type SourceDeps } from './sources';

export const JOB_PAGE_VIEW_TYPE = 'sagemaker.jobPage';
const FLUSH_MS = 250;

export interface JobPageTarget {
  jobName: string;
  local: boolean;
}

/** The model the page was last sent: the job and every series, as the webview holds them. */
export interface JobPageModel {
  view: JobPageView | undefined;
  series: SeriesData[];
  live: boolean;
}

/** What tests (and the extension) can do with an open page. */
export interface JobPageController {
  readonly target: JobPageTarget;
  readonly panel: vscode.WebviewPanel;
  /** The model as posted to the webview (init, then every update applied). */
  lastModel(): JobPageModel;
  /** Runs the host's handler on a message exactly as if the webview had posted it. */
  postFromWebview(message: unknown): Promise<void>;
  /** Messages posted to the webview, oldest first (the last 200). */
  posted(): readonly JobPageHostMessage[];
  rejections(): readonly { reason: string; at: number }[];
  /** Resolves once the job was read (described / job.json) and the metrics known so far were added. */
  loaded(): Promise<void>;
  refresh(): Promise<void>;
  reveal(): void;
  dispose(): void;
}

export interface JobPageHost extends SourceDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
}

export class JobPagePanel implements JobPageController {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly store = new MetricSeriesStore();
  private readonly source: JobSource;
  private view: JobPageView | undefined;
  private live = false;
  private ready = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sent: JobPageHostMessage[] = [];
  private readonly refused: { reason: string; at: number }[] = [];
  private mirror: JobPageModel = { view: undefined, series: [], live: false };
  private disposed = false;
  private readonly started: Promise<void>;
  private readonly onDisposeHandlers: (() => void)[] = [];

  constructor(readonly target: JobPageTarget, private readonly host: JobPageHost, existing?: vscode.WebviewPanel) {
    const options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(host.extensionUri, 'media')],
    };
    this.panel = existing ?? vscode.window.createWebviewPanel(JOB_PAGE_VIEW_TYPE, this.title, vscode.ViewColumn.Active, {
      ...options, retainContextWhenHidden: true,
    });
    if (existing) {
      existing.webview.options = options;
      existing.title = this.title;
    }
    this.panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'sagemaker.svg');
    const media = (...parts: string[]) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'media', ...parts)).toString();
    this.panel.webview.html = jobPageHtml({ cspSource: this.panel.webview.cspSource, nonce: makeNonce(), media, jobName: target.jobName, local: target.local });
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage(message => void this.handle(message)),
      this.panel.onDidDispose(() => this.cleanup()),
    );
    const handlers = {
      job: (view: JobPageView, names: readonly string[], live: boolean) => this.onJob(view, names, live),
      metric: (name: string, t: number, v: number) => this.onMetric(name, t, v),
      notice: (level: 'info' | 'warning' | 'error', message: string) => this.post({ kind: 'notice', level, message }),
    };
    this.source = target.local ? new LocalJobSource(target.jobName, host, handlers) : new CloudJobSource(target.jobName, host, handlers);
    this.started = this.source.start().catch(error => {
      host.log.error(`Job page ${target.jobName}: ${(error as Error)?.stack ?? String(error)}`);
    });
  }

  private get title(): string {
    return `Job: ${this.target.jobName}${this.target.local ? ' (local)' : ''}`;
  }

  onDidDispose(handler: () => void): void {
    this.onDisposeHandlers.push(handler);
  }

  loaded(): Promise<void> {
    return this.started;
  }

  lastModel(): JobPageModel {
    return { view: this.mirror.view, live: this.mirror.live, series: this.mirror.series.map(s => ({ name: s.name, t: s.t.slice(), v: s.v.slice() })) };
  }

  postFromWebview(message: unknown): Promise<void> {
    return this.handle(message);
  }

  posted(): readonly JobPageHostMessage[] {
    return this.sent;
  }

  rejections(): readonly { reason: string; at: number }[] {
    return this.refused;
  }

  refresh(): Promise<void> {
    return this.source.refresh();
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.panel.dispose();
  }

  private onJob(view: JobPageView, names: readonly string[], live: boolean): void {
    const fresh = names.filter(name => this.store.declare(name));
    this.view = view;
    this.live = live;
    if (!this.ready) return;
    if (fresh.length > 0) this.postInit();
    else this.post({ kind: 'view', view, live });
  }

  private onMetric(name: string, t: number, v: number): void {
    this.store.add(name, t, v);
    if (this.ready) this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.ready) return;
    const updates = this.store.flush();
    if (updates.length > 0) this.post({ kind: 'points', updates });
  }

  private postInit(): void {
    if (!this.view) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const series = this.store.snapshot();
    this.store.markFlushed();
    this.post({ kind: 'init', view: this.view, series, live: this.live });
  }

  private post(message: JobPageHostMessage): void {
    // The mirror is what the webview holds once it has applied the message.
    if (message.kind === 'init') this.mirror = { view: message.view, live: message.live, series: message.series.map(s => ({ name: s.name, t: s.t.slice(), v: s.v.slice() })) };
    else if (message.kind === 'view') this.mirror = { ...this.mirror, view: message.view, live: message.live };
    else if (message.kind === 'points') {
      for (const update of message.updates) {
        let target = this.mirror.series.find(s => s.name === update.name);
        if (!target) this.mirror.series.push(target = { name: update.name, t: [], v: [] });
        applySeriesUpdate(target, update);
      }
    }
    this.sent.push(message.kind === 'init' ? { ...message, series: message.series.map(s => ({ name: s.name, t: [], v: [] })) } : message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private async handle(raw: unknown): Promise<void> {
    const checked = validateJobPageMessage(raw);
    if (!checked.ok) {
      this.refused.push({ reason: checked.reason, at: Date.now() });
      this.host.log.warn(`Job page ${this.target.jobName}: refused a message from the webview: ${checked.reason}`);
      this.post({ kind: 'notice', level: 'error', message: `The page sent a message the extension refused (${checked.reason}).` });
      return;
    }
    try {
      await this.dispatch(checked.message);
    } catch (error) {
      this.host.log.error(`Job page ${this.target.jobName}: ${checked.message.kind} failed: ${(error as Error)?.stack ?? String(error)}`);
      this.post({ kind: 'notice', level: 'error', message: `${checked.message.kind} failed: ${(error as Error)?.message ?? String(error)}` });
    }
  }

  private async dispatch(message: JobPageWebviewMessage): Promise<void> {
    switch (message.kind) {
      case 'ready':
        this.ready = true;
        await this.started;
        if (this.view) this.postInit();
        return;
      case 'refresh':
        return this.source.refresh();
      case 'showLog':
        return this.source.showLog();
      case 'copy':
        return this.copy(message.field);
      case 'openConsole': {
        const url = this.view?.outputs.consoleUrl;
        if (!url) return this.post({ kind: 'notice', level: 'warning', message: 'Local jobs have no console page.' });
        await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'revealArtifacts':
        return this.revealArtifacts();
    }
  }

  private valueOf(field: CopyField): string | undefined {
    const v = this.view;
    if (!v) return undefined;
    switch (field) {
      case 'name': return v.name;
      case 'arn': return v.arn;
      case 'modelArtifacts': return v.outputs.modelArtifacts;
      case 'outputPath': return v.outputs.outputPath;
      case 'outputArtifacts': return v.outputs.outputArtifacts;
      case 'failureReason': return v.failureReason;
      case 'image': return v.config.image;
    }
  }

  private async copy(field: CopyField): Promise<void> {
    const value = this.valueOf(field);
    if (!value) return this.post({ kind: 'notice', level: 'warning', message: 'Nothing to copy there yet.' });
    await vscode.env.clipboard.writeText(value);
    this.post({ kind: 'notice', level: 'info', message: `Copied ${value.length > 80 ? `${value.slice(0, 77)}…` : value}` });
  }

  private async revealArtifacts(): Promise<void> {
    const artifacts = this.view?.outputs.modelArtifacts;
    if (!artifacts) return this.post({ kind: 'notice', level: 'warning', message: 'The job has no model artifacts yet.' });
    if (this.target.local) {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(artifacts));
      return;
    }
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(artifacts);
    if (!match) return;
    const region = this.view?.region ?? 'us-east-1';
    const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : region.startsWith('us-gov-') ? 'console.amazonaws-us-gov.com' : 's3.console.aws.amazon.com';
    await vscode.env.openExternal(vscode.Uri.parse(`https://${host}/s3/object/${match[1]}?region=${region}&prefix=${encodeURIComponent(match[2]!)}`));
  }

  private cleanup(): void {
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.source.dispose();
    for (const d of this.disposables) d.dispose();
    for (const handler of this.onDisposeHandlers) handler();
  }
}
