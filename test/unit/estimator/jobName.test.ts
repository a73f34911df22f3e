import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseFromName,
  baseNameFromImage,
  nameFromBase,
  sagemakerTimestamp,
  trainingJobName,
} from '../../../src/core/estimator/jobName';

const NOW = new Date('2024-01-31T09:05:07.042Z');

test('sagemaker_timestamp: UTC, milliseconds zero-padded', () => {
  assert.equal(sagemakerTimestamp(NOW), '2024-01-31-09-05-07-042');
  assert.equal(sagemakerTimestamp(new Date('2023-12-01T23:59:59.000Z')), '2023-12-01-23-59-59-000');
  assert.equal(sagemakerTimestamp(new Date('2023-02-03T04:05:06.700Z')), '2023-02-03-04-05-06-700');
});

test('name_from_base: base cut to 63 - 24 characters', () => {
  assert.equal(nameFromBase('pca', NOW), 'pca-2024-01-31-09-05-07-042');
  const long = 'x'.repeat(100);
  const name = nameFromBase(long, NOW);
  assert.equal(name.length, 63);
  assert.equal(name, `${'x'.repeat(39)}-2024-01-31-09-05-07-042`);
  assert.equal(nameFromBase('x'.repeat(39), NOW).length, 63);
  assert.equal(nameFromBase('x'.repeat(40), NOW), `${'x'.repeat(39)}-2024-01-31-09-05-07-042`);
  assert.equal(nameFromBase('abcdefgh', NOW, 28), 'abcd-2024-01-31-09-05-07-042');
});

test('base_name_from_image: the repository name', () => {
  assert.equal(baseNameFromImage('763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.7.1-cpu-py3'), 'pytorch-training');
  assert.equal(baseNameFromImage('174872318107.dkr.ecr.us-west-2.amazonaws.com/pca:1'), 'pca');
  assert.equal(baseNameFromImage('pca'), 'pca');
  assert.equal(baseNameFromImage('my-image:latest'), 'my-image');
  assert.equal(baseNameFromImage('localhost:5000/team/my-image:2'), 'my-image');
  assert.equal(baseNameFromImage('localhost:5000/team/my-image'), 'my-image');
  assert.equal(baseNameFromImage('ghcr.io/org/sub/img'), 'img');
});

test('base_from_name: strips the timestamps name_from_base adds', () => {
  assert.equal(baseFromName('pca-2024-01-31-09-05-07-042'), 'pca');
  assert.equal(baseFromName('my-job-240131-0905'), 'my-job');
  assert.equal(baseFromName('plain'), 'plain');
});

test('training job name: explicit, base_job_name, or from the image', () => {
  const imageUri = '1.dkr.ecr.us-east-1.amazonaws.com/algo:3';
  assert.equal(trainingJobName({ jobName: 'given', imageUri, now: NOW }), 'given');
  assert.equal(trainingJobName({ baseJobName: 'base', imageUri, now: NOW }), 'base-2024-01-31-09-05-07-042');
  assert.equal(trainingJobName({ imageUri, now: NOW }), 'algo-2024-01-31-09-05-07-042');
});
