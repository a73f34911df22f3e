/** The cache behind the Endpoints tree's Invocations (src/aws/endpointUsage.ts): one answer per key and refresh interval. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentAnswers } from '../../../src/core/recentAnswers';

const INTERVAL_MS = 30_000;

function counting(values: number[]) {
  let asked = 0;
  return { answer: () => Promise.resolve(values[asked++]!), asked: () => asked };
}

test('asked again within the interval, the same question is answered from memory', async () => {
  const answers = new RecentAnswers<number>();
  const source = counting([7, 8]);
  assert.equal(await answers.get('ep', 1_000, INTERVAL_MS, source.answer), 7);
  assert.equal(await answers.get('ep', 1_000 + INTERVAL_MS - 1, INTERVAL_MS, source.answer), 7);
  assert.equal(source.asked(), 1);
});

test('once the interval is over, or for another question, it is asked again', async () => {
  const answers = new RecentAnswers<number>();
  const source = counting([1, 2, 3]);
  assert.equal(await answers.get('ep', 0, INTERVAL_MS, source.answer), 1);
  assert.equal(await answers.get('other', 10, INTERVAL_MS, source.answer), 2);
  assert.equal(await answers.get('ep', INTERVAL_MS, INTERVAL_MS, source.answer), 3);
  assert.equal(source.asked(), 3);
});

test('a clock moved back (a test restoring the real time) is not answered from its future', async () => {
  const answers = new RecentAnswers<number>();
  const source = counting([1, 2]);
  await answers.get('ep', 90_000_000, INTERVAL_MS, source.answer);
  assert.equal(await answers.get('ep', 1_000, INTERVAL_MS, source.answer), 2);
});

test('questions asked while one is answered share it; a failed answer is forgotten', async () => {
  const answers = new RecentAnswers<number>();
  let asked = 0;
  let fail!: (error: Error) => void;
  const first = answers.get('ep', 0, INTERVAL_MS, () => { asked++; return new Promise<number>((_, reject) => { fail = reject; }); });
  const second = answers.get('ep', 5, INTERVAL_MS, () => { asked++; return Promise.resolve(9); });
  assert.equal(first, second);
  fail(new Error('throttled'));
  await assert.rejects(first, /throttled/);
  assert.equal(await answers.get('ep', 10, INTERVAL_MS, () => { asked++; return Promise.resolve(4); }), 4);
  assert.equal(asked, 2);
});
