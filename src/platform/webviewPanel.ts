/**
 * The one base of the extension's webview panels (the invoke panel, the job page), after
 * vscode-pull-request-github's `WebviewBase` and webview-sample's panel class. It creates the panel, or takes
 * one VS Code restored after a reload; sets its page (core/webview/page.ts, with a fresh nonce); owns its
 * disposables; checks every message the webview sends before the subclass dispatches it (a refused one is
 * logged with its reason, shown as a notice and changes nothing); answers the ready handshake; and replies to
 * a message sent with a request id once it is handled (media/webview/host.js matches the reply by that id).
 */
import * as vscode from 'vscode';
import { replyTo, type NoticeLevel, type NoticeMessage, type ReplyMessage, type Validation } from '../core/webview/messages';
import type { PageAssets } from '../core/webview/page';
import { makeNonce } from '../core/webview/security';

/** How many posted messages a panel keeps for tests. */
const POSTED_KEPT = 200;

export interface Rejection {
  reason: string;
  at: number;
}

/** What tests (and the extension) can do with any open panel. */
export interface WebviewPanelController<Out> {
  readonly panel: vscode.WebviewPanel;
  /** Runs the host's handler on a message exactly as if the webview had posted it; resolves when it is handled. */
  postFromWebview(message: unknown): Promise<void>;
  /** Messages posted to the webview, oldest first (the last 200). */
  posted(): readonly Out[];
  /** Messages refused, with the reason logged. */
  rejections(): readonly Rejection[];
  reveal(): void;
  dispose(): void;
}

export interface WebviewPanelSpec<In> {
  viewType: string;
  title: string;
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** How the log names the panel ("Invoke panel my-endpoint"). */
  logName: string;
  /** The page's document, given its nonce and the webview's URIs. */
  html(assets: PageAssets): string;
  /** The page's message checker (core/<feature>/messages.ts). */
  validate(raw: unknown): Validation<In>;
  column?: vscode.ViewColumn;
  /** A panel VS Code restored after a reload (its serializer's), used instead of a new one. */
  existing?: vscode.WebviewPanel;
}

/** The messages a subclass dispatches: all but the ready handshake, which the base answers. */
export type Dispatched<In> = Exclude<In, { kind: 'ready' }>;

export abstract class WebviewPanelBase<In extends { kind: string }, Out extends { kind: string }>
implements WebviewPanelController<Out | NoticeMessage | ReplyMessage> {
  readonly panel: vscode.WebviewPanel;
  /** Disposed with the panel, in order. */
  protected readonly disposables: vscode.Disposable[] = [];
  protected readonly log: vscode.LogOutputChannel;
  private readonly logName: string;
  private readonly validate: (raw: unknown) => Validation<In>;
  private readonly sent: (Out | NoticeMessage | ReplyMessage)[] = [];
  private readonly refused: Rejection[] = [];
  private readonly disposeHandlers: (() => void)[] = [];
  private isReady = false;
  private disposed = false;

  constructor(spec: WebviewPanelSpec<In>) {
    this.log = spec.log;
    this.logName = spec.logName;
    this.validate = spec.validate;
    const media = vscode.Uri.joinPath(spec.extensionUri, 'media');
    const options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    this.panel = spec.existing ?? vscode.window.createWebviewPanel(spec.viewType, spec.title, spec.column ?? vscode.ViewColumn.Active, {
      ...options, retainContextWhenHidden: true,
    });
    if (spec.existing) {
      spec.existing.webview.options = options;
      spec.existing.title = spec.title;
    }
    this.panel.iconPath = vscode.Uri.joinPath(media, 'sagemaker.svg');
    const webview = this.panel.webview;
    webview.html = spec.html({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      media: (...parts) => webview.asWebviewUri(vscode.Uri.joinPath(media, ...parts)).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage(message => void this.handle(message)),
      this.panel.onDidDispose(() => this.cleanup()),
    );
  }

  /** The webview said it is ready (once per load of its page): post it everything it shows. */
  protected abstract onReady(message: Extract<In, { kind: 'ready' }>): void | Promise<void>;

  /** Acts on a checked message other than `ready`. */
  protected abstract dispatch(message: Dispatched<In>): Promise<void>;

  /** Whether the webview's script has said it is ready (messages posted before are lost, the init covers them). */
  protected get ready(): boolean {
    return this.isReady;
  }

  onDidDispose(handler: () => void): void {
    this.disposeHandlers.push(handler);
  }

  postFromWebview(message: unknown): Promise<void> {
    return this.handle(message);
  }

  posted(): readonly (Out | NoticeMessage | ReplyMessage)[] {
    return this.sent;
  }

  rejections(): readonly Rejection[] {
    return this.refused;
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** Posts to the webview; `recordAs` is what `posted()` keeps of it (default: the message). */
  protected post(message: Out | NoticeMessage | ReplyMessage, recordAs: Out | NoticeMessage | ReplyMessage = message): void {
    this.sent.push(recordAs);
    if (this.sent.length > POSTED_KEPT) this.sent.splice(0, this.sent.length - POSTED_KEPT);
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  protected notice(level: NoticeLevel, message: string): void {
    this.post({ kind: 'notice', level, message });
  }

  private async handle(raw: unknown): Promise<void> {
    const checked = this.validate(raw);
    if (!checked.ok) {
      this.refused.push({ reason: checked.reason, at: Date.now() });
      this.log.warn(`${this.logName}: refused a message from the webview: ${checked.reason}`);
      this.notice('error', `The page sent a message the extension refused (${checked.reason}): nothing was done.`);
      if (checked.requestId) this.post(replyTo(checked.requestId, checked.reason));
      return;
    }
    const { message, requestId } = checked;
    let failure: string | undefined;
    try {
      if (message.kind === 'ready') {
        this.isReady = true;
        await this.onReady(message as Extract<In, { kind: 'ready' }>);
      } else {
        await this.dispatch(message as Dispatched<In>);
      }
    } catch (error) {
      failure = `${message.kind} failed: ${(error as Error)?.message ?? String(error)}`;
      this.log.error(`${this.logName}: ${message.kind} failed: ${(error as Error)?.stack ?? String(error)}`);
      this.notice('error', failure);
    }
    if (requestId) this.post(replyTo(requestId, failure));
  }

  private cleanup(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    for (const handler of this.disposeHandlers) handler();
  }
}
