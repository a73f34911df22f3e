/**
 * The messages between the invoke panel's webview and the extension host. Everything the webview sends is
 * untrusted: `validateWebviewMessage` checks the kind, every field's type, length and characters, and refuses
 * unknown fields, before the host looks at it. The webview never sees credentials: it sends a request form,
 * the host invokes.
 */
import { checkMessage, describe, isPlainObject, unexpectedFields, type NoticeMessage, type ReplyMessage, type Validation } from '../webview/messages';
import { REALTIME_PAYLOAD_LIMIT_BYTES, formatBytes } from './payload';
import type { RenderedResult } from './render';
import type { HistorySummary } from './history';
import type { RequestForm } from './types';

export type WebviewMessage =
  | { kind: 'ready' }
  | { kind: 'send'; request: RequestForm }
  | { kind: 'cancel' }
  | { kind: 'pickFile' }
  | { kind: 'clearFile' }
  | { kind: 'copyResponse' }
  | { kind: 'saveResponse' }
  | { kind: 'openResponse' }
  | { kind: 'resend'; id: string }
  | { kind: 'restore'; id: string }
  | { kind: 'deleteHistory'; id: string }
  | { kind: 'clearHistory' };

export type WebviewMessageKind = WebviewMessage['kind'];

/** A file the host loaded for the body: the webview gets its name and size, and its text when it is text. */
export interface LoadedFileInfo {
  fileId: string;
  name: string;
  size: number;
  sizeText: string;
  binary: boolean;
  contentType?: string;
}

export type HostMessage =
  | {
      kind: 'init';
      label: string;
      limitBytes: number;
      limitText: string;
      contentTypes: { value: string; label: string; binary: boolean }[];
      acceptTypes: string[];
      history: HistorySummary[];
      request?: RequestForm;
      result?: RenderedResult;
    }
  | { kind: 'busy'; busy: boolean }
  | { kind: 'result'; result: RenderedResult; historyId?: string }
  | { kind: 'history'; entries: HistorySummary[] }
  | { kind: 'fileLoaded'; file: LoadedFileInfo; text?: string }
  | { kind: 'fileCleared' }
  | { kind: 'knownContentType'; contentType: string; why: string }
  | { kind: 'loadRequest'; request: RequestForm; file?: LoadedFileInfo }
  | NoticeMessage
  | ReplyMessage;

export type ValidationResult = Validation<WebviewMessage>;

/** Longest body text accepted in a message: the payload limit (a longer string is over it in UTF-8 too). */
export const MAX_BODY_TEXT = REALTIME_PAYLOAD_LIMIT_BYTES;

/** InvokeEndpoint's length limits of the optional headers (the form's fields have them too). */
export const HEADER_LIMITS = {
  contentType: 1024,
  accept: 1024,
  customAttributes: 1024,
  targetVariant: 63,
  targetModel: 1024,
  inferenceId: 64,
} as const;

// InvokeEndpoint's own patterns: ASCII headers; printable target model and inference id without leading space.
const ASCII = /^[\x00-\x7f]*$/;
const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;
const VARIANT = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const PRINTABLE = /^\S[^\x00-\x1f\x7f]*$/;
const FILE_ID = /^file-[0-9a-z]{1,32}$/;
const HISTORY_ID = /^h-[0-9a-z-]{1,64}$/;

const KINDS: Record<WebviewMessageKind, readonly string[]> = {
  ready: [],
  send: ['request'],
  cancel: [],
  pickFile: [],
  clearFile: [],
  copyResponse: [],
  saveResponse: [],
  openResponse: [],
  resend: ['id'],
  restore: ['id'],
  deleteHistory: ['id'],
  clearHistory: [],
};

const REQUEST_FIELDS = ['contentType', 'accept', 'customAttributes', 'targetVariant', 'targetModel', 'inferenceId', 'body'];

function checkHeader(name: keyof typeof HEADER_LIMITS, value: unknown): string | undefined {
  if (typeof value !== 'string') return `request.${name} must be a string, not ${describe(value)}`;
  if (value.length > HEADER_LIMITS[name]) return `request.${name} is ${value.length} characters long; at most ${HEADER_LIMITS[name]} are allowed`;
  if (value === '') return undefined;
  if (name === 'targetVariant') return VARIANT.test(value) ? undefined : 'request.targetVariant must be a variant name (letters, digits and hyphens)';
  if (name === 'targetModel' || name === 'inferenceId') return PRINTABLE.test(value) ? undefined : `request.${name} must be printable characters, not starting with a space`;
  if (!ASCII.test(value) || !NO_CONTROL.test(value)) return `request.${name} must be printable ASCII`;
  return undefined;
}

function checkRequest(raw: unknown): string | undefined {
  if (!isPlainObject(raw)) return `request must be an object, not ${describe(raw)}`;
  const extra = unexpectedFields(raw, REQUEST_FIELDS, 'request');
  if (extra) return extra;
  for (const name of Object.keys(HEADER_LIMITS) as (keyof typeof HEADER_LIMITS)[]) {
    const problem = checkHeader(name, raw[name]);
    if (problem) return problem;
  }
  const body = raw.body;
  if (!isPlainObject(body)) return `request.body must be an object, not ${describe(body)}`;
  if (body.type === 'text') {
    const extraBody = unexpectedFields(body, ['type', 'text'], 'request.body');
    if (extraBody) return extraBody;
    if (typeof body.text !== 'string') return `request.body.text must be a string, not ${describe(body.text)}`;
    if (body.text.length > MAX_BODY_TEXT) {
      return `request.body.text is ${body.text.length.toLocaleString('en-US')} characters: over SageMaker's real-time payload limit of ${formatBytes(REALTIME_PAYLOAD_LIMIT_BYTES)} (${REALTIME_PAYLOAD_LIMIT_BYTES.toLocaleString('en-US')} bytes)`;
    }
    return undefined;
  }
  if (body.type === 'file') {
    const extraBody = unexpectedFields(body, ['type', 'fileId'], 'request.body');
    if (extraBody) return extraBody;
    if (typeof body.fileId !== 'string' || !FILE_ID.test(body.fileId)) return 'request.body.fileId must be a file id the extension gave';
    return undefined;
  }
  return 'request.body.type must be "text" or "file"';
}

function readForm(request: Record<string, unknown>): RequestForm {
  const body = request.body as Record<string, unknown>;
  return {
    contentType: request.contentType as string,
    accept: request.accept as string,
    customAttributes: request.customAttributes as string,
    targetVariant: request.targetVariant as string,
    targetModel: request.targetModel as string,
    inferenceId: request.inferenceId as string,
    body: body.type === 'text' ? { type: 'text', text: body.text as string } : { type: 'file', fileId: body.fileId as string },
  };
}

function readMessage(kind: WebviewMessageKind, raw: Record<string, unknown>): WebviewMessage | { refused: string } {
  if (kind === 'send') {
    const problem = checkRequest(raw.request);
    return problem ? { refused: problem } : { kind, request: readForm(raw.request as Record<string, unknown>) };
  }
  if (KINDS[kind].includes('id')) {
    if (typeof raw.id !== 'string' || !HISTORY_ID.test(raw.id)) return { refused: `a "${kind}" message needs the id of a history entry` };
    return { kind, id: raw.id } as WebviewMessage;
  }
  return { kind } as WebviewMessage;
}

/** Checks a message from the webview before anything uses it. Never throws. */
export function validateWebviewMessage(raw: unknown): ValidationResult {
  return checkMessage(raw, { fields: KINDS, read: readMessage });
}
