// media/webview/host.js, the webview's side of the connection, run under Node with a fake VS Code API and window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

interface Channel {
  post(message: { kind: string }): void;
  request(message: { kind: string }): Promise<{ ok: boolean; error?: string }>;
  ready(): void;
  waiting(): number;
}
const host = require(path.join(__dirname, '../../../../media/webview/host.js')) as {
  connect(api: { postMessage(m: unknown): void }, target: EventTarget, onMessage: (m: unknown) => void): Channel;
  showNotice(element: { textContent: string; className: string; hidden: boolean }, level: string, message: string): void;
};

function setUp() {
  const posted: Record<string, unknown>[] = [];
  const received: unknown[] = [];
  const window = new EventTarget();
  const channel = host.connect({ postMessage: m => posted.push(m as Record<string, unknown>) }, window, m => received.push(m));
  const fromHost = (data: unknown) => window.dispatchEvent(Object.assign(new Event('message'), { data }));
  return { posted, received, channel, fromHost };
}

test('the handshake and plain posts carry no request id', () => {
  const { posted, channel } = setUp();
  channel.ready();
  channel.post({ kind: 'copy' });
  assert.deepEqual(posted, [{ kind: 'ready' }, { kind: 'copy' }]);
});

test('requests get fresh ids; each reply settles its own request, in any order', async () => {
  const { posted, channel, fromHost } = setUp();
  const first = channel.request({ kind: 'refresh' });
  const second = channel.request({ kind: 'pickFile' });
  assert.deepEqual(posted, [{ kind: 'refresh', requestId: 'r-1' }, { kind: 'pickFile', requestId: 'r-2' }]);
  assert.equal(channel.waiting(), 2);
  fromHost({ kind: 'reply', requestId: 'r-2', ok: false, error: 'pickFile failed: no' });
  fromHost({ kind: 'reply', requestId: 'r-1', ok: true });
  assert.deepEqual(await second, { ok: false, error: 'pickFile failed: no' });
  assert.deepEqual(await first, { ok: true });
  assert.equal(channel.waiting(), 0);
});

test('other host messages go to the page; unknown replies and junk are dropped', () => {
  const { received, channel, fromHost } = setUp();
  void channel.request({ kind: 'refresh' });
  fromHost({ kind: 'notice', level: 'info', message: 'hi' });
  fromHost({ kind: 'reply', requestId: 'r-99', ok: true });
  for (const junk of [null, 'init', 5, { level: 'info' }]) fromHost(junk);
  assert.deepEqual(received, [{ kind: 'notice', level: 'info', message: 'hi' }]);
  assert.equal(channel.waiting(), 1, 'a reply to another id settles nothing');
});

test('the notice line: level as class, hidden when empty', () => {
  const element = { textContent: '', className: '', hidden: true };
  host.showNotice(element, 'error', 'refused');
  assert.deepEqual(element, { textContent: 'refused', className: 'notice error', hidden: false });
  host.showNotice(element, '', '');
  assert.equal(element.hidden, true);
});
