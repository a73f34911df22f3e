// The lazy boundaries of the extension bundle (ARCHITECTURE.md): activation parses and evaluates dist/extension.js
// only; the AWS SDK (dist/aws.js) and the heavy core load on first use: dist/validation.js (the validator, the image and
// API tables: what an open estimator's diagnostics need) and dist/core.js (local mode, authoring, webview models). Checked on a build made here, in memory, with the plugin the real build uses.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';

const root = path.resolve(__dirname, '../../../..');

interface Bundles {
  lazyCore: string[];
  /** Repository paths of the modules bundled into each output (shims show as `shim:<path>`). */
  extension: string[];
  core: string[];
  validation: string[];
}

/** Builds dist/extension.js and dist/core.js as scripts/build.mjs does, writing nothing, and lists what each holds. */
function buildInMemory(): Bundles {
  const script = `
    import * as esbuild from 'esbuild';
    import { LAZY_CORE, lazyCorePlugin } from './scripts/lazyCore.mjs';
    import { jsonParsePlugin } from './scripts/jsonModules.mjs';
    const root = process.cwd();
    const inputsOf = result => Object.values(result.metafile.outputs).flatMap(output => Object.keys(output.inputs));
    const common = { bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent',
      absWorkingDir: root, mainFields: ['module', 'main'], external: ['vscode', './aws.js', './core.js', './validation.js'] };
    const recorded = {};
    const record = name => [{ name: 'record', setup(b) { b.onEnd(r => { recorded[name] = inputsOf(r).map(shim); }); } }];
    // The JSON tables as the real build loads them (scripts/jsonModules.mjs): modules that tree-shaking keeps.
    const coreOptions = { ...common, outfile: 'dist/core.js', plugins: [...record('core'), jsonParsePlugin()] };
    const validationOptions = { ...common, outfile: 'dist/validation.js', plugins: [...record('validation'), jsonParsePlugin()] };
    const extension = await esbuild.build({ ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist',
      plugins: [lazyCorePlugin({ root, coreOptions, validationOptions }), jsonParsePlugin()] });
    function shim(input) { return input.replace(/^sagemaker-lazy-core:(.*)$/, (_, file) => 'shim:' + file.slice(root.length + 1)); }
    process.stdout.write(JSON.stringify({ lazyCore: LAZY_CORE, extension: inputsOf(extension).map(shim), ...recorded }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })) as Bundles;
}

const bundles = buildInMemory();
const isLazyCore = (file: string) => bundles.lazyCore.some(entry => entry.endsWith('/') ? file.startsWith(`src/core/${entry}`) : file === `src/core/${entry}`);

test('the extension bundle holds no module of the lazy core: glue reaches each through a shim', () => {
  assert.deepEqual(bundles.extension.filter(isLazyCore), []);
  assert.ok(bundles.extension.some(input => input === 'shim:src/core/estimator/plan.ts'), 'the diagnostics reach the estimator core through a shim');
});

test('the validator and the image and API tables are in dist/validation.js; local mode is in dist/core.js; neither in dist/extension.js', () => {
  const where: Record<string, 'validation' | 'core'> = {
    'src/core/estimator/schemaValidator.generated.ts': 'validation', 'src/core/images/imageTable.json': 'validation',
    'src/core/api/apiConstraints.json': 'validation', 'src/core/local/jobRun.ts': 'core',
  };
  for (const [heavy, bundle] of Object.entries(where)) {
    assert.ok(fs.existsSync(path.join(root, heavy)), `${heavy} exists (update this test if it moved)`);
    assert.ok(bundles[bundle].includes(heavy), `${heavy} is in dist/${bundle}.js`);
    assert.ok(!bundles[bundle === 'core' ? 'validation' : 'core'].includes(heavy), `${heavy} is in one lazy bundle only`);
    assert.ok(!bundles.extension.includes(heavy), `${heavy} is not in dist/extension.js`);
  }
});

test('dist/validation.js holds no module of dist/core.js, and dist/core.js reaches the validation modules through shims', () => {
  const validation = new Set(bundles.validation);
  assert.deepEqual(bundles.core.filter(input => input.startsWith('src/core/') && validation.has(input) && isLazyCore(input)), [],
    'a validation module bundled into dist/core.js too would exist twice');
  assert.ok(bundles.core.includes('shim:src/core/estimator/channels.ts'), 'local mode reaches the estimator core through its shim');
  assert.ok(!bundles.validation.includes('src/core/local/jobRun.ts'));
});

test('the extension bundle holds no AWS SDK module and no src/aws module (dist/aws.js, through loadAws())', () => {
  assert.deepEqual(bundles.extension.filter(input => /node_modules\/@(aws-sdk|smithy)\//.test(input) || input.startsWith('src/aws/')), []);
});

test('only src/platform/loadCore.ts loads dist/core.js and dist/validation.js, as only loadAws.ts requires dist/aws.js', () => {
  const containing = (text: string) => bundles.extension.filter(input => input.startsWith('src/')
    && fs.readFileSync(path.join(root, input), 'utf8').includes(text));
  // The core bundles load through their V8 code cache (src/platform/codeCache.ts), never by a require() of their own.
  assert.deepEqual(containing('requireWithCodeCache('), ['src/platform/codeCache.ts', 'src/platform/loadCore.ts']);
  assert.deepEqual(containing("require('./core.js')"), []);
  assert.deepEqual(containing("require('./validation.js')"), []);
  assert.deepEqual(containing("require('./aws.js')"), ['src/platform/loadAws.ts']);
});

test('dist/validation.js carries the estimator schema once: the build-time validator\'s copy, not the schema file besides', () => {
  // The schema file (90 KB of JSON) is parsed by whatever bundle holds it: the validator holds its own copy already.
  assert.ok(!bundles.validation.includes('src/core/estimator/estimator.schema.json'), 'dist/validation.js bundles estimator.schema.json');
  assert.ok(!bundles.core.includes('src/core/estimator/estimator.schema.json'), 'dist/core.js bundles estimator.schema.json');
});
