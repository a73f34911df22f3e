import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import * as vm from 'node:vm';

/**
 * What became of a bundle's V8 code cache when it was loaded: `accepted` (V8 used it: no parse, and the functions the
 * last session ran need no compile), `rejected` (stale: another V8 or flags), `absent` (first load of this build),
 * `unavailable` (no folder to keep it in) or `loaded-before` (the bundle was in Node's module cache already).
 */
export type CodeCacheUse = 'accepted' | 'rejected' | 'absent' | 'unavailable' | 'loaded-before';

export interface CachedBundle {
  readonly exports: unknown;
  readonly cache: CodeCacheUse;
  /**
   * Writes the code cache of what has run so far (call it after the bundle's first use, so that the cache holds the
   * compiled functions too); returns the file written, or undefined when the cache was accepted or there is no folder.
   */
  save(): string | undefined;
}

const CACHE_SUFFIX = '.v8cache';

/**
 * Requires a CommonJS bundle as Node would (same exports, require, module, __filename, __dirname), but compiles it with
 * V8's code cache from `cacheDir`: a repeat start then neither parses the bundle nor compiles the functions it ran the
 * last time, which is most of the cost of an open estimator's first diagnostics.
 *
 * V8 checks a cache's V8 version and flags, but of the source only its length: the cache's name therefore carries a
 * hash of the bundle's bytes, and of the V8 version, so that a rebuilt or updated bundle never meets an old cache.
 */
export function requireWithCodeCache(file: string, cacheDir: string | undefined): CachedBundle {
  // Node's module cache holds the bundle, as require() would: dist/core.js reaches dist/validation.js through a copy
  // of the loader of its own, and each module must exist once.
  const loadedBefore = require.cache[file];
  if (loadedBefore) return { exports: loadedBefore.exports, cache: 'loaded-before', save: () => undefined };
  const { source, bytes } = wrappedSource(file);
  const cacheFile = cacheDir === undefined ? undefined : join(cacheDir, cacheName(file, bytes));
  const cachedData = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
  const script = new vm.Script(source, {
    filename: file,
    cachedData,
    // import() inside the bundle resolves as it would under require(): Node's own loader (Node 21.7+; else no import()).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const module = new Module(file);
  module.filename = file;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  require.cache[file] = module;
  try {
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  const cache: CodeCacheUse = cacheFile === undefined ? 'unavailable'
    : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return {
    exports: module.exports,
    cache,
    save: () => {
      if (cacheFile === undefined || cache === 'accepted') return undefined;
      writeCacheFile(cacheFile, script.createCachedData());
      return cacheFile;
    },
  };
}

/** Node's own module wrapper (Module.wrap), around which the bundle's text becomes a function's body. */
const [WRAPPER_HEAD, WRAPPER_TAIL] = Module.wrap('\0').split('\0') as [string, string];

/**
 * The bundle's text inside the module wrapper, as one flat string, and the file's bytes. The file is read into a buffer
 * that holds the wrapper too, decoded once: Module.wrap() would join three strings into a rope, which V8 copies whole
 * (600 KB) the first time the source text of a function in it is read (scripts/jsonModules.mjs reads table text so),
 * and every copy of a bundle this size costs milliseconds.
 */
function wrappedSource(file: string): { source: string; bytes: Buffer } {
  const head = Buffer.from(WRAPPER_HEAD, 'utf8');
  const tail = Buffer.from(WRAPPER_TAIL, 'utf8');
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(head.length + size + tail.length);
    head.copy(buffer, 0);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, head.length + read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    // A file that changed size while it was read (a build writing it): as Module.wrap would, from the file read whole.
    if (read !== size || readSync(fd, Buffer.alloc(1), 0, 1, size) !== 0) {
      const bytes = readFileSync(file);
      return { source: WRAPPER_HEAD + bytes.toString('utf8') + WRAPPER_TAIL, bytes };
    }
    tail.copy(buffer, head.length + size);
    return { source: buffer.toString('utf8'), bytes: buffer.subarray(head.length, head.length + size) };
  } finally {
    closeSync(fd);
  }
}

function cacheName(file: string, bytes: Buffer): string {
  const hash = createHash('sha256').update(process.versions.v8).update('\0').update(bytes).digest('hex').slice(0, 24);
  return `${basename(file, '.js')}-${hash}${CACHE_SUFFIX}`;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written beside under a temporary name, then renamed: a session that reads it meanwhile sees the whole cache or none.
 * The caches of the bundle's earlier builds go: only this build's is ever read again.
 */
function writeCacheFile(cacheFile: string, data: Buffer): void {
  const folder = dirname(cacheFile);
  mkdirSync(folder, { recursive: true });
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
  } finally {
    rmSync(partial, { force: true });
  }
  const bundle = basename(cacheFile).replace(/-[0-9a-f]+\.v8cache$/, '-');
  for (const name of readdirSync(folder)) {
    if (name.startsWith(bundle) && name.endsWith(CACHE_SUFFIX) && join(folder, name) !== cacheFile) rmSync(join(folder, name), { force: true });
  }
}
