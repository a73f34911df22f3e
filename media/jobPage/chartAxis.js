// The x axis of a metric chart: the webview's copy of src/core/jobPage/chartAxis.ts (a unit test checks that both
// agree). Cloud jobs: seconds since the job started, on an axis as long as the job has run; local jobs: the
// step; a single value is shown as a value. A classic script: defines `JobPageChartAxis`, module.exports under Node.
// @ts-check
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.JobPageChartAxis = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // `t`: the whole series or its overview (its first and last points and some between), `count` the whole's points.
  function chartAxis(t, job, count = t.length) {
    const n = t.length;
    if (n === 0 || count === 0) return { kind: 'empty' };
    if (count === 1) return { kind: 'value' };
    if (job.local) return { kind: 'step', min: 1, max: count };
    const origin = job.start !== undefined ? job.start : t[0];
    const jobEnd = job.end !== undefined ? job.end : job.done ? t[n - 1] : job.now;
    const min = Math.min(0, (t[0] - origin) / 1000);
    const max = Math.max((t[n - 1] - origin) / 1000, (jobEnd - origin) / 1000, min + 1);
    return { kind: 'elapsed', origin, min, max };
  }

  // `index`: each point's index in the whole series (default: its own).
  function axisValues(t, axis, index) {
    const out = new Array(axis.kind === 'step' || axis.kind === 'elapsed' ? t.length : 0);
    for (let k = 0; k < out.length; k++) out[k] = axis.kind === 'step' ? (index ? index[k] : k) + 1 : (t[k] - axis.origin) / 1000;
    return out;
  }

  // The x scale's range for uPlot's `range(u, min, max)`: an explicit zoom (a drag-select, setScale) as asked,
  // within the axis; uPlot's own auto-range (min and max exactly the data's first and last x, on a double-click or
  // new data) or none: the whole axis, the job's span.
  function xScaleRange(axis, min, max, dataFirst, dataLast) {
    const whole = [axis.min, axis.max];
    if (min == null || max == null || !(max > min) || (min === dataFirst && max === dataLast)) return whole;
    const lo = Math.max(min, axis.min);
    const hi = Math.min(max, axis.max);
    return hi > lo ? [lo, hi] : whole;
  }

  function formatElapsed(seconds) {
    const sign = seconds < 0 ? '-' : '';
    let s = Math.round(Math.abs(seconds));
    if (s < 60) return `${sign}${s}s`;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    s %= 60;
    if (h === 0) return `${sign}${m}m${s ? ` ${s}s` : ''}`;
    return `${sign}${h}h${m ? ` ${m}m` : ''}`;
  }

  return { chartAxis, axisValues, xScaleRange, formatElapsed };
});
