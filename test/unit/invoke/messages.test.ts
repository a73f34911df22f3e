import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BODY_TEXT, validateWebviewMessage } from '../../../src/core/invoke/messages';

const form = (over: Record<string, unknown> = {}) => ({
  contentType: 'application/json', accept: 'application/json', customAttributes: '', targetVariant: '', targetModel: '', inferenceId: '',
  body: { type: 'text', text: '{"a":1}' }, ...over,
});

test('accepts every kind the panel sends', () => {
  for (const kind of ['ready', 'cancel', 'pickFile', 'clearFile', 'copyResponse', 'saveResponse', 'openResponse', 'clearHistory']) {
    assert.deepEqual(validateWebviewMessage({ kind }), { ok: true, message: { kind } });
  }
  for (const kind of ['resend', 'restore', 'deleteHistory']) {
    assert.deepEqual(validateWebviewMessage({ kind, id: 'h-abc-1' }), { ok: true, message: { kind, id: 'h-abc-1' } });
  }
  const sent = validateWebviewMessage({ kind: 'send', request: form({ targetVariant: 'AllTraffic', inferenceId: 'run-1', customAttributes: 'trace=1' }) });
  assert.equal(sent.ok, true);
  const file = validateWebviewMessage({ kind: 'send', request: form({ body: { type: 'file', fileId: 'file-1abc' } }) });
  assert.deepEqual(file.ok && file.message, { kind: 'send', request: form({ body: { type: 'file', fileId: 'file-1abc' } }) });
});

test('the validated message is a fresh object with only the known fields', () => {
  const raw = { kind: 'send', request: form() };
  const result = validateWebviewMessage(raw);
  assert.ok(result.ok);
  assert.notEqual(result.message, raw);
  assert.notEqual((result.message as { request: unknown }).request, raw.request);
});

const refused: [string, unknown, RegExp][] = [
  ['null', null, /must be an object/],
  ['a string', 'send', /must be an object/],
  ['an array', [{ kind: 'send' }], /not an array/],
  ['no kind', {}, /kind must be a string/],
  ['a number kind', { kind: 7 }, /kind must be a string/],
  ['an unknown kind', { kind: 'deleteEndpoint' }, /unknown message kind "deleteEndpoint"/],
  ['a prototype kind', { kind: '__proto__' }, /unknown message kind/],
  ['an extra field', { kind: 'ready', credentials: 'x' }, /unexpected field "credentials"/],
  ['send without request', { kind: 'send' }, /request must be an object/],
  ['a request with an extra field', { kind: 'send', request: { ...form(), endpointName: 'other' } }, /request has unexpected field "endpointName"/],
  ['a numeric content type', { kind: 'send', request: form({ contentType: 5 }) }, /contentType must be a string/],
  ['a missing accept', { kind: 'send', request: (({ accept: _a, ...r }) => r)(form()) }, /accept must be a string/],
  ['a header with a newline', { kind: 'send', request: form({ contentType: 'text/csv\r\nX-Evil: 1' }) }, /printable ASCII/],
  ['non-ASCII custom attributes', { kind: 'send', request: form({ customAttributes: 'é' }) }, /printable ASCII/],
  ['a long custom attributes', { kind: 'send', request: form({ customAttributes: 'a'.repeat(1025) }) }, /at most 1024/],
  ['a bad variant', { kind: 'send', request: form({ targetVariant: 'all traffic' }) }, /variant name/],
  ['a long inference id', { kind: 'send', request: form({ inferenceId: 'i'.repeat(65) }) }, /at most 64/],
  ['a body of the wrong type', { kind: 'send', request: form({ body: { type: 'url', url: 'http://x' } }) }, /"text" or "file"/],
  ['a body text that is not a string', { kind: 'send', request: form({ body: { type: 'text', text: { a: 1 } } }) }, /text must be a string/],
  ['a made-up file id', { kind: 'send', request: form({ body: { type: 'file', fileId: '../../etc/passwd' } }) }, /file id the extension gave/],
  ['a file body with a path', { kind: 'send', request: form({ body: { type: 'file', fileId: 'file-1', path: '/etc/passwd' } }) }, /unexpected field "path"/],
  ['a resend without id', { kind: 'resend' }, /needs the id/],
  ['a resend with a bad id', { kind: 'resend', id: 'x; rm -rf' }, /needs the id/],
];

for (const [what, raw, reason] of refused) {
  test(`refuses ${what}, saying why`, () => {
    const result = validateWebviewMessage(raw);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, reason);
  });
}

test('an oversized body is refused, naming SageMaker\'s 6 MB limit', () => {
  const result = validateWebviewMessage({ kind: 'send', request: form({ body: { type: 'text', text: 'x'.repeat(MAX_BODY_TEXT + 1) } }) });
  assert.equal(result.ok, false);
  assert.match((result as { reason: string }).reason, /over SageMaker's real-time payload limit of 6 MB \(6,291,456 bytes\)/);
});

test('a message whose getter throws is refused, not thrown', () => {
  const evil = { kind: 'send', get request(): unknown { throw new Error('boom'); } };
  const result = validateWebviewMessage(evil);
  assert.equal(result.ok, false);
  assert.match((result as { reason: string }).reason, /could not be read \(boom\)/);
  const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); }, get: () => 'ready' });
  assert.equal(validateWebviewMessage(proxy).ok, false);
});

test('fuzz: random values never throw, and only well-formed messages pass', () => {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const leaf = (): unknown => pick([null, undefined, 0, -1, 1e300, NaN, true, '', 'send', 'x'.repeat(2000), '\u0000', [], {}, 'h-1', 'file-1']);
  const value = (depth: number): unknown => {
    if (depth > 3 || rnd() < 0.4) return leaf();
    if (rnd() < 0.3) return Array.from({ length: Math.floor(rnd() * 3) }, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < 1 + rnd() * 4; i++) obj[pick(['kind', 'request', 'id', 'body', 'text', 'type', 'contentType', 'accept', 'fileId', 'zzz'])] = value(depth + 1);
    if (rnd() < 0.7) obj.kind = pick(['send', 'ready', 'resend', 'nope', 3]);
    return obj;
  };
  for (let i = 0; i < 5000; i++) {
    const raw = value(0);
    const result = validateWebviewMessage(raw);
    if (result.ok) {
      // Whatever passed re-validates to the same thing (the result is itself well formed).
      assert.deepEqual(validateWebviewMessage(result.message), result);
    } else {
      assert.equal(typeof result.reason, 'string');
      assert.ok(result.reason.length > 0 && result.reason.length < 400);
    }
  }
});
