import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

const root = path.join(__dirname, '../../../..');
const source = fs.readFileSync(path.join(root, 'media/jobPage/ready.js'), 'utf8');
// The shared connection, as the page has it (media/webview/host.js, loaded before ready.js).
const webviewHost = require(path.join(root, 'media/webview/host.js')) as { connect(api: unknown, target: unknown, onMessage: (m: unknown) => void): unknown };

/** ready.js in a page whose charts are `width` CSS pixels wide at `ratio` device pixels each; what it posted and its boot object. */
function boot(width: number, ratio: number) {
  const posted: unknown[] = [];
  const listeners: ((event: { data: unknown }) => void)[] = [];
  const window: Record<string, unknown> = {
    devicePixelRatio: ratio,
    WebviewHost: {
      start: (onMessage: (m: unknown) => void) => webviewHost.connect({ postMessage: (m: unknown) => posted.push(m) }, { addEventListener: (_: string, l: (event: { data: unknown }) => void) => listeners.push(l) }, onMessage),
    },
  };
  const document = { getElementById: (id: string) => (id === 'charts' ? { clientWidth: width } : null) };
  vm.runInNewContext(source, { window, document, performance: { timeOrigin: 1_760_000_000_000, now: () => 12.5 } });
  const fromHost = (data: unknown) => { for (const l of listeners) l({ data }); };
  return { posted, fromHost, boot: window.JobPageBoot as { pixels: number; readySentAt: number; listen(h: (m: unknown) => void): void } };
}

test('ready.js posts the handshake with the charts\' width in device pixels as it runs, before the page\'s script', () => {
  const { posted, boot: b } = boot(640.4, 1.5);
  assert.deepEqual(posted, [{ pixels: 961, kind: 'ready' }]);
  assert.equal(b.pixels, 961);
  assert.equal(b.readySentAt, 1_760_000_000_012.5);
});

test('the host\'s messages that come before the page\'s script listens are handed to it in order, then each as it comes', () => {
  const { fromHost, boot: b } = boot(800, 1);
  fromHost({ kind: 'init', seq: 1 });
  fromHost({ kind: 'notice', level: 'info', message: 'x' });
  fromHost({});
  const seen: unknown[] = [];
  b.listen(m => seen.push(m));
  assert.deepEqual(seen, [{ kind: 'init', seq: 1 }, { kind: 'notice', level: 'info', message: 'x' }], 'a message without a kind is dropped (the host\'s round trip)');
  fromHost({ kind: 'points', seq: 2 });
  assert.deepEqual(seen.at(-1), { kind: 'points', seq: 2 });
  assert.equal(seen.length, 3);
});
