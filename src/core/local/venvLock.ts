/**
 * A lock between processes for building one cached environment: a folder made with mkdir (atomic), holding the
 * owner's pid. A lock whose owner has died is taken over; a live owner is waited for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const POLL_MS = 200;
/** A lock folder without its owner file this long after it was made belongs to a process that died between the two. */
const OWNERLESS_GRACE_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner's pid, or undefined when the lock is stale (its owner has ended). */
function liveOwner(lockDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(lockDir, 'owner'), 'utf8');
  } catch {
    try {
      const age = Date.now() - fs.statSync(lockDir).mtimeMs;
      return age < OWNERLESS_GRACE_MS ? -1 : undefined;
    } catch {
      return undefined;
    }
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function tryTake(lockDir: string): boolean {
  try {
    fs.mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  fs.writeFileSync(path.join(lockDir, 'owner'), `${process.pid}\n`);
  return true;
}

/**
 * Takes the lock, waiting while another live process holds it; `isDone` is checked between attempts so a waiter
 * whose work the owner has finished returns without the lock (undefined). Resolves with the release function.
 */
export async function acquireLock(
  lockDir: string,
  options: { signal: AbortSignal; isDone: () => boolean; onWait: (ownerPid: number) => void },
): Promise<(() => void) | undefined> {
  let told = false;
  for (;;) {
    if (options.isDone()) return undefined;
    if (tryTake(lockDir)) return () => fs.rmSync(lockDir, { recursive: true, force: true });
    const owner = liveOwner(lockDir);
    if (owner === undefined) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told && owner > 0) {
      told = true;
      options.onWait(owner);
    }
    if (options.signal.aborted) throw new Error('stopped while waiting for the environment');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
