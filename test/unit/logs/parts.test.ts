import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../../../src/core/logs/clock';
import { hashMessage, SeenWindow } from '../../../src/core/logs/dedupe';
import { classifyLogsError } from '../../../src/core/logs/errors';
import { endpointTarget, formatLogLine, formatOutcome, formatTransition, trainingJobTarget, withoutNewline } from '../../../src/core/logs/format';
import { faultError, seededRandom } from '../../support/logFakes';

test('de-duplication: by event id for polls, by occurrence across Live Tail and polls', () => {
  const w = new SeenWindow(1_000);
  const h = hashMessage('step 1 loss 0.5');
  assert.equal(w.take(1_000, 0, h, 'e1'), true);
  assert.equal(w.take(1_000, 0, h, 'e1'), false, 'the same event re-read');
  assert.equal(w.take(1_000, 0, h, 'e2'), true, 'an identical line in the same millisecond is another line');
  assert.equal(w.take(1_000, 0, h, undefined), false, 'Live Tail delivering the first of them');
  assert.equal(w.take(1_000, 0, h, undefined), false, 'and the second');
  assert.equal(w.take(1_000, 0, h, undefined), true, 'a third delivery is a third line');
  assert.equal(w.take(1_000, 0, h, 'e3'), false, 'which the poll then sees');
  assert.equal(w.take(1_000, 1, h, 'e4'), true, 'another stream');
  assert.equal(w.take(1_001, 0, h, 'e5'), true, 'another millisecond');
  assert.equal(w.take(1_000, 0, h, 'e2'), false, 'an event id seen is known');
  assert.equal(w.take(1_000, 0, h, 'e3'), false, 'and so is one seen while Live Tail was ahead');
  assert.equal(w.take(1_000, 0, h, 'e9'), true, 'a fourth id is a fourth line');
  assert.equal(w.take(1_000, 0, h, undefined), false, 'which Live Tail then delivers');
});

/** The window as it was written before its entries moved to typed arrays: one object a line, ids kept as strings. */
class ReferenceWindow {
  private readonly entries = new Map<string, { ids: Set<string>; live: number; n: number; ts: number }>();
  floor = -Infinity;
  constructor(private readonly max: number) {}
  get size(): number { return this.entries.size; }
  take(ts: number, stream: number, hash: number, id: string | undefined): boolean {
    if (ts < this.floor) return true;
    const key = `${ts}/${stream}/${hash}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, e = { ids: new Set(), live: 0, n: 0, ts });
    let occurrences: number;
    if (id !== undefined) {
      if (e.ids.has(id)) return false;
      occurrences = e.ids.add(id).size;
    } else {
      occurrences = ++e.live;
    }
    if (occurrences <= e.n) return false;
    e.n++;
    return true;
  }
  prune(cutoff: number, keepFrom: number): void {
    const second = (ts: number) => Math.floor(ts / 1000);
    for (const [key, e] of this.entries) if (second(e.ts) < second(cutoff)) this.entries.delete(key);
    while (this.entries.size > this.max) {
      const oldest = Math.min(...[...this.entries.values()].map(e => second(e.ts)));
      if (oldest >= second(keepFrom)) return;
      for (const [key, e] of this.entries) if (second(e.ts) === oldest) this.entries.delete(key);
      this.floor = Math.max(this.floor, (oldest + 1) * 1000);
    }
  }
}

test('de-duplication window: the same answers as one object a line, through growth, pruning and reused slots', () => {
  const random = seededRandom(11);
  const pick = (n: number) => Math.floor(random() * n);
  const w = new SeenWindow(3_000);
  const reference = new ReferenceWindow(3_000);
  let now = 1_764_064_800_000;
  let taken = 0;
  for (let round = 0; round < 60; round++) {
    // Lines around `now`, many of them read again, some identical within a millisecond (the same hash), a few
    // streams past the 1,024 packed in the key, and Live Tail deliveries among the polled ones.
    for (let i = 0; i < 400; i++) {
      const ts = now - pick(3_000);
      const stream = pick(4) === 0 ? 1_024 + pick(3) : pick(3);
      const hash = pick(50);
      const id = pick(5) === 0 ? undefined : `${ts}-${stream}-${hash}-${pick(2)}`;
      const got = w.take(ts, stream, hash, id);
      assert.equal(got, reference.take(ts, stream, hash, id), `round ${round}, line ${i}: ${ts} ${stream} ${hash} ${id}`);
      if (got) taken++;
    }
    now += 700;
    const cutoff = now - 2_000 - pick(3_000);
    const keepFrom = now - pick(1_500);
    w.prune(cutoff, keepFrom);
    reference.prune(cutoff, keepFrom);
    assert.equal(w.size, reference.size, `round ${round}: entries kept`);
    assert.equal(w.floor, reference.floor, `round ${round}: floor`);
  }
  assert.ok(taken > 5_000 && w.peak > 1_024, `taken ${taken}, peak ${w.peak}: the window grew past its first slots`);
});

test('de-duplication window: pruned by second, capped, exported and restored', () => {
  const w = new SeenWindow(100);
  for (let ts = 0; ts < 10_000; ts += 50) w.take(ts, 0, hashMessage(String(ts)), `id${ts}`);
  assert.equal(w.size, 200);
  w.prune(0);
  assert.equal(w.size, 100, 'capped: whole seconds dropped from the oldest');
  assert.equal(w.floor, 5_000);
  assert.equal(w.take(4_000, 0, 1, 'old'), true, 'below the floor is not tracked');
  w.prune(8_500);
  assert.equal(w.size, 40, 'seconds wholly before the cutoff are gone');
  const pending = new Map([[SeenWindow.key(9_950, 0, hashMessage('9950')), 1]]);
  const saved = w.export(9_000, 9_950, pending);
  assert.equal(saved.length, 19, 'the line still held is not in the cursor');
  const restored = new SeenWindow(100);
  restored.restore(saved);
  assert.equal(restored.take(9_000, 0, hashMessage('9000'), 'other-id'), false, 'a restored line is not shown again, whatever its id');
  assert.equal(restored.take(9_000, 0, hashMessage('9000'), undefined), false);
  assert.equal(restored.take(9_950, 0, hashMessage('9950'), 'id9950'), true);
  assert.notEqual(hashMessage('a'), hashMessage('b'));
  assert.notEqual(hashMessage('ab'), hashMessage('ba'));
  assert.ok(Number.isInteger(hashMessage('x')) && hashMessage('x') >= 0 && hashMessage('x') < 2 ** 32);
  // Streams beyond the 1,024 packed in the key are still told apart.
  const many = new SeenWindow(10);
  assert.equal(many.take(5, 3, 7, undefined), true);
  assert.equal(many.take(5, 3 + 1024, 7, undefined), true);
  assert.equal(many.take(5, 3 + 1024, 7, undefined), true, 'a second delivery there is a second line');
  assert.equal(many.take(5, 3, 7, undefined), true);
  assert.equal(hashMessage('same'), hashMessage('same'));
});

test('backoff: exponential, capped, jittered between half and all of the ceiling', () => {
  const random = seededRandom(1);
  for (let attempt = 0; attempt < 12; attempt++) {
    const ceiling = Math.min(30_000, 1_000 * 2 ** attempt);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(attempt, random, 1_000, 30_000);
      assert.ok(d >= ceiling / 2 && d <= ceiling, `${attempt}: ${d}`);
    }
  }
  assert.equal(backoffDelay(3, () => 0, 1_000, 30_000), 4_000);
  assert.equal(backoffDelay(3, () => 0.999999, 1_000, 30_000), 8_000);
});

test('errors: what the tailer does about each', () => {
  const kind = (e: unknown) => classifyLogsError(e).kind;
  assert.equal(kind(faultError('throttle')), 'throttled');
  assert.equal(kind(Object.assign(new Error('x'), { name: 'TooManyRequestsException' })), 'throttled');
  assert.equal(kind(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 429 } })), 'throttled');
  assert.equal(kind(faultError('drop')), 'transient');
  assert.equal(kind(Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' })), 'transient');
  assert.equal(kind(faultError('server-error')), 'transient');
  assert.equal(kind(Object.assign(new Error('x'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } })), 'transient');
  assert.equal(kind(faultError('not-found')), 'not-found');
  assert.equal(kind(Object.assign(new Error('Requested resource not found'), { name: 'ValidationException' })), 'not-found');
  assert.equal(kind(faultError('invalid-token')), 'invalid-token');
  assert.equal(kind(faultError('credentials')), 'expired', 'an expired session pauses the tail');
  assert.equal(kind(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })), 'credentials');
  assert.equal(kind(Object.assign(new Error('User is not authorized to perform: logs:FilterLogEvents'), { name: 'AccessDeniedException' })), 'credentials');
  assert.equal(kind(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' })), 'credentials');
  assert.equal(kind(Object.assign(new Error('Unknown operation'), { name: 'UnknownOperationException' })), 'unsupported');
  assert.equal(kind(Object.assign(new Error('odd'), { name: 'OddException' })), 'other');
});

test('formatting: hosts, lines, transitions, outcomes', () => {
  const job = trainingJobTarget('my-job');
  assert.equal(job.logGroupName, '/aws/sagemaker/TrainingJobs');
  assert.equal(job.streamPrefix, 'my-job/');
  assert.equal(job.hostOf('my-job/algo-2-1764064800'), 'algo-2');
  assert.equal(job.hostOf('my-job/algo-12-1764064800'), 'algo-12');
  const ep = endpointTarget('my-ep');
  assert.equal(ep.logGroupName, '/aws/sagemaker/Endpoints/my-ep');
  assert.equal(ep.hostOf('AllTraffic/i-0123456789abcdef0'), 'AllTraffic/i-0123456789abcdef0');
  const line = (message: string, host: string, hosts: number) => formatLogLine({ message: withoutNewline(message), host, hosts });
  assert.equal(line('hello\n', 'algo-2', 2), '[algo-2] hello');
  assert.equal(line('hello\r\n', 'algo-2', 1), 'hello');
  assert.equal(line('a\nb', 'algo-1', 1), 'a\nb');
  assert.equal(line('', 'algo-1', 2), '[algo-1] ');
  assert.equal(
    formatTransition({ status: 'Training', startTime: Date.UTC(2026, 10, 25, 10, 0, 3), message: 'Training image download completed. Training in progress.' }),
    '--- 2026-11-25 10:00:03 Training: Training image download completed. Training in progress.');
  assert.equal(formatTransition({ status: 'Starting', startTime: Date.UTC(2026, 10, 25, 10, 0, 0) }), '--- 2026-11-25 10:00:00 Starting');
  const base = { secondaryStatusTransitions: [], spot: false };
  assert.equal(formatOutcome({ ...base, status: 'Completed', billableSeconds: 123, instanceCount: 2 }).text,
    '--- Completed. Billable 123 s × 2 instances (246 instance-seconds).');
  assert.equal(formatOutcome({ ...base, status: 'Completed', billableSeconds: 10, instanceCount: 1 }).text,
    '--- Completed. Billable 10 s × 1 instance (10 instance-seconds).');
  assert.equal(formatOutcome({ ...base, status: 'Stopped', instanceCount: 1 }).text, '--- Stopped.');
  assert.equal(formatOutcome({ ...base, status: 'Failed', failureReason: 'ClientError: no data.', instanceCount: 1 }).text, '--- Failed: ClientError: no data.');
  const spot = formatOutcome({ ...base, status: 'Completed', spot: true, billableSeconds: 123, trainingTimeSeconds: 307, instanceCount: 2 });
  assert.equal(spot.text, '--- Completed. Billable 123 s × 2 instances (246 instance-seconds). Spot savings 60% (123 of 307 s billed).');
  assert.equal(spot.spotSavingsPercent, 60);
});
