import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

// The lazy bundles (dist/validation.js, dist/core.js, dist/aws.js) are mostly V8 parse and compile time on first use:
// the estimator validator alone is one ~235 KB function, compiled when first called. They are loaded through a
// vm.Script whose V8 code cache, made after first use (so it holds the lazily compiled functions too), lives in the
// extension's global storage: every later activation skips that work.
//
// Not Node's module.enableCompileCache(dir): it is process-wide, and the extension host is shared by every extension,
// so it would cache (into our folder) every module any extension loads after ours, with no way to turn it off again.
//
// The cache sits outside the workspace and is named after the bundle's size and mtime and the V8 version, so neither a
// repository nor an update of the extension can make a stale or foreign cache apply (V8 also rejects a cache made for
// another source length or V8 build). Each file carries a SHA-256 of its payload, checked before V8 sees it: a
// truncated or corrupt file is ignored and replaced, and the bundle loads normally.

/** Written this long after a bundle's first use, so the first validation has compiled its functions by then. */
const WRITE_DELAY_MS = 2_000;
const DIGEST_BYTES = 32;

/**
 * dist/core.js bundles a copy of this module (it reaches the validation modules through the same shims as the
 * extension), so the state both copies must share lives on one global, under a key of this extension's own.
 */
interface CodeCacheState { folder?: string; pendingWrites: Map<string, { written: Promise<void>; timer: NodeJS.Timeout }>; outcomes: Map<string, CodeCacheOutcome> }
const STATE_KEY = Symbol.for('sagemaker-estimator.codeCache');
const state: CodeCacheState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] ??= { pendingWrites: new Map(), outcomes: new Map() }) as CodeCacheState;

/**
 * How a bundle's load went: compiled from its V8 code cache ('used'); a cache was there but V8 refused it ('rejected');
 * none usable (missing, corrupt: 'none'); no cache folder set ('off').
 */
export type CodeCacheOutcome = 'used' | 'rejected' | 'none' | 'off';

/** Where the code caches go: the extension's global storage (created when the first cache is written). */
export function useCodeCacheFolder(folder: string | undefined): void {
  state.folder = folder;
}

/** The cache file of a bundle: its name changes with the bundle's content (size, mtime) and with the V8 build. */
export function codeCacheFile(folder: string, bundleFile: string, stat: fs.Stats): string {
  const v8 = process.versions.v8.replace(/[^\w.-]/g, '_');
  return path.join(folder, `${path.basename(bundleFile, '.js')}-${stat.size}-${Math.trunc(stat.mtimeMs)}-v8-${v8}.cache`);
}

/** The payload of a cache file whose digest holds, else undefined. */
function readCache(file: string): Buffer | undefined {
  let data: Buffer;
  try { data = fs.readFileSync(file); } catch { return undefined; }
  if (data.length <= DIGEST_BYTES) return undefined;
  const payload = data.subarray(DIGEST_BYTES);
  return createHash('sha256').update(payload).digest().equals(data.subarray(0, DIGEST_BYTES)) ? payload : undefined;
}

async function writeCache(file: string, script: vm.Script): Promise<void> {
  const payload = script.createCachedData();
  const folder = path.dirname(file);
  await fs.promises.mkdir(folder, { recursive: true });
  // Written aside and renamed, so a host killed mid-write leaves no half file under the cache's name.
  const partial = `${file}.${process.pid}.partial`;
  await fs.promises.writeFile(partial, Buffer.concat([createHash('sha256').update(payload).digest(), payload]));
  await fs.promises.rename(partial, file);
  // Caches of this bundle's earlier versions are of no further use.
  const prefix = path.basename(file).replace(/-\d+-\d+-v8-.*$/, '-');
  for (const name of await fs.promises.readdir(folder)) {
    if (name.startsWith(prefix) && name !== path.basename(file) && /-v8-.*\.cache$/.test(name)) {
      await fs.promises.rm(path.join(folder, name), { force: true });
    }
  }
}

/**
 * Loads a CommonJS bundle as require() would (its own module, exports, require, __filename, __dirname), from the code
 * cache when one is there and valid; then, unless the cache was used as it is, writes one after first use.
 */
export function loadBundleWithCodeCache(bundleFile: string): unknown {
  // In require's own cache, so each bundle is evaluated once, whichever copy of this module loads it first.
  const known = require.cache[bundleFile];
  if (known) return known.exports;
  const cacheFolder = state.folder;
  const source = fs.readFileSync(bundleFile, 'utf8');
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (cacheFolder) {
    try {
      cacheFile = codeCacheFile(cacheFolder, bundleFile, fs.statSync(bundleFile));
      cachedData = readCache(cacheFile);
    } catch { cacheFile = undefined; }
  }
  // One line, so the bundle's own line numbers (and source maps) stay as they are.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, {
    filename: bundleFile, cachedData,
    // import() inside the bundle resolves as it would in a module loaded by require().
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const module = new Module(bundleFile);
  module.filename = bundleFile;
  module.paths = (Module as unknown as { _nodeModulePaths(folder: string): string[] })._nodeModulePaths(path.dirname(bundleFile));
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  require.cache[bundleFile] = module;
  try {
    run.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile));
  } catch (error) {
    delete require.cache[bundleFile];
    throw error;
  }
  module.loaded = true;
  state.outcomes.set(bundleFile, !cacheFile ? 'off' : !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used');
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    const file = cacheFile;
    let timer: NodeJS.Timeout | undefined;
    const written = new Promise<void>(resolve => {
      // Unreferenced: a pending cache never keeps a process alive (codeCacheWritten() references it while waited for).
      timer = setTimeout(() => writeCache(file, script).catch(() => undefined).finally(resolve), WRITE_DELAY_MS).unref();
    });
    state.pendingWrites.set(bundleFile, { written, timer: timer! });
  }
  return module.exports;
}

/** Settles when the code cache a load of this bundle scheduled is written (or failed); at once if none is pending. */
export function codeCacheWritten(bundleFile: string): Promise<void> {
  const pending = state.pendingWrites.get(bundleFile);
  if (!pending) return Promise.resolve();
  pending.timer.ref();
  return pending.written;
}

/** How this process loaded the bundle (undefined: not loaded through loadBundleWithCodeCache). */
export function codeCacheOutcome(bundleFile: string): CodeCacheOutcome | undefined {
  return state.outcomes.get(bundleFile);
}
