/**
 * The invoke panel's markup, on the shared page (core/webview/page.ts). Static only: the script fills it in
 * from the host's messages; the one value put into it (the target's label) is escaped. Pure (no VS Code): the
 * host passes the webview's cspSource and URIs.
 */
import { escapeHtml } from '../webview/security';
import { webviewPage, type PageAssets } from '../webview/page';
import { HEADER_LIMITS } from './messages';

export interface InvokePanelHtmlOptions extends PageAssets {
  /** The target's label (an endpoint's name, "local: my-model"). */
  label: string;
}

/** The optional headers, each a text field: id (the RequestForm field), label, hint; InvokeEndpoint's limits. */
const HEADER_FIELDS = [
  ['customAttributes', 'Custom attributes', 'X-Amzn-SageMaker-Custom-Attributes'],
  ['targetVariant', 'Target variant', 'AllTraffic'],
  ['targetModel', 'Target model', 'model.tar.gz (multi-model endpoints)'],
  ['inferenceId', 'Inference id', 'for data capture'],
] as const;

const headerField = ([id, label, placeholder]: (typeof HEADER_FIELDS)[number]) => `        <div class="field">
          <vscode-label for="${id}">${label}</vscode-label>
          <vscode-textfield id="${id}" maxLength="${HEADER_LIMITS[id]}" placeholder="${placeholder}"></vscode-textfield>
        </div>`;

/** Filled in by the script from the host's `result` messages. */
const RESPONSE_PANE = `  <section class="pane response" aria-label="Response" aria-live="polite">
    <h2>Response</h2>
    <p id="responseEmpty" class="muted">Send a request to see the reply here.</p>
    <div id="responseMeta" class="meta" hidden></div>
    <div id="responseError" class="error" hidden>
      <div id="errorTitle" class="error-title"></div>
      <div id="errorMessage" class="error-message"></div>
      <pre id="errorOriginal" class="error-original" hidden></pre>
      <div id="errorNext" class="muted"></div>
    </div>
    <div id="responseToolbar" class="toolbar" hidden>
      <vscode-button id="copyResponse" secondary icon="copy">Copy</vscode-button>
      <vscode-button id="saveResponse" secondary icon="save">Save…</vscode-button>
      <vscode-button id="openResponse" secondary icon="go-to-file">Open in Editor</vscode-button>
      <span id="truncated" class="muted" hidden>Shown in part: copy, save or open it for all of it.</span>
    </div>
    <pre id="responseText" class="response-text" hidden></pre>
    <div id="responseTable" class="table-wrap" hidden></div>
    <div id="responseBinary" class="binary" hidden></div>
  </section>`;

/** Filled in by the script from the host's `history` messages. */
const HISTORY_PANE = `  <section class="pane history" aria-label="History">
    <div class="history-head">
      <h2>History <vscode-badge id="historyCount" variant="counter">0</vscode-badge></h2>
      <vscode-button id="clearHistory" secondary icon="clear-all">Clear</vscode-button>
    </div>
    <p id="historyEmpty" class="muted">Requests you send are kept here, per endpoint, across restarts.</p>
    <ol id="historyList" class="history-list"></ol>
  </section>`;

export function invokePanelHtml({ label, ...assets }: InvokePanelHtmlOptions): string {
  const name = escapeHtml(label);
  return webviewPage(assets, {
    title: `Invoke ${label}`,
    styles: [['invoke', 'invoke.css']],
    libraries: [['invoke', 'contentType.js']],
    script: ['invoke', 'invoke.js'],
    body: `
<header class="bar">
  <vscode-icon name="debug-alt" class="bar-icon"></vscode-icon>
  <h1 id="title" title="${name}">${name}</h1>
  <span id="subtitle" class="muted">InvokeEndpoint</span>
</header>
<main class="layout">
  <section class="pane request" aria-label="Request">
    <h2>Request</h2>
    <div class="fields">
      <div class="field">
        <label class="field-label" for="contentType">Content type</label>
        <input id="contentType" class="text-input" list="contentTypeOptions" autocomplete="off" spellcheck="false" maxlength="${HEADER_LIMITS.contentType}" aria-describedby="contentTypeSent">
        <datalist id="contentTypeOptions"></datalist>
        <span id="contentTypeSent" class="muted field-hint"></span>
      </div>
      <div class="field">
        <label class="field-label" for="accept">Accept</label>
        <input id="accept" class="text-input" list="acceptOptions" autocomplete="off" spellcheck="false" maxlength="${HEADER_LIMITS.accept}">
        <datalist id="acceptOptions"></datalist>
      </div>
    </div>
    <vscode-collapsible id="headers" title="Headers" description="custom attributes, target variant and model, inference id">
      <div class="fields headers">
${HEADER_FIELDS.map(headerField).join('\n')}
      </div>
    </vscode-collapsible>
    <div class="toolbar">
      <span class="label">Body</span>
      <vscode-button id="loadFile" secondary icon="folder-opened" title="Load the body from a workspace file (binary too)">Load file…</vscode-button>
      <vscode-button id="formatBody" secondary icon="json" title="Pretty-print the JSON body">Format</vscode-button>
      <span id="bodySize" class="muted size"></span>
    </div>
    <div id="fileChip" class="file-chip" hidden>
      <vscode-icon name="file-binary"></vscode-icon>
      <span id="fileName"></span>
      <vscode-button id="clearFile" secondary icon="close" title="Type the body instead">Clear</vscode-button>
    </div>
    <vscode-textarea id="body" monospace rows="14" resize="vertical" spellcheck="false" placeholder='{"instances": [[1.0, 2.0, 3.0, 4.0]]}' aria-label="Request body"></vscode-textarea>
    <div class="actions">
      <vscode-button id="send" icon="play" title="Send (Ctrl+Enter)">Send</vscode-button>
      <vscode-button id="cancel" secondary icon="stop-circle" hidden>Cancel</vscode-button>
      <vscode-progress-ring id="busy" hidden aria-label="Waiting for the reply"></vscode-progress-ring>
      <span class="muted hint">Ctrl+Enter sends</span>
    </div>
    <div id="notice" class="notice" role="status" hidden></div>
  </section>
${RESPONSE_PANE}
${HISTORY_PANE}
</main>`,
  });
}
