import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireWithCodeCache, type CodeCacheUse } from './codeCache';
import { cpuStopwatch } from './cpuTime';

/** The modules of a lazily loaded core bundle, by repository path (see scripts/lazyCore.mjs). */
export type CoreModules = Record<string, Record<string, unknown>>;

/** dist/validation.js: the estimator's checks and their tables; dist/core.js: local mode, authoring, webview models. */
export type CoreBundle = 'validation' | 'core';

/** How long after a bundle's first load its code cache is written: by then its first use (a validation) has run. */
const CACHE_SAVE_DELAY_MS = 2_000;

const loaded: Partial<Record<CoreBundle, CoreModules>> = {};
const loadTimes: Record<CoreBundle, { ms: number; cpuMs: number }> = { validation: { ms: 0, cpuMs: 0 }, core: { ms: 0, cpuMs: 0 } };
const cacheUses: Partial<Record<CoreBundle, CodeCacheUse>> = {};
const pendingSaves = new Set<Promise<void>>();
let codeCacheDir: string | undefined;
let reportCacheFailure: (message: string) => void = () => undefined;

/**
 * Where the bundles' V8 code caches are kept (the extension's global storage), set by activate() before any bundle
 * loads; `onFailure` hears a cache that could not be written (the bundle still loads and runs without one).
 */
export function useCodeCache(folder: string, onFailure: (message: string) => void): void {
  codeCacheDir = join(folder, 'code-cache');
  reportCacheFailure = onFailure;
}

/** How long loading a bundle took (wall and the thread's CPU), 0 before it is loaded: the benchmark's breakdown reads it. */
export function coreLoadTime(bundle: CoreBundle): { ms: number; cpuMs: number } {
  return { ...loadTimes[bundle] };
}

/** What became of each loaded bundle's code cache; resolves once the caches due to be written are (the benchmark waits on it). */
export async function coreCodeCache(): Promise<Partial<Record<CoreBundle, CodeCacheUse>>> {
  while (pendingSaves.size > 0) await Promise.all(pendingSaves);
  return { ...cacheUses };
}

/**
 * The heavy pure core, loaded on first use: the extension bundle reaches it through build-time shims whose getters call
 * this, so activation neither parses nor evaluates it. An open estimator's diagnostics and CodeLenses load only
 * dist/validation.js; a command or webview that needs local mode, authoring or a webview's model loads dist/core.js.
 */
export function loadCore(bundle: CoreBundle = 'core'): CoreModules {
  if (loaded[bundle]) return loaded[bundle];
  const started = performance.now();
  const cpu = cpuStopwatch();
  // Separate bundles beside dist/extension.js; see scripts/build.mjs.
  const required = requireWithCodeCache(join(__dirname, `${bundle}.js`), codeCacheDir);
  loaded[bundle] = (required.exports as { modules: CoreModules }).modules;
  loadTimes[bundle] = { ms: performance.now() - started, cpuMs: cpu() };
  cacheUses[bundle] = required.cache;
  if (required.cache === 'absent' || required.cache === 'rejected') scheduleSave(bundle, required.save);
  return loaded[bundle];
}

function scheduleSave(bundle: CoreBundle, save: () => string | undefined): void {
  const saved = new Promise<void>(resolve => {
    const timer = setTimeout(() => {
      try {
        save();
      } catch (error) {
        reportCacheFailure(`The code cache of ${bundle}.js could not be written (${(error as Error).message}); the next start compiles it again.`);
      }
      resolve();
    }, CACHE_SAVE_DELAY_MS);
    timer.unref?.();
  });
  pendingSaves.add(saved);
  void saved.then(() => pendingSaves.delete(saved));
}
