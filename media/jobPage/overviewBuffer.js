// What the page holds of a metric series: its overview as the host sends it (src/core/jobPage/overview.ts: at
// most 4 points per bucket of the series, bounded whatever the series' length), in typed arrays that an update
// writes into from its `from` on: no copy of the series, and the buffers only grow up to the overview's bound.
// A classic script: defines `JobPageOverviewBuffer` in the webview, module.exports under Node.
// @ts-check
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.JobPageOverviewBuffer = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  class OverviewBuffer {
    /** @param {string} name */
    constructor(name) {
      this.name = name;
      /** Points of the whole series (the overview holds `length` of them). */
      this.count = 0;
      this.length = 0;
      this.tBuf = new Float64Array(0);
      this.vBuf = new Float64Array(0);
      this.iBuf = new Float64Array(0);
    }

    /** @param {{ count: number, from: number, t: ArrayLike<number>, v: ArrayLike<number>, i: ArrayLike<number> }} u */
    apply(u) {
      const from = Math.min(this.length, u.from);
      const length = from + u.t.length;
      if (length > this.tBuf.length) {
        const capacity = Math.max(length, 2 * this.tBuf.length, 64);
        for (const key of ['tBuf', 'vBuf', 'iBuf']) {
          const grown = new Float64Array(capacity);
          grown.set(this[key].subarray(0, from));
          this[key] = grown;
        }
      }
      this.tBuf.set(u.t, from);
      this.vBuf.set(u.v, from);
      this.iBuf.set(u.i, from);
      this.length = length;
      this.count = u.count;
    }

    /** Views, not copies. */
    get t() { return this.tBuf.subarray(0, this.length); }
    get v() { return this.vBuf.subarray(0, this.length); }
    get i() { return this.iBuf.subarray(0, this.length); }
  }

  return { OverviewBuffer };
});
