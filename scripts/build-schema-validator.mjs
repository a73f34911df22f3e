// Compiles src/core/estimator/estimator.schema.json with Ajv once, at build time, into standalone validation code
// (src/core/estimator/schemaValidator.generated.ts): the extension and the CLI then validate without compiling the
// schema at run time (Ajv's compile takes hundreds of milliseconds; loading the generated code, a few).
//   node scripts/build-schema-validator.mjs          writes the file (scripts/build.mjs runs it before bundling)
//   node scripts/build-schema-validator.mjs --check  exits 1 when the committed file is stale
// A unit test (test/unit/estimator/schemaValidatorGenerated.test.ts) fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactValidatorErrors } from './compactValidatorErrors.mjs';
import { JSON_TEXT_RUNTIME, jsonParseExpression } from './jsonModules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const GENERATED = join(root, 'src/core/estimator/schemaValidator.generated.ts');

/** Editor-only keywords of the schema (VS Code's JSON language service), unknown to Ajv. */
export const EDITOR_KEYWORDS = [
  'markdownDescription', 'defaultSnippets', 'patternErrorMessage', 'errorMessage', 'enumDescriptions',
  'markdownEnumDescriptions', 'deprecationMessage', 'doNotSuggest', 'suggestSortText', 'allowComments', 'allowTrailingCommas',
];

/** The Ajv options the validator is compiled with (validateSchema.ts maps errors made with `verbose`). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true };

/**
 * Editor keywords that neither Ajv nor the error messages read (validateSchemaMessages.ts reads title, description
 * and patternErrorMessage of the schema objects `verbose` errors point to): left out of the validator's copy of the
 * schema, which dist/validation.js parses on the way to an open estimator's first diagnostics.
 */
export const UNREAD_KEYWORDS = new Set(['markdownDescription', 'defaultSnippets', 'enumDescriptions', 'markdownEnumDescriptions',
  'deprecationMessage', 'doNotSuggest', 'suggestSortText', 'examples']);
/** Keywords whose value maps names to schemas (its keys are property names, never keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
/** Keywords whose value is data, not a schema: copied as it is. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'required']);

export function withoutUnreadKeywords(schema) {
  if (Array.isArray(schema)) return schema.map(withoutUnreadKeywords);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (UNREAD_KEYWORDS.has(key)) continue;
    if (DATA_KEYWORDS.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutUnreadKeywords(sub)]));
    } else out[key] = withoutUnreadKeywords(value);
  }
  return out;
}

export function schemaValidatorSource() {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const schema = withoutUnreadKeywords(JSON.parse(readFileSync(join(root, 'src/core/estimator/estimator.schema.json'), 'utf8')));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  // Its error literals, half of its code, become calls that name their site in a table (compactValidatorErrors.mjs).
  let code = compactValidatorErrors(standaloneCode(ajv, ajv.compile(schema)));
  // Ajv's runtime helpers, imported as modules so that esbuild and tsc both resolve them.
  const helpers = new Map();
  code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/gi, (_, module) => {
    if (!helpers.has(module)) helpers.set(module, `ajvRuntime${helpers.size}`);
    return helpers.get(module);
  });
  if (/require\(/.test(code)) throw new Error('the standalone validator requires a module this script does not import');
  // The schema objects the errors point to (`verbose`), a third of the code: parsed as JSON text, which V8 does faster
  // (held by functions never called, so that the text stays out of the compiled code: scripts/jsonModules.mjs).
  code = code.replace(/^const (schema\d+) = (\{.*\});$/gm, (line, name, literal) => {
    const expression = jsonParseExpression(literal);
    return expression === undefined ? line : `const ${name} = ${expression};`;
  });
  const imports = [...helpers].map(([module, name]) => `import ${name} from '${module}';`).join('\n');
  return [
    '// @ts-nocheck',
    '/* Generated by scripts/build-schema-validator.mjs from estimator.schema.json (Ajv standalone code): do not edit. */',
    imports,
    // compactValidatorErrors' runtime defines jsonText when the code reports errors, as it does.
    ...(/^function jsonText\(/m.test(code) ? [] : [JSON_TEXT_RUNTIME]),
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = schemaValidatorSource();
  if (process.argv.includes('--check')) {
    if (readFileSync(GENERATED, 'utf8') !== source) {
      console.error(`${GENERATED} is stale: run node scripts/build-schema-validator.mjs (npm run build does it too) and commit it`);
      process.exit(1);
    }
  } else {
    writeFileSync(GENERATED, source);
    console.log(`written: ${GENERATED}`);
  }
}
