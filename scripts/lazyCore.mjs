// The heavy pure core (validation, image tables, the API model, local mode, authoring, export, the webviews' models)
// lives in its own bundle, dist/core.js, which activation does not evaluate (nor even parse).
//
// In the extension bundle, every value import that glue makes of a module in LAZY_CORE (folders or files) is replaced
// by a shim with one getter per export; the first getter read requires dist/core.js (src/platform/loadCore.ts), so the
// core loads when a diagnostic, CodeLens, command or webview first calls into it. The sources stay plain imports:
// the compiled tests (out/) run them as they are.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Under src/core/: a folder (trailing slash) or a file. The price list and cost arithmetic the trees show stay eager. */
export const LAZY_CORE = ['estimator/', 'images/', 'api/', 'local/', 'authoring/', 'export/', 'invoke/', 'deploy/', 'launch/',
  'upload/', 'jobPage/', 'costs/checks.ts', 'costs/sourceDirChecks.ts', 'costs/warmPoolReuse.ts'];

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

/**
 * @param {{ root: string, coreOptions: import('esbuild').BuildOptions }} options coreOptions: how dist/core.js is built
 *   (format, target, minify...); its entry is generated from the modules the glue was found to import.
 */
export function lazyCorePlugin({ root, coreOptions }) {
  const lazy = LAZY_CORE.map(entry => join(root, 'src/core', entry.replace(/\/$/, '')) + (entry.endsWith('/') ? sep : ''));
  const isGlue = file => file.startsWith(join(root, 'src') + sep) && !file.startsWith(join(root, 'src/core') + sep);
  const loader = join(root, 'src/platform/loadCore.ts');
  return {
    name: 'lazy-core',
    setup(build) {
      /** Repository-relative path of each core module the glue imports: the keys of dist/core.js's table. */
      const imported = new Set();
      build.onStart(() => imported.clear());
      build.onResolve({ filter: /^\.\.?\// }, async args => {
        if (args.pluginData?.lazyCore || !isGlue(args.importer)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { lazyCore: true } });
        if (resolved.errors.length || !lazy.some(entry => entry.endsWith(sep) ? resolved.path.startsWith(entry) : resolved.path === entry)) return undefined;
        return { path: resolved.path, namespace: SHIM_NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: SHIM_NAMESPACE }, async args => {
        const key = relative(root, args.path).split(sep).join('/');
        imported.add(key);
        const names = await exportsOf(args.path);
        return {
          resolveDir: root,
          loader: 'js',
          contents: `const { loadCore } = require(${JSON.stringify(loader)});
Object.defineProperty(exports, '__esModule', { value: true });
for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => loadCore()[${JSON.stringify(key)}][name] });
`,
        };
      });
      build.onEnd(async result => {
        if (result.errors.length) return;
        const keys = [...imported].sort();
        const entry = keys.map((key, i) => `import * as m${i} from ${JSON.stringify('./' + key)};`).join('\n')
          + `\nexport const modules = {\n${keys.map((key, i) => `  ${JSON.stringify(key)}: m${i},`).join('\n')}\n};\n`;
        await esbuild.build({ ...coreOptions, stdin: { contents: entry, resolveDir: root, sourcefile: 'lazy-core-entry.ts', loader: 'ts' } });
      });
    },
  };
}
