/** Process groups: local jobs and endpoints run detached, so that stopping one ends everything it started. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

/** Whether a process with this id exists (and may be signalled). */
export function isProcessAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The live (not zombie) processes of a group, from /proc on Linux; undefined where /proc cannot tell. Zombies
 * count as gone: an orphan's zombie lingers until its new parent reaps it, and some containers' init never does.
 */
export function liveGroupMembers(pgid: number): number[] | undefined {
  if (process.platform !== 'linux') return undefined;
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(name));
  }
  return members;
}

/** Whether any live process of the group led by `pgid` is left. */
export function isGroupAlive(pgid: number | undefined): boolean {
  if (!pgid || pgid <= 0 || process.platform === 'win32') return isProcessAlive(pgid);
  const members = liveGroupMembers(pgid);
  if (members) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to every process of the group led by `pgid` (to the process alone on Windows). False when none was left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  // kill(-1) reaches every process of the user, kill(0) our own group: never, whatever a caller passes.
  if (!Number.isInteger(pgid) || pgid <= 1 || pgid === process.pid) return false;
  try {
    if (process.platform === 'win32') process.kill(pgid, signal);
    else process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`, as SageMaker stops a
 * container. Resolves when no process of the group is left (or after the SIGKILL, at most `graceMs + 2 s`).
 */
export async function killGroup(pgid: number, graceMs = 2000): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(25);
    if (!isGroupAlive(pgid)) return;
  }
  signalGroup(pgid, 'SIGKILL');
  const end = Date.now() + 2000;
  while (Date.now() < end && isGroupAlive(pgid)) await sleep(25);
}

export type ServerExit = { code: number | null; signal: NodeJS.Signals | null };

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves once the server has ended (or could not start). */
  exited: Promise<ServerExit>;
  /** Set once it has ended. */
  exitInfo(): ServerExit | undefined;
  /** Set when it could not be started at all. */
  spawnError(): Error | undefined;
}

/**
 * Starts a server in its own process group (so that stop reaches its children), detached and unreferenced (it
 * outlives a command line that started it), its output appended to `logFile`; tracks its exit or spawn error.
 */
export function spawnDetachedServer(command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string }): ServerProcess {
  const logFd = fs.openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env,
      detached: process.platform !== 'win32',
      stdio: ['ignore', logFd, logFd],
      windowsHide: true,
    });
  } finally {
    fs.closeSync(logFd);
  }
  child.unref();
  let exitInfo: ServerExit | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<ServerExit>((resolve) => {
    child.on('exit', (code, signal) => resolve((exitInfo = { code, signal })));
    child.on('error', (error) => {
      spawnError = error;
      resolve((exitInfo = { code: null, signal: null }));
    });
  });
  return { child, exited, exitInfo: () => exitInfo, spawnError: () => spawnError };
}
