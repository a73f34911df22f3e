import * as vscode from 'vscode';

const REMEMBERED_LINES = 5000;

/** A job's log channel; remembers its last lines, since VS Code offers no way to read a channel back. */
export interface JobLog {
  appendLine(text: string): void;
  append(text: string): void;
  show(preserveFocus?: boolean): void;
  /** The last lines written (at most 5,000). */
  lines(): readonly string[];
}

/** One output channel per job or endpoint whose log is shown ("SageMaker Logs: <name>"), shared by cloud and local. */
export class JobOutputs implements vscode.Disposable {
  private readonly logs = new Map<string, { channel: vscode.OutputChannel; log: JobLog }>();

  get(name: string): JobLog {
    let entry = this.logs.get(name);
    if (!entry) {
      const channel = vscode.window.createOutputChannel(`SageMaker Logs: ${name}`);
      const remembered: string[] = [];
      let partial = '';
      const remember = (text: string) => {
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        remembered.push(...parts);
        if (remembered.length > REMEMBERED_LINES) remembered.splice(0, remembered.length - REMEMBERED_LINES);
      };
      const log: JobLog = {
        appendLine: text => { channel.appendLine(text); remember(`${text}\n`); },
        append: text => { channel.append(text); remember(text); },
        show: preserveFocus => channel.show(preserveFocus),
        lines: () => (partial ? [...remembered, partial] : remembered),
      };
      entry = { channel, log };
      this.logs.set(name, entry);
    }
    return entry.log;
  }

  has(name: string): boolean {
    return this.logs.has(name);
  }

  dispose(): void {
    for (const { channel } of this.logs.values()) channel.dispose();
    this.logs.clear();
  }
}
