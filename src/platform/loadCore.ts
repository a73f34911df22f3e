import { performance } from 'node:perf_hooks';
import { cpuStopwatch } from './cpuTime';

/** The modules of a lazily loaded core bundle, by repository path (see scripts/lazyCore.mjs). */
export type CoreModules = Record<string, Record<string, unknown>>;

/** dist/validation.js: the estimator's checks and their tables; dist/core.js: local mode, authoring, webview models. */
export type CoreBundle = 'validation' | 'core';

const loaded: Partial<Record<CoreBundle, CoreModules>> = {};
const loadTimes: Record<CoreBundle, { ms: number; cpuMs: number }> = { validation: { ms: 0, cpuMs: 0 }, core: { ms: 0, cpuMs: 0 } };

/** How long loading a bundle took (wall and the thread's CPU), 0 before it is loaded: the benchmark's breakdown reads it. */
export function coreLoadTime(bundle: CoreBundle): { ms: number; cpuMs: number } {
  return { ...loadTimes[bundle] };
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
  loaded[bundle] = bundle === 'validation'
    ? (require('./validation.js') as { modules: CoreModules }).modules
    : (require('./core.js') as { modules: CoreModules }).modules;
  loadTimes[bundle] = { ms: performance.now() - started, cpuMs: cpu() };
  return loaded[bundle];
}
