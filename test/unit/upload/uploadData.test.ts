import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { addChannelEdits, ChannelEditError, checkChannelName, detectIndentation, existingChannels } from '../../../src/core/upload/channelEdit';
import { checkBucketName, checkKeyPrefix, describeIncomplete, planUploadData } from '../../../src/core/upload/uploadData';

const file = (relativePath: string, size = 1) => ({ absolutePath: `/data/${relativePath}`, relativePath, size });

test('a folder: every file under <prefix>/<relative path>, the URI is the prefix (as upload_data)', () => {
  const plan = planUploadData([file('a.csv'), file('sub/b.csv', 5)], true, 'bkt', 'data');
  assert.deepEqual(plan.tasks.map(t => t.key), ['data/a.csv', 'data/sub/b.csv']);
  assert.equal(plan.s3Uri, 's3://bkt/data');
});

test('a file: <prefix>/<name>, the URI names the object; a trailing slash of the prefix makes no "//"', () => {
  const plan = planUploadData([file('train.csv')], false, 'bkt', 'sets/x/');
  assert.deepEqual(plan.tasks.map(t => t.key), ['sets/x/train.csv']);
  assert.equal(plan.s3Uri, 's3://bkt/sets/x/train.csv');
});

test('prefixes and bucket names that would not mean what the user meant are refused, saying why', () => {
  assert.equal(checkKeyPrefix('data'), undefined);
  assert.match(checkKeyPrefix('/data') ?? '', /starts with "\/"/);
  assert.match(checkKeyPrefix('a//b') ?? '', /"\/\/"/);
  assert.match(checkKeyPrefix('/') ?? '', /empty/);
  assert.equal(checkBucketName('my-data.1'), undefined);
  assert.match(checkBucketName('s3://my-data') ?? '', /not an S3 bucket name/);
  assert.match(checkBucketName('My_Data') ?? '', /not an S3 bucket name/);
});

test('an incomplete upload names the uploaded and the missing files, ten at most', () => {
  const many = Array.from({ length: 12 }, (_, i) => `f${i}`);
  const text = describeIncomplete(true, 's3://b/data', many, ['big.bin']);
  assert.match(text, /^Upload cancelled\. Uploaded completely to s3:\/\/b\/data: 12 files \(f0, .*f9 and 2 more\); not uploaded: 1 \(big\.bin\);/);
  assert.match(describeIncomplete(false, 's3://b/data', [], ['x'], 'Access Denied.'), /^Upload failed: Access Denied\. Uploaded completely to s3:\/\/b\/data: 0 files \(none\)/);
});

test('adding a channel to an inputs object keeps comments and the file\'s indentation', () => {
  const text = '{\n    // the data\n    "inputs": {\n        "train": "s3://b/train/"\n    },\n    "role": "r"\n}\n';
  const out = applyEdits(text, addChannelEdits(text, 'test', 's3://b/data'));
  assert.equal(out, '{\n    // the data\n    "inputs": {\n        "train": "s3://b/train/",\n        "test": "s3://b/data"\n    },\n    "role": "r"\n}\n');
  assert.deepEqual(existingChannels(out), ['train', 'test']);
});

test('a channel of the same name is replaced; no inputs makes an inputs object', () => {
  const replaced = applyEdits('{\n  "inputs": {"train": "s3://old"}\n}', addChannelEdits('{\n  "inputs": {"train": "s3://old"}\n}', 'train', 's3://new'));
  assert.deepEqual(JSON.parse(replaced), { inputs: { train: 's3://new' } });
  const text = '{\n\t"role": "r"\n}';
  const added = applyEdits(text, addChannelEdits(text, 'train', 's3://b/data'));
  assert.deepEqual(JSON.parse(added), { role: 'r', inputs: { train: 's3://b/data' } });
  assert.match(added, /\n\t"inputs": \{\n\t\t"train"/);
});

test('a bare-string inputs (the channel "training") is kept as "training" next to the new channel', () => {
  const text = '{\n  "inputs": "s3://b/old"\n}';
  assert.deepEqual(existingChannels(text), ['training']);
  const out = applyEdits(text, addChannelEdits(text, 'validation', 's3://b/data'));
  assert.deepEqual(JSON.parse(out), { inputs: { training: 's3://b/old', validation: 's3://b/data' } });
});

test('bad channel names and files that are not objects are refused with what to do', () => {
  assert.match(checkChannelName('') ?? '', /Give the channel a name/);
  assert.match(checkChannelName('my channel') ?? '', /letters, digits/);
  assert.equal(checkChannelName('train-1.x_y'), undefined);
  assert.throws(() => addChannelEdits('[1]', 'train', 's3://b'), ChannelEditError);
  assert.throws(() => addChannelEdits('{"inputs": 3}', 'train', 's3://b'), /neither an object of channels nor a URI/);
  assert.deepEqual(detectIndentation('{\n   "a": 1\n}'), { insertSpaces: true, tabSize: 3 });
});
