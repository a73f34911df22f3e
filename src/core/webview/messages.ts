/**
 * What every webview page's messages share: the envelope check (an object, a known kind, no unknown field, an
 * optional request id) run before a page reads its own fields, and the two messages the host sends to any page
 * (a notice, and the reply to a request). A page's checker only says which kinds exist, which fields each may
 * carry and how to read them (`checkMessage`); it never sees a message that failed the envelope.
 */

export type NoticeLevel = 'info' | 'warning' | 'error';

/** A line the page shows (a refusal, a failure, "Copied …"). */
export interface NoticeMessage {
  kind: 'notice';
  level: NoticeLevel;
  message: string;
}

/**
 * The host's answer to a message the page sent with a `requestId` (vscode-pull-request-github's `seq`): posted
 * once the host has handled it (`ok`), or refused or failed it (`error`, also shown as a notice).
 */
export interface ReplyMessage {
  kind: 'reply';
  requestId: string;
  ok: boolean;
  error?: string;
}

export type Validation<M> = { ok: true; message: M; requestId?: string } | { ok: false; reason: string; requestId?: string };

/** The ids media/webview/host.js gives its requests: `r-` and a base-36 counter. */
export const REQUEST_ID = /^r-[0-9a-z]{1,16}$/;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** What a value is, for a reason (never the value itself: it may be huge, or someone's secret). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  return `a ${typeof v}`;
}

/** Why `obj` is refused for carrying fields other than `allowed`, or undefined. */
export function unexpectedFields(obj: Record<string, unknown>, allowed: readonly string[], where: string): string | undefined {
  const extra = Object.keys(obj).filter(k => !allowed.includes(k));
  if (extra.length === 0) return undefined;
  return `${where} has unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).map(k => JSON.stringify(k.slice(0, 40))).join(', ')}`;
}

/** A page's messages: each kind with the fields it may carry, and how to read a known kind's fields. */
export interface MessageSpec<K extends string, M> {
  fields: Readonly<Record<K, readonly string[]>>;
  /** Called once the envelope passed (no unknown field): the message, or why it is refused. */
  read(kind: K, raw: Record<string, unknown>): M | { refused: string };
}

const isRefusal = (v: unknown): v is { refused: string } => isPlainObject(v) && typeof v.refused === 'string' && Object.keys(v).length === 1;

/** Checks a message from a webview before anything uses it. Never throws. */
export function checkMessage<K extends string, M>(raw: unknown, spec: MessageSpec<K, M>): Validation<M> {
  let requestId: string | undefined;
  const refuse = (reason: string): Validation<M> => (requestId ? { ok: false, reason, requestId } : { ok: false, reason });
  try {
    if (!isPlainObject(raw)) return refuse(`a message must be an object, not ${describe(raw)}`);
    if ('requestId' in raw) {
      if (typeof raw.requestId !== 'string' || !REQUEST_ID.test(raw.requestId)) return refuse('message.requestId must be an id the page gave (r-…)');
      requestId = raw.requestId;
    }
    const kind = raw.kind;
    if (typeof kind !== 'string') return refuse(`message.kind must be a string, not ${describe(kind)}`);
    if (!Object.prototype.hasOwnProperty.call(spec.fields, kind)) {
      const known = Object.keys(spec.fields).join(', ');
      return refuse(`unknown message kind ${JSON.stringify(kind.slice(0, 40))} (unknown kinds are refused; the page sends ${known})`);
    }
    const extra = unexpectedFields(raw, ['kind', 'requestId', ...spec.fields[kind as K]], `a "${kind}" message`);
    if (extra) return refuse(extra);
    const read = spec.read(kind as K, raw);
    if (isRefusal(read)) return refuse(read.refused);
    return requestId ? { ok: true, message: read, requestId } : { ok: true, message: read };
  } catch (error) {
    // A getter or proxy that throws: refused like any other malformed message.
    return refuse(`the message could not be read (${(error as Error)?.message ?? String(error)})`);
  }
}

/** The reply to a request: done, or refused / failed with the reason. */
export function replyTo(requestId: string, error?: string): ReplyMessage {
  return error === undefined ? { kind: 'reply', requestId, ok: true } : { kind: 'reply', requestId, ok: false, error };
}
