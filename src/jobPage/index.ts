/**
 * The training job page: "SageMaker: Open Job" (tree, palette) opens a webview with the job's status timeline,
 * configuration, outputs and live metric charts, for cloud and local jobs; pages come back after a reload of the
 * window. The extension calls `createJobPage` once from activate(); what it returns is also what tests drive, and
 * `openJobCommand` is what the command table runs for "SageMaker: Open Job".
 */
import * as vscode from 'vscode';
import { loadAws } from '../platform/loadAws';
import { pickResource } from '../platform/remotePicker';
import type { Connection } from '../platform/connection';
import { validateJobPageState } from '../core/jobPage';
import { sageMakerLog } from '../platform/extensionLog';
import type { LocalMode } from '../local/localMode';
import type { JobOutputs } from '../logs/jobOutputs';
import type { LogTails } from '../logs/logTails';
import { JOB_PAGE_VIEW_TYPE, JobPagePanel, type JobPageController, type JobPageTarget, type JobSourceFactory } from './panel';

export type { DrawnReport, JobPageController, JobPageModel, JobSourceFactory } from './panel';
export type { JobSource, SourceHandlers } from './sources';

export interface JobPageDeps {
  connection: Connection;
  logTails: LogTails;
  local: LocalMode;
  outputs: JobOutputs;
  log?: vscode.LogOutputChannel;
  /** For tests: milliseconds between DescribeTrainingJob calls while a job runs (default 5 s). */
  describeIntervalMs?: number;
}

export type JobPageArg = string | { local: true; name: string };

export interface JobPageApi {
  /** Opens (or shows) the page of a cloud job by name, or of a local job. */
  openJobPage(job: JobPageArg): Promise<JobPageController>;
  /** The open page of a job, if any. */
  pageFor(job: JobPageArg): JobPageController | undefined;
  /** "SageMaker: Open Job": the page of that job, or of one picked from the local and listed cloud jobs. */
  openJobCommand(job: JobPageArg | undefined): Promise<JobPageController | undefined>;
  /**
   * Opens a page titled `jobName` whose data comes from `sourceOf` instead of the job's own source: the real panel
   * and webview on a synthetic job (the benchmark drives a million points through the real message path).
   */
  openPageWithSource(jobName: string, sourceOf: JobSourceFactory): JobPageController;
}

const keyOf = (t: JobPageTarget) => `${t.local ? 'local' : 'cloud'}:${t.jobName}`;

function targetOf(arg: JobPageArg | undefined): JobPageTarget | undefined {
  if (typeof arg === 'string') return arg ? { jobName: arg, local: false } : undefined;
  return arg?.local === true && typeof arg.name === 'string' ? { jobName: arg.name, local: true } : undefined;
}

/** A QuickPick of local jobs at once and cloud jobs once listed, each in its own group; undefined when dismissed. */
function pickJobTarget(deps: JobPageDeps): Promise<JobPageTarget | undefined> {
  return pickResource<JobPageTarget>(deps.connection, {
    title: 'Open Job',
    placeholder: 'Training job to open',
    noun: 'training jobs',
    empty: 'No training jobs, local or in this account and region.',
    matchOnDescription: true,
    // A local job launched a moment ago shows up as soon as its folder is written.
    local: () => deps.local.jobs().map(job => ({
      label: job.TrainingJobName, description: `local · ${job.TrainingJobStatus}`, value: { jobName: job.TrainingJobName, local: true },
    })),
    onDidChangeLocal: deps.local.onDidChangeJobs,
    list: async () => (await loadAws().listTrainingJobsPage(deps.connection.aws())).items.map(job => ({
      label: job.TrainingJobName!, description: job.TrainingJobStatus, value: { jobName: job.TrainingJobName!, local: false },
    })),
  });
}

export function createJobPage(context: vscode.ExtensionContext, deps: JobPageDeps): JobPageApi {
  const pages = new Map<string, JobPagePanel>();
  const host = () => ({
    extensionUri: context.extensionUri,
    log: deps.log ?? sageMakerLog(),
    connection: deps.connection,
    logTails: deps.logTails,
    local: deps.local,
    outputs: deps.outputs,
    ...(deps.describeIntervalMs ? { describeIntervalMs: deps.describeIntervalMs } : {}),
  });

  function adopt(target: JobPageTarget, existing?: vscode.WebviewPanel, sourceOf?: JobSourceFactory): JobPagePanel {
    const page = new JobPagePanel(target, host(), existing, sourceOf);
    const key = keyOf(target);
    pages.set(key, page);
    page.onDidDispose(() => { if (pages.get(key) === page) pages.delete(key); });
    return page;
  }

  async function openJobPage(arg: JobPageArg): Promise<JobPageController> {
    const target = targetOf(arg);
    if (!target) throw new Error('openJobPage: a job name, or { local: true, name }');
    const open = pages.get(keyOf(target));
    if (open) {
      open.reveal();
      return open;
    }
    return adopt(target);
  }

  async function openJobCommand(job: JobPageArg | undefined): Promise<JobPageController | undefined> {
    const target = targetOf(job) ?? await pickJobTarget(deps);
    return target ? openJobPage(target.local ? { local: true, name: target.jobName } : target.jobName) : undefined;
  }

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(JOB_PAGE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        const target = validateJobPageState(state);
        if (!target) {
          panel.dispose();
          return;
        }
        const resolved: JobPageTarget = { jobName: target.jobName, local: target.local === true };
        const open = pages.get(keyOf(resolved));
        if (open) {
          panel.dispose();
          open.reveal();
          return;
        }
        adopt(resolved, panel);
      },
    }),
    { dispose: () => { for (const page of [...pages.values()]) page.dispose(); } },
  );

  return {
    openJobPage,
    pageFor: arg => { const t = targetOf(arg); return t ? pages.get(keyOf(t)) : undefined; },
    openJobCommand,
    openPageWithSource: (jobName, sourceOf) => {
      const target: JobPageTarget = { jobName, local: false };
      pages.get(keyOf(target))?.dispose();
      return adopt(target, undefined, sourceOf);
    },
  };
}
