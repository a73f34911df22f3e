/** What every webview page of the extension shares: its nonce, its policy and the escaping of the values it shows. */
import { randomBytes } from 'node:crypto';

/** A fresh nonce for a page's scripts (base64url, 128 bits). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** The strict policy: nothing inline, scripts only with the nonce, everything else from media/. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource}; font-src ${cspSource}; script-src 'nonce-${nonce}';`;
}
