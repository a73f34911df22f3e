// The webview's side of its connection to the extension host, shared by every page (the host's side is
// src/platform/webviewPanel.ts): the ready handshake, posting, and requests whose reply the host sends back
// with the same id (after vscode-pull-request-github's webviews/common/message.ts). Also the notice line every
// page has. A classic script: defines `WebviewHost` in the webview, module.exports under Node (unit tests).
// @ts-check
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.WebviewHost = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /**
   * Listens to the host's messages on `target` (the window): a reply settles the request it answers, anything
   * else goes to `onMessage`.
   * @param {{ postMessage(message: any): void }} api what acquireVsCodeApi() returned
   * @param {{ addEventListener(type: 'message', listener: (event: { data: any }) => void): void }} target
   * @param {(message: { kind: string } & Record<string, any>) => void} onMessage
   */
  function connect(api, target, onMessage) {
    let counter = 0;
    /** @type {Map<string, (reply: { ok: boolean, error?: string }) => void>} */
    const pending = new Map();
    target.addEventListener('message', event => {
      const message = event.data;
      if (!message || typeof message !== 'object' || typeof message.kind !== 'string') return;
      if (message.kind !== 'reply') return onMessage(message);
      const settle = pending.get(message.requestId);
      pending.delete(message.requestId);
      if (settle) settle({ ok: message.ok === true, ...(typeof message.error === 'string' ? { error: message.error } : {}) });
    });
    return {
      /** @param {{ kind: string }} message */
      post: message => api.postMessage(message),
      /**
       * Posts `message` with a fresh request id; resolves with the host's reply once it has handled (or refused)
       * it. Never rejects: a failure is in the reply, and the host shows it as a notice too.
       * @param {{ kind: string }} message
       * @returns {Promise<{ ok: boolean, error?: string }>}
       */
      request: message => new Promise(resolve => {
        const requestId = `r-${(++counter).toString(36)}`;
        pending.set(requestId, resolve);
        api.postMessage({ ...message, requestId });
      }),
      /**
       * The handshake: the page's script is listening, the host may post what it shows. `details`: what the page's
       * ready message carries besides (its own fields, checked by its host like any message).
       * @param {Record<string, unknown>} [details]
       */
      ready: details => api.postMessage({ ...details, kind: 'ready' }),
      /** How many requests wait for their reply. */
      waiting: () => pending.size,
    };
  }

  /**
   * In the webview: acquires VS Code's API (once per page: only here) and connects to the window.
   * @param {(message: { kind: string } & Record<string, any>) => void} onMessage
   */
  function start(onMessage) {
    // @ts-ignore acquireVsCodeApi is defined in a webview only
    const api = acquireVsCodeApi();
    return { ...connect(api, self, onMessage), getState: () => api.getState(), setState: state => api.setState(state) };
  }

  /** @param {string} id */
  const byId = id => /** @type {any} */ (document.getElementById(id));

  /**
   * Shows a host notice (or clears it, with an empty message) in the page's notice element.
   * @param {HTMLElement} element @param {string} level @param {string} message
   */
  function showNotice(element, level, message) {
    element.textContent = message;
    element.className = `notice ${level}`;
    element.hidden = !message;
  }

  return { connect, start, byId, showNotice };
});
