/**
 * Which local-mode state files, and which processes, are ours. A workspace's `.sagemaker/local/` can come with
 * a repository: a job.json or an endpoint's state file there could name any process id (`"Pid": 1` makes a
 * group kill reach every process of the user) and any paths, environment or URL. So every state file local
 * mode writes carries an HMAC keyed with a random key kept in the user's cache folder, never in the
 * workspace; a file that does not verify was not written by local mode on this machine, and is trusted for
 * nothing. Before any signal, the process must also still be the one we started: same boot, same start
 * time (/proc/<pid>/stat field 22) and the same command line as recorded when we spawned it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A process local mode started, as recorded (and signed) in its state file. */
export interface ProcessRecord {
  Pid: number;
  /** /proc/<pid>/stat field 22 (clock ticks since boot); Linux only. */
  StartTime?: string;
  /** /proc/sys/kernel/random/boot_id; Linux only. */
  BootId?: string;
  /** /proc/<pid>/cmdline right after the spawn; Linux only. */
  CommandLine?: string[];
  /** The value of {@link PROCESS_TOKEN_VARIABLE} the process was started with (it survives an exec, e.g. a pyenv shim's). */
  Token?: string;
}

/** The environment variable that marks a process local mode started. */
export const PROCESS_TOKEN_VARIABLE = 'SAGEMAKER_LOCAL_PROCESS_TOKEN';

/** A fresh token for {@link PROCESS_TOKEN_VARIABLE}. */
export function newProcessToken(): string {
  return randomBytes(16).toString('hex');
}

/** The file holding the key state files are signed with: the user's cache folder, shared by the editor and the CLI. */
export function stateKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(cache, 'sagemaker-estimator', 'local-state.key');
}

let cachedKey: Buffer | undefined;

function stateKey(): Buffer {
  if (cachedKey) return cachedKey;
  const file = stateKeyFile();
  try {
    cachedKey = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    if (cachedKey.length >= 32) return cachedKey;
  } catch {
    // Not there yet: created below.
  }
  const key = randomBytes(32);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    cachedKey = key;
  } catch (error) {
    // Another process created it first: use theirs. Else (no writable home) a key for this process only:
    // its own state files still verify, no other process's do, which errs on the side of signalling nothing.
    try {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') cachedKey = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    } catch {
      // Falls through to the in-memory key.
    }
    if (!cachedKey || cachedKey.length < 32) cachedKey = key;
  }
  return cachedKey;
}

function mac(state: object): string {
  const { Signature: _ignored, ...rest } = state as { Signature?: unknown };
  return createHmac('sha256', stateKey()).update(JSON.stringify(rest)).digest('hex');
}

/** The state with its signature (the HMAC of everything else in it, in its key order). */
export function signState<T extends object>(state: T): T & { Signature: string } {
  const { Signature: _old, ...rest } = state as T & { Signature?: string };
  return { ...(rest as T), Signature: mac(rest) };
}

/** Whether local mode wrote this state on this machine (under this user's key). */
export function isSignedState(state: unknown): boolean {
  if (!state || typeof state !== 'object') return false;
  const signature = (state as { Signature?: unknown }).Signature;
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(mac(state), 'hex'));
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ... ; comm may hold spaces and parentheses: fields after the last ')' start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function commandLineOf(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter((part, i, all) => i < all.length - 1 || part !== '');
  } catch {
    return undefined;
  }
}

function environmentHas(pid: number, entry: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry);
  } catch {
    return false;
  }
}

/** What identifies a process we just spawned (with `token` in its environment), to record in its state file. */
export function recordProcess(pid: number, token: string): ProcessRecord {
  if (process.platform !== 'linux') return { Pid: pid, Token: token };
  const startTime = startTimeOf(pid);
  const boot = bootId();
  const commandLine = commandLineOf(pid);
  return {
    Pid: pid,
    ...(startTime ? { StartTime: startTime } : {}),
    ...(boot ? { BootId: boot } : {}),
    ...(commandLine ? { CommandLine: commandLine } : {}),
    Token: token,
  };
}

export type SignalTarget =
  /** Ours and still running: its process group may be signalled. */
  | { kind: 'ours'; pid: number }
  /** Ours, but it has ended (or the machine restarted): nothing to signal. */
  | { kind: 'gone'; reason: string }
  /** Not provably ours: signal nothing. */
  | { kind: 'refused'; reason: string };

/**
 * Whether the process a state file names may be signalled: the file is signed by us, its pid is > 1, and on
 * Linux the process has the boot, start time and command line recorded when we started it. `what` names the
 * state for messages (e.g. `local job train-1 (…/job.json)`).
 */
export function signalTarget(state: { Signature?: string; Process?: ProcessRecord } | undefined, what: string): SignalTarget {
  if (!isSignedState(state)) {
    return {
      kind: 'refused',
      reason: `${what} was not written by local mode on this machine (it may have come with the workspace or repository), so no process it names is signalled. Stop that process yourself if you started it, and delete the file.`,
    };
  }
  return recordTarget(state!.Process, what);
}

/** Whether the process a record names (in a state file whose signature was checked) is still ours to signal. */
export function recordTarget(record: ProcessRecord | undefined, what: string): SignalTarget {
  if (!record) return { kind: 'gone', reason: `${what} names no running process.` };
  const pid = record.Pid;
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) {
    return { kind: 'refused', reason: `${what} names process ${String(pid)}, which local mode never signals.` };
  }
  if (process.platform !== 'linux') {
    return { kind: 'refused', reason: `On ${process.platform}, local mode can only stop the processes of the window or command that started them; stop process ${pid} from there, or yourself.` };
  }
  if (!record.StartTime || !record.BootId || !record.CommandLine) {
    return { kind: 'refused', reason: `${what} does not record how to recognize process ${pid}, so it is not signalled.` };
  }
  if (record.BootId !== bootId()) return { kind: 'gone', reason: `Process ${pid} of ${what} belonged to an earlier boot of this machine.` };
  const startTime = startTimeOf(pid);
  if (startTime === undefined) return { kind: 'gone', reason: `Process ${pid} of ${what} has ended.` };
  if (startTime !== record.StartTime) return { kind: 'gone', reason: `Process ${pid} of ${what} has ended (that id now belongs to another process, which is left alone).` };
  const commandLine = commandLineOf(pid);
  const sameCommand = !!commandLine && commandLine.join('\0') === record.CommandLine.join('\0');
  // A launcher that execs (a pyenv shim, `exec python` in a shell entry point) changes the command line but
  // keeps the environment: then our token in it says the process is still the one we started.
  const marked = !!record.Token && environmentHas(pid, `${PROCESS_TOKEN_VARIABLE}=${record.Token}`);
  if (!sameCommand && !marked) {
    return {
      kind: 'refused',
      reason: `Process ${pid} of ${what} no longer runs the command local mode started (${record.CommandLine.join(' ')}), so it is not signalled; stop it yourself if it is yours.`,
    };
  }
  return { kind: 'ours', pid };
}
