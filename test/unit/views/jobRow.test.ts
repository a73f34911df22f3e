import assert from 'node:assert/strict';
import test from 'node:test';
import { jobRowDescription, jobRowSummary } from '../../../src/core/views/jobRow';

const started = Date.UTC(2026, 10, 25, 10, 0, 3);

test('a running job\'s row: the secondary status alone, short enough for the default sidebar', () => {
  const job = { status: 'InProgress', secondaryStatus: 'Training', creationTime: started, instances: 'ml.m5.xlarge × 2' };
  assert.equal(jobRowDescription(job), 'Training');
  assert.equal(jobRowDescription({ status: 'InProgress' }), 'InProgress');
  assert.equal(jobRowDescription({ status: 'Stopping', secondaryStatus: 'Stopping' }), 'Stopping');
  assert.equal(jobRowSummary(job), 'InProgress (Training) · started 2026-11-25 10:00:03 UTC · ml.m5.xlarge × 2');
});

test('an ended job\'s row: the status first, then how long it took; the instances only in the tooltip', () => {
  const job = { status: 'Completed', secondaryStatus: 'Completed', creationTime: started, endTime: started + 723_000, instances: 'ml.m5.xlarge × 1' };
  assert.equal(jobRowDescription(job), 'Completed · 12m 03s');
  assert.equal(jobRowSummary(job), 'Completed · took 12m 03s · ml.m5.xlarge × 1');
  assert.equal(jobRowDescription({ status: 'Failed' }), 'Failed');
});

test('a running job\'s row reads the same at every refresh (no clock in it), so the tree need not redraw it', () => {
  const job = { status: 'InProgress', secondaryStatus: 'Downloading', creationTime: started, instances: 'ml.m5.xlarge × 1' };
  const first = [jobRowDescription(job), jobRowSummary(job)];
  const realNow = Date.now;
  Date.now = () => realNow() + 3_600_000;
  try {
    assert.deepEqual([jobRowDescription(job), jobRowSummary(job)], first);
  } finally {
    Date.now = realNow;
  }
});
