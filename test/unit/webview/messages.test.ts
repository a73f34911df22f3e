import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMessage, replyTo, REQUEST_ID, type MessageSpec } from '../../../src/core/webview/messages';

type Message = { kind: 'ready' } | { kind: 'pick'; index: number };

const spec: MessageSpec<Message['kind'], Message> = {
  fields: { ready: [], pick: ['index'] },
  read: (kind, raw) => {
    if (kind === 'ready') return { kind };
    return typeof raw.index === 'number' ? { kind, index: raw.index } : { refused: 'pick.index must be a number' };
  },
};

test('the envelope: a known kind with its fields passes, as a fresh object', () => {
  const raw = { kind: 'pick', index: 2 };
  const checked = checkMessage(raw, spec);
  assert.deepEqual(checked, { ok: true, message: { kind: 'pick', index: 2 } });
  assert.ok(checked.ok && checked.message !== raw);
});

test('a request id travels beside the message, not in it', () => {
  assert.deepEqual(checkMessage({ kind: 'ready', requestId: 'r-1' }, spec), { ok: true, message: { kind: 'ready' }, requestId: 'r-1' });
  assert.deepEqual(checkMessage({ kind: 'pick', index: 1, requestId: 'r-zz' }, spec), { ok: true, message: { kind: 'pick', index: 1 }, requestId: 'r-zz' });
});

test('a refused request keeps its id, so the host can reply to it', () => {
  assert.deepEqual(checkMessage({ kind: 'pick', index: 'x', requestId: 'r-2' }, spec), { ok: false, reason: 'pick.index must be a number', requestId: 'r-2' });
  const unknown = checkMessage({ kind: 'exec', requestId: 'r-3' }, spec);
  assert.equal(unknown.ok, false);
  assert.equal(unknown.requestId, 'r-3');
});

for (const [what, raw, reason] of [
  ['null', null, /a message must be an object, not null/],
  ['an array', [], /not an array/],
  ['no kind', {}, /message.kind must be a string, not a undefined/],
  ['an unknown kind', { kind: 'exec' }, /unknown message kind "exec" \(unknown kinds are refused; the page sends ready, pick\)/],
  ['a prototype kind', { kind: 'constructor' }, /unknown message kind "constructor"/],
  ['an extra field', { kind: 'ready', url: 'x' }, /a "ready" message has unexpected field "url"/],
  ['extra fields', { kind: 'ready', a: 1, b: 2 }, /unexpected fields "a", "b"/],
  ['a request id that is not one the page gave', { kind: 'ready', requestId: '../x' }, /requestId must be an id the page gave/],
  ['a numeric request id', { kind: 'ready', requestId: 7 }, /requestId must be an id the page gave/],
  ['a refusal of the page\'s reader', { kind: 'pick', index: null }, /pick.index must be a number/],
] as const) {
  test(`refuses ${what}, saying why`, () => {
    const checked = checkMessage(raw, spec);
    assert.equal(checked.ok, false);
    assert.match((checked as { reason: string }).reason, reason);
    assert.equal(checked.requestId, undefined);
  });
}

test('a message whose getter throws is refused, not thrown', () => {
  const evil = { kind: 'pick', get index(): unknown { throw new Error('boom'); } };
  assert.deepEqual(checkMessage(evil, spec), { ok: false, reason: 'the message could not be read (boom)' });
});

test('replies: done, or refused with the reason; ids are what host.js makes', () => {
  assert.deepEqual(replyTo('r-1'), { kind: 'reply', requestId: 'r-1', ok: true });
  assert.deepEqual(replyTo('r-1', 'copy failed: x'), { kind: 'reply', requestId: 'r-1', ok: false, error: 'copy failed: x' });
  for (const id of ['r-1', 'r-a9', `r-${'z'.repeat(16)}`]) assert.match(id, REQUEST_ID);
  for (const id of ['r-', 'r-A', '1', `r-${'1'.repeat(17)}`, 'r-1\n']) assert.doesNotMatch(id, REQUEST_ID);
});
