// didYouMean skips candidates whose length alone rules them out; it must pick what measuring every candidate picks.
import assert from 'node:assert/strict';
import test from 'node:test';
import { didYouMean, levenshtein, toSnakeCase } from '../../../src/core/estimator/rulesUtil';
import { estimatorSchema } from '../../../src/core/estimator/estimatorSchema';

const normalizeWord = (word: string) => toSnakeCase(word).replace(/_/g, '');

/** The suggestion with every candidate measured (the algorithm before candidates were skipped). */
function measuringEvery(word: string, list: string[]): string | undefined {
  const normalized = normalizeWord(word);
  for (const candidate of list) if (normalizeWord(candidate) === normalized) return candidate;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const distance = Math.min(levenshtein(word.toLowerCase(), candidate.toLowerCase()), levenshtein(normalized, normalizeWord(candidate)));
    if (distance < bestDistance) { best = candidate; bestDistance = distance; }
  }
  if (best === undefined) return undefined;
  if (bestDistance <= Math.max(1, Math.min(3, Math.floor(Math.max(word.length, best.length) / 4)))) return best;
  if (normalized.length >= 4) {
    const containing = list.filter(candidate => normalizeWord(candidate).startsWith(normalized) || normalizeWord(candidate).endsWith(normalized));
    if (containing.length === 1) return containing[0];
  }
  return undefined;
}

test('didYouMean suggests what measuring every candidate suggests, for misspellings of every root key', () => {
  const keys = Object.keys((estimatorSchema as { properties: Record<string, unknown> }).properties);
  assert.ok(keys.length > 50);
  let compared = 0;
  for (const key of keys) {
    const typos = [key.slice(1), key.slice(0, -1), `${key}s`, `x${key}`, key.toUpperCase(), key.replace(/_/g, ''),
      key.length > 3 ? key[1]! + key[0]! + key.slice(2) : key, key.slice(0, Math.ceil(key.length / 2)), 'zz', 'instance_typo'];
    for (const typo of typos) {
      assert.equal(didYouMean(typo, keys), measuringEvery(typo, keys), `"${typo}"`);
      compared++;
    }
  }
  assert.ok(compared > 500);
});
