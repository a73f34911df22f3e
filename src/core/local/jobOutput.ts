/**
 * What a running local job prints and measures: every line goes to job.log (rotated, see output.ts) and to the
 * handle's 'line' events; metrics found in the lines go to metrics.jsonl and the 'metric' events.
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { MetricExtractor, MetricValue } from '../logs/metrics';
import type { LocalJobEventMap, LocalJobLine } from './jobTypes';
import { LineSplitter, RotatingLog } from './output';
import type { JobPaths } from './paths';

/** How many stderr lines are kept for the failure reason: a traceback's end fits, a chatty script's history does not. */
const STDERR_TAIL_LINES = 200;

/**
 * A line as job.log and the job's output channel show it: local mode's own lines (status changes, notes) marked
 * "--- " as the cloud tail marks its own, so a status change reads "--- 2026-11-25 10:00:03 Training: ..." in both.
 */
export function formatLocalJobLine(line: Pick<LocalJobLine, 'stream' | 'text'>): string {
  return line.stream === 'system' ? `--- ${line.text}` : line.text;
}

export class JobOutput {
  readonly events = new EventEmitter<LocalJobEventMap>();
  /** The last value of each metric. */
  readonly finalMetrics = new Map<string, MetricValue>();
  readonly stderrTail: string[] = [];
  /** In a job of several hosts, each host's stderr tail: a failure is told from the failing host's own lines. */
  private readonly hostTails = new Map<string, string[]>();

  hostStderrTail(host: string): string[] {
    let tail = this.hostTails.get(host);
    if (!tail) this.hostTails.set(host, (tail = []));
    return tail;
  }
  firstOutputAt: Date | undefined;
  private readonly log: RotatingLog;
  private readonly metricsFile: fs.WriteStream;

  constructor(
    paths: JobPaths,
    private readonly metrics: MetricExtractor,
    maxLogBytes: number,
    private readonly maxLineChars: number,
  ) {
    this.log = new RotatingLog(paths.log, maxLogBytes);
    this.metricsFile = fs.createWriteStream(paths.metrics, { flags: 'a' });
    // A listener-less 'error' would throw; jobs report problems as lines and statuses instead.
    this.metricsFile.on('error', () => undefined);
  }

  /** A line; `host` (a job of several hosts) prefixes it `[algo-N] ` as the cloud tail prefixes each instance's lines. */
  emitLine(stream: LocalJobLine['stream'], text: string, host?: string): void {
    const timestamp = Date.now();
    const shown = host ? `[${host}] ${text}` : text;
    this.log.write(`${formatLocalJobLine({ stream, text: shown })}\n`);
    this.events.emit('line', { stream, text: shown, timestamp, ...(host ? { host } : {}) });
    if (stream === 'system') return;
    if (!this.firstOutputAt) this.firstOutputAt = new Date(timestamp);
    if (stream === 'stderr') {
      const tail = host ? this.hostStderrTail(host) : this.stderrTail;
      tail.push(text);
      if (tail.length > STDERR_TAIL_LINES) tail.splice(0, tail.length - STDERR_TAIL_LINES);
    }
    for (const m of this.metrics.fromMessage(text, timestamp)) {
      this.finalMetrics.set(m.name, m);
      this.metricsFile.write(`${JSON.stringify(m)}\n`);
      this.events.emit('metric', m);
    }
  }

  /**
   * Splits a process's stream into lines (UTF-8 decoded across chunk boundaries, overlong runs cut); resolves
   * when the stream has ended or failed, never rejects.
   */
  pipe(stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr', host?: string): Promise<void> {
    return new Promise((resolve) => {
      if (!stream) return resolve();
      const decoder = new StringDecoder('utf8');
      const lines = new LineSplitter((line) => this.emitLine(name, line, host), this.maxLineChars);
      stream.on('data', (chunk: Buffer) => lines.push(decoder.write(chunk)));
      stream.on('end', () => {
        lines.push(decoder.end());
        lines.end();
        resolve();
      });
      stream.on('error', () => resolve());
      stream.on('close', () => resolve());
    });
  }

  /** Resolves once metrics.jsonl is flushed, so a finished job's files are complete. */
  async close(): Promise<void> {
    this.log.close();
    await new Promise((r) => this.metricsFile.end(r));
  }
}
