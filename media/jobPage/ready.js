// The job page's first script, at the head of media/vendor/jobPage/charts.js (scripts/build.mjs): it posts the ready
// handshake with the charts' width as soon as the page is laid out, before uPlot, the charts' code, the page's
// module and its elements are evaluated, so the host builds and posts the init (and VS Code carries it) while they
// are. Messages that arrive before the page's script listens wait here, in order (`JobPageBoot.listen`).
// @ts-check
(function () {
  'use strict';
  const { start } = /** @type {any} */ (window).WebviewHost;
  /** @type {any[]} */
  const queued = [];
  /** @type {((message: any) => void) | undefined} */
  let handler;
  const host = start(message => (handler ? handler(message) : queued.push(message)));
  // The width ChartSet.pixels() reads later (the layout's columns do not depend on what the scripts add).
  const container = /** @type {HTMLElement} */ (document.getElementById('charts'));
  const pixels = Math.round(container.clientWidth * (window.devicePixelRatio || 1));
  const readySentAt = performance.timeOrigin + performance.now();
  host.ready({ pixels });
  /** @type {any} */ (window).JobPageBoot = {
    host, pixels, readySentAt,
    /** Hands the host's messages to `onMessage`: those that already came, in order, then each as it comes. */
    listen(onMessage) {
      handler = onMessage;
      for (const message of queued.splice(0)) onMessage(message);
    },
  };
})();
