/**
 * The invoke panel: one webview per invocation target. The webview shows a form and the replies; this host
 * side (on the shared panel base, which checks every message with `validateWebviewMessage` first) reads
 * files, invokes the target, renders the reply and keeps the history (VS Code globalState, per target).
 */
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { classifyInvokeError } from '../core/invoke/errors';
import {
  addEntry, keepFile, keepText, newHistoryId, outcomeOf, resendProblem, sanitizeStoredHistory, summarize, type HistoryEntry, type KeptBody,
} from '../core/invoke/history';
import { invokePanelHtml } from '../core/invoke/html';
import { validateWebviewMessage, type HostMessage, type LoadedFileInfo, type WebviewMessage } from '../core/invoke/messages';
import { effectiveContentType, type KnownContentType } from '../core/invoke/contentType';
import {
  ACCEPT_TYPES, CONTENT_TYPES, contentTypeForFile, encodeText, formatBytes, looksLikeText, payloadTooLargeMessage,
} from '../core/invoke/payload';
import { extensionFor, languageOf, renderSuccess, responseAsText, type RenderedResult } from '../core/invoke/render';
import type { InvocationTarget, InvokeRequest, RequestForm } from '../core/invoke/types';
import { WebviewPanelBase, type Dispatched, type WebviewPanelController } from '../platform/webviewPanel';

export const INVOKE_VIEW_TYPE = 'sagemaker.invokeEndpoint';
const HISTORY_KEY = 'sagemaker.invoke.history';
/** Text files up to this size go into the body editor; larger or binary files are kept here and sent as is. */
const MAX_EDITABLE_FILE = 1024 * 1024;

export interface PanelHost {
  extensionUri: vscode.Uri;
  globalState: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** A failed call that may be a credentials problem (the connection shows it once). */
  reportFailure?(error: unknown): void;
}

/** What tests (and the extension) can do with an open panel. */
export interface InvokePanelController extends WebviewPanelController<HostMessage> {
  readonly target: InvocationTarget;
  /** The last result shown (a reply or an error). */
  lastRendered(): RenderedResult | undefined;
  /** How many times the target was invoked. */
  readonly invocations: number;
  history(): readonly HistoryEntry[];
  /** The training content type of the target's model (resolves once looked up after the webview is ready). */
  knownContentType(): Promise<KnownContentType | undefined>;
  /** Loads a file as the body, as the webview's "Load file…" does after the file dialog. */
  loadFile(uri: vscode.Uri): Promise<LoadedFileInfo | undefined>;
}

interface LoadedFile {
  info: LoadedFileInfo;
  bytes: Uint8Array;
  uri?: vscode.Uri;
}

/** A body as sent, and what the history keeps of it. */
type SentBody = { bytes: Uint8Array; kept: KeptBody };

/** The last result shown, with the reply's bytes (for Copy, Save and Open). */
type Shown = { result: RenderedResult; body?: Uint8Array; contentType?: string };

let fileCounter = 0;
const newFileId = () => `file-${(++fileCounter).toString(36)}${Date.now().toString(36)}`;

export class InvokePanel extends WebviewPanelBase<WebviewMessage, HostMessage> implements InvokePanelController {
  private entries: HistoryEntry[];
  private file: LoadedFile | undefined;
  private last: Shown | undefined;
  private inFlight: AbortController | undefined;
  private count = 0;
  /** The training content type of the target's model, once looked up (once per panel). */
  private known: Promise<KnownContentType | undefined> | undefined;
  private knownValue: KnownContentType | undefined;

  constructor(readonly target: InvocationTarget, private readonly host: PanelHost, column: vscode.ViewColumn = vscode.ViewColumn.Active) {
    super({
      viewType: INVOKE_VIEW_TYPE,
      title: `Invoke: ${target.label}`,
      column,
      extensionUri: host.extensionUri,
      log: host.log,
      logName: `Invoke panel ${target.label}`,
      html: assets => invokePanelHtml({ ...assets, label: target.label }),
      validate: validateWebviewMessage,
    });
    this.entries = sanitizeStoredHistory(host.globalState.get(this.historyKey));
    this.disposables.push({ dispose: () => this.inFlight?.abort() });
  }

  private get historyKey(): string {
    return `${HISTORY_KEY}:${this.target.id}`;
  }

  get invocations(): number {
    return this.count;
  }

  lastRendered(): RenderedResult | undefined {
    return this.last?.result;
  }

  history(): readonly HistoryEntry[] {
    return this.entries;
  }

  protected async dispatch(message: Dispatched<WebviewMessage>): Promise<void> {
    switch (message.kind) {
      case 'send':
        return this.send(message.request);
      case 'cancel':
        this.inFlight?.abort();
        return;
      case 'pickFile':
        return this.pickFile();
      case 'clearFile':
        this.file = undefined;
        this.post({ kind: 'fileCleared' });
        return;
      case 'copyResponse':
        return this.copyResponse();
      case 'saveResponse':
        return this.saveResponse();
      case 'openResponse':
        return this.openResponse();
      case 'resend':
        return this.resend(message.id);
      case 'restore':
        return this.restore(message.id);
      case 'deleteHistory':
        await this.saveHistory(this.entries.filter(e => e.id !== message.id));
        return;
      case 'clearHistory':
        await this.saveHistory([]);
        return;
    }
  }

  protected onReady(): void {
    this.post({
      kind: 'init',
      label: this.target.label,
      limitBytes: this.target.maxPayloadBytes,
      limitText: formatBytes(this.target.maxPayloadBytes),
      contentTypes: CONTENT_TYPES.map(c => ({ ...c })),
      acceptTypes: [...ACCEPT_TYPES],
      history: this.entries.map(summarize),
      ...(this.last ? { result: this.last.result } : {}),
    });
    if (this.file?.info.binary) this.post({ kind: 'fileLoaded', file: this.file.info });
    if (this.inFlight) this.post({ kind: 'busy', busy: true });
    void this.postKnownContentType();
  }

  /** Looks up the training content type (after init: the form is usable meanwhile) and tells the webview. */
  private async postKnownContentType(): Promise<void> {
    this.known ??= (this.target.knownContentType?.() ?? Promise.resolve(undefined)).catch(() => undefined);
    this.knownValue = await this.known;
    if (this.knownValue) this.post({ kind: 'knownContentType', ...this.knownValue });
  }

  /** The training content type, when it has been found: what an untyped text body is sent as. */
  knownContentType(): Promise<KnownContentType | undefined> {
    return this.known ?? Promise.resolve(undefined);
  }

  private async saveHistory(entries: HistoryEntry[]): Promise<void> {
    this.entries = entries;
    await this.host.globalState.update(this.historyKey, entries);
    this.post({ kind: 'history', entries: entries.map(summarize) });
  }

  private showResult(result: RenderedResult, historyId?: string): void {
    this.post({ kind: 'result', result, ...(historyId ? { historyId } : {}) });
  }

  private async send(form: RequestForm, bodyOverride?: SentBody): Promise<void> {
    if (this.inFlight) {
      this.notice('warning', 'A request is already on its way: wait for its reply or cancel it.');
      return;
    }
    const body = bodyOverride ?? this.bodyOfForm(form);
    if (!body) return;
    if (body.bytes.length > this.target.maxPayloadBytes) return this.refuseTooLarge(body.bytes.length);
    this.last = await this.invokeTarget(form, body.bytes);
    const { result } = this.last;
    const entry: HistoryEntry = {
      id: newHistoryId(),
      at: Date.now(),
      request: { ...form, body: body.kept },
      outcome: outcomeOf(result),
    };
    if (result.ok || result.error.kind !== 'cancelled') await this.saveHistory(addEntry(this.entries, entry));
    this.showResult(result, entry.id);
  }

  /** The bytes the form's body stands for (the text, or the file loaded here), and what the history keeps of them. */
  private bodyOfForm(form: RequestForm): SentBody | undefined {
    if (form.body.type === 'text') {
      const bytes = encodeText(form.body.text);
      return { bytes, kept: keepText(form.body.text, bytes.length) };
    }
    const file = this.file;
    if (!file || file.info.fileId !== form.body.fileId) {
      this.notice('error', 'That file is no longer loaded: load it again.');
      return undefined;
    }
    return { bytes: file.bytes, kept: keepFile(file.info.name, file.bytes, file.info.contentType, file.uri?.toString()) };
  }

  private refuseTooLarge(size: number): void {
    const result: RenderedResult = {
      ok: false,
      error: { kind: 'too-large', title: 'Payload too large: not sent', message: payloadTooLargeMessage(size, this.target.maxPayloadBytes) },
    };
    this.last = { result };
    this.host.log.info(`Invoke ${this.target.label}: refused a ${size}-byte payload (limit ${this.target.maxPayloadBytes}).`);
    this.showResult(result);
  }

  /** One call to the target (cancellable while in flight): the reply rendered, or the failure classified. */
  private async invokeTarget(form: RequestForm, bytes: Uint8Array): Promise<Shown> {
    const request: InvokeRequest = {
      body: bytes,
      contentType: form.body.type === 'text'
        ? effectiveContentType(form.contentType, form.body.text, this.knownValue?.contentType)
        : form.contentType || this.file?.info.contentType || 'application/octet-stream',
      ...(form.accept ? { accept: form.accept } : {}),
      ...(form.customAttributes ? { customAttributes: form.customAttributes } : {}),
      ...(form.targetVariant ? { targetVariant: form.targetVariant } : {}),
      ...(form.targetModel ? { targetModel: form.targetModel } : {}),
      ...(form.inferenceId ? { inferenceId: form.inferenceId } : {}),
    };
    const controller = new AbortController();
    this.inFlight = controller;
    this.post({ kind: 'busy', busy: true });
    this.count++;
    const started = performance.now();
    try {
      const response = await this.target.invoke(request, controller.signal);
      const result = renderSuccess(response, performance.now() - started);
      this.host.log.info(`Invoke ${this.target.label}: ${response.status} in ${result.latencyMs} ms, ${response.body.length} bytes ${response.contentType ?? ''}`);
      return { result, body: response.body, ...(response.contentType ? { contentType: response.contentType } : {}) };
    } catch (error) {
      const latency = performance.now() - started;
      const info = classifyInvokeError(error);
      if (info.kind === 'credentials') this.host.reportFailure?.(error);
      this.host.log.warn(`Invoke ${this.target.label}: ${info.title}: ${info.message}`);
      return { result: { ok: false, latencyMs: Math.round(latency * 10) / 10, error: info } };
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Reads a workspace file as the body: text goes into the editor, binary stays here. */
  async loadFile(uri: vscode.Uri): Promise<LoadedFileInfo | undefined> {
    const stat = await vscode.workspace.fs.stat(uri);
    const name = path.posix.basename(uri.path);
    if (stat.size > this.target.maxPayloadBytes) {
      this.notice('error', `${name}: ${payloadTooLargeMessage(stat.size, this.target.maxPayloadBytes)}`);
      return undefined;
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    const contentType = contentTypeForFile(name);
    const binary = bytes.length > MAX_EDITABLE_FILE || !looksLikeText(bytes) || contentType === 'application/x-npy';
    const info: LoadedFileInfo = {
      fileId: newFileId(), name, size: bytes.length, sizeText: formatBytes(bytes.length), binary,
      ...(contentType ? { contentType } : binary ? { contentType: 'application/octet-stream' } : {}),
    };
    if (binary) {
      this.file = { info, bytes, uri };
      this.post({ kind: 'fileLoaded', file: info });
    } else {
      this.file = undefined;
      this.post({ kind: 'fileLoaded', file: info, text: new TextDecoder().decode(bytes) });
    }
    return info;
  }

  private async pickFile(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false, canSelectFolders: false, openLabel: 'Load as Body', title: `Request body for ${this.target.label}`,
      ...(folder ? { defaultUri: folder } : {}),
    });
    if (picked?.[0]) await this.loadFile(picked[0]);
  }

  private async copyResponse(): Promise<void> {
    if (!this.last?.body) return this.notice('warning', 'There is no reply to copy.');
    const text = responseAsText(this.last.body, this.last.contentType);
    if (text === undefined) return this.notice('warning', 'The reply is binary: save it to a file instead.');
    await vscode.env.clipboard.writeText(text);
    this.notice('info', 'Reply copied.');
  }

  private async saveResponse(): Promise<void> {
    if (!this.last?.body) return this.notice('warning', 'There is no reply to save.');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = `${this.target.label.replace(/[^\w.-]+/g, '-')}-response.${extensionFor(this.last.contentType, this.last.body)}`;
    const uri = await vscode.window.showSaveDialog({
      title: 'Save the reply', ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, this.last.body);
    this.notice('info', `Saved ${path.posix.basename(uri.path)} (${formatBytes(this.last.body.length)}).`);
  }

  private async openResponse(): Promise<void> {
    if (!this.last?.body) return this.notice('warning', 'There is no reply to open.');
    const text = responseAsText(this.last.body, this.last.contentType);
    if (text === undefined) return this.notice('warning', 'The reply is binary: save it to a file instead.');
    const document = await vscode.workspace.openTextDocument({ content: text, language: languageOf(this.last.contentType, this.last.body) });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  private async bodyOf(entry: HistoryEntry): Promise<SentBody | undefined> {
    const body = entry.request.body;
    if (body.type === 'text') return { bytes: encodeText(body.text), kept: body };
    if (body.base64 !== undefined) return { bytes: Buffer.from(body.base64, 'base64'), kept: body };
    if (body.path) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(body.path));
      return { bytes, kept: { ...body, size: bytes.length } };
    }
    return undefined;
  }

  private formOf(entry: HistoryEntry): RequestForm {
    const { body: _body, ...headers } = entry.request;
    return { ...headers, body: { type: 'text', text: entry.request.body.type === 'text' ? entry.request.body.text : '' } };
  }

  private async resend(id: string): Promise<void> {
    const entry = this.entries.find(e => e.id === id);
    if (!entry) return this.notice('warning', 'That request is no longer in the history.');
    const problem = resendProblem(entry);
    if (problem) return this.notice('warning', problem);
    const body = await this.bodyOf(entry);
    if (!body) return this.notice('warning', 'The body of that request was not kept.');
    const form = this.formOf(entry);
    await this.send(entry.request.body.type === 'text' ? form : { ...form, body: { type: 'file', fileId: 'file-resend' } }, body);
  }

  private async restore(id: string): Promise<void> {
    const entry = this.entries.find(e => e.id === id);
    if (!entry) return this.notice('warning', 'That request is no longer in the history.');
    const form = this.formOf(entry);
    const body = entry.request.body;
    if (body.type === 'file') {
      const bytes = await this.bodyOf(entry).catch(() => undefined);
      if (!bytes) return this.notice('warning', `The file ${body.name} was not kept: load it again.`);
      const info: LoadedFileInfo = {
        fileId: newFileId(), name: body.name, size: bytes.bytes.length, sizeText: formatBytes(bytes.bytes.length), binary: true,
        ...(body.contentType ? { contentType: body.contentType } : {}),
      };
      this.file = { info, bytes: bytes.bytes, ...(body.path ? { uri: vscode.Uri.parse(body.path) } : {}) };
      this.post({ kind: 'loadRequest', request: { ...form, body: { type: 'file', fileId: info.fileId } }, file: info });
      return;
    }
    this.post({ kind: 'loadRequest', request: form });
  }
}
