/**
 * The job page: one webview per training job (cloud or local). The host keeps the model (the job as
 * `JobPageView`, every metric series whole, each with its overview: core/jobPage/overview.ts), posts the job and
 * the overviews when the webview is ready, then only what new points changed in them (at most every 250 ms), as
 * typed arrays (VS Code posts their buffers as binary, not JSON); a zoomed-in chart asks for its range in detail. The shared panel base checks every message the webview sends
 * (`validateJobPageMessage`) before `dispatch` sees it.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { s3ObjectConsoleUrl } from '../core/facts';
import {
  applyOverviewUpdate, jobPageHtml, MetricSeriesStore, overviewBucketsFor, resolutionChanges, validateJobPageMessage, type CopyField, type JobPageHostMessage,
  type JobPageView, type JobPageWebviewMessage, type MirroredOverview, type SeriesData,
} from '../core/jobPage';
import { WebviewPanelBase, type Dispatched, type WebviewPanelController } from '../platform/webviewPanel';
import { CloudJobSource, LocalJobSource, type JobSource, type SourceDeps, type SourceHandlers } from './sources';

export const JOB_PAGE_VIEW_TYPE = 'sagemaker.jobPage';
const FLUSH_MS = 250;
const EMPTY = new Float64Array(0);
const NO_INDICES = new Uint32Array(0);

export interface JobPageTarget {
  jobName: string;
  local: boolean;
}

/**
 * The model the page was last sent: the job and every series as the webview holds them, i.e. its overview
 * (every point while a series has at most 2,048; then its buckets' first, lowest, highest and last), with
 * `count` the points of the whole series.
 */
export interface JobPageModel {
  view: JobPageView | undefined;
  series: (SeriesData & { count: number })[];
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
  /** The number of the last data message (init, points) posted; 0 before the first. */
  lastSeq(): number;
  /** Resolves when the page reports it drew data message `seq` (or a later one), with its own handling time. */
  drawn(seq: number): Promise<DrawnReport>;
  /** When the webview's ready handshake last arrived (milliseconds since the epoch), undefined before. */
  readyAt(): number | undefined;
}

/** What the page reported after drawing a data message. */
export interface DrawnReport {
  seq: number;
  /** Time the page spent handling the message (applying it and redrawing), by its own clock. */
  workMs: number;
  /** Time the host spent building and posting it (the flush or the init). */
  hostMs: number;
  /** From the host starting to build it to the page's report arriving (transport both ways included). */
  roundTripMs: number;
  /**
   * Wall-clock times (milliseconds since the epoch; the host's and the page's clocks are the same machine's):
   * the host started building the message, had posted it, got the report; for the init, the page's own times
   * of its document's start, of its ready handshake, of the init's arrival and of the frame that shows it.
   */
  at?: { started: number; posted: number; reported: number; pageStart?: number; readySent?: number; received?: number; frame?: number };
}

/** Milliseconds since the epoch, sub-millisecond (comparable with the page's `performance.timeOrigin + now()`). */
const wallNow = () => performance.timeOrigin + performance.now();

/** Builds a page's data source from the panel's handlers (the job's own source, or a caller's: benchmarks). */
export type JobSourceFactory = (handlers: SourceHandlers) => JobSource;

export interface JobPageHost extends SourceDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
}

const copyOf = (series: MirroredOverview[]): JobPageModel['series'] => series.map(s => ({ name: s.name, count: s.count, t: Array.from(s.t), v: Array.from(s.v) }));

export class JobPagePanel extends WebviewPanelBase<JobPageWebviewMessage, JobPageHostMessage> implements JobPageController {
  private readonly store = new MetricSeriesStore();
  private readonly source: JobSource;
  private view: JobPageView | undefined;
  private live = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private mirror: { view: JobPageView | undefined; series: MirroredOverview[]; live: boolean } = { view: undefined, series: [], live: false };
  private readonly started: Promise<void>;
  private seq = 0;
  private lastDrawn: DrawnReport = { seq: 0, workMs: 0, hostMs: 0, roundTripMs: 0 };
  /** When the data messages not yet reported drawn were started and how long they took to post (a few at most). */
  private readonly postTimes = new Map<number, { started: number; hostMs: number; startedAt: number }>();
  private lastReadyAt: number | undefined;
  private drawWaiters: { seq: number; resolve: (report: DrawnReport) => void }[] = [];

  constructor(readonly target: JobPageTarget, host: JobPageHost, existing?: vscode.WebviewPanel, sourceOf?: JobSourceFactory) {
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
    const handlers: SourceHandlers = {
      job: (view: JobPageView, names: readonly string[], live: boolean) => this.onJob(view, names, live),
      metric: (name: string, t: number, v: number) => this.onMetric(name, t, v),
      metrics: (name: string, t: ArrayLike<number>, v: ArrayLike<number>) => this.onMetrics(name, t, v),
      notice: (level: 'info' | 'warning' | 'error', message: string) => this.notice(level, message),
    };
    this.source = sourceOf ? sourceOf(handlers) : target.local ? new LocalJobSource(target.jobName, host, handlers) : new CloudJobSource(target.jobName, host, handlers);
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

  lastSeq(): number {
    return this.seq;
  }

  drawn(seq: number): Promise<DrawnReport> {
    if (this.lastDrawn.seq >= seq) return Promise.resolve(this.lastDrawn);
    return new Promise(resolve => this.drawWaiters.push({ seq, resolve }));
  }

  readyAt(): number | undefined {
    return this.lastReadyAt;
  }

  private onDrawn({ seq, workMs, pageStartAt, readySentAt, receivedAt, frameAt }: Extract<JobPageWebviewMessage, { kind: 'drawn' }>): void {
    if (seq > this.seq || seq <= this.lastDrawn.seq) return;
    const posted = this.postTimes.get(seq);
    for (const key of this.postTimes.keys()) if (key <= seq) this.postTimes.delete(key);
    const report: DrawnReport = { seq, workMs, hostMs: posted?.hostMs ?? 0, roundTripMs: posted ? performance.now() - posted.started : 0 };
    if (posted) {
      report.at = { started: posted.startedAt, posted: posted.startedAt + posted.hostMs, reported: wallNow() };
      if (pageStartAt !== undefined) report.at.pageStart = pageStartAt;
      if (readySentAt !== undefined) report.at.readySent = readySentAt;
      if (receivedAt !== undefined) report.at.received = receivedAt;
      if (frameAt !== undefined) report.at.frame = frameAt;
    }
    this.lastDrawn = report;
    const due = this.drawWaiters.filter(w => w.seq <= report.seq);
    this.drawWaiters = this.drawWaiters.filter(w => w.seq > report.seq);
    for (const waiter of due) waiter.resolve(report);
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
    this.scheduleFlush();
  }

  private onMetrics(name: string, t: ArrayLike<number>, v: ArrayLike<number>): void {
    this.store.addMany(name, t, v);
    this.scheduleFlush();
  }

  /** New points go to the page at most once per FLUSH_MS, once it is ready. */
  private scheduleFlush(): void {
    if (this.ready) this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.stopFlushTimer();
    if (!this.ready) return;
    const started = performance.now();
    const startedAt = wallNow();
    const updates = this.store.overviewUpdates();
    if (updates.length === 0) return;
    this.post({ kind: 'points', seq: ++this.seq, updates });
    this.timed(started, startedAt);
  }

  private timed(started: number, startedAt: number): void {
    // Pages that never report (a closed one) must not grow this: keep the last few.
    if (this.postTimes.size >= 16) this.postTimes.delete(this.postTimes.keys().next().value!);
    this.postTimes.set(this.seq, { started, startedAt, hostMs: performance.now() - started });
  }

  private stopFlushTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private postInit(): void {
    if (!this.view) return;
    this.stopFlushTimer();
    const started = performance.now();
    const startedAt = wallNow();
    const series = this.store.overviews();
    this.post({ kind: 'init', seq: ++this.seq, view: this.view, series, live: this.live });
    this.timed(started, startedAt);
  }

  /** Keeps the mirror (what the webview holds once it has applied the message); `posted()` keeps inits without their points. */
  protected override post(message: JobPageHostMessage): void {
    if (message.kind === 'init') {
      this.mirror = { view: message.view, live: message.live, series: [] };
      for (const update of message.series) applyOverviewUpdate(this.mirror.series, update);
    } else if (message.kind === 'view') this.mirror = { ...this.mirror, view: message.view, live: message.live };
    else if (message.kind === 'points') for (const update of message.updates) applyOverviewUpdate(this.mirror.series, update);
    super.post(message, message.kind === 'init' ? { ...message, series: message.series.map(s => ({ ...s, t: EMPTY, v: EMPTY, i: NO_INDICES })) } : message);
  }

  /** The page's charts are `pixels` wide (when it could tell): the overviews it is sent have that many buckets at most. */
  protected async onReady({ pixels }: Extract<JobPageWebviewMessage, { kind: 'ready' }>): Promise<void> {
    this.lastReadyAt = wallNow();
    await this.started;
    if (pixels !== undefined) this.store.setResolution(overviewBucketsFor(pixels));
    if (this.view) this.postInit();
  }

  /** The page's charts changed width: every overview again at the new resolution, when it differs enough. */
  private changeResolution(pixels: number): void {
    const wanted = overviewBucketsFor(pixels);
    if (!this.ready || !resolutionChanges(this.store.resolution, wanted)) return;
    this.store.setResolution(wanted);
    if (!this.view) return;
    const started = performance.now();
    const startedAt = wallNow();
    this.post({ kind: 'points', seq: ++this.seq, updates: this.store.overviews() });
    this.timed(started, startedAt);
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
      case 'detail': {
        const points = this.store.detail(message.name, message.first, message.last);
        if (points) this.post({ kind: 'detail', name: message.name, first: message.first, last: message.last, points });
        return;
      }
      case 'resolution':
        return this.changeResolution(message.pixels);
      case 'drawn':
        return this.onDrawn(message);
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
