// Completion and hover for the built-in algorithms' hyperparameters: writes, from the table
// src/core/estimator/builtinAlgorithms.json, one `if image_uri.framework is <algorithm> then <its hyperparameters>`
// entry per algorithm into the `allOf` of src/core/estimator/estimator.schema.json. The entries only describe
// (description, examples): the checks themselves are src/core/estimator/rulesAlgorithm.ts's, with exact ranges.
//   node scripts/algorithmSchema.mjs          rewrite the schema's allOf
//   node scripts/algorithmSchema.mjs --check  exit 1 if the schema is not what the table gives
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = join(root, 'src/core/estimator/estimator.schema.json');
const algorithms = JSON.parse(readFileSync(join(root, 'src/core/estimator/builtinAlgorithms.json'), 'utf8'));

const TYPE_NAMES = { int: 'an integer', float: 'a number', bool: 'true or false', str: 'a string', list: 'a list' };

function constraintText(spec) {
  const parts = [];
  if (spec.gt !== undefined) parts.push(`> ${spec.gt}`);
  if (spec.ge !== undefined) parts.push(`>= ${spec.ge}`);
  if (spec.lt !== undefined) parts.push(`< ${spec.lt}`);
  if (spec.le !== undefined) parts.push(`<= ${spec.le}`);
  if (spec.values) parts.push(`one of ${spec.values.map(v => JSON.stringify(v)).join(', ')}`);
  if (spec.subsetOf) parts.push(`comma-separated, of ${spec.subsetOf.join(', ')}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function hyperparameterSchema(name, algorithm, key, spec) {
  const required = algorithm.required.includes(key) ? 'Required. ' : '';
  const expecting = spec.expecting ? ` SDK: "${spec.expecting}".` : '';
  const out = { description: `${required}${algorithm.sdkClass} (${name}) hyperparameter ${key}: ${TYPE_NAMES[spec.type]}${constraintText(spec)}.${expecting}` };
  if (spec.values) out.examples = spec.values;
  else if (spec.type === 'bool') out.examples = [true, false];
  return out;
}

export function algorithmEntries() {
  return Object.entries(algorithms).map(([name, algorithm]) => ({
    if: { required: ['image_uri'], properties: { image_uri: { type: 'object', required: ['framework'], properties: { framework: { const: name } } } } },
    then: {
      properties: {
        hyperparameters: {
          description: `Hyperparameters of ${algorithm.sdkClass} (${name}); required: ${algorithm.required.join(', ')}. Checked as the SDK's class checks them (${algorithm.sdkSource}).`,
          properties: Object.fromEntries(Object.entries(algorithm.hyperparameters).map(([key, spec]) => [key, hyperparameterSchema(name, algorithm, key, spec)])),
        },
      },
    },
  }));
}

const text = readFileSync(schemaPath, 'utf8');
const schema = JSON.parse(text);
const entries = algorithmEntries();
if (process.argv.includes('--check')) {
  if (JSON.stringify(schema.allOf) !== JSON.stringify(entries)) {
    console.error('estimator.schema.json allOf is not what builtinAlgorithms.json gives: run node scripts/algorithmSchema.mjs');
    process.exit(1);
  }
} else {
  schema.allOf = entries;
  writeFileSync(schemaPath, JSON.stringify(schema, null, 2) + '\n');
}
