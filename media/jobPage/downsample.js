// Min/max downsampling for drawing, the webview's copy of src/core/jobPage/downsample.ts (a unit test checks
// that both give the same points). At most 4 points per pixel column: the first, lowest, highest and last.
// A classic script: defines `JobPageDownsample` in the webview, module.exports under Node.
// @ts-check
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.JobPageDownsample = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  const finite = x => (Number.isFinite(x) ? x : null);

  /**
   * @param {ArrayLike<number>} t ascending times
   * @param {ArrayLike<number>} v values
   * @param {number} buckets plot width in pixels
   * @param {number} [tMin] @param {number} [tMax] visible range (default: all)
   * @returns {{ t: number[], v: (number|null)[] }}
   */
  function downsampleMinMax(t, v, buckets, tMin, tMax) {
    const n = Math.min(t.length, v.length);
    const b = Math.max(1, Math.floor(buckets));
    if (n <= 4 * b) {
      const outT = new Array(n);
      const outV = new Array(n);
      for (let k = 0; k < n; k++) { outT[k] = t[k]; outV[k] = finite(v[k]); }
      return { t: outT, v: outV };
    }
    const lo = tMin === undefined ? t[0] : tMin;
    const hi = tMax === undefined ? t[n - 1] : tMax;
    const span = hi - lo || 1;
    const outT = [];
    const outV = [];
    let i = 0;
    while (i < n && t[i] < lo) i++;
    if (i > 0) { outT.push(t[i - 1]); outV.push(finite(v[i - 1])); }
    while (i < n && t[i] <= hi) {
      const bucket = Math.min(b - 1, Math.floor(((t[i] - lo) / span) * b));
      const first = i;
      let minI = -1;
      let maxI = -1;
      let j = i;
      for (; j < n && t[j] <= hi; j++) {
        if (Math.min(b - 1, Math.floor(((t[j] - lo) / span) * b)) !== bucket) break;
        const x = v[j];
        if (!Number.isFinite(x)) continue;
        if (minI < 0 || x < v[minI]) minI = j;
        if (maxI < 0 || x > v[maxI]) maxI = j;
      }
      const last = j - 1;
      const picks = [first, minI, maxI, last].filter(k => k >= 0).sort((a, c) => a - c);
      let prev = -1;
      for (const k of picks) {
        if (k === prev) continue;
        prev = k;
        outT.push(t[k]);
        outV.push(finite(v[k]));
      }
      i = j;
    }
    if (i < n) { outT.push(t[i]); outV.push(finite(v[i])); }
    return { t: outT, v: outV };
  }

  return { downsampleMinMax };
});
