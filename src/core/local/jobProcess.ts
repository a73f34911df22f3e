/**
 * The entry point's process: spawned in its own process group (so that stop reaches whatever it starts), with
 * an ownership token in its environment (see ownership.ts), and ended with its group as a container would be.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { JobOutput } from './jobOutput';
import type { RunContext } from './jobTypes';
import { PROCESS_TOKEN_VARIABLE } from './ownership';
import { isGroupAlive, signalGroup } from './process';

export interface EntryPointExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process could not be started (e.g. the interpreter is missing); code and signal are then null. */
  spawnError?: NodeJS.ErrnoException;
}

/** How long the pipes may keep delivering after the exit before what is left unread is dropped. */
const STREAM_DRAIN_MS = 2000;

/** Throws when the command cannot even be handed to the OS (spawn's synchronous errors). */
export function spawnEntryPoint(ctx: RunContext, token: string, hostEnv: Record<string, string> = {}): ChildProcess {
  return spawn(ctx.command, ctx.argv, {
    cwd: ctx.cwd,
    env: { ...ctx.env, ...hostEnv, [PROCESS_TOKEN_VARIABLE]: token },
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

/**
 * Feeds the process's output to the job's lines and resolves with its exit once its output is read (or has
 * had {@link STREAM_DRAIN_MS} to arrive). `onExit` runs as soon as the process has exited, before the drain.
 */
export async function waitForEntryPoint(proc: ChildProcess, output: JobOutput, onExit: () => void, host?: string): Promise<EntryPointExit> {
  let spawnError: NodeJS.ErrnoException | undefined;
  proc.on('error', (error: NodeJS.ErrnoException) => {
    spawnError = error;
  });
  const streamsDone = Promise.all([output.pipe(proc.stdout, 'stdout', host), output.pipe(proc.stderr, 'stderr', host)]);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => {
      onExit();
      resolve({ code, signal });
    });
    proc.on('error', () => resolve({ code: null, signal: null }));
  });
  // The container ends with its main process: whatever the script left running goes too.
  if (proc.pid && process.platform !== 'win32' && isGroupAlive(proc.pid)) signalGroup(proc.pid, 'SIGKILL');
  let streamTimer: NodeJS.Timeout | undefined;
  await Promise.race([streamsDone, new Promise((r) => (streamTimer = setTimeout(r, STREAM_DRAIN_MS)))]);
  clearTimeout(streamTimer);
  proc.stdout?.destroy();
  proc.stderr?.destroy();
  return { ...exit, ...(spawnError ? { spawnError } : {}) };
}
