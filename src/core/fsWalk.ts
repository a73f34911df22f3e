/**
 * The one walk of a local folder, for everything that lists or packs the user's files (the `sourcedir.tar.gz`
 * listing, channel uploads, local mode's model.tar.gz / output.tar.gz). Pure Node (no AWS, no VS Code).
 *
 * Why not a plain recursive `readdir` + `stat`: the folders are the user's, and symbolic links in them can point
 * anywhere. Following them blindly packs host files (a link to `/etc`), walks the whole disk (a link to `/`, ending
 * in a raw EACCES), loops (a link to `.`), or explodes (a few links back to the folder or its parent, nested). So:
 * - a link is followed only when its target stays inside the walked root (its real path); a link that leaves the
 *   root, a link that points back to a folder being walked (a loop), a dangling or unreadable entry is left out and
 *   reported as a {@link WalkWarning} naming the link;
 * - every walk is bounded by a number of entries, a depth and a deadline; hitting one stops the walk with a
 *   `limit` warning and `complete: false`, so callers can tell a partial listing from a whole one;
 * - the asynchronous walk takes an AbortSignal.
 *
 * The walk is written once, as a generator that asks for file system operations; {@link walkTreeSync} (validation,
 * which must answer synchronously, with a small deadline) and {@link walkTree} (launch and packing, off the
 * extension host's main path) only differ in how they carry those operations out.
 */
import { lstatSync, promises as fsPromises, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, isAbsolute, join, relative as pathRelative, resolve, sep } from 'node:path';

export interface WalkLimits {
  /** Entries (files, folders, links, anything) looked at before the walk stops. */
  maxEntries: number;
  /** Folder levels below the root. */
  maxDepth: number;
  /** Milliseconds before the walk stops. */
  deadlineMs: number;
}

/** For validation as the user types: small enough never to hold the editor up. */
export const VALIDATION_WALK_LIMITS: WalkLimits = { maxEntries: 20_000, maxDepth: 40, deadlineMs: 300 };
/** For launching and packing (asynchronous, with Stop): generous, but still an end. */
export const PACKING_WALK_LIMITS: WalkLimits = { maxEntries: 500_000, maxDepth: 100, deadlineMs: 5 * 60_000 };

export type WalkWarningKind = 'link-leaves-root' | 'link-loop' | 'dangling-link' | 'unreadable' | 'special-file' | 'limit';

export interface WalkWarning {
  kind: WalkWarningKind;
  /** The entry concerned (the link itself, not its target), absolute. */
  path: string;
  message: string;
}

export interface WalkedFile {
  /** Where the content is read (through the links that were followed). */
  absolutePath: string;
  /** Relative to the root, `/`-separated; for a root that is a file, its name. */
  relativePath: string;
  size: number;
  /** Permission bits. */
  mode: number;
  mtimeMs: number;
}

export interface WalkResult {
  /** Regular files, sorted by relative path (code-unit order). */
  files: WalkedFile[];
  warnings: WalkWarning[];
  /** False when a limit stopped the walk: `files` is then only part of the folder. */
  complete: boolean;
  /** True when the root is a file (then `files` is that file alone, under its name). */
  rootIsFile: boolean;
  /** Entries looked at, and the time taken. */
  entries: number;
  elapsedMs: number;
}

export interface WalkOptions {
  limits?: WalkLimits;
  /** Milliseconds the deadline is measured in (default Date.now): a test gives a clock of its own, not the machine's speed. */
  clock?: () => number;
}

type FsOp =
  | { op: 'lstat' | 'stat'; path: string }
  | { op: 'realpath'; path: string }
  | { op: 'readdir'; path: string };

type FsReply = { ok: true; value: unknown } | { ok: false; error: NodeJS.ErrnoException };

type Walker = Generator<FsOp, WalkResult, FsReply>;

/** True when `target` is `root` or below it (both real paths). */
export function isInside(root: string, target: string): boolean {
  const relative = pathRelative(root, target);
  return relative === '' || (!relative.startsWith(`..${sep}`) && relative !== '..' && !isAbsolute(relative));
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOENT':
      return 'it does not exist';
    default:
      return error.message;
  }
}

function* ask<T>(op: FsOp): Generator<FsOp, T, FsReply> {
  const reply = yield op;
  if (!reply.ok) throw reply.error;
  return reply.value as T;
}

function* tryAsk<T>(op: FsOp): Generator<FsOp, { value?: T; error?: NodeJS.ErrnoException }, FsReply> {
  const reply = yield op;
  return reply.ok ? { value: reply.value as T } : { error: reply.error };
}

function fileOf(absolutePath: string, relativePath: string, stat: Stats): WalkedFile {
  return { absolutePath, relativePath, size: stat.size, mode: stat.mode & 0o7777, mtimeMs: stat.mtimeMs };
}

/** One walk's progress; its generator methods ask for the file system operations, as walkSteps does. */
class Walk {
  readonly started: number;
  readonly files: WalkedFile[] = [];
  readonly warnings: WalkWarning[] = [];
  entries = 0;
  stoppedBy: string | undefined;
  rootIsFile = false;
  /** The boundary links may not leave: the root's real path. */
  realRoot = '';

  constructor(
    readonly absoluteRoot: string,
    readonly limits: WalkLimits,
    readonly now: () => number,
  ) {
    this.started = now();
  }

  result(): WalkResult {
    this.files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
    const { files, warnings, rootIsFile, entries } = this;
    return { files, warnings, complete: this.stoppedBy === undefined, rootIsFile, entries, elapsedMs: this.now() - this.started };
  }

  stop(where: string, why: string): void {
    if (this.stoppedBy !== undefined) return;
    this.stoppedBy = why;
    this.warnings.push({
      kind: 'limit',
      path: where,
      message: `Stopped listing ${this.absoluteRoot} after ${this.entries} entries and ${this.now() - this.started} ms (${why}), at ${where}: the listing is incomplete. Symbolic links that lead into each other multiply what is listed; replace them with real folders, or move big data out of the folder.`,
    });
  }

  *visit(dir: string, realDir: string, relative: string, depth: number, ancestors: Set<string>): Generator<FsOp, void, FsReply> {
    const listed = yield* tryAsk<string[]>({ op: 'readdir', path: dir });
    if (listed.error) {
      this.warnings.push({ kind: 'unreadable', path: dir, message: `${dir} cannot be read (${describeError(listed.error)}): its content is left out.` });
      return;
    }
    ancestors.add(realDir);
    for (const name of [...listed.value!].sort()) {
      // A limit hit below (stop) ends this folder's loop too.
      if (this.stoppedBy !== undefined) break;
      const absolutePath = join(dir, name);
      if (this.entries >= this.limits.maxEntries) {
        this.stop(absolutePath, `more than ${this.limits.maxEntries} entries`);
        break;
      }
      if (this.now() - this.started > this.limits.deadlineMs) {
        this.stop(absolutePath, `longer than ${this.limits.deadlineMs} ms`);
        break;
      }
      this.entries++;
      yield* this.visitEntry(absolutePath, join(realDir, name), relative ? `${relative}/${name}` : name, depth, ancestors);
    }
    ancestors.delete(realDir);
  }

  /** One entry of a folder: a file is listed, a folder walked, anything else left out with a warning. */
  *visitEntry(absolutePath: string, realPath: string, relativePath: string, depth: number, ancestors: Set<string>): Generator<FsOp, void, FsReply> {
    const lstat = yield* tryAsk<Stats>({ op: 'lstat', path: absolutePath });
    if (lstat.error) {
      this.warnings.push({ kind: 'unreadable', path: absolutePath, message: `${absolutePath} cannot be read (${describeError(lstat.error)}): it is left out.` });
      return;
    }
    let stat = lstat.value!;
    if (stat.isSymbolicLink()) {
      const followed = yield* this.followLink(absolutePath, ancestors);
      if (!followed) return;
      ({ stat, realPath } = followed);
    }
    if (stat.isDirectory()) {
      if (depth + 1 > this.limits.maxDepth) {
        this.stop(absolutePath, `deeper than ${this.limits.maxDepth} folders`);
        return;
      }
      yield* this.visit(absolutePath, realPath, relativePath, depth + 1, ancestors);
    } else if (stat.isFile()) {
      this.files.push(fileOf(absolutePath, relativePath, stat));
    } else {
      this.warnings.push({ kind: 'special-file', path: absolutePath, message: `${absolutePath} is not a regular file (a socket, FIFO or device): it is left out.` });
    }
  }

  /** What a link leads to, when it may be followed; else undefined, with a warning naming the link. */
  *followLink(absolutePath: string, ancestors: Set<string>): Generator<FsOp, { stat: Stats; realPath: string } | undefined, FsReply> {
    const target = yield* tryAsk<string>({ op: 'realpath', path: absolutePath });
    if (target.error) {
      const dangling = target.error.code === 'ENOENT';
      this.warnings.push({
        kind: dangling ? 'dangling-link' : target.error.code === 'ELOOP' ? 'link-loop' : 'unreadable',
        path: absolutePath,
        message: `The symbolic link ${absolutePath} ${dangling ? 'points to nothing' : `cannot be followed (${describeError(target.error)})`}: it is left out.`,
      });
      return undefined;
    }
    const realPath = target.value!;
    if (!isInside(this.realRoot, realPath)) {
      this.warnings.push({
        kind: 'link-leaves-root',
        path: absolutePath,
        message: `The symbolic link ${absolutePath} points to ${realPath}, outside ${this.absoluteRoot}: it is not followed and its target is left out. Copy what it needs into the folder instead.`,
      });
      return undefined;
    }
    const followed = yield* tryAsk<Stats>({ op: 'stat', path: absolutePath });
    if (followed.error) {
      this.warnings.push({ kind: 'unreadable', path: absolutePath, message: `The symbolic link ${absolutePath} cannot be followed (${describeError(followed.error)}): it is left out.` });
      return undefined;
    }
    const stat = followed.value!;
    if (stat.isDirectory() && ancestors.has(realPath)) {
      this.warnings.push({
        kind: 'link-loop',
        path: absolutePath,
        message: `The symbolic link ${absolutePath} points back to ${realPath}, a folder that holds it: following it would never end, so it is left out.`,
      });
      return undefined;
    }
    return { stat, realPath };
  }
}

function* walkSteps(root: string, limits: WalkLimits, now: () => number): Walker {
  const walk = new Walk(resolve(root), limits, now);
  // The root is what the user named: followed wherever it points, and its real path is the boundary.
  const rootStat = yield* ask<Stats>({ op: 'stat', path: walk.absoluteRoot });
  if (rootStat.isFile()) {
    walk.entries = 1;
    walk.rootIsFile = true;
    walk.files.push(fileOf(walk.absoluteRoot, basename(walk.absoluteRoot), rootStat));
    return walk.result();
  }
  if (!rootStat.isDirectory()) throw new Error(`${walk.absoluteRoot} is neither a file nor a folder.`);
  walk.realRoot = yield* ask<string>({ op: 'realpath', path: walk.absoluteRoot });
  yield* walk.visit(walk.absoluteRoot, walk.realRoot, '', 0, new Set());
  return walk.result();
}

function runSync(op: FsOp): unknown {
  switch (op.op) {
    case 'lstat': return lstatSync(op.path);
    case 'stat': return statSync(op.path);
    case 'realpath': return realpathSync(op.path);
    case 'readdir': return readdirSync(op.path);
  }
}

async function runAsync(op: FsOp): Promise<unknown> {
  switch (op.op) {
    case 'lstat': return fsPromises.lstat(op.path);
    case 'stat': return fsPromises.stat(op.path);
    case 'realpath': return fsPromises.realpath(op.path);
    case 'readdir': return fsPromises.readdir(op.path);
  }
}

/**
 * Walks `root` (a folder, or a single file) synchronously, within `limits` (default {@link VALIDATION_WALK_LIMITS}).
 * Throws only when the root itself cannot be read; everything below it becomes warnings.
 */
export function walkTreeSync(root: string, options: WalkOptions = {}): WalkResult {
  const steps = walkSteps(root, options.limits ?? VALIDATION_WALK_LIMITS, options.clock ?? Date.now);
  let step = steps.next();
  while (!step.done) {
    let reply: FsReply;
    try {
      reply = { ok: true, value: runSync(step.value) };
    } catch (error) {
      reply = { ok: false, error: error as NodeJS.ErrnoException };
    }
    step = steps.next(reply);
  }
  return step.value;
}

/**
 * Walks `root` asynchronously, within `limits` (default {@link PACKING_WALK_LIMITS}); rejects with the signal's
 * reason when it is aborted, and when the root itself cannot be read.
 */
export async function walkTree(root: string, options: WalkOptions & { signal?: AbortSignal } = {}): Promise<WalkResult> {
  const steps = walkSteps(root, options.limits ?? PACKING_WALK_LIMITS, options.clock ?? Date.now);
  options.signal?.throwIfAborted();
  let step = steps.next();
  while (!step.done) {
    let reply: FsReply;
    try {
      reply = { ok: true, value: await runAsync(step.value) };
    } catch (error) {
      reply = { ok: false, error: error as NodeJS.ErrnoException };
    }
    options.signal?.throwIfAborted();
    step = steps.next(reply);
  }
  return step.value;
}
