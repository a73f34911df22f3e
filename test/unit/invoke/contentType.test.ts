import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { effectiveContentType, guessContentType } from '../../../src/core/invoke/contentType';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const webviewCopy = require(path.join(__dirname, '../../../../media/invoke/contentType.js')) as { guessContentType: typeof guessContentType };

const BODIES: [string, string | undefined][] = [
  ['{"instances": [[1, 2]]}', 'application/json'],
  ['  [1, 2, 3]\n', 'application/json'],
  ['42,1,0,3,129.99\n7,0,1,1,19.5\n', 'text/csv'],
  ['a,b\r\n1,2\r\n\r\n', 'text/csv'],
  ['1,2,3\n4,5', undefined],
  ['hello there', undefined],
  ['{"broken": ', undefined],
  ['', undefined],
  ['   \n ', undefined],
];

test('a body that parses as JSON is application/json, rows of equal comma-separated fields are text/csv', () => {
  for (const [body, expected] of BODIES) assert.equal(guessContentType(body), expected, JSON.stringify(body));
});

test('the webview\'s copy (media/invoke/contentType.js) guesses the same as the core', () => {
  for (const [body] of BODIES) assert.equal(webviewCopy.guessContentType(body), guessContentType(body), JSON.stringify(body));
});

test('what the user typed is sent, whatever the body looks like', () => {
  assert.equal(effectiveContentType('text/csv', '{"a": 1}'), 'text/csv');
  assert.equal(effectiveContentType('  text/csv ', ''), 'text/csv');
});

test('an empty field sends the known type, else the body\'s, else application/json: never octet-stream', () => {
  assert.equal(effectiveContentType('', '1,2\n3,4', 'text/csv; label_size=0'), 'text/csv; label_size=0');
  assert.equal(effectiveContentType('', '1,2\n3,4'), 'text/csv');
  assert.equal(effectiveContentType(' ', '{"a": 1}'), 'application/json');
  assert.equal(effectiveContentType('', 'free text'), 'application/json');
});
