/** The modules of the lazily loaded core bundle, by repository path (see scripts/lazyCore.mjs). */
export type CoreModules = Record<string, Record<string, unknown>>;

let loaded: CoreModules | undefined;

/**
 * The heavy pure core (validation, image tables, the API model, local mode, webview models), loaded on first use: the
 * extension bundle reaches it through build-time shims whose getters call this, so activation neither parses nor
 * evaluates it; the first diagnostic, CodeLens, command or webview that calls into the core does.
 */
export function loadCore(): CoreModules {
  // A separate bundle (dist/core.js) beside dist/extension.js; see scripts/build.mjs.
  loaded ??= (require('./core.js') as { modules: CoreModules }).modules;
  return loaded;
}
