/**
 * The job page: one webview per training job (cloud or local). The host keeps the model (the job as
 * `JobPageView`, every metric series whole), posts it whole when the webview is ready and then only the new
 * points (at most every 250 ms). The shared panel base checks every message the webview sends
 * (`validateJobPageMessage`) before `dispatch` sees it.
 */
import * as vscode from 'vscode';
import { s3ObjectConsoleUrl } from '../core/facts';
import {
  applySeriesUpdate, jobPageHtml, MetricSeriesStore, validateJobPageMessage, type CopyField, type JobPageHostMessage,
  type JobPageView, type JobPageWebviewMessage, type SeriesData,
} from '../core/jobPage';
import { WebviewPanelBase, type Dispatched, type WebviewPanelController } from '../platform/webviewPanel';
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
export interface JobPageController extends WebviewPanelController<JobPageHostMessage> {
  readonly target: JobPageTarget;
  /** The model as posted to the webview (init, then every update applied). */
  lastModel(): JobPageModel;
  /** Resolves once the job was read (described / job.json) and the metrics known so far were added. */
  loaded(): Promise<void>;
  refresh(): Promise<void>;
}

export interface JobPageHost extends SourceDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
}

const copyOf = (series: readonly SeriesData[]): SeriesData[] => series.map(s => ({ name: s.name, t: s.t.slice(), v: s.v.slice() }));

export class JobPagePanel extends WebviewPanelBase<JobPageWebviewMessage, JobPageHostMessage> implements JobPageController {
  private readonly store = new MetricSeriesStore();
  private readonly source: JobSource;
  private view: JobPageView | undefined;
  private live = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private mirror: JobPageModel = { view: undefined, series: [], live: false };
  private readonly started: Promise<void>;

  constructor(readonly target: JobPageTarget, host: JobPageHost, existing?: vscode.WebviewPanel) {
    super({
      viewType: JOB_PAGE_VIEW_TYPE,
      title: `Job: ${target.jobName}${target.local ? ' (local)' : ''}`,
      extensionUri: host.extensionUri,
      log: host.log,
      logName: `Job page ${target.jobName}`,
      html: assets => jobPageHtml({ ...assets, jobName: target.jobName, local: target.local }),
      validate: validateJobPageMessage,
      ...(existing ? { existing } : {}),
    });
    const handlers = {
      job: (view: JobPageView, names: readonly string[], live: boolean) => this.onJob(view, names, live),
      metric: (name: string, t: number, v: number) => this.onMetric(name, t, v),
      notice: (level: 'info' | 'warning' | 'error', message: string) => this.notice(level, message),
    };
    this.source = target.local ? new LocalJobSource(target.jobName, host, handlers) : new CloudJobSource(target.jobName, host, handlers);
    this.disposables.push({ dispose: () => { this.stopFlushTimer(); this.source.dispose(); } });
    this.started = this.source.start().catch(error => {
      host.log.error(`Job page ${target.jobName}: ${(error as Error)?.stack ?? String(error)}`);
    });
  }

  loaded(): Promise<void> {
    return this.started;
  }

  lastModel(): JobPageModel {
    return { view: this.mirror.view, live: this.mirror.live, series: copyOf(this.mirror.series) };
  }

  refresh(): Promise<void> {
    return this.source.refresh();
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
    this.stopFlushTimer();
    if (!this.ready) return;
    const updates = this.store.flush();
    if (updates.length > 0) this.post({ kind: 'points', updates });
  }

  private stopFlushTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private postInit(): void {
    if (!this.view) return;
    this.stopFlushTimer();
    const series = this.store.snapshot();
    this.store.markFlushed();
    this.post({ kind: 'init', view: this.view, series, live: this.live });
  }

  /** Keeps the mirror (what the webview holds once it has applied the message); `posted()` keeps inits without their points. */
  protected override post(message: JobPageHostMessage): void {
    if (message.kind === 'init') this.mirror = { view: message.view, live: message.live, series: copyOf(message.series) };
    else if (message.kind === 'view') this.mirror = { ...this.mirror, view: message.view, live: message.live };
    else if (message.kind === 'points') {
      for (const update of message.updates) {
        let target = this.mirror.series.find(s => s.name === update.name);
        if (!target) this.mirror.series.push(target = { name: update.name, t: [], v: [] });
        applySeriesUpdate(target, update);
      }
    }
    super.post(message, message.kind === 'init' ? { ...message, series: message.series.map(s => ({ name: s.name, t: [], v: [] })) } : message);
  }

  protected async onReady(): Promise<void> {
    await this.started;
    if (this.view) this.postInit();
  }

  protected async dispatch(message: Dispatched<JobPageWebviewMessage>): Promise<void> {
    switch (message.kind) {
      case 'refresh':
        return this.source.refresh();
      case 'showLog':
        return this.source.showLog();
      case 'copy':
        return this.copy(message.field);
      case 'openConsole': {
        const url = this.view?.outputs.consoleUrl;
        if (!url) return this.notice('warning', 'Local jobs have no console page.');
        await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'revealArtifacts':
        return this.revealArtifacts();
    }
  }

  private copyableValue(field: CopyField): string | undefined {
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
    const value = this.copyableValue(field);
    if (!value) return this.notice('warning', 'Nothing to copy there yet.');
    await vscode.env.clipboard.writeText(value);
    this.notice('info', `Copied ${value.length > 80 ? `${value.slice(0, 77)}…` : value}`);
  }

  private async revealArtifacts(): Promise<void> {
    const artifacts = this.view?.outputs.modelArtifacts;
    if (!artifacts) return this.notice('warning', 'The job has no model artifacts yet.');
    if (this.target.local) {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(artifacts));
      return;
    }
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(artifacts);
    if (!match) return;
    const region = this.view?.region ?? 'us-east-1';
    await vscode.env.openExternal(vscode.Uri.parse(s3ObjectConsoleUrl(region, match[1]!, match[2]!)));
  }
}
