import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyInvokeError } from '../../../src/core/invoke/errors';
import { addEntry, keepFile, keepText, MAX_HISTORY_ENTRIES, MAX_KEPT_BODY, newHistoryId, outcomeOf, resendProblem, sanitizeStoredHistory, summarize, type HistoryEntry } from '../../../src/core/invoke/history';
import {
  checkPayloadSize, contentTypeForFile, encodeText, formatBytes, formatJson, looksLikeText, REALTIME_PAYLOAD_LIMIT_BYTES, utf8Length,
} from '../../../src/core/invoke/payload';
import { extensionFor, languageOf, parseCsv, renderSuccess, responseAsText, viewOf } from '../../../src/core/invoke/render';
import { invokeEndpointInput } from '../../../src/aws/invokeEndpoint';
import { InvokeFailure } from '../../../src/core/invoke/types';

const bytes = (text: string) => new TextEncoder().encode(text);

test('the real-time limit is 6 MB (6,291,456 bytes) and a body over it is refused naming it', () => {
  assert.equal(REALTIME_PAYLOAD_LIMIT_BYTES, 6_291_456);
  assert.equal(checkPayloadSize(REALTIME_PAYLOAD_LIMIT_BYTES), undefined);
  const refusal = checkPayloadSize(REALTIME_PAYLOAD_LIMIT_BYTES + 1)!;
  assert.match(refusal, /over SageMaker's real-time limit of 6 MB \(6,291,456 bytes\)/);
  assert.match(refusal, /Nothing was sent/);
});

test('sizes and encodings', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(6 * 1024 * 1024), '6 MB');
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
  assert.equal(utf8Length('aé€😀'), encodeText('aé€😀').length);
  assert.equal(contentTypeForFile('x.JSON'), 'application/json');
  assert.equal(contentTypeForFile('rows.csv'), 'text/csv');
  assert.equal(contentTypeForFile('a.npy'), 'application/x-npy');
  assert.equal(contentTypeForFile('a.jsonl'), 'application/jsonlines');
  assert.equal(contentTypeForFile('a.bin'), undefined);
  assert.equal(looksLikeText(bytes('{"a": 1}\n')), true);
  assert.equal(looksLikeText(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00])), false);
  assert.equal(looksLikeText(new Uint8Array([0xff, 0xfe, 0x41])), false);
  assert.equal(formatJson('{"a":[1,2]}'), '{\n  "a": [\n    1,\n    2\n  ]\n}');
  assert.equal(formatJson('nope'), undefined);
});

test('replies: JSON pretty-printed, CSV as rows, text as is, binary as its size', () => {
  assert.deepEqual(viewOf(bytes('{"predictions":[0.1,0.9]}'), 'application/json'), { type: 'json', text: '{\n  "predictions": [\n    0.1,\n    0.9\n  ]\n}', truncated: false });
  assert.deepEqual(viewOf(bytes('1,2\n"a,b","say ""hi"""\n'), 'text/csv; charset=utf-8'), { type: 'csv', rows: [['1', '2'], ['a,b', 'say "hi"']], totalRows: 2, truncated: false });
  assert.deepEqual(viewOf(bytes('hello'), 'text/plain'), { type: 'text', text: 'hello', truncated: false });
  assert.deepEqual(viewOf(bytes('not json {'), 'application/json'), { type: 'text', text: 'not json {', truncated: false });
  assert.deepEqual(viewOf(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0, 0]), 'application/x-npy'), { type: 'binary', size: 8, sizeText: '8 B' });
  assert.deepEqual(viewOf(bytes('{"a":1}\n{"a":2}\n'), 'application/jsonlines'), { type: 'json', text: '{"a":1}\n{"a":2}', truncated: false });
  assert.equal(viewOf(bytes('{"untyped": true}'), undefined).type, 'json');
  assert.deepEqual(parseCsv('a,b\r\nc,d'), { rows: [['a', 'b'], ['c', 'd']], totalRows: 2 });
  assert.equal(parseCsv('1\n2\n3\n', 2).totalRows, 3);
});

test('a rendered reply carries status, latency, variant and content type', () => {
  const r = renderSuccess({ status: 200, body: bytes('{"a":1}'), contentType: 'application/json', invokedVariant: 'AllTraffic', attempts: 1 }, 12.345);
  assert.equal(r.ok, true);
  assert.equal(r.status, 200);
  assert.equal(r.latencyMs, 12.3);
  assert.equal(r.invokedVariant, 'AllTraffic');
  assert.equal(r.contentType, 'application/json');
  assert.equal(r.size, 7);
  assert.equal(responseAsText(bytes('{"a":1}'), 'application/json'), '{\n  "a": 1\n}');
  assert.equal(responseAsText(new Uint8Array([0, 1, 2]), 'application/octet-stream'), undefined);
  assert.equal(languageOf('text/csv', bytes('1,2')), 'csv');
  assert.equal(extensionFor('application/x-npy', new Uint8Array([0])), 'npy');
  assert.equal(extensionFor('application/json', bytes('{}')), 'json');
});

test('errors: ModelError with the model\'s own status and message, throttling, missing endpoint, credentials', () => {
  const modelError = Object.assign(new Error('Received client error (400) from primary with message "bad input".'), {
    name: 'ModelError', $metadata: { httpStatusCode: 424 }, OriginalStatusCode: 400, OriginalMessage: 'bad input', LogStreamArn: 'arn:aws:logs:us-east-1:1:log-group:/aws/sagemaker/Endpoints/e',
  });
  const m = classifyInvokeError(modelError);
  assert.equal(m.kind, 'model-error');
  assert.equal(m.title, 'ModelError: the model answered 400');
  assert.equal(m.originalStatus, 400);
  assert.equal(m.originalMessage, 'bad input');
  assert.equal(m.httpStatus, 424);
  assert.ok(m.logStreamArn);
  const throttled = classifyInvokeError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400, attempts: 4 } }));
  assert.equal(throttled.kind, 'throttled');
  assert.equal(throttled.attempts, 4);
  assert.match(throttled.nextStep!, /after 4 attempts/);
  assert.equal(classifyInvokeError(Object.assign(new Error('Endpoint nope of account 123456789012 not found.'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } })).kind, 'not-found');
  assert.equal(classifyInvokeError(Object.assign(new Error('Inference id too long'), { name: 'ValidationError' })).kind, 'validation');
  assert.equal(classifyInvokeError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).kind, 'credentials');
  assert.equal(classifyInvokeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'Error' })).kind, 'unreachable');
  assert.equal(classifyInvokeError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })).kind, 'cancelled');
  assert.equal(classifyInvokeError(new InvokeFailure('ServiceUnavailable', 'down', 503)).kind, 'service');
  assert.equal(classifyInvokeError('plain string').kind, 'other');
});

test('InvokeEndpoint input: empty headers are left out', () => {
  const body = bytes('1,2');
  assert.deepEqual(invokeEndpointInput('e1', { body, contentType: 'text/csv', accept: '', targetVariant: 'v1' }), { EndpointName: 'e1', Body: body, ContentType: 'text/csv', TargetVariant: 'v1' });
});

const entry = (n: number, body: HistoryEntry['request']['body'] = keepText('{"a":1}', 7)): HistoryEntry => ({
  id: `h-${n}`, at: n, request: { contentType: 'application/json', accept: '', customAttributes: '', targetVariant: '', targetModel: '', inferenceId: '', body },
  outcome: { ok: true, summary: '200', latencyMs: 5 },
});

test('history: newest first, at most 50, bodies kept up to 64 KB', () => {
  let list: HistoryEntry[] = [];
  for (let i = 0; i < 60; i++) list = addEntry(list, entry(i));
  assert.equal(list.length, MAX_HISTORY_ENTRIES);
  assert.equal(list[0]!.id, 'h-59');
  const long = keepText('x'.repeat(MAX_KEPT_BODY + 10), MAX_KEPT_BODY + 10);
  assert.equal(long.type === 'text' && long.text.length, MAX_KEPT_BODY);
  assert.match(resendProblem(entry(1, long))!, /first 64 KB/);
  assert.equal(summarize(entry(1, long)).canResend, false);
  const small = keepFile('a.npy', new Uint8Array([1, 2, 3]), 'application/x-npy');
  assert.equal(small.type === 'file' && small.base64, 'AQID');
  const big = keepFile('big.bin', new Uint8Array(MAX_KEPT_BODY + 1), undefined, 'file:///w/big.bin');
  assert.equal(big.type === 'file' && big.base64, undefined);
  assert.equal(resendProblem(entry(2, big)), undefined);
  assert.match(resendProblem(entry(3, keepFile('big.bin', new Uint8Array(MAX_KEPT_BODY + 1))))!, /was not kept/);
  assert.match(newHistoryId(), /^h-[0-9a-z-]+$/);
  assert.deepEqual(outcomeOf({ ok: false, latencyMs: 3, error: { kind: 'throttled', title: 'Throttled', message: 'Rate exceeded' } }), { ok: false, summary: 'Throttled', latencyMs: 3, preview: 'Rate exceeded' });
  assert.deepEqual(sanitizeStoredHistory([entry(1), { id: 'bad' }, null, 'x']).map(e => e.id), ['h-1']);
  assert.deepEqual(sanitizeStoredHistory('nonsense'), []);
});
