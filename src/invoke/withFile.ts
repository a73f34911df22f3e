/**
 * "SageMaker: Invoke Endpoint with File…", for the keyboard: the body is the active editor's selection (or its
 * whole text, or a picked file), the reply opens in a new untitled editor. Same checks as the panel: the 6 MB
 * limit before sending, errors said in full.
 */
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { classifyInvokeError, type InvokeErrorInfo } from '../core/invoke/errors';
import { CONTENT_TYPES, contentTypeForFile, encodeText, formatBytes, payloadTooLargeMessage } from '../core/invoke/payload';
import { languageOf, renderSuccess, responseAsText, type RenderedResult } from '../core/invoke/render';
import type { InvocationTarget, InvokeRequest } from '../core/invoke/types';

export interface InvokeWithFileOptions {
  /** The body as text (skips the editor and file questions). */
  text?: string;
  /** The body from this file. */
  file?: vscode.Uri;
  contentType?: string;
  accept?: string;
  /** Open the reply in an editor (default true). */
  show?: boolean;
  signal?: AbortSignal;
}

export interface InvokeWithFileResult {
  result: RenderedResult;
  document?: vscode.TextDocument;
}

const LANGUAGE_TYPES: Record<string, string> = { json: 'application/json', jsonc: 'application/json', csv: 'text/csv', jsonl: 'application/jsonlines' };

interface Body {
  bytes: Uint8Array;
  source: string;
  suggested?: string;
}

async function chooseBody(options: InvokeWithFileOptions): Promise<Body | undefined> {
  if (options.text !== undefined) return { bytes: encodeText(options.text), source: 'the given text' };
  if (options.file) return readFileBody(options.file);
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    const text = editor.document.getText(editor.selection);
    return { bytes: encodeText(text), source: 'the selection', suggested: LANGUAGE_TYPES[editor.document.languageId] ?? contentTypeForFile(editor.document.fileName) };
  }
  const items: (vscode.QuickPickItem & { id: 'editor' | 'file' })[] = [];
  if (editor) items.push({ id: 'editor', label: `$(file-text) Text of ${path.basename(editor.document.fileName)}`, description: 'the active editor' });
  items.push({ id: 'file', label: '$(folder-opened) Pick a file…', description: 'any file, binary too' });
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Invoke Endpoint with File: the request body' });
  if (!picked) return undefined;
  if (picked.id === 'editor' && editor) {
    return { bytes: encodeText(editor.document.getText()), source: path.basename(editor.document.fileName), suggested: LANGUAGE_TYPES[editor.document.languageId] ?? contentTypeForFile(editor.document.fileName) };
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Send', title: 'The request body', ...(folder ? { defaultUri: folder } : {}) });
  return files?.[0] ? readFileBody(files[0]) : undefined;
}

async function readFileBody(uri: vscode.Uri): Promise<Body> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const name = path.posix.basename(uri.path);
  return { bytes, source: name, suggested: contentTypeForFile(name) };
}

async function chooseContentType(suggested: string | undefined): Promise<string | undefined> {
  const items = CONTENT_TYPES.map(c => ({ label: c.value, description: c.value === suggested ? 'suggested' : c.label !== c.value ? c.label : '' }));
  if (suggested && !items.some(i => i.label === suggested)) items.unshift({ label: suggested, description: 'suggested' });
  items.sort((a, b) => (a.label === suggested ? -1 : b.label === suggested ? 1 : 0));
  const picked = await vscode.window.showQuickPick(items, { title: 'Invoke Endpoint with File: content type', placeHolder: suggested ?? 'application/json' });
  return picked?.label;
}

function errorText(target: InvocationTarget, error: InvokeErrorInfo, latencyMs?: number): string {
  return [
    `// ${target.label}: ${error.title}${latencyMs !== undefined ? ` (${latencyMs} ms)` : ''}`,
    `// ${error.message}`,
    ...(error.originalStatus !== undefined || error.originalMessage ? [`// The model answered ${error.originalStatus ?? ''}:`, error.originalMessage ?? ''] : []),
    ...(error.logStreamArn ? [`// Log stream: ${error.logStreamArn}`] : []),
    ...(error.nextStep ? [`// ${error.nextStep}`] : []),
  ].join('\n');
}

/** Sends one request to the target and opens the reply. Returns undefined when the user backed out. */
export async function invokeWithFile(target: InvocationTarget, options: InvokeWithFileOptions = {}): Promise<InvokeWithFileResult | undefined> {
  const body = await chooseBody(options);
  if (!body) return undefined;
  if (body.bytes.length > target.maxPayloadBytes) {
    const message = payloadTooLargeMessage(body.bytes.length, target.maxPayloadBytes);
    void vscode.window.showErrorMessage(`SageMaker: ${body.source}: ${message}`);
    return { result: { ok: false, error: { kind: 'too-large', title: 'Payload too large: not sent', message } } };
  }
  const contentType = options.contentType ?? (options.text !== undefined || options.file ? body.suggested ?? 'application/json' : await chooseContentType(body.suggested));
  if (!contentType) return undefined;
  const request: InvokeRequest = { body: body.bytes, contentType, ...(options.accept ? { accept: options.accept } : {}) };

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Invoking ${target.label} with ${body.source} (${formatBytes(body.bytes.length)})`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const started = performance.now();
      try {
        const response = await target.invoke(request, controller.signal);
        return { response, result: renderSuccess(response, performance.now() - started) as RenderedResult };
      } catch (error) {
        return { result: { ok: false, latencyMs: Math.round((performance.now() - started) * 10) / 10, error: classifyInvokeError(error) } as RenderedResult };
      } finally {
        sub.dispose();
      }
    },
  );
  const { result } = outcome;
  if (options.show === false) return { result };
  if (!result.ok) {
    if (result.error.kind === 'cancelled') return { result };
    const document = await vscode.workspace.openTextDocument({ content: `${errorText(target, result.error, result.latencyMs)}\n`, language: 'jsonc' });
    await vscode.window.showTextDocument(document, { preview: false });
    void vscode.window.showErrorMessage(`SageMaker: ${target.label}: ${result.error.title}. ${result.error.message}`);
    return { result, document };
  }
  const response = 'response' in outcome ? outcome.response : undefined;
  const text = response ? responseAsText(response.body, response.contentType) : undefined;
  if (response && text === undefined) {
    const save = 'Save…';
    const choice = await vscode.window.showInformationMessage(`SageMaker: ${target.label} answered ${formatBytes(response.body.length)} of binary ${response.contentType ?? 'data'} in ${result.latencyMs} ms.`, save);
    if (choice === save) {
      const uri = await vscode.window.showSaveDialog({ title: 'Save the reply' });
      if (uri) await vscode.workspace.fs.writeFile(uri, response.body);
    }
    return { result };
  }
  const document = await vscode.workspace.openTextDocument({ content: text ?? '', language: response ? languageOf(response.contentType, response.body) : 'plaintext' });
  await vscode.window.showTextDocument(document, { preview: false });
  vscode.window.setStatusBarMessage(`SageMaker: ${target.label} answered ${result.status} in ${result.latencyMs} ms`, 10_000);
  return { result, document };
}
