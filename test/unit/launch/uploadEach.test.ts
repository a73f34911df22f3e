/**
 * The upload loop's scheduling (`uploadEach`): how many objects it keeps on the wire. The uploads themselves are
 * the caller's (`uploadOne`), here a wait on a timer, so that what is measured is only how many run at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Api } from '../../../src/aws/clients/s3';
import { MIN_PART_SIZE, PART_QUEUE_SIZE, SINGLE_PUTS_IN_FLIGHT, slotsOf, uploadEach } from '../../../src/aws/uploads';

const FILE_CONCURRENCY = 4;

async function peakInFlight(sizes: number[]): Promise<{ peak: number; done: number; bytes: number }> {
  const s3 = new S3Api(new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
  let running = 0;
  let peak = 0;
  let done = 0;
  let bytes = 0;
  try {
    await uploadEach({
      s3, tasks: sizes.map(size => ({ size })), concurrency: FILE_CONCURRENCY, signal: new AbortController().signal,
      uploadOne: async (_registry, task, onLoaded) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise(resolve => setTimeout(resolve, 5));
        onLoaded(task.size / 2);
        running--;
      },
      explainFailure: error => error,
      onBytes: added => { bytes += added; },
      onTaskDone: () => { done++; },
    });
  } finally {
    s3.client.destroy();
  }
  return { peak, done, bytes };
}

test('small files (one PutObject each) go many at a time: ten, as the AWS CLI keeps ten requests in flight', async () => {
  const small = await peakInFlight(Array.from({ length: 40 }, () => 500_000));
  assert.equal(SINGLE_PUTS_IN_FLIGHT, 10);
  assert.equal(small.peak, 10);
  assert.equal(small.done, 40);
  assert.equal(small.bytes, 40 * 500_000);
});

test('multipart files still go FILE_CONCURRENCY at a time; a mix never has more parts in flight than that bound', async () => {
  const big = await peakInFlight(Array.from({ length: 10 }, () => 11 * 1024 * 1024));
  assert.equal(big.peak, FILE_CONCURRENCY);
  const mixed = await peakInFlight([11 * 1024 * 1024, 1_000, 2_000, 11 * 1024 * 1024, 3_000, 11 * 1024 * 1024, 11 * 1024 * 1024, 4_000]);
  assert.ok(mixed.peak <= FILE_CONCURRENCY * PART_QUEUE_SIZE, `peak ${mixed.peak}`);
  assert.equal(mixed.done, 8);
  assert.equal(slotsOf({ size: MIN_PART_SIZE }), 1);
  assert.equal(slotsOf({ size: MIN_PART_SIZE + 1 }), PART_QUEUE_SIZE);
  assert.equal(slotsOf({ size: 0 }), 1);
});
