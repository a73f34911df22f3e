import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProgress, megabytes, percentIncrement } from '../../../src/core/launch/progress';

test('describeProgress words each phase', () => {
  const p = { filesDone: 3, filesTotal: 10, bytesDone: 12_500_000, bytesTotal: 40_000_000 };
  assert.equal(describeProgress({ ...p, phase: 'uploading' }, 'j'), 'Uploading 3/10 files, 12.5/40.0 MB');
  assert.equal(describeProgress({ ...p, filesTotal: 1, filesDone: 0, phase: 'uploading' }, 'j'), 'Uploading 0/1 file, 12.5/40.0 MB');
  assert.equal(describeProgress({ ...p, phase: 'creating' }, 'pca-1'), 'Creating training job pca-1');
  assert.equal(describeProgress({ ...p, phase: 'bucket' }, 'j'), 'Checking the S3 bucket');
  assert.equal(describeProgress({ ...p, phase: 'weird' }, 'j'), 'weird');
});

test('megabytes has one decimal', () => {
  assert.equal(megabytes(0), '0.0');
  assert.equal(megabytes(1_234_567), '1.2');
});

test('percentIncrement moves a 0..100 bar and never backwards', () => {
  assert.equal(percentIncrement(0, 50, 200), 25);
  assert.equal(percentIncrement(50, 40, 200), 0);
  assert.equal(percentIncrement(150, 400, 200), 25);
  assert.equal(percentIncrement(0, 10, 0), 0);
});
