/** Following a growing log file (a local job's job.log, a local endpoint's server.log) from another process. */
import * as fs from 'node:fs';
import { jobPaths } from './paths';

/**
 * Calls `onText` with what is appended to `file` from now on (or from `fromStart`), every `intervalMs`, until
 * the returned function is called (which reads what is left first).
 */
export function followFile(file: string, onText: (text: string) => void, options: { fromStart?: boolean; intervalMs?: number } = {}): () => void {
  let offset = 0;
  let inode: number | undefined;
  try {
    const stat = fs.statSync(file);
    inode = stat.ino;
    if (!options.fromStart) offset = stat.size;
  } catch {
    offset = 0;
  }
  /** Reads `path` from `from` up to its end (at most 1 MiB at a time, so a huge backlog is not one allocation). */
  const readFrom = (path: string, from: number): number => {
    const fd = fs.openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(1024 * 1024);
      let at = from;
      for (;;) {
        const n = fs.readSync(fd, buffer, 0, buffer.length, at);
        if (n <= 0) return at;
        at += n;
        onText(buffer.subarray(0, n).toString('utf8'));
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  const read = (): void => {
    try {
      const stat = fs.statSync(file);
      if (inode !== undefined && stat.ino !== inode) {
        // Rotated (job.log to job.log.1): first what was appended to the old file since the last read.
        try {
          if (fs.statSync(`${file}.1`).ino === inode) readFrom(`${file}.1`, offset);
        } catch {
          // Gone too.
        }
        offset = 0;
      } else if (stat.size < offset) offset = 0; // truncated
      inode = stat.ino;
      if (stat.size === offset) return;
      offset = readFrom(file, offset);
    } catch {
      // Not there (yet, or any more).
    }
  };
  const timer = setInterval(read, options.intervalMs ?? 200);
  timer.unref();
  if (options.fromStart) read();
  return () => {
    clearInterval(timer);
    read();
  };
}

/** Follows a local job's job.log (for a job that another process runs, e.g. the command line). */
export function followLocalJobLog(jobDir: string, onText: (text: string) => void, options: { fromStart?: boolean; intervalMs?: number } = {}): () => void {
  return followFile(jobPaths(jobDir).log, onText, options);
}
