// The invoke panel's script. It only shows what the extension host sends and posts the form back: the host
// checks every message, invokes the endpoint (the webview never sees credentials) and renders the reply.
// No inline script or style: everything here sets text, attributes, classes and `hidden`.
// @ts-check

const { start, byId: $, showNotice: showNoticeIn } = /** @type {any} */ (window).WebviewHost;
const { guessContentType, FALLBACK_CONTENT_TYPE } = /** @type {any} */ (window).InvokeContentType;
const host = start(onHostMessage);

const ui = {
  title: $('title'), subtitle: $('subtitle'),
  contentType: $('contentType'), accept: $('accept'), contentTypeSent: $('contentTypeSent'),
  contentTypeOptions: $('contentTypeOptions'), acceptOptions: $('acceptOptions'),
  customAttributes: $('customAttributes'), targetVariant: $('targetVariant'), targetModel: $('targetModel'), inferenceId: $('inferenceId'),
  body: $('body'), bodySize: $('bodySize'), loadFile: $('loadFile'), formatBody: $('formatBody'),
  fileChip: $('fileChip'), fileName: $('fileName'), clearFile: $('clearFile'),
  send: $('send'), cancel: $('cancel'), busy: $('busy'), notice: $('notice'),
  responseEmpty: $('responseEmpty'), responseMeta: $('responseMeta'), responseError: $('responseError'),
  errorTitle: $('errorTitle'), errorMessage: $('errorMessage'), errorOriginal: $('errorOriginal'), errorNext: $('errorNext'),
  responseToolbar: $('responseToolbar'), copyResponse: $('copyResponse'), saveResponse: $('saveResponse'), openResponse: $('openResponse'),
  truncated: $('truncated'), responseText: $('responseText'), responseTable: $('responseTable'), responseBinary: $('responseBinary'),
  historyCount: $('historyCount'), historyEmpty: $('historyEmpty'), historyList: $('historyList'), clearHistory: $('clearHistory'),
  headers: $('headers'),
};

/**
 * `contentTypeFromBody`: the user has not typed a content type, so the field follows what the body looks like,
 * or `known`: the content type the model was trained on (its training channel's), when the host found it.
 * @type {{ limitBytes: number, limitText: string, file?: { fileId: string, name: string, sizeText: string, binary: boolean }, busy: boolean, contentTypeFromBody: boolean, known?: { contentType: string, why: string } }}
 */
const state = { limitBytes: 6 * 1024 * 1024, limitText: '6 MB', busy: false, contentTypeFromBody: true };

const saved = host.getState() || {};

const post = host.post;

function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Suggestions of a field (a datalist): the field itself keeps whatever is typed. */
function fillOptions(list, values) {
  list.textContent = '';
  for (const { value, label } of values) {
    const option = document.createElement('option');
    option.value = value;
    if (label && label !== value) option.label = label;
    list.appendChild(option);
  }
}

/** While the user has not typed a content type, the field shows the one the body will be sent with. */
function followBody() {
  if (!state.contentTypeFromBody || (state.file && state.file.binary)) return;
  ui.contentType.value = (state.known && state.known.contentType) || guessContentType(ui.body.value || '') || FALLBACK_CONTENT_TYPE;
}

/** Says under the field what goes out as Content-Type, and why when the panel chose it. */
function showContentTypeSent() {
  const typed = valueOf(ui.contentType);
  const binary = state.file && state.file.binary;
  const known = state.known && state.known.contentType;
  const sent = typed || (binary ? 'application/octet-stream' : known || guessContentType(ui.body.value || '') || FALLBACK_CONTENT_TYPE);
  const guessed = guessContentType(ui.body.value || '');
  const why = !state.contentTypeFromBody || binary ? '' : known ? ` (what the model was trained on: ${state.known.why})`
    : guessed === 'text/csv' ? ' (the body looks like CSV)'
    : guessed === 'application/json' ? ' (the body is JSON)' : ' (the default: type another to change it)';
  ui.contentTypeSent.textContent = `Sent as Content-Type: ${sent}${why}`;
}

function valueOf(el) {
  return typeof el.value === 'string' ? el.value.trim() : '';
}

function form() {
  const body = state.file && state.file.binary
    ? { type: 'file', fileId: state.file.fileId }
    : { type: 'text', text: ui.body.value || '' };
  return {
    contentType: valueOf(ui.contentType),
    accept: valueOf(ui.accept),
    customAttributes: valueOf(ui.customAttributes),
    targetVariant: valueOf(ui.targetVariant),
    targetModel: valueOf(ui.targetModel),
    inferenceId: valueOf(ui.inferenceId),
    body,
  };
}

function saveDraft() {
  const f = form();
  showContentTypeSent();
  host.setState({ ...f, contentTypeFromBody: state.contentTypeFromBody, body: f.body.type === 'text' ? f.body : { type: 'text', text: '' } });
}

const showNotice = (level, message) => showNoticeIn(ui.notice, level, message);

function updateSize() {
  if (state.file && state.file.binary) {
    ui.bodySize.textContent = `${state.file.sizeText} from ${state.file.name}`;
    ui.bodySize.classList.remove('over');
    return true;
  }
  const bytes = utf8Length(ui.body.value || '');
  const over = bytes > state.limitBytes;
  ui.bodySize.textContent = `${formatBytes(bytes)} of ${state.limitText}`;
  ui.bodySize.classList.toggle('over', over);
  return !over;
}

function setBusy(busy) {
  const active = document.activeElement;
  state.busy = busy;
  ui.cancel.hidden = !busy;
  ui.busy.hidden = !busy;
  ui.send.disabled = busy;
  // A disabled or hidden control drops the keyboard to the page's top: it goes from Send to Cancel while the
  // request waits, and back to Send when the reply is in.
  if (busy && active === ui.send) ui.cancel.focus();
  if (!busy && active === ui.cancel) void ui.send.updateComplete.then(() => ui.send.focus());
}

function send() {
  if (state.busy) return;
  if (!updateSize()) {
    showNotice('error', `The body is over SageMaker's real-time limit of ${state.limitText} per request: nothing was sent.`);
    return;
  }
  showNotice('', '');
  saveDraft();
  post({ kind: 'send', request: form() });
}

function badge(text, kind, title) {
  const span = document.createElement('span');
  span.className = `pill ${kind || ''}`;
  span.textContent = text;
  if (title) span.title = title;
  return span;
}

function clearResponse() {
  for (const el of [ui.responseMeta, ui.responseError, ui.responseToolbar, ui.responseText, ui.responseTable, ui.responseBinary, ui.truncated, ui.errorOriginal]) el.hidden = true;
  ui.responseMeta.textContent = '';
  ui.responseTable.textContent = '';
}

function renderTable(rows, totalRows) {
  const table = document.createElement('table');
  table.className = 'csv';
  const tbody = document.createElement('tbody');
  rows.forEach((row, i) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = String(i + 1);
    th.className = 'rownum';
    tr.appendChild(th);
    for (const cell of row) {
      const td = document.createElement('td');
      td.textContent = cell;
      if (cell !== '' && !Number.isNaN(Number(cell))) td.className = 'num';
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  ui.responseTable.appendChild(table);
  if (totalRows > rows.length) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = `${rows.length} of ${totalRows} rows shown.`;
    ui.responseTable.appendChild(p);
  }
}

function renderResult(result) {
  clearResponse();
  ui.responseEmpty.hidden = true;
  if (result.latencyMs !== undefined) ui.responseMeta.appendChild(badge(`${result.latencyMs} ms`, '', 'Client-side latency: from sending to the whole reply'));
  if (!result.ok) {
    const e = result.error;
    ui.responseMeta.prepend(badge(e.httpStatus !== undefined ? `${e.httpStatus} ${e.errorType || ''}` : e.errorType || 'Error', 'bad', 'HTTP status of the reply'));
    if (e.attempts) ui.responseMeta.appendChild(badge(`${e.attempts} attempts`, 'warn'));
    ui.responseMeta.hidden = false;
    ui.errorTitle.textContent = e.title;
    ui.errorMessage.textContent = e.message;
    if (e.originalMessage !== undefined || e.originalStatus !== undefined) {
      ui.errorOriginal.textContent = `Model's reply${e.originalStatus !== undefined ? ` (${e.originalStatus})` : ''}:\n${e.originalMessage || ''}${e.logStreamArn ? `\n\nLog stream: ${e.logStreamArn}` : ''}`;
      ui.errorOriginal.hidden = false;
    }
    ui.errorNext.textContent = e.nextStep || '';
    ui.responseError.hidden = false;
    return;
  }
  ui.responseMeta.prepend(badge(`${result.status}`, result.status < 300 ? 'ok' : 'bad', 'HTTP status'));
  if (result.invokedVariant) ui.responseMeta.appendChild(badge(`variant ${result.invokedVariant}`, '', 'Invoked production variant'));
  if (result.contentType) ui.responseMeta.appendChild(badge(result.contentType, '', 'Content type of the reply'));
  ui.responseMeta.appendChild(badge(result.sizeText, '', `${result.size} bytes`));
  if (result.customAttributes) ui.responseMeta.appendChild(badge(`attributes: ${result.customAttributes}`, ''));
  if (result.attempts && result.attempts > 1) ui.responseMeta.appendChild(badge(`${result.attempts} attempts`, 'warn', 'The client retried'));
  ui.responseMeta.hidden = false;
  ui.responseToolbar.hidden = false;
  const view = result.view;
  ui.copyResponse.disabled = view.type === 'binary';
  ui.openResponse.disabled = view.type === 'binary';
  if (view.type === 'json' || view.type === 'text') {
    ui.responseText.textContent = view.text;
    ui.responseText.className = `response-text ${view.type}`;
    ui.responseText.hidden = false;
    ui.truncated.hidden = !view.truncated;
  } else if (view.type === 'csv') {
    renderTable(view.rows, view.totalRows);
    ui.responseTable.hidden = false;
    ui.truncated.hidden = !view.truncated;
  } else {
    ui.responseBinary.textContent = `Binary reply, ${view.sizeText} (${result.size} bytes): save it to a file to look at it.`;
    ui.responseBinary.hidden = false;
  }
}

function time(at) {
  const d = new Date(at);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

/**
 * Where the keyboard is in the history list (an entry's button), to put it back after the list is drawn again:
 * on the same button of the same entry, else of the entry now at its place, else on Clear.
 */
function historyFocus() {
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const item = active && ui.historyList.contains(active) ? active.closest('[data-id]') : null;
  if (!item || !active) return undefined;
  return { id: item.getAttribute('data-id'), action: active.getAttribute('data-action'), index: [...ui.historyList.children].indexOf(item) };
}

function restoreHistoryFocus(focus) {
  if (!focus) return;
  const items = [...ui.historyList.children];
  const item = items.find(li => li.getAttribute('data-id') === focus.id) ?? items[Math.min(focus.index, items.length - 1)];
  const buttons = item ? [...item.querySelectorAll('[data-action]')].filter(b => !b.hasAttribute('disabled')) : [];
  const target = buttons.find(b => b.getAttribute('data-action') === focus.action) ?? buttons[0] ?? ui.clearHistory;
  // A button just made can take the focus once it has drawn itself; unless the user has moved on meanwhile.
  void Promise.resolve(target.updateComplete).then(() => {
    if (!document.activeElement || document.activeElement === document.body) target.focus();
  });
}

function renderHistory(entries) {
  const focus = historyFocus();
  ui.historyList.textContent = '';
  ui.historyCount.textContent = String(entries.length);
  ui.historyEmpty.hidden = entries.length > 0;
  for (const entry of entries) {
    const li = document.createElement('li');
    li.className = `history-item ${entry.ok ? 'ok' : 'bad'}`;
    li.dataset.id = entry.id;
    const head = document.createElement('div');
    head.className = 'history-line';
    head.appendChild(badge(entry.summary, entry.ok ? 'ok' : 'bad'));
    if (entry.latencyMs !== undefined) head.appendChild(badge(`${entry.latencyMs} ms`, ''));
    head.appendChild(badge(entry.requestContentType, ''));
    head.appendChild(badge(entry.requestSize, ''));
    const when = document.createElement('span');
    when.className = 'muted when';
    when.textContent = time(entry.at);
    head.appendChild(when);
    const buttons = document.createElement('span');
    buttons.className = 'history-actions';
    const resend = document.createElement('vscode-button');
    resend.setAttribute('secondary', '');
    resend.setAttribute('icon', 'refresh');
    resend.textContent = 'Resend';
    resend.dataset.action = 'resend';
    if (!entry.canResend) {
      resend.setAttribute('disabled', '');
      resend.title = entry.whyNotResend || '';
    }
    const restore = document.createElement('vscode-button');
    restore.setAttribute('secondary', '');
    restore.setAttribute('icon', 'edit');
    restore.textContent = 'Edit';
    restore.title = 'Put this request back into the form';
    restore.dataset.action = 'restore';
    const remove = document.createElement('vscode-button');
    remove.setAttribute('secondary', '');
    remove.setAttribute('icon', 'trash');
    remove.setAttribute('icon-only', '');
    remove.title = 'Remove from history';
    remove.dataset.action = 'deleteHistory';
    buttons.append(resend, restore, remove);
    head.appendChild(buttons);
    const req = document.createElement('div');
    req.className = 'history-preview';
    req.textContent = `→ ${entry.requestPreview}`;
    li.append(head, req);
    if (entry.responsePreview) {
      const res = document.createElement('div');
      res.className = 'history-preview muted';
      res.textContent = `← ${entry.responsePreview}`;
      li.appendChild(res);
    }
    ui.historyList.appendChild(li);
  }
  restoreHistoryFocus(focus);
}

function setFile(file, text) {
  if (file && file.binary) {
    state.file = file;
    ui.fileName.textContent = `${file.name} · ${file.sizeText} (binary)`;
    ui.fileChip.hidden = false;
    ui.body.hidden = true;
    ui.formatBody.disabled = true;
  } else {
    state.file = undefined;
    ui.fileChip.hidden = true;
    ui.body.hidden = false;
    ui.formatBody.disabled = false;
    if (text !== undefined) ui.body.value = text;
  }
  if (file && file.contentType) {
    ui.contentType.value = file.contentType;
    state.contentTypeFromBody = false;
  }
  updateSize();
}

function loadRequest(request, file) {
  ui.contentType.value = request.contentType;
  state.contentTypeFromBody = request.contentType === '';
  ui.accept.value = request.accept;
  ui.customAttributes.value = request.customAttributes;
  ui.targetVariant.value = request.targetVariant;
  ui.targetModel.value = request.targetModel;
  ui.inferenceId.value = request.inferenceId;
  if (request.body.type === 'text') setFile(undefined, request.body.text);
  else if (file) setFile(file);
  saveDraft();
}

function onHostMessage(message) {
  switch (message.kind) {
    case 'init': {
      ui.title.textContent = message.label;
      state.limitBytes = message.limitBytes;
      state.limitText = message.limitText;
      ui.subtitle.textContent = `InvokeEndpoint · at most ${message.limitText} per request`;
      fillOptions(ui.contentTypeOptions, message.contentTypes);
      fillOptions(ui.acceptOptions, message.acceptTypes.map(v => ({ value: v, label: v })));
      state.contentTypeFromBody = saved.contentTypeFromBody !== false || !saved.contentType;
      ui.contentType.value = saved.contentType || '';
      ui.accept.value = saved.accept === undefined ? 'application/json' : saved.accept;
      for (const key of ['customAttributes', 'targetVariant', 'targetModel', 'inferenceId']) if (saved[key]) ui[key].value = saved[key];
      if (message.request) loadRequest(message.request);
      else if (saved.body && saved.body.type === 'text') ui.body.value = saved.body.text;
      followBody();
      showContentTypeSent();
      updateSize();
      renderHistory(message.history);
      if (message.result) renderResult(message.result);
      break;
    }
    case 'knownContentType':
      state.known = { contentType: message.contentType, why: message.why };
      followBody();
      showContentTypeSent();
      break;
    case 'busy':
      setBusy(message.busy);
      break;
    case 'result':
      setBusy(false);
      renderResult(message.result);
      break;
    case 'history':
      renderHistory(message.entries);
      break;
    case 'fileLoaded':
      setFile(message.file, message.text);
      showNotice('info', `Loaded ${message.file.name} (${message.file.sizeText}${message.file.binary ? ', binary: sent as is' : ''}).`);
      saveDraft();
      break;
    case 'fileCleared':
      setFile(undefined);
      break;
    case 'loadRequest':
      loadRequest(message.request, message.file);
      break;
    case 'notice':
      showNotice(message.level, message.message);
      break;
  }
}

ui.send.addEventListener('click', send);
ui.cancel.addEventListener('click', () => post({ kind: 'cancel' }));
ui.loadFile.addEventListener('click', async () => {
  // One file dialog at a time: the button comes back when the host has handled the pick (or its cancel), with the
  // keyboard on it again if it was there (disabling it dropped the focus).
  const focused = document.activeElement === ui.loadFile;
  ui.loadFile.disabled = true;
  await host.request({ kind: 'pickFile' });
  ui.loadFile.disabled = false;
  // Enabled once the element has drawn the change (it stays unfocusable until then).
  await ui.loadFile.updateComplete;
  if (focused && (!document.activeElement || document.activeElement === document.body)) ui.loadFile.focus();
});
ui.clearFile.addEventListener('click', () => {
  setFile(undefined);
  post({ kind: 'clearFile' });
});
ui.formatBody.addEventListener('click', () => {
  try {
    ui.body.value = JSON.stringify(JSON.parse(ui.body.value), null, 2);
    updateSize();
    showNotice('', '');
  } catch (e) {
    showNotice('warning', `The body is not JSON: ${e instanceof Error ? e.message : e}`);
  }
});
ui.body.addEventListener('input', () => {
  followBody();
  updateSize();
  saveDraft();
});
// Typing a content type takes it over from the body; emptying the field gives it back.
ui.contentType.addEventListener('input', () => {
  state.contentTypeFromBody = valueOf(ui.contentType) === '';
  saveDraft();
});
for (const el of [ui.accept, ui.customAttributes, ui.targetVariant, ui.targetModel, ui.inferenceId]) el.addEventListener('input', saveDraft);
for (const el of [ui.contentType, ui.accept, ui.customAttributes, ui.targetVariant, ui.targetModel, ui.inferenceId]) el.addEventListener('change', saveDraft);
ui.copyResponse.addEventListener('click', () => post({ kind: 'copyResponse' }));
ui.saveResponse.addEventListener('click', () => post({ kind: 'saveResponse' }));
ui.openResponse.addEventListener('click', () => post({ kind: 'openResponse' }));
ui.clearHistory.addEventListener('click', () => post({ kind: 'clearHistory' }));
ui.historyList.addEventListener('click', event => {
  const target = /** @type {HTMLElement} */ (event.target);
  const button = target.closest('[data-action]');
  const item = target.closest('[data-id]');
  if (!button || !item || button.hasAttribute('disabled')) return;
  post({ kind: button.getAttribute('data-action'), id: item.getAttribute('data-id') });
});
// vscode-collapsible's header opens on Enter only, and tells a screen reader neither what it is nor whether it is
// open: Space opens it too (as any button), and the header says it is a button and its state.
const headersHeader = () => ui.headers.shadowRoot && ui.headers.shadowRoot.querySelector('.collapsible-header');
function describeHeaders() {
  const header = headersHeader();
  if (!header) return;
  header.setAttribute('role', 'button');
  header.setAttribute('aria-expanded', String(!!ui.headers.open));
}
ui.headers.addEventListener('keydown', event => {
  if (event.key !== ' ' || event.composedPath()[0] !== headersHeader()) return;
  event.preventDefault();
  ui.headers.open = !ui.headers.open;
  ui.headers.dispatchEvent(new CustomEvent('vsc-collapsible-toggle', { detail: { open: ui.headers.open } }));
});
ui.headers.addEventListener('vsc-collapsible-toggle', () => ui.headers.updateComplete.then(describeHeaders));
customElements.whenDefined('vscode-collapsible').then(() => ui.headers.updateComplete).then(describeHeaders);

document.addEventListener('keydown', event => {
  if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
    event.preventDefault();
    send();
  }
});

host.ready();
