/**
 * Where a job page's data comes from. Cloud: DescribeTrainingJob on open and every few seconds while the job runs,
 * and the lines of the job's log tail (LogTails: the same tail that fills the output channel, started if none
 * runs), with the job's metric regexes applied to each line. Local: job.json and metrics.jsonl, then the
 * events of the job this window runs (LocalMode), or a look at the files every 2 s when another process runs it.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { loadAws } from '../platform/loadAws';
import type { Connection } from '../platform/connection';
import { jobPaths, type LocalJobDescription } from '../core/local';
import { compileMetricDefinitions } from '../core/logs/metrics';
import { MetricExtractor, metricDefinitionsOf, modelFromCloudJob, modelFromLocalJob, type JobPageView } from '../core/jobPage';
import type { TailSummary } from '../core/logs/types';
import type { LocalMode } from '../local/localMode';
import type { JobOutputs } from '../logs/jobOutputs';
import type { LogLine } from '../core/logs/types';
import type { LogTails } from '../logs/logTails';

export interface SourceHandlers {
  /** The job as the page shows it (again, after every change); `names` are the metrics to chart. */
  job(view: JobPageView, names: readonly string[], live: boolean): void;
  metric(name: string, timestamp: number, value: number): void;
  /** Many points of one metric at once (a backfill), in one pass: `timestamps[k]` and `values[k]` are a point. */
  metrics(name: string, timestamps: ArrayLike<number>, values: ArrayLike<number>): void;
  notice(level: 'info' | 'warning' | 'error', message: string): void;
}

export interface JobSource extends vscode.Disposable {
  start(): Promise<void>;
  refresh(): Promise<void>;
  showLog(): void;
  /** The raw description (for copy actions). */
  readonly raw: Record<string, unknown> | undefined;
}

export interface SourceDeps {
  connection: Connection;
  logTails: LogTails;
  local: LocalMode;
  outputs: JobOutputs;
  /** Milliseconds between DescribeTrainingJob calls while the job runs (default 5 s). */
  describeIntervalMs?: number;
  /** Milliseconds between looks at a local job run by another process (default 2 s). */
  localPollMs?: number;
}

const RUNNING = ['InProgress', 'Stopping'];

export class CloudJobSource implements JobSource {
  private extractor: MetricExtractor | undefined;
  private watcher: vscode.Disposable | undefined;
  private timer: NodeJS.Timeout | undefined;
  private region: string | undefined;
  private disposed = false;
  private describing: Promise<void> | undefined;
  raw: Record<string, unknown> | undefined;

  constructor(private readonly name: string, private readonly deps: SourceDeps, private readonly on: SourceHandlers) {}

  async start(): Promise<void> {
    await this.refresh();
  }

  refresh(): Promise<void> {
    this.describing ??= this.describe().finally(() => { this.describing = undefined; });
    return this.describing;
  }

  private async describe(): Promise<void> {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let status: string | undefined;
    try {
      const clients = this.deps.connection.aws();
      const job = await loadAws().describeTrainingJob(clients, this.name);
      this.region ??= await clients.region().catch(() => undefined);
      this.deps.connection.markConnected();
      if (this.disposed) return;
      this.raw = job as Record<string, unknown>;
      status = job.TrainingJobStatus;
      if (!this.extractor) this.extractor = new MetricExtractor(metricDefinitionsOf(job.AlgorithmSpecification));
      const view = modelFromCloudJob(job, this.region, Date.now(), [...this.extractor.problems]);
      this.on.job(view, this.extractor.names, !view.done);
      if (!this.watcher) this.attach();
    } catch (error) {
      const problem = this.deps.connection.reportFailure(error);
      this.on.notice('error', `Could not describe ${this.name}: ${problem.message} ${problem.nextStep}`.trim());
    }
    if (!this.disposed && (status === undefined || RUNNING.includes(status))) {
      this.timer = setTimeout(() => void this.refresh(), this.deps.describeIntervalMs ?? 5000);
    }
  }

  /** Joins the job's tail (replaying what it showed already), or starts one. */
  private attach(): void {
    const { logTails } = this.deps;
    this.watcher = logTails.watch(this.name, {
      line: line => this.onLine(line),
      end: summary => this.onTailEnd(summary),
    });
    const history = logTails.history(this.name);
    if (history && (history.running || history.complete)) {
      for (const line of history.lines) this.onLine(line);
      if (!history.complete && !history.running) this.on.notice('info', 'The page shows the lines of this session\u2019s tail only (it continued an earlier one).');
      if (!history.running && history.summary) void this.refresh();
    } else {
      void logTails.tailJob(this.name);
    }
  }

  private onLine(line: LogLine): void {
    for (const m of this.extractor?.fromMessage(line.message, line.timestamp) ?? []) this.on.metric(m.name, m.timestamp, m.value);
  }

  private onTailEnd(summary: TailSummary | undefined): void {
    if (summary?.error) this.on.notice('warning', `The log tail stopped: ${summary.error.message}${summary.error.nextStep ? ` ${summary.error.nextStep}` : ''}`);
    else if (summary?.reason === 'aborted') this.on.notice('info', 'The log tail was stopped: the chart no longer updates. Refresh to describe the job again.');
    void this.refresh();
  }

  showLog(): void {
    if (this.deps.outputs.has(this.name) || this.deps.logTails.isTailing(this.name)) this.deps.outputs.get(this.name).show(false);
    else void this.deps.logTails.tailJob(this.name);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.dispose();
  }
}

type MetricRecord = { name: string; value: number; timestamp: number };
const keyOf = (m: MetricRecord) => `${m.name}\u0000${m.timestamp}\u0000${m.value}`;

export class LocalJobSource implements JobSource {
  private subscription: vscode.Disposable | undefined;
  private timer: NodeJS.Timeout | undefined;
  private names: string[] = [];
  private problems: string[] = [];
  private metricsOffset = 0;
  private partial = '';
  private disposed = false;
  raw: Record<string, unknown> | undefined;

  constructor(private readonly name: string, private readonly deps: SourceDeps, private readonly on: SourceHandlers) {}

  private find(): LocalJobDescription | undefined {
    return this.deps.local.jobs().find(job => job.TrainingJobName === this.name);
  }

  async start(): Promise<void> {
    const job = this.find();
    if (!job) {
      this.on.notice('error', `There is no local job ${this.name} in this workspace's .sagemaker/local/.`);
      return;
    }
    const definitions = metricDefinitionsOf(job.AlgorithmSpecification);
    this.names = [...new Set(definitions.map(d => d.Name))];
    this.problems = compileMetricDefinitions(definitions).problems;
    // Events first (buffered), then the file: a value both in the file and in an event counts once.
    const buffered: MetricRecord[] = [];
    let reading = true;
    this.subscription = this.deps.local.onDidJobEvent(event => {
      if (event.jobName !== this.name) return;
      if (event.type === 'metric') {
        if (reading) buffered.push(event.metric);
        else this.on.metric(event.metric.name, event.metric.timestamp, event.metric.value);
      } else if (event.type === 'status' || event.type === 'end') {
        this.publish();
      }
    });
    const inFile = new Map<string, number>();
    for (const m of this.readNewMetrics(job.JobDir)) {
      inFile.set(keyOf(m), (inFile.get(keyOf(m)) ?? 0) + 1);
      this.on.metric(m.name, m.timestamp, m.value);
    }
    reading = false;
    for (const m of buffered) {
      const n = inFile.get(keyOf(m)) ?? 0;
      if (n > 0) inFile.set(keyOf(m), n - 1);
      else this.on.metric(m.name, m.timestamp, m.value);
    }
    this.publish(job);
  }

  /** metrics.jsonl from where the last read stopped (whole lines only). */
  private readNewMetrics(jobDir: string): MetricRecord[] {
    let text: string;
    try {
      const fd = fs.openSync(jobPaths(jobDir).metrics, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size <= this.metricsOffset) return [];
        const buffer = Buffer.alloc(size - this.metricsOffset);
        fs.readSync(fd, buffer, 0, buffer.length, this.metricsOffset);
        this.metricsOffset = size;
        text = this.partial + buffer.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return [];
    }
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    const out: MetricRecord[] = [];
    for (const line of lines) {
      try {
        const m = JSON.parse(line) as MetricRecord;
        if (m && typeof m.name === 'string' && typeof m.timestamp === 'number' && (typeof m.value === 'number' || m.value === null)) {
          out.push({ name: m.name, timestamp: m.timestamp, value: m.value ?? NaN });
        }
      } catch { /* a torn line */ }
    }
    return out;
  }

  private publish(job = this.find()): void {
    if (this.disposed || !job) return;
    this.raw = job as unknown as Record<string, unknown>;
    const view = modelFromLocalJob(job, Date.now(), this.problems);
    const live = RUNNING.includes(job.TrainingJobStatus);
    this.on.job(view, this.names, live);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (live && !this.deps.local.isRunning(this.name)) {
      // Run by another process (the command line, another window): look at its files.
      this.timer = setTimeout(() => {
        for (const m of this.readNewMetrics(job.JobDir)) this.on.metric(m.name, m.timestamp, m.value);
        this.publish();
      }, this.deps.localPollMs ?? 2000);
    } else if (live) {
      // Durations of the current status grow: redraw the timeline now and then (no file is read).
      this.timer = setTimeout(() => this.publish(), 5000);
    }
  }

  async refresh(): Promise<void> {
    const job = this.find();
    if (job && !this.deps.local.isRunning(this.name)) for (const m of this.readNewMetrics(job.JobDir)) this.on.metric(m.name, m.timestamp, m.value);
    this.publish(job);
  }

  showLog(): void {
    this.deps.local.showLog(this.name);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.subscription?.dispose();
  }
}
