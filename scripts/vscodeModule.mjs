// The `vscode` module for the extension bundle, read once.
//
// Left external, each of the ~45 glue modules that import `vscode` became `__toESM(require('vscode'))` in
// dist/extension.js: a copy of the API object's ~350 properties per importing module, made while the bundle is
// evaluated (profiled in the extension host: most of the bundle's evaluation time, before activate() even runs).
// Here `vscode` resolves to one ES module that requires the real one once and exports its values by name, so esbuild
// binds every `vscode.X` of every module to that one export: no copies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const NAMESPACE = 'sagemaker-vscode-api';

/** The names of the values (classes, enums, namespaces, constants) the `vscode` module exports, from @types/vscode. */
export function vscodeValueNames(root) {
  const types = readFileSync(join(root, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const names = new Set();
  for (const match of types.matchAll(/^\texport (?:declare )?(?:class|enum|namespace|const|let|var|function) (\w+)/gm)) names.add(match[1]);
  if (names.size < 100) throw new Error(`@types/vscode: found only ${names.size} exported values; has its layout changed?`);
  return [...names].sort();
}

/** @param {{ root: string }} options */
export function vscodeModulePlugin({ root }) {
  return {
    name: 'vscode-module',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, args =>
        args.namespace === NAMESPACE ? { path: 'vscode', external: true } : { path: 'vscode', namespace: NAMESPACE });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        loader: 'js',
        resolveDir: root,
        // A name the running VS Code lacks is undefined, as it was when read from the module object.
        contents: `const api = require('vscode');\n${vscodeValueNames(root).map(name => `export const ${name} = api.${name};`).join('\n')}\n`,
      }));
    },
  };
}
