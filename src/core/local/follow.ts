/** Following a growing log file (a local job's job.log, a local endpoint's server.log) from another process. */
import * as fs from 'node:fs';
import { jobPaths } from './paths';

/**
 * Calls `onText` with what is appended to `file` from now on (or from `fromStart`), every `intervalMs`, until
 * the returned function is called (which reads what is left first).
 */
export function followFile(file: string, onText: (text: string) => void, options: { fromStart?: boolean; intervalMs?: number } = {}): () => void {
  let offset = 0;
  if (!options.fromStart) {
    try {
      offset = fs.statSync(file).size;
    } catch {
      offset = 0;
    }
  }
  const read = (): void => {
    try {
      const size = fs.statSync(file).size;
      if (size < offset) offset = 0; // truncated or replaced
      if (size === offset) return;
      const fd = fs.openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const n = fs.readSync(fd, buffer, 0, buffer.length, offset);
        offset += n;
        onText(buffer.subarray(0, n).toString('utf8'));
      } finally {
        fs.closeSync(fd);
      }
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
