import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { estimatorValidationCount, loadEstimator } from '../../../src/core/estimator/load';
import { estimatorProblems } from '../../../src/core/estimator/plan';

const TEXT = `{
  "image_uri": { "framework": "pca" },
  "role": "arn:aws:iam::123456789012:role/SageMakerRole",
  "instance_count": 1,
  "instance_typo": "ml.m4.xlarge",
  "inputs": { "train": "s3://my-bucket/pca/train/" }
}`;

test('estimatorProblems given the loaded result of the same text does not validate again, and finds the same problems', () => {
  const fileName = path.join('/work', 'reuse', 'estimator.json');
  const options = { fileName, env: {}, region: 'us-east-1', baseDir: path.dirname(fileName) };
  const fresh = estimatorProblems(TEXT, options);
  assert.ok(fresh.some(d => d.message.includes('instance_typo')), JSON.stringify(fresh.map(d => d.message)));
  const loaded = loadEstimator(TEXT, options);
  const before = estimatorValidationCount(fileName);
  const reused = estimatorProblems(TEXT, options, loaded);
  assert.equal(estimatorValidationCount(fileName), before, 'validated again although the result was given');
  assert.deepEqual(reused, fresh);
});
