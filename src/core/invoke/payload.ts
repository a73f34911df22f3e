/**
 * Request bodies: the content types the panel offers, SageMaker's size limit, and turning what the user typed
 * or loaded into bytes. Pure: no AWS SDK, no VS Code.
 */

/**
 * SageMaker real-time inference's largest request body: 6 MB, which the InvokeEndpoint API states as a body of
 * at most 6,291,456 bytes (6 MiB).
 */
export const REALTIME_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** The content types offered in the panel, with what each is for. */
export const CONTENT_TYPES: readonly { value: string; label: string; binary: boolean }[] = [
  { value: 'application/json', label: 'application/json', binary: false },
  { value: 'text/csv', label: 'text/csv', binary: false },
  { value: 'application/jsonlines', label: 'application/jsonlines', binary: false },
  { value: 'application/x-npy', label: 'application/x-npy (NumPy array, from a file)', binary: true },
  { value: 'application/octet-stream', label: 'raw / binary (from a file)', binary: true },
];

/** Accept values offered (the model decides what it can give). */
export const ACCEPT_TYPES: readonly string[] = ['application/json', 'text/csv', 'application/jsonlines', 'application/x-npy', '*/*'];

const KB = 1024;
const MB = 1024 * 1024;

/** `1.2 KB`, `6 MB`, `532 B`: sizes as people read them (binary multiples, as SageMaker's limit is stated). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < KB) return `${bytes} B`;
  const [value, unit] = bytes < MB ? [bytes / KB, 'KB'] : [bytes / MB, 'MB'];
  const text = value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${unit}`;
}

/** The refusal shown for a body over the limit, naming the limit. */
export function payloadTooLargeMessage(bytes: number, limit = REALTIME_PAYLOAD_LIMIT_BYTES): string {
  return `The payload is ${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} bytes): over SageMaker's real-time limit of `
    + `${formatBytes(limit)} (${limit.toLocaleString('en-US')} bytes) per request. Nothing was sent. `
    + 'Send a smaller payload, or use batch transform or an asynchronous endpoint for large inputs.';
}

/** Undefined when the body fits, else the refusal. */
export function checkPayloadSize(bytes: number, limit = REALTIME_PAYLOAD_LIMIT_BYTES): string | undefined {
  return bytes > limit ? payloadTooLargeMessage(bytes, limit) : undefined;
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function encodeText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The content type a file suggests, from its name. */
export function contentTypeForFile(fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'application/json';
  if (lower.endsWith('.jsonl') || lower.endsWith('.jsonlines') || lower.endsWith('.ndjson')) return 'application/jsonlines';
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.npy')) return 'application/x-npy';
  if (lower.endsWith('.txt')) return 'text/plain';
  if (/\.(png|jpe?g|gif|bmp|webp)$/.test(lower)) return `image/${lower.endsWith('jpg') ? 'jpeg' : lower.slice(lower.lastIndexOf('.') + 1)}`;
  return undefined;
}

/**
 * Whether bytes are text the body editor can hold (valid UTF-8, no NUL and few control characters), so a file
 * loaded from the workspace is either shown for editing or kept as binary.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * KB);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > sample.length / 100) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length === bytes.length ? bytes : trimPartialUtf8(sample));
    return true;
  } catch {
    return false;
  }
}

/** Drops an incomplete UTF-8 sequence at the end of a sample cut from a longer buffer. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  return bytes.subarray(0, end);
}

/** JSON pretty-printed with two spaces, or undefined when the text is not JSON. */
export function formatJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}
