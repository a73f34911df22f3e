/**
 * The invoke panel against moto (replies queued in moto) and the fault-injecting proxy (model errors,
 * throttling, a missing endpoint): the host handles messages exactly as the webview posts them. Also the
 * message fuzz test: malformed and oversized messages are each refused with a logged reason, nothing is
 * invoked, and the panel keeps working.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RequestForm } from '../../src/core/invoke/types';
import type { RenderedResult, RenderedSuccess } from '../../src/core/invoke/render';
import type { InvokeApi } from '../../src/invoke';
import type { InvokePanelController } from '../../src/invoke/panel';
import { seedEndpoint } from './seed';
import { activated, awsCalls, injectFaults, motoUrl, resetAwsCalls, resetMoto, waitFor } from './support';

const ENDPOINT = 'invoke-bench';
const INVOKE_OP = 'SageMakerRuntime.InvokeEndpoint';

async function invokeApi(): Promise<InvokeApi> {
  const api = (await activated()) as unknown as { invoke?: InvokeApi };
  assert.ok(api.invoke, 'the extension does not expose its invoke API (createInvoke is not wired in extension.ts)');
  return api.invoke;
}

/** Queues InvokeEndpoint replies in moto (one queue per account and region; each new request takes the next). */
async function queueReplies(results: { Body: string; ContentType: string; InvokedProductionVariant?: string; CustomAttributes?: string }[]): Promise<void> {
  const res = await fetch(`${motoUrl()}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    body: JSON.stringify({ region: 'us-east-1', account_id: '123456789012', results: results.map(r => ({ InvokedProductionVariant: 'AllTraffic', CustomAttributes: '', ...r })) }),
  });
  assert.ok(res.ok, `moto refused the replies: ${res.status}`);
}

const form = (text: string, over: Partial<RequestForm> = {}): RequestForm => ({
  contentType: 'application/json', accept: 'application/json', customAttributes: '', targetVariant: '', targetModel: '', inferenceId: '',
  body: { type: 'text', text }, ...over,
});

const ok = (result: RenderedResult | undefined): RenderedSuccess => {
  assert.ok(result, 'nothing rendered');
  assert.ok(result.ok, `an error was shown: ${JSON.stringify(result)}`);
  return result;
};

async function invocations(): Promise<number> {
  return (await awsCalls())[INVOKE_OP] ?? 0;
}

describe('Invoke panel against moto', function () {
  this.timeout(120_000);
  let api: InvokeApi;
  let panel: InvokePanelController;

  before(async () => {
    api = await invokeApi();
  });
  beforeEach(async () => {
    await resetMoto();
    await seedEndpoint(ENDPOINT);
    await resetAwsCalls();
    panel = await api.openInvokePanel(ENDPOINT);
    await panel.postFromWebview({ kind: 'clearHistory' });
    await panel.postFromWebview({ kind: 'ready' });
  });
  afterEach(() => panel?.dispose());

  it('JSON and CSV payloads: the replies queued in moto, with status, latency, variant and content type', async () => {
    await queueReplies([
      { Body: '{"predictions":[{"score":0.91,"label":1}]}', ContentType: 'application/json' },
      { Body: '0.91,1\n0.12,0\n', ContentType: 'text/csv' },
    ]);
    await panel.postFromWebview({ kind: 'send', request: form('{"instances":[[1.0,2.0,3.0,4.0]]}') });
    const json = ok(panel.lastRendered());
    assert.equal(json.status, 200);
    assert.equal(json.invokedVariant, 'AllTraffic');
    assert.equal(json.contentType, 'application/json');
    assert.ok(json.latencyMs > 0);
    assert.deepEqual(json.view, { type: 'json', text: JSON.stringify({ predictions: [{ score: 0.91, label: 1 }] }, null, 2), truncated: false });

    await panel.postFromWebview({ kind: 'send', request: form('1.0,2.0,3.0,4.0\n5.0,6.0,7.0,8.0', { contentType: 'text/csv', accept: 'text/csv' }) });
    const csv = ok(panel.lastRendered());
    assert.equal(csv.contentType, 'text/csv');
    assert.deepEqual(csv.view, { type: 'csv', rows: [['0.91', '1'], ['0.12', '0']], totalRows: 2, truncated: false });
    assert.equal(await invocations(), 2);
    // The webview was sent the results it shows.
    assert.deepEqual(panel.posted().filter(m => m.kind === 'result').map(m => (m as { result: RenderedResult }).result), [json, csv]);
  });

  it('keeps a history per endpoint across panels, and resends from it', async () => {
    await queueReplies([{ Body: '{"a":1}', ContentType: 'application/json' }]);
    await panel.postFromWebview({ kind: 'send', request: form('{"x":1}', { customAttributes: 'trace=1', inferenceId: 'run-1' }) });
    ok(panel.lastRendered());
    assert.equal(panel.history().length, 1);
    const [entry] = panel.history();
    assert.equal(entry!.request.customAttributes, 'trace=1');
    panel.dispose();
    // A new panel for the same endpoint reads the history kept in globalState.
    panel = await api.openInvokePanel(ENDPOINT);
    await panel.postFromWebview({ kind: 'ready' });
    assert.deepEqual(panel.history().map(e => e.id), [entry!.id]);
    const init = panel.posted().find(m => m.kind === 'init') as { history: { id: string }[] };
    assert.deepEqual(init.history.map(h => h.id), [entry!.id]);
    await panel.postFromWebview({ kind: 'resend', id: entry!.id });
    assert.deepEqual(ok(panel.lastRendered()).view, { type: 'json', text: '{\n  "a": 1\n}', truncated: false }, 'an identical request gets the identical reply');
    assert.equal(panel.history().length, 2);
    assert.equal(await invocations(), 2);
  });

  it('a binary body loaded from a workspace file is sent as is', async () => {
    // Binary (NUL bytes), but within ASCII: moto's InvokeEndpoint fails on a body that is not UTF-8 (a real .npy
    // starts with 0x93), which SageMaker itself takes as is.
    const bytes = Buffer.from([0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0x76, 0, 0, 0, 0x7f]);
    const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'invoke-body.npy');
    fs.writeFileSync(file, bytes);
    await queueReplies([{ Body: '[0.5]', ContentType: 'application/json' }]);
    const info = await panel.loadFile(vscode.Uri.file(file));
    assert.ok(info);
    assert.equal(info.binary, true);
    assert.equal(info.contentType, 'application/x-npy');
    await panel.postFromWebview({ kind: 'send', request: form('', { contentType: 'application/x-npy', body: { type: 'file', fileId: info.fileId } }) });
    assert.deepEqual(ok(panel.lastRendered()).view, { type: 'json', text: '[\n  0.5\n]', truncated: false });
    const kept = panel.history()[0]!.request.body;
    assert.equal(kept.type === 'file' && kept.base64, bytes.toString('base64'));
    fs.rmSync(file);
  });

  it('a ModelError shows the model\'s own status and message', async () => {
    await injectFaults([{
      operation: INVOKE_OP, kind: 'error', status: 424, type: 'ModelError',
      message: 'Received client error (400) from primary with message "unsupported content type text/plain".',
      fields: { OriginalStatusCode: 400, OriginalMessage: 'unsupported content type text/plain', LogStreamArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/invoke-bench' },
    }]);
    await panel.postFromWebview({ kind: 'send', request: form('hello', { contentType: 'text/plain' }) });
    const result = panel.lastRendered();
    assert.ok(result && !result.ok);
    assert.equal(result.error.kind, 'model-error');
    assert.equal(result.error.httpStatus, 424);
    assert.equal(result.error.originalStatus, 400);
    assert.equal(result.error.originalMessage, 'unsupported content type text/plain');
    assert.match(result.error.logStreamArn ?? '', /Endpoints\/invoke-bench/);
    assert.equal(panel.history()[0]!.outcome.ok, false, 'a failed call is in the history too');
  });

  it('throttling (after the client\'s retries) and a missing endpoint are shown, not swallowed', async () => {
    await injectFaults([{ operation: INVOKE_OP, kind: 'throttle', times: 10 }]);
    await panel.postFromWebview({ kind: 'send', request: form('{}') });
    let result = panel.lastRendered();
    assert.ok(result && !result.ok);
    assert.equal(result.error.kind, 'throttled');
    assert.ok((result.error.attempts ?? 0) > 1, 'the client retried before giving up');
    await resetAwsCalls();
    await injectFaults([{ operation: INVOKE_OP, kind: 'error', status: 400, type: 'ValidationError', message: `Endpoint ${ENDPOINT} of account 123456789012 not found.` }]);
    await panel.postFromWebview({ kind: 'send', request: form('{}') });
    result = panel.lastRendered();
    assert.ok(result && !result.ok);
    assert.equal(result.error.kind, 'not-found');
    assert.match(result.error.message, /not found/);
  });

  it('a payload over 6 MB is refused before sending, naming the limit', async () => {
    // 2.2 million three-byte characters: under the message's character cap, over 6 MB in UTF-8.
    await panel.postFromWebview({ kind: 'send', request: form('€'.repeat(2_200_000), { contentType: 'text/plain' }) });
    const result = panel.lastRendered();
    assert.ok(result && !result.ok);
    assert.equal(result.error.kind, 'too-large');
    assert.match(result.error.message, /6 MB \(6,291,456 bytes\)/);
    assert.equal(panel.invocations, 0);
    assert.equal(await invocations(), 0);
  });

  it('fuzz: malformed and oversized messages are each refused with a reason; nothing is invoked; the panel keeps working', async () => {
    const malformed: unknown[] = [
      null, undefined, 42, 'send', [], [{ kind: 'send' }], {}, { kind: 1 }, { kind: 'invoke' }, { kind: 'constructor' }, { kind: 'toString' },
      { kind: 'send' }, { kind: 'send', request: null }, { kind: 'send', request: 'x' }, { kind: 'send', request: [] },
      { kind: 'send', request: { ...form('{}'), endpointName: 'someone-else' } },
      { kind: 'send', request: { ...form('{}'), contentType: 7 } },
      { kind: 'send', request: form('{}', { contentType: 'application/json\r\nAuthorization: x' }) },
      { kind: 'send', request: form('{}', { targetVariant: '../../x' }) },
      { kind: 'send', request: form('{}', { customAttributes: 'c'.repeat(5000) }) },
      { kind: 'send', request: { ...form('{}'), body: { type: 'file', fileId: '/etc/passwd' } } },
      { kind: 'send', request: { ...form('{}'), body: { type: 'text', text: 12 } } },
      { kind: 'send', request: { ...form('{}'), body: { type: 'text', text: 'x'.repeat(7 * 1024 * 1024) } } },
      { kind: 'send', request: { ...form('{}'), body: { type: 's3', uri: 's3://b/k' } } },
      { kind: 'send', request: form('{}'), extra: true },
      { kind: 'resend' }, { kind: 'resend', id: 5 }, { kind: 'resend', id: 'h-1; drop' }, { kind: 'deleteHistory', id: {} },
      { kind: 'ready', payload: 'x'.repeat(10_000) },
    ];
    for (const [i, message] of malformed.entries()) {
      const before = panel.rejections().length;
      await panel.postFromWebview(message);
      assert.equal(panel.rejections().length, before + 1, `message ${i} was not refused: ${JSON.stringify(message)?.slice(0, 200)}`);
      assert.ok(panel.rejections().at(-1)!.reason.length > 0);
    }
    assert.ok(panel.rejections().some(r => /6 MB/.test(r.reason)), 'the oversized body names the limit');
    assert.equal(panel.invocations, 0);
    assert.equal(await invocations(), 0, 'nothing reached InvokeEndpoint');
    // Refusals are also shown in the panel, and it still works.
    assert.ok(panel.posted().some(m => m.kind === 'notice' && /refused/.test(m.message)));
    await queueReplies([{ Body: '{"still":"working"}', ContentType: 'application/json' }]);
    await panel.postFromWebview({ kind: 'send', request: form('{"ok":true}') });
    assert.deepEqual(ok(panel.lastRendered()).view, { type: 'json', text: '{\n  "still": "working"\n}', truncated: false });
    assert.equal(await invocations(), 1);
  });

  it('a message sent with a request id gets its reply by that id: done, or refused with the reason', async () => {
    await panel.postFromWebview({ kind: 'clearHistory', requestId: 'r-7' });
    await panel.postFromWebview({ kind: 'resend', id: 'not an id', requestId: 'r-8' });
    const replies = panel.posted().filter(m => m.kind === 'reply');
    assert.deepEqual(replies, [
      { kind: 'reply', requestId: 'r-7', ok: true },
      { kind: 'reply', requestId: 'r-8', ok: false, error: 'a "resend" message needs the id of a history entry' },
    ]);
    assert.equal(panel.rejections().length, 1);
  });

  it('Invoke Endpoint with File: the reply in a new untitled editor', async () => {
    await queueReplies([{ Body: '{"label":"cat"}', ContentType: 'application/json' }]);
    const outcome = await vscode.commands.executeCommand<{ result: RenderedResult; document?: vscode.TextDocument }>(
      'sagemaker.invokeEndpointWithFile', ENDPOINT, { text: '{"image":"..."}', contentType: 'application/json' });
    assert.ok(outcome?.document);
    assert.equal(outcome.document.isUntitled, true);
    assert.equal(outcome.document.getText(), '{\n  "label": "cat"\n}');
    assert.equal(outcome.document.languageId, 'json');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('latency of InvokeEndpoint to moto, client-side (20 calls)', async () => {
    const latencies: number[] = [];
    await queueReplies(Array.from({ length: 20 }, (_, i) => ({ Body: `{"i":${i}}`, ContentType: 'application/json' })));
    for (let i = 0; i < 20; i++) {
      await panel.postFromWebview({ kind: 'send', request: form(`{"n":${i}}`) });
      latencies.push(ok(panel.lastRendered()).latencyMs);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[10]!;
    console.log(`[invoke latency to moto through the proxy] median ${median} ms, min ${latencies[0]} ms, max ${latencies[19]} ms`);
    assert.ok(median < 2000);
    await waitFor(() => panel.history().length === 20 || undefined, '20 history entries');
  });
});
