import * as vscode from 'vscode';
import { loadAws } from '../platform/loadAws';
import type { Connection } from '../platform/connection';
import type { LogLine, LogSink, TailCursor, TailedLine, TailSummary } from '../core/logs/types';
import { formatLogLine } from '../core/logs/format';
import type { JobOutputs } from './jobOutputs';

/** workspaceState key: tails that were running, with where they stopped, so a restart can continue them. */
const STATE_KEY = 'sagemaker.logTails';
const CURSOR_SAVE_MS = 5000;


/** What this session's tail of a job has shown (bounded), for a page that joins it. */
export interface TailHistory {
  readonly lines: readonly LogLine[];
  /** The tail read the log from its start (not resumed from a saved cursor) and nothing was dropped. */
  readonly complete: boolean;
  readonly running: boolean;
  readonly summary?: TailSummary;
}

/** Lines kept per job tail for pages that open later (oldest dropped beyond this). */
const HISTORY_LINES = 200_000;

interface TailWatcher {
  line(line: LogLine): void;
  end?(summary: TailSummary | undefined): void;
}

interface SavedTail {
  kind: 'job' | 'endpoint';
  name: string;
  cursor?: TailCursor;
}

/**
 * Live tails of CloudWatch logs into the jobs' and endpoints' output channels, one per name.
 * Cursors are kept in the workspace state while a tail runs, so a tail cut short by a restart is offered again
 * and continues without repeating what was shown.
 */
export class LogTails implements vscode.Disposable {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<TailSummary | undefined> }>();
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly pendingCursors = new Map<string, TailCursor>();
  private readonly histories = new Map<string, { lines: LogLine[]; complete: boolean; running: boolean; summary?: TailSummary }>();
  private readonly watchers = new Map<string, Set<TailWatcher>>();

  constructor(private readonly connection: Connection, private readonly outputs: JobOutputs, private readonly state: vscode.Memento) {}

  isTailing(name: string): boolean {
    return this.running.has(name);
  }

  /** Resolves when the tail ends (the job's final read, a stop, or an error). */
  finished(name: string): Promise<TailSummary | undefined> {
    return this.running.get(name)?.done ?? Promise.resolve(undefined);
  }

  tailJob(jobName: string): Promise<TailSummary | undefined> {
    return this.start({ kind: 'job', name: jobName });
  }

  tailEndpoint(endpointName: string): Promise<TailSummary | undefined> {
    return this.start({ kind: 'endpoint', name: endpointName });
  }

  /** The lines this session's tail of a job has shown so far; undefined when it was not tailed this session. */
  history(name: string): TailHistory | undefined {
    return this.histories.get(name);
  }

  /**
   * Every line the tail of `name` shows from now on (and its end), for the job page: the page listens to the same
   * tail as the output channel, so there is no second reader. Dispose to stop listening.
   */
  watch(name: string, watcher: TailWatcher): vscode.Disposable {
    let set = this.watchers.get(name);
    if (!set) this.watchers.set(name, (set = new Set()));
    set.add(watcher);
    return { dispose: () => { set!.delete(watcher); if (set!.size === 0 && this.watchers.get(name) === set) this.watchers.delete(name); } };
  }

  private emitLine(name: string, tailed: TailedLine): void {
    const line: LogLine = { timestamp: tailed.timestamp, host: tailed.host, stream: tailed.stream, message: tailed.message };
    const history = this.histories.get(name);
    if (history) {
      history.lines.push(line);
      if (history.lines.length > HISTORY_LINES) {
        history.lines.splice(0, history.lines.length - HISTORY_LINES);
        history.complete = false;
      }
    }
    for (const w of this.watchers.get(name) ?? []) {
      try { w.line(line); } catch { /* a page's problem is not the tail's */ }
    }
  }

  private emitEnd(name: string, summary: TailSummary | undefined): void {
    const history = this.histories.get(name);
    if (history) {
      history.running = false;
      if (summary) history.summary = summary;
      if (!summary || summary.reason !== 'ended' || summary.incomplete) history.complete = false;
    }
    for (const w of this.watchers.get(name) ?? []) {
      try { w.end?.(summary); } catch { /* ignore */ }
    }
  }

  stop(name: string): void {
    this.running.get(name)?.controller.abort();
  }

  /** At start-up: tails cut short last time are offered again (no AWS call until the user accepts). */
  offerResume(): void {
    const saved = this.saved();
    if (saved.length === 0) return;
    const names = saved.map(t => t.name).join(', ');
    const resume = 'Resume';
    const forget = 'Forget';
    void vscode.window.showInformationMessage(`SageMaker: logs of ${names} were being tailed when VS Code closed. Continue where they stopped?`, resume, forget)
      .then(choice => {
        if (choice === resume) for (const tail of saved) void this.start(tail);
        if (choice === forget) void this.state.update(STATE_KEY, []);
      });
  }

  private saved(): SavedTail[] {
    return this.state.get<SavedTail[]>(STATE_KEY, []);
  }

  private async persist(name: string, entry: SavedTail | undefined): Promise<void> {
    const others = this.saved().filter(t => t.name !== name);
    await this.state.update(STATE_KEY, entry ? [...others, entry] : others);
  }

  private start(tail: SavedTail): Promise<TailSummary | undefined> {
    const log = this.outputs.get(tail.name);
    log.show(true);
    const existing = this.running.get(tail.name);
    if (existing) return existing.done;
    const cursor = tail.cursor ?? this.saved().find(t => t.name === tail.name)?.cursor;
    const controller = new AbortController();
    if (tail.kind === 'job') this.histories.set(tail.name, { lines: [], complete: !cursor, running: true });
    let tailer: { retryNow(): void } | undefined;
    let paused = false;
    // The tail writes again after a pause: the session works, and the window's next outage is announced again.
    const resumedIfPaused = () => { if (paused) { paused = false; this.connection.resumed(); } };
    const sink: LogSink = {
      line: line => { resumedIfPaused(); log.appendLine(formatLogLine(line)); if (tail.kind === 'job') this.emitLine(tail.name, line); },
      status: (text, meta) => {
        log.appendLine(text);
        // Once per expired session and window (shared with the watched jobs' pause); it also resumes by itself.
        if (meta.kind === 'paused') {
          paused = true;
          this.connection.showPaused(`Log tail of ${tail.name}: ${text.replace(/^--- /, '')}`, () => tailer?.retryNow());
        } else resumedIfPaused();
      },
      end: summary => {
        log.appendLine(summary.text);
        if (summary.error) log.appendLine(`--- ${summary.error.message}${summary.error.nextStep ? ` ${summary.error.nextStep}` : ''}`);
      },
    };
    const options = {
      sink,
      signal: controller.signal,
      ...(cursor ? { cursor } : {}),
      onCursor: (next: TailCursor) => this.rememberCursor(tail, next),
      // A job's tail started afresh reads its whole log (no cursor is kept once a tail has ended).
      ...(tail.kind === 'job' ? { rereadHint: `or run "SageMaker: Tail Logs" on ${tail.name} again (it reads the whole log)` } : {}),
    };
    if (tail.kind === 'job') log.appendLine(`--- Open the job's page: SageMaker: Open Job (or click the graph icon on the job in the Training Jobs view)`);
    if (!cursor) log.appendLine(`--- Tailing ${tail.kind === 'job' ? 'training job' : 'endpoint'} ${tail.name} (waiting for the first log lines…)`);
    else log.appendLine(`--- Continuing the tail of ${tail.name} where it stopped`);
    const done = (async () => {
      await this.persist(tail.name, { kind: tail.kind, name: tail.name, ...(cursor ? { cursor } : {}) });
      try {
        const aws = loadAws();
        const clients = this.connection.aws();
        const profile = clients.settings.profile ?? process.env.AWS_PROFILE;
        const tailOptions = { ...options, ...(profile ? { profile } : {}) };
        const started = tail.kind === 'job'
          ? aws.createTrainingJobTail(clients, tail.name, tailOptions)
          : await aws.createEndpointTail(clients, tail.name, tailOptions);
        tailer = started;
        const summary = await started.run();
        if (summary.error?.kind === 'credentials') this.connection.reportFailure(new Error(summary.error.message));
        // An ended or failed tail is done with; an aborted one (VS Code closing) stays saved for the next start.
        if (summary.reason !== 'aborted') await this.persist(tail.name, undefined);
        if (tail.kind === 'job') this.emitEnd(tail.name, summary);
        return summary;
      } catch (error) {
        const problem = this.connection.reportFailure(error);
        log.appendLine(`--- The tail stopped: ${problem.message} ${problem.nextStep}`);
        await this.persist(tail.name, undefined);
        if (tail.kind === 'job') this.emitEnd(tail.name, undefined);
        return undefined;
      } finally {
        this.running.delete(tail.name);
      }
    })();
    this.running.set(tail.name, { controller, done });
    return done;
  }

  private rememberCursor(tail: SavedTail, cursor: TailCursor): void {
    this.pendingCursors.set(tail.name, cursor);
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      const saved = this.saved().map(t => (this.pendingCursors.has(t.name) ? { ...t, cursor: this.pendingCursors.get(t.name)! } : t));
      this.pendingCursors.clear();
      void this.state.update(STATE_KEY, saved);
    }, CURSOR_SAVE_MS);
  }

  dispose(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.pendingCursors.size > 0) {
      // Best effort while VS Code closes: where each tail stopped, for the next start.
      void this.state.update(STATE_KEY, this.saved().map(t => ({ ...t, cursor: this.pendingCursors.get(t.name) ?? t.cursor })));
    }
    for (const { controller } of this.running.values()) controller.abort();
  }
}
