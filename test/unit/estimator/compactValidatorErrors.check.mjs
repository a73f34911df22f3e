// Run by compactValidatorErrors.test.ts: compiles the schema with Ajv as scripts/build-schema-validator.mjs does, once
// as Ajv writes it and once through compactValidatorErrors, validates the examples and thousands of broken variants
// of them with both, and prints how many validations, errors and error sites it saw and how many results differed
// (errors compared property for property, in order, with their schema and parentSchema).
import { readdirSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AJV_OPTIONS, EDITOR_KEYWORDS, withoutUnreadKeywords } from '../../../scripts/build-schema-validator.mjs';
import { compactValidatorErrors } from '../../../scripts/compactValidatorErrors.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(join(root, 'package.json'));
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { parse: parseJsonc } = require('jsonc-parser');

/** A CommonJS module made from source text, resolving its requires (Ajv's runtime) from the repository. */
function moduleOf(source, name) {
  const module = new Module(join(root, name));
  module.filename = join(root, name);
  module.paths = Module._nodeModulePaths(root);
  module._compile(source, module.filename);
  return module.exports.default ?? module.exports;
}

const schema = withoutUnreadKeywords(JSON.parse(readFileSync(join(root, 'src/core/estimator/estimator.schema.json'), 'utf8')));
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, lines: true } });
ajv.addVocabulary(EDITOR_KEYWORDS);
const plain = standaloneCode(ajv, ajv.compile(schema));
const asAjvWrites = moduleOf(plain, 'ajv-standalone.cjs');
const compacted = moduleOf(compactValidatorErrors(plain), 'ajv-standalone-compacted.cjs');

/** A file's JSON with comments; undefined for the corpus's files that are not JSON (or nest deeper than the parser goes). */
function parsedOrUndefined(text) {
  try {
    return parseJsonc(text);
  } catch {
    return undefined;
  }
}

/** The examples, with every variant below; the test corpus's invalid estimators as they are. */
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter(entry => entry.isDirectory())
  .map(entry => parseJsonc(readFileSync(join(root, 'examples', entry.name, 'estimator.json'), 'utf8')));
const corpus = ['test/fixtures/invalid', 'test/fixtures/bad-input', 'test/fixtures/api-refused'].flatMap(folder =>
  readdirSync(join(root, folder)).filter(name => name.endsWith('.json')).map(name => parsedOrUndefined(readFileSync(join(root, folder, name), 'utf8'))))
  .filter(document => document && typeof document === 'object' && !Array.isArray(document));
const WRONG_VALUES = [0, -1, 1.5, 99999999999, '', 'x', 'A'.repeat(300), 's3://', true, null, [], ['x'], {}, { a: 1 }];

/** The document, then copies with one value replaced or removed, or unknown and badly named keys added, three levels deep. */
function* variants(document) {
  yield document;
  function* walk(node, path) {
    const at = copy => path.reduce((target, key) => target[key], copy);
    for (const key of Object.keys(node)) {
      for (const value of WRONG_VALUES) {
        const copy = structuredClone(document);
        at(copy)[key] = value;
        yield copy;
      }
      if (!Array.isArray(node)) {
        const copy = structuredClone(document);
        delete at(copy)[key];
        yield copy;
      }
      if (path.length < 3 && node[key] && typeof node[key] === 'object') yield* walk(node[key], [...path, key]);
    }
    if (!Array.isArray(node)) {
      const copy = structuredClone(document);
      Object.assign(at(copy), { unknown_key: 1, '2 bad name!': 'v', ['n'.repeat(300)]: 'v' });
      yield copy;
    }
  }
  yield* walk(document, []);
}

const described = errors => JSON.stringify(errors?.map(error => [Object.keys(error), error, error.schema, error.parentSchema]) ?? null);
let validations = 0;
let withErrors = 0;
let differing = 0;
const sites = new Set();
for (const [document0, all] of [...examples.map(example => [example, true]), ...corpus.map(document => [document, false])]) {
  for (const document of all ? variants(document0) : [document0]) {
    validations++;
    const before = [asAjvWrites(document), described(asAjvWrites.errors)];
    const after = [compacted(document), described(compacted.errors)];
    if (before[0] !== after[0] || before[1] !== after[1]) differing++;
    if (asAjvWrites.errors) {
      withErrors++;
      for (const error of asAjvWrites.errors) sites.add(`${error.schemaPath} ${error.keyword}`);
    }
  }
}
console.log(JSON.stringify({ validations, withErrors, differing, errorSites: sites.size }));
