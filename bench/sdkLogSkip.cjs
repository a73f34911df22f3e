// The SDK v2's logs.py log_stream skips the events of a page it has already shown (the `skip` count carried from
// the last timestamp): one model of it for both log benches (bench/logs.mjs, bench/logsBackfillMemory.cjs).
'use strict';

/** The page's events after the first `skip`, and the skip left for the next page. */
function skipShown(events, skip) {
  if (events.length > skip) return { events: events.slice(skip), skip: 0 };
  return { events: [], skip: skip - events.length };
}

module.exports = { skipShown };
