// The generated validator's error literals are rewritten as calls into a table of error sites
// (scripts/compactValidatorErrors.mjs): the errors must stay exactly Ajv's, since the messages read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

test('the compacted validator reports the same errors as the one Ajv writes, property for property', () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'test/unit/estimator/compactValidatorErrors.check.mjs')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const seen = JSON.parse(run.stdout) as { validations: number; withErrors: number; differing: number; errorSites: number };
  assert.equal(seen.differing, 0, `${seen.differing} of ${seen.validations} validations differ`);
  // What the comparison covered (the examples' broken variants and the invalid corpus): more than a handful of sites.
  assert.ok(seen.withErrors > 1000 && seen.errorSites > 100, JSON.stringify(seen));
});
