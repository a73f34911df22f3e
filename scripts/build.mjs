// Bundles the extension, its lazily loaded AWS half and the CLI into dist/ with esbuild.
//   node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { editorSchema } from './editorSchema.mjs';
import { GENERATED as SCHEMA_VALIDATOR, schemaValidatorSource } from './build-schema-validator.mjs';
import { lazyCorePlugin } from './lazyCore.mjs';
import { vscodeModulePlugin } from './vscodeModule.mjs';
import { jsonParsePlugin } from './jsonModules.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  absWorkingDir: root,
  // jsonc-parser's UMD build hides its requires from the bundler; its ES module build bundles cleanly.
  mainFields: ['module', 'main'],
  plugins: [jsonParsePlugin()],
};

/** Files the extension reads at run time, copied beside the bundles. */
function copyAssets() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const schema = join(root, 'src/core/estimator/estimator.schema.json');
  writeFileSync(join(root, 'dist/estimator.schema.json'), JSON.stringify(editorSchema(JSON.parse(readFileSync(schema, 'utf8')))));
  // The invoke panel's webview may load files from media/ only: vscode-elements and the codicons go to media/vendor/.
  const vendor = join(root, 'media/vendor');
  mkdirSync(join(vendor, 'elements'), { recursive: true });
  mkdirSync(join(vendor, 'codicons'), { recursive: true });
  cpSync(join(root, 'node_modules/@vscode-elements/elements/dist/bundled.js'), join(vendor, 'elements/bundled.js'));
  cpSync(join(root, 'node_modules/@vscode-elements/elements/LICENSE'), join(vendor, 'elements/LICENSE'));
  for (const file of ['codicon.css', 'codicon.ttf']) cpSync(join(root, 'node_modules/@vscode/codicons/dist', file), join(vendor, 'codicons', file));
  cpSync(join(root, 'node_modules/@vscode/codicons/LICENSE'), join(vendor, 'codicons/LICENSE'));
  // The job page's charts: uPlot (MIT).
  mkdirSync(join(vendor, 'uplot'), { recursive: true });
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) cpSync(join(root, 'node_modules/uplot/dist', file), join(vendor, 'uplot', file));
  cpSync(join(root, 'node_modules/uplot/LICENSE'), join(vendor, 'uplot/LICENSE'));
  jobPageBundles(vendor);
  const python = join(root, 'src/core/local/python');
  if (existsSync(python)) cpSync(python, join(root, 'dist/python'), { recursive: true });
}

/**
 * The job page fetches two files of its own (each fetch of a webview goes through VS Code's service worker and the
 * workbench before its first frame): media/vendor/jobPage/charts.js, the classic scripts its charts need (uPlot,
 * then media/jobPage's, in order), and page.js, an ES module of media/jobPage/jobPage.js with the vscode-elements it
 * uses (scripts/webviewElements.json), in place of the whole vscode-elements bundle.
 */
function jobPageBundles(vendor) {
  const out = join(vendor, 'jobPage');
  mkdirSync(out, { recursive: true });
  const ours = ['downsample.js', 'chartAxis.js', 'overviewBuffer.js', 'charts.js'].map(file => readFileSync(join(root, 'media/jobPage', file), 'utf8'));
  const minified = esbuild.transformSync(ours.join(';\n'), { minify: true, target: 'es2022', legalComments: 'none' }).code;
  writeFileSync(join(out, 'charts.js'), `${readFileSync(join(root, 'node_modules/uplot/dist/uPlot.iife.min.js'), 'utf8')};\n${minified}`);
  const { jobPage: elements } = JSON.parse(readFileSync(join(root, 'scripts/webviewElements.json'), 'utf8'));
  const entry = [...elements.map(name => `import '@vscode-elements/elements/dist/${name}/index.js';`), "import './media/jobPage/jobPage.js';"].join('\n');
  esbuild.buildSync({
    stdin: { contents: entry, resolveDir: root }, bundle: true, minify: true, format: 'esm', target: 'es2022',
    legalComments: 'none', logLevel: 'error', outfile: join(out, 'page.js'),
  });
}

const builds = [
  // The AWS SDK lives in its own bundle so that activation never evaluates it: src/platform/loadAws.ts requires it on first use.
  // The heavy core is dist/validation.js and dist/core.js, built with the extension: src/platform/loadCore.ts requires each on first use.
  // A `vscode.X` that @types/vscode does not declare as a value (scripts/vscodeModule.mjs) fails the build.
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode', './aws.js', './core.js', './validation.js'],
    logOverride: { 'import-is-undefined': 'error' },
    plugins: [...common.plugins, vscodeModulePlugin({ root }), lazyCorePlugin({ root, coreOptions: { ...common, outfile: 'dist/core.js', external: ['vscode'] } })] },
  { ...common, entryPoints: { aws: 'src/aws/index.ts' }, outdir: 'dist', external: ['vscode'] },
  // The command line: ES modules split at each command's import() (src/cli/commands.ts), so that a command evaluates only
  // the code it needs (plan: the estimator core, no AWS SDK). dist/cli.js (CLI_STARTER) imports dist/cli/index.mjs.
  {
    ...common, entryPoints: { 'cli/index': 'src/cli/index.ts' }, outdir: 'dist', format: 'esm', splitting: true,
    outExtension: { '.js': '.mjs' }, chunkNames: 'cli/chunks/[name]-[hash]',
    // The bundled CommonJS packages call require(), and serverScriptPath() reads __dirname: each module defines them.
    banner: { js: [
      "import { createRequire as __cliCreateRequire } from 'node:module';",
      "import { dirname as __cliDirname } from 'node:path';",
      "import { fileURLToPath as __cliFileURLToPath } from 'node:url';",
      'const require = __cliCreateRequire(import.meta.url);',
      'const __filename = __cliFileURLToPath(import.meta.url);',
      'const __dirname = __cliDirname(__filename);',
    ].join('\n') },
  },
];

/** The `bin` (package.json): CommonJS, so that Node runs it as it is, whatever the package's module type. */
const CLI_STARTER = `#!/usr/bin/env node
// Node's compile cache (Node 22.1+, in the system's temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a run
// after the first reads the modules' compiled top-level code instead of parsing them again (plan: -8 ms CPU of ~180).
require('node:module').enableCompileCache?.();
// The command line's modules: dist/cli/index.mjs and the chunks it imports per command (scripts/build.mjs).
import('./cli/index.mjs');
`;

function writeCliStarter() {
  writeFileSync(join(root, 'dist/cli.js'), CLI_STARTER);
  chmodSync(join(root, 'dist/cli.js'), 0o755);
}

/** The schema's validator, compiled ahead of time: rewritten when the schema changed (a stale one fails a unit test). */
function compileSchemaValidator() {
  const source = schemaValidatorSource();
  if (!existsSync(SCHEMA_VALIDATOR) || readFileSync(SCHEMA_VALIDATOR, 'utf8') !== source) writeFileSync(SCHEMA_VALIDATOR, source);
}

compileSchemaValidator();
copyAssets();
// Chunks are named by their content's hash: the previous build's would stay beside the new ones.
rmSync(join(root, 'dist/cli'), { recursive: true, force: true });
rmSync(join(root, 'dist/cli.js.map'), { force: true });
writeCliStarter();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map(options => esbuild.build(options)));
}
