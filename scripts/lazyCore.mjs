// The heavy pure core (validation, image tables, the API model, local mode, authoring, export, the webviews' models)
// lives in its own bundle, dist/core.js, which activation does not evaluate (nor even parse).
//
// In the extension bundle, every value import that glue makes of a module in LAZY_CORE (folders or files) is replaced
// by a shim with one getter per export; the first getter read requires the bundle holding it (src/platform/loadCore.ts),
// so the core loads when a diagnostic, CodeLens, command or webview first calls into it. The sources stay plain
// imports: the compiled tests (out/) run them as they are.
//
// The lazy core is two bundles: dist/validation.js (VALIDATION_CORE: what an open estimator's diagnostics and
// CodeLenses need) and dist/core.js (the rest: local mode, authoring, export, the webviews' models). dist/core.js
// reaches the validation modules through the same shims, so each module exists once.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Under src/core/: a folder (trailing slash) or a file. The price list and cost arithmetic the trees show stay eager. */
export const LAZY_CORE = ['estimator/', 'images/', 'api/', 'local/', 'authoring/', 'export/', 'invoke/', 'deploy/', 'launch/',
  'upload/', 'jobPage/', 'costs/checks.ts', 'costs/sourceDirChecks.ts', 'costs/warmPoolReuse.ts'];

/** The part of LAZY_CORE in dist/validation.js: the estimator's checks and the tables they read. */
export const VALIDATION_CORE = ['estimator/', 'images/', 'api/', 'costs/checks.ts', 'costs/sourceDirChecks.ts', 'launch/sourceFiles.ts'];

const SHIM_NAMESPACE = 'sagemaker-lazy-core';

/** The names a core module exports (values only: types are erased), read by esbuild from the module's own file. */
async function exportsOf(file) {
  if (/^export \* from/m.test(readFileSync(file, 'utf8'))) {
    throw new Error(`${file}: "export * from" hides the names a lazy core shim needs; export them by name`);
  }
  const result = await esbuild.build({ entryPoints: [file], bundle: false, format: 'esm', write: false, metafile: true,
    outdir: join(dirname(file), '.exports'), logLevel: 'silent' });
  return Object.values(result.metafile.outputs).flatMap(output => output.exports ?? []);
}

/** Which of LAZY_CORE's lists a file is in. */
function matcher(root, entries) {
  const paths = entries.map(entry => join(root, 'src/core', entry.replace(/\/$/, '')) + (entry.endsWith('/') ? sep : ''));
  return file => paths.some(entry => entry.endsWith(sep) ? file.startsWith(entry) : file === entry);
}

/**
 * Turns each relative import that `redirect(importer, resolvedPath)` accepts into a shim of the module (a getter per
 * export, through loadCore(bundle)), and records the module's key in `imported` (a Map key -> bundle).
 */
function shimPlugin({ root, redirect, bundleOf, imported }) {
  const loader = join(root, 'src/platform/loadCore.ts');
  return {
    name: 'lazy-core-shims',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async args => {
        if (args.pluginData?.lazyCore || !args.importer) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { lazyCore: true } });
        if (resolved.errors.length || !redirect(args.importer, resolved.path)) return undefined;
        return { path: resolved.path, namespace: SHIM_NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: SHIM_NAMESPACE }, async args => {
        const key = relative(root, args.path).split(sep).join('/');
        const bundle = bundleOf(args.path);
        imported.set(key, bundle);
        const names = await exportsOf(args.path);
        return {
          resolveDir: root,
          loader: 'js',
          contents: `const { loadCore } = require(${JSON.stringify(loader)});
Object.defineProperty(exports, '__esModule', { value: true });
for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => loadCore(${JSON.stringify(bundle)})[${JSON.stringify(key)}][name] });
`,
        };
      });
    },
  };
}

/** The generated entry of a lazy bundle: its modules by repository path. */
function entryOf(keys, root) {
  const sorted = [...keys].sort();
  return { resolveDir: root, sourcefile: 'lazy-core-entry.ts', loader: 'ts',
    contents: sorted.map((key, i) => `import * as m${i} from ${JSON.stringify('./' + key)};`).join('\n')
      + `\nexport const modules = {\n${sorted.map((key, i) => `  ${JSON.stringify(key)}: m${i},`).join('\n')}\n};\n` };
}

/**
 * @param {{ root: string, coreOptions: import('esbuild').BuildOptions, validationOptions?: import('esbuild').BuildOptions }} options
 *   how dist/core.js and dist/validation.js are built (outfile, format, target, minify...); their entries are generated
 *   from the modules the glue (and, for dist/validation.js, dist/core.js) was found to import.
 */
export function lazyCorePlugin({ root, coreOptions, validationOptions = { ...coreOptions, outfile: join(dirname(coreOptions.outfile), 'validation.js') } }) {
  const isLazy = matcher(root, LAZY_CORE);
  const isValidation = matcher(root, VALIDATION_CORE);
  const isGlue = file => file.startsWith(join(root, 'src') + sep) && !file.startsWith(join(root, 'src/core') + sep);
  const bundleOf = file => isValidation(file) ? 'validation' : 'core';
  const external = options => [...new Set([...(options.external ?? []), './core.js', './validation.js'])];
  return {
    name: 'lazy-core',
    setup(build) {
      /** Repository-relative path of each core module the glue imports -> the bundle it is in. */
      const imported = new Map();
      build.onStart(() => imported.clear());
      const glueShims = shimPlugin({ root, bundleOf, imported, redirect: (importer, path) => isGlue(importer) && isLazy(path) });
      glueShims.setup(build);
      build.onEnd(async result => {
        if (result.errors.length) return;
        const coreKeys = [...imported].filter(([, bundle]) => bundle === 'core').map(([key]) => key);
        const fromCore = new Map();
        const coreShims = shimPlugin({ root, bundleOf, imported: fromCore, redirect: (importer, path) => !isValidation(importer) && isValidation(path) });
        await esbuild.build({ ...coreOptions, external: external(coreOptions), stdin: entryOf(coreKeys, root),
          plugins: [coreShims, ...(coreOptions.plugins ?? [])] });
        const validationKeys = new Set([...imported, ...fromCore].filter(([, bundle]) => bundle === 'validation').map(([key]) => key));
        // A validation module that imported local mode or a webview model would carry it into dist/validation.js.
        const onlyValidation = { name: 'validation-only', setup(b) {
          b.onResolve({ filter: /^\.\.?\// }, async args => {
            if (args.pluginData?.checked || !isValidation(args.importer)) return undefined;
            const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { checked: true } });
            if (resolved.errors.length || !isLazy(resolved.path) || isValidation(resolved.path)) return undefined;
            return { errors: [{ text: `${relative(root, args.importer)} imports ${relative(root, resolved.path)}, which is in dist/core.js, not dist/validation.js: add it to VALIDATION_CORE (scripts/lazyCore.mjs)` }] };
          });
        } };
        await esbuild.build({ ...validationOptions, external: external(validationOptions), stdin: entryOf(validationKeys, root),
          plugins: [onlyValidation, ...(validationOptions.plugins ?? [])] });
      });
    },
  };
}
