import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainingContentType, trainingJobNameOfModelData } from '../../../src/core/invoke/contentType';

test('the training job of a model is read from the artifacts URL SageMaker wrote, and only from that shape', () => {
  assert.equal(trainingJobNameOfModelData('s3://sagemaker-us-east-1-123456789012/pca-2026-12-04-10-00-00-000/output/model.tar.gz'), 'pca-2026-12-04-10-00-00-000');
  assert.equal(trainingJobNameOfModelData('s3://bucket/some/prefix/my-job/output/model.tar.gz'), 'my-job');
  // A repacked model (s3://bucket/<model name>/model.tar.gz), a folder, anything else: no job.
  assert.equal(trainingJobNameOfModelData('s3://bucket/my-model/model.tar.gz'), undefined);
  assert.equal(trainingJobNameOfModelData('s3://bucket/my-job/output/'), undefined);
  assert.equal(trainingJobNameOfModelData(undefined), undefined);
});

test('the train channel\'s content type wins, then training, then the first channel that names one', () => {
  const channels = [
    { ChannelName: 'validation', ContentType: 'application/json' },
    { ChannelName: 'train', ContentType: ' text/csv ' },
  ];
  assert.deepEqual(trainingContentType('job-a', channels), { contentType: 'text/csv', why: 'the "train" channel of training job job-a' });
  assert.equal(trainingContentType('j', [{ ChannelName: 'test', ContentType: 'x/a' }, { ChannelName: 'training', ContentType: 'x/b' }])?.contentType, 'x/b');
  assert.equal(trainingContentType('j', [{ ChannelName: 'train' }, { ChannelName: 'other', ContentType: 'application/x-recordio-protobuf' }])?.contentType, 'application/x-recordio-protobuf');
});

test('no channel names a content type: nothing is known (the body decides)', () => {
  assert.equal(trainingContentType('j', [{ ChannelName: 'train' }, { ChannelName: 'v', ContentType: '  ' }]), undefined);
  assert.equal(trainingContentType('j', undefined), undefined);
});
