/**
 * The invoke panel's history, per endpoint: the last 50 requests with what came back, kept across restarts.
 * Bodies are kept up to 64 KB (a longer text keeps its first 64 KB and cannot be resent as is; a longer file
 * keeps its path, to be read again). Pure: the host stores the entries (in VS Code's globalState).
 */
import { formatBytes } from './payload';
import type { RequestForm } from './types';
import type { RenderedResult } from './render';

export const MAX_HISTORY_ENTRIES = 50;
export const MAX_KEPT_BODY = 64 * 1024;
const PREVIEW = 160;

export type KeptBody =
  | { type: 'text'; text: string; size: number; truncated: boolean }
  | { type: 'file'; name: string; size: number; contentType?: string; base64?: string; path?: string };

export interface HistoryEntry {
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  request: Omit<RequestForm, 'body'> & { body: KeptBody };
  outcome: {
    ok: boolean;
    /** `200`, or the error's title. */
    summary: string;
    latencyMs?: number;
    contentType?: string;
    size?: number;
    preview?: string;
  };
}

/** What the webview shows of an entry. */
export interface HistorySummary {
  id: string;
  at: number;
  ok: boolean;
  summary: string;
  latencyMs?: number;
  requestContentType: string;
  requestSize: string;
  requestPreview: string;
  responsePreview?: string;
  canResend: boolean;
  whyNotResend?: string;
}

let counter = 0;

/** A fresh history id (`h-<time>-<n>`), valid for the message checks. */
export function newHistoryId(now = Date.now()): string {
  counter = (counter + 1) % 1_000_000;
  return `h-${now.toString(36)}-${counter.toString(36)}`;
}

const oneLine = (text: string, max = PREVIEW): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A text body as kept: its first 64 KB (by characters) when longer. */
export function keepText(text: string, size: number): KeptBody {
  return text.length > MAX_KEPT_BODY
    ? { type: 'text', text: text.slice(0, MAX_KEPT_BODY), size, truncated: true }
    : { type: 'text', text, size, truncated: false };
}

/** A file body as kept: its bytes (base64) when small, else only its name and path. */
export function keepFile(name: string, bytes: Uint8Array, contentType?: string, path?: string): KeptBody {
  return {
    type: 'file', name, size: bytes.length,
    ...(contentType ? { contentType } : {}),
    ...(bytes.length <= MAX_KEPT_BODY ? { base64: Buffer.from(bytes).toString('base64') } : {}),
    ...(path ? { path } : {}),
  };
}

export function outcomeOf(result: RenderedResult): HistoryEntry['outcome'] {
  if (!result.ok) {
    return { ok: false, summary: result.error.title, ...(result.latencyMs !== undefined ? { latencyMs: result.latencyMs } : {}), preview: oneLine(result.error.message) };
  }
  const v = result.view;
  const preview = v.type === 'binary' ? `${v.sizeText} binary` : v.type === 'csv' ? oneLine(v.rows.slice(0, 3).map(r => r.join(',')).join(' ⏎ ')) : oneLine(v.text);
  return {
    ok: true, summary: String(result.status), latencyMs: result.latencyMs,
    ...(result.contentType ? { contentType: result.contentType } : {}), size: result.size, preview,
  };
}

/** The list with `entry` first and at most `max` entries. */
export function addEntry(entries: readonly HistoryEntry[], entry: HistoryEntry, max = MAX_HISTORY_ENTRIES): HistoryEntry[] {
  return [entry, ...entries.filter(e => e.id !== entry.id)].slice(0, max);
}

export function resendProblem(entry: HistoryEntry): string | undefined {
  const body = entry.request.body;
  if (body.type === 'text' && body.truncated) {
    return `Only the first ${formatBytes(MAX_KEPT_BODY)} of this ${formatBytes(body.size)} body were kept: restore it and complete it, or load it from a file.`;
  }
  if (body.type === 'file' && body.base64 === undefined && !body.path) return `The file ${body.name} was not kept: load it again.`;
  return undefined;
}

export function summarize(entry: HistoryEntry): HistorySummary {
  const body = entry.request.body;
  const why = resendProblem(entry);
  return {
    id: entry.id,
    at: entry.at,
    ok: entry.outcome.ok,
    summary: entry.outcome.summary,
    ...(entry.outcome.latencyMs !== undefined ? { latencyMs: entry.outcome.latencyMs } : {}),
    requestContentType: entry.request.contentType || '(none)',
    requestSize: formatBytes(body.size),
    requestPreview: body.type === 'text' ? oneLine(body.text) : `file ${body.name}`,
    ...(entry.outcome.preview !== undefined ? { responsePreview: entry.outcome.preview } : {}),
    canResend: why === undefined,
    ...(why ? { whyNotResend: why } : {}),
  };
}

/** Entries read back from storage: anything malformed (an older format, a hand edit) is dropped. */
export function sanitizeStoredHistory(raw: unknown): HistoryEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is HistoryEntry => {
    if (typeof e !== 'object' || e === null) return false;
    const entry = e as Partial<HistoryEntry>;
    return typeof entry.id === 'string' && /^h-[0-9a-z-]{1,64}$/.test(entry.id) && typeof entry.at === 'number'
      && typeof entry.request === 'object' && entry.request !== null && typeof entry.request.body === 'object' && entry.request.body !== null
      && (entry.request.body.type === 'text' || entry.request.body.type === 'file')
      && typeof entry.outcome === 'object' && entry.outcome !== null;
  }).slice(0, MAX_HISTORY_ENTRIES);
}
