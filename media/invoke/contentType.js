// The webview's copy of guessContentType in src/core/invoke/contentType.ts (a unit test checks that both agree):
// the Content-Type a typed body is sent with while the user has not typed one.
// A classic script: defines `InvokeContentType` in the webview, module.exports under Node.
// @ts-check
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.InvokeContentType = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /** @param {string} text @returns {'application/json' | 'text/csv' | undefined} */
  function guessContentType(text) {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    try {
      JSON.parse(trimmed);
      return 'application/json';
    } catch {
      // Not JSON: maybe CSV.
    }
    const rows = trimmed.split(/\r?\n/).filter(row => row.trim() !== '');
    const columns = rows[0].split(',').length;
    if (columns < 2) return undefined;
    return rows.every(row => row.split(',').length === columns) ? 'text/csv' : undefined;
  }

  return { guessContentType, FALLBACK_CONTENT_TYPE: 'application/json' };
});
