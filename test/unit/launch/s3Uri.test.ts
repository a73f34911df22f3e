import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketOf, joinKey, parseS3Uri, s3UriOf } from '../../../src/core/launch/s3Uri';

test('parseS3Uri splits bucket and key, keeping a trailing slash', () => {
  assert.deepEqual(parseS3Uri('s3://bucket/a/b/'), { bucket: 'bucket', key: 'a/b/' });
  assert.deepEqual(parseS3Uri('s3://bucket/a/b.csv'), { bucket: 'bucket', key: 'a/b.csv' });
  assert.deepEqual(parseS3Uri('s3://bucket'), { bucket: 'bucket', key: '' });
  assert.deepEqual(parseS3Uri('S3://bucket/'), { bucket: 'bucket', key: '' });
});

test('parseS3Uri refuses what is not an S3 URI', () => {
  for (const bad of ['http://bucket/a', 'bucket/a', 's3:///key', '']) assert.throws(() => parseS3Uri(bad), /Not an S3 URI/);
});

test('joinKey puts exactly one slash between prefix and relative path', () => {
  assert.equal(joinKey('job/input/train/', 'a/b.csv'), 'job/input/train/a/b.csv');
  assert.equal(joinKey('job/input/train', 'a/b.csv'), 'job/input/train/a/b.csv');
  assert.equal(joinKey('job/input/train//', '/a.csv'), 'job/input/train/a.csv');
  assert.equal(joinKey('', 'a.csv'), 'a.csv');
  assert.equal(joinKey('p/', ''), 'p/');
});

test('s3UriOf and bucketOf', () => {
  assert.equal(s3UriOf('b', 'k/x'), 's3://b/k/x');
  assert.equal(bucketOf('s3://b/k/x'), 'b');
  assert.equal(bucketOf('file:///tmp'), undefined);
  assert.equal(bucketOf(undefined), undefined);
});
