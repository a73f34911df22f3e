import assert from 'node:assert/strict';
import test from 'node:test';
import { generatedNameNote } from '../../../src/core/estimator/jobName';

test('without job_name, the preview and the launch both say the name is made at launch, and how to fix it', () => {
  assert.match(generatedNameNote({}, 'preview')!, /Launch makes a new one \(set "job_name" to fix it\)/);
  assert.match(generatedNameNote({}, 'launch')!, /differs from the one the request preview showed \(set "job_name" to fix it\)/);
  assert.equal(generatedNameNote({ job_name: 'fixed' }, 'launch'), undefined);
  assert.equal(generatedNameNote({ job_name: 'fixed' }, 'preview'), undefined);
});
