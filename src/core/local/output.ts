/**
 * A local job's output, bounded: lines are cut at `\n`, `\r\n` and a lone `\r` (progress bars redraw with `\r`
 * and would otherwise show nothing until they finish), a run of text without any line break is cut every
 * {@link MAX_LINE_CHARS}, and job.log is rotated to job.log.1 once it passes {@link MAX_LOG_BYTES}, so a chatty
 * or hostile script cannot fill the memory or the disk.
 */
import * as fs from 'node:fs';

/** job.log's size before it is rotated to job.log.1 (which keeps the previous 50 MiB). */
export const MAX_LOG_BYTES = 50 * 1024 * 1024;

/** The longest line kept whole. */
export const MAX_LINE_CHARS = 64 * 1024;

/** Splits text that arrives in chunks into lines, as they complete. */
export class LineSplitter {
  private partial = '';
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to it. */
  private afterCarriageReturn = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {}

  push(text: string): void {
    if (this.afterCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.afterCarriageReturn = false;
    if (text === '') return;
    const parts = text.split(/\r\n|\r|\n/);
    parts[0] = this.partial + parts[0];
    this.partial = parts.pop()!;
    for (const line of parts) this.onLine(line);
    this.afterCarriageReturn = text.endsWith('\r');
    while (this.partial.length > this.maxChars) {
      let cut = this.maxChars;
      const code = this.partial.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // keep a surrogate pair together
      this.onLine(this.partial.slice(0, cut));
      this.partial = this.partial.slice(cut);
    }
  }

  /** What is left without a line break at the end. */
  end(): void {
    if (this.partial !== '') this.onLine(this.partial);
    this.partial = '';
  }
}

/** An append-only log file that moves to `<file>.1` (replacing it) when the next write would pass `maxBytes`. */
export class RotatingLog {
  private fd: number | undefined;
  private size = 0;

  constructor(
    readonly file: string,
    private readonly maxBytes = MAX_LOG_BYTES,
  ) {
    this.open();
  }

  private open(): void {
    try {
      this.fd = fs.openSync(this.file, 'a');
      this.size = fs.fstatSync(this.fd).size;
    } catch {
      this.fd = undefined; // The folder went away: nothing to log into.
    }
  }

  write(text: string): void {
    if (this.fd === undefined) return;
    const data = Buffer.from(text, 'utf8');
    if (this.size > 0 && this.size + data.length > this.maxBytes) this.rotate();
    if (this.fd === undefined) return;
    try {
      fs.writeSync(this.fd, data);
      this.size += data.length;
    } catch {
      // Disk full or folder deleted: the events still carry the lines.
    }
  }

  private rotate(): void {
    this.close();
    try {
      fs.renameSync(this.file, `${this.file}.1`);
    } catch {
      // Left in place: it is reopened and grows, as before rotation existed.
    }
    this.open();
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.fd = undefined;
  }
}
