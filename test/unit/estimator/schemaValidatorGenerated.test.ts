import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { schemaValidator } from '../../../src/core/estimator/validateSchema';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

test('the committed schema validator is what scripts/build-schema-validator.mjs makes of today\'s schema', () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-schema-validator.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});

test('the generated validator reports errors as Ajv\'s compiled one does (verbose: schema and data included)', () => {
  const validate = schemaValidator();
  assert.equal(validate({ instance_type: 5 }), false);
  const error = validate.errors!.find(e => e.instancePath === '/instance_type');
  assert.ok(error, JSON.stringify(validate.errors));
  assert.equal(error.keyword, 'type');
  assert.equal(error.data, 5);
  assert.ok(error.parentSchema, 'verbose errors carry their schema');
});
