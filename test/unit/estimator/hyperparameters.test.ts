import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  numberLiteralsFromJson,
  pathKey,
  pyFloatRepr,
  pyJsonDumps,
  pyRepr,
  pyStr,
  pyStrRepr,
  toPy,
} from '../../../src/core/estimator/hyperparameters';

test("Python's float repr", () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [0.1, '0.1'],
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [123456789.5, '123456789.5'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.2345678901234566e17, '1.2345678901234566e+17'],
    [2 ** 60, '1.152921504606847e+18'],
    [-2.5, '-2.5'],
    [0, '0.0'],
    [-0, '-0.0'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
    [1 / 3, '0.3333333333333333'],
    [1e22, '1e+22'],
  ];
  for (const [x, want] of cases) assert.equal(pyFloatRepr(x), want, String(x));
});

test("Python's repr of strings picks its quote and escapes", () => {
  assert.equal(pyStrRepr('abc'), "'abc'");
  assert.equal(pyStrRepr("it's"), '"it\'s"');
  assert.equal(pyStrRepr('say "hi"'), "'say \"hi\"'");
  assert.equal(pyStrRepr('both \' and "'), "'both \\' and \"'");
  assert.equal(pyStrRepr('a\\b\n\t\r'), "'a\\\\b\\n\\t\\r'");
  assert.equal(pyStrRepr('caf\u00e9'), "'caf\u00e9'");
  assert.equal(pyStrRepr('\u0001\u007f'), "'\\x01\\x7f'");
  assert.equal(pyStrRepr('\u200b'), "'\\u200b'");
});

test('str() and json.dumps() of nested values', () => {
  const v = toPy({ a: [1, 'x', true, null, 2.5], 'k"': { n: false } });
  assert.equal(pyStr(v), "{'a': [1, 'x', True, None, 2.5], 'k\"': {'n': False}}");
  assert.equal(pyRepr(toPy('s')), "'s'");
  assert.equal(pyStr(toPy('s')), 's');
  assert.equal(pyJsonDumps(v), '{"a": [1, "x", true, null, 2.5], "k\\"": {"n": false}}');
  assert.equal(pyJsonDumps(toPy('caf\u00e9 \ud83d\ude00')), '"caf\\u00e9 \\ud83d\\ude00"');
  assert.equal(pyJsonDumps(toPy('\u0007\b\f')), '"\\u0007\\b\\f"');
  assert.equal(pyJsonDumps(toPy([])), '[]');
  assert.equal(pyJsonDumps(toPy({})), '{}');
  assert.equal(pyStr(toPy([])), '[]');
  assert.equal(pyStr(toPy({})), '{}');
});

test('number literals tell ints from floats', () => {
  const text = '{\n  // comment\n  "hyperparameters": {"a": 1, "b": 1.0, "c": 1e3, "d": [2, 2.50], "e": 12345678901234567890}\n}';
  const literals = numberLiteralsFromJson(text);
  assert.equal(literals.get(pathKey(['hyperparameters', 'b'])), '1.0');
  const hp = JSON.parse(text.replace('// comment', '')).hyperparameters as Record<string, unknown>;
  const str = (k: string): string => pyStr(toPy(hp[k], ['hyperparameters', k], literals));
  assert.equal(str('a'), '1');
  assert.equal(str('b'), '1.0');
  assert.equal(str('c'), '1000.0');
  assert.equal(str('d'), '[2, 2.5]');
  assert.equal(str('e'), '12345678901234567890');
  assert.equal(pyStr(toPy(3)), '3');
  assert.equal(pyStr(toPy(3.25)), '3.25');
});
