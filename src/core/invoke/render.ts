/**
 * How a reply is shown: JSON pretty-printed, CSV as a table, other text as is, anything else as its size (to
 * save). Also what a failed invocation says. Pure: the panel's host computes these and posts them to the
 * webview, which only displays them.
 */
import { formatBytes, looksLikeText } from './payload';
import type { InvokeResponse } from './types';
import type { InvokeErrorInfo } from './errors';

/** Text shown in the panel is cut here (the whole reply can still be copied or saved). */
export const MAX_SHOWN_TEXT = 512 * 1024;
export const MAX_TABLE_ROWS = 500;
export const MAX_TABLE_COLUMNS = 64;

export type ResponseView =
  | { type: 'json'; text: string; truncated: boolean }
  | { type: 'csv'; rows: string[][]; totalRows: number; truncated: boolean }
  | { type: 'text'; text: string; truncated: boolean }
  | { type: 'binary'; size: number; sizeText: string };

export interface RenderedSuccess {
  ok: true;
  status: number;
  latencyMs: number;
  invokedVariant?: string;
  contentType?: string;
  customAttributes?: string;
  size: number;
  sizeText: string;
  attempts?: number;
  view: ResponseView;
}

export interface RenderedFailure {
  ok: false;
  latencyMs?: number;
  error: InvokeErrorInfo;
}

export type RenderedResult = RenderedSuccess | RenderedFailure;

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export function isJsonType(contentType: string | undefined): boolean {
  const t = mediaType(contentType);
  return t === 'application/json' || t.endsWith('+json') || t === 'text/json';
}

export function isJsonLinesType(contentType: string | undefined): boolean {
  const t = mediaType(contentType);
  return t === 'application/jsonlines' || t === 'application/x-jsonlines' || t === 'application/jsonl' || t === 'application/x-ndjson';
}

export function isCsvType(contentType: string | undefined): boolean {
  const t = mediaType(contentType);
  return t === 'text/csv' || t === 'application/csv';
}

export function isTextType(contentType: string | undefined): boolean {
  const t = mediaType(contentType);
  return t.startsWith('text/') || isJsonType(t) || isJsonLinesType(t) || t === 'application/xml' || t.endsWith('+xml');
}

function cut(text: string): { text: string; truncated: boolean } {
  return text.length > MAX_SHOWN_TEXT ? { text: text.slice(0, MAX_SHOWN_TEXT), truncated: true } : { text, truncated: false };
}

/** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF rows. */
export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY): { rows: string[][]; totalRows: number } {
  const rows: string[][] = [];
  let totalRows = 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = '';
    totalRows++;
    if (rows.length < maxRows) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) endRow();
  return { rows, totalRows };
}

function decodeText(body: Uint8Array): string {
  return new TextDecoder('utf-8').decode(body);
}

/** The view of a reply body for its content type (falling back on what the bytes look like). */
export function viewOf(body: Uint8Array, contentType: string | undefined): ResponseView {
  const type = mediaType(contentType);
  const isText = isTextType(contentType) || (type !== 'application/x-npy' && !type.startsWith('image/') && looksLikeText(body));
  if (!isText) return { type: 'binary', size: body.length, sizeText: formatBytes(body.length) };
  const text = decodeText(body);
  if (isJsonType(contentType) || (!isCsvType(contentType) && /^\s*[[{]/.test(text))) {
    try {
      return { type: 'json', ...cut(JSON.stringify(JSON.parse(text), null, 2)) };
    } catch {
      // not JSON after all: shown as text
    }
  }
  if (isJsonLinesType(contentType)) {
    const lines = text.split(/\r?\n/).filter(l => l.trim() !== '');
    try {
      return { type: 'json', ...cut(lines.map(l => JSON.stringify(JSON.parse(l))).join('\n')) };
    } catch {
      // shown as text
    }
  }
  if (isCsvType(contentType)) {
    const { rows, totalRows } = parseCsv(text.length > MAX_SHOWN_TEXT ? text.slice(0, MAX_SHOWN_TEXT) : text, MAX_TABLE_ROWS);
    const clipped = rows.map(r => (r.length > MAX_TABLE_COLUMNS ? r.slice(0, MAX_TABLE_COLUMNS) : r));
    const truncated = totalRows > rows.length || text.length > MAX_SHOWN_TEXT || rows.some(r => r.length > MAX_TABLE_COLUMNS);
    return { type: 'csv', rows: clipped, totalRows, truncated };
  }
  return { type: 'text', ...cut(text) };
}

export function renderSuccess(response: InvokeResponse, latencyMs: number): RenderedSuccess {
  return {
    ok: true,
    status: response.status,
    latencyMs: Math.round(latencyMs * 10) / 10,
    ...(response.invokedVariant ? { invokedVariant: response.invokedVariant } : {}),
    ...(response.contentType ? { contentType: response.contentType } : {}),
    ...(response.customAttributes ? { customAttributes: response.customAttributes } : {}),
    ...(response.attempts ? { attempts: response.attempts } : {}),
    size: response.body.length,
    sizeText: formatBytes(response.body.length),
    view: viewOf(response.body, response.contentType),
  };
}

/** The reply as text for the clipboard or an editor: pretty JSON, else the text, else undefined (binary). */
export function responseAsText(body: Uint8Array, contentType: string | undefined): string | undefined {
  const view = viewOf(body, contentType);
  if (view.type === 'binary') return undefined;
  const text = decodeText(body);
  if (view.type === 'json' && !isJsonLinesType(contentType)) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  return text;
}

/** The VS Code language of a reply shown in an editor. */
export function languageOf(contentType: string | undefined, body: Uint8Array): string {
  const view = viewOf(body, contentType);
  if (view.type === 'json') return isJsonLinesType(contentType) ? 'jsonl' : 'json';
  if (view.type === 'csv') return 'csv';
  return 'plaintext';
}

/** A file extension for saving a reply. */
export function extensionFor(contentType: string | undefined, body: Uint8Array): string {
  const t = mediaType(contentType);
  if (t === 'application/x-npy') return 'npy';
  const view = viewOf(body, contentType);
  if (view.type === 'json') return isJsonLinesType(contentType) ? 'jsonl' : 'json';
  if (view.type === 'csv') return 'csv';
  if (view.type === 'text') return 'txt';
  const image = /^image\/(png|jpeg|gif|webp|bmp)$/.exec(t);
  return image ? (image[1] === 'jpeg' ? 'jpg' : image[1]!) : 'bin';
}
