// A 1-million-line backfill in a process of its own, for its RSS: node --expose-gc bench/logsBackfillMemory.cjs <core bundle> <ours|sdk|fake>
// The fake CloudWatch makes each page when it is asked for (a finished 16-instance job, 1,000 lines a second), so
// what stays in memory is the reader's: `fake` only pages through it (the floor both readers stand on), `ours` is
// the LogTailer (FilterLogEvents over the job), `sdk` the SDK v2's multi_stream_iter (GetLogEvents per stream, one
// page per stream held while their events are interleaved by timestamp).
const [, , bundle, mode] = process.argv;
const core = require(bundle);
const LINES = Number(process.env.BACKFILL_LINES || 1_000_000);
const INSTANCES = 16;
const PAGE = 10_000;
const job = 'bench-backfill';
const streams = Array.from({ length: INSTANCES }, (_, i) => `${job}/algo-${i + 1}-1764064800`);
const t0 = Date.UTC(2026, 10, 25, 10);
const message = (stream, seq) => `[${stream.slice(-15)}] epoch=3 step=${seq} loss=${(1 / (seq + 1)).toFixed(6)} acc=0.${String(seq * 7919 % 10000).padStart(4, '0')} lr=0.0001`;
const event = i => ({ logStreamName: streams[i % INSTANCES], timestamp: t0 + i, message: message(streams[i % INSTANCES], i), eventId: String(i).padStart(20, '0'), ingestionTime: t0 + i + 900 });

// RSS after a full collection at every page: what the reader keeps, not the garbage a collection would free.
let peak = 0;
const sample = () => { global.gc(); const rss = process.memoryUsage().rss; if (rss > peak) peak = rss; };
global.gc();
const start = process.memoryUsage().rss;

function filterPage(token) {
  sample();
  const p = token ? Number(token) : 0;
  const events = [];
  for (let i = p * PAGE; i < Math.min(LINES, (p + 1) * PAGE); i++) events.push(event(i));
  return { events, ...((p + 1) * PAGE < LINES ? { nextToken: String(p + 1) } : {}) };
}

/** Stream s holds the lines i with i % 16 == s; its page k (startTime ignored past the first page: the token says where). */
function streamPage(s, startTime, token) {
  sample();
  const first = token ? Number(token) : Math.max(0, Math.ceil((startTime - t0 - s) / INSTANCES));
  const events = [];
  for (let k = first; k < first + PAGE; k++) {
    const i = k * INSTANCES + s;
    if (i >= LINES) break;
    events.push(event(i));
  }
  return { events, nextForwardToken: String(first + events.length) };
}

async function run() {
  let lines = 0;
  if (mode === 'fake') {
    let token;
    do { const out = filterPage(token); lines += out.events.length; token = out.nextToken; } while (token);
  } else if (mode === 'ours') {
    const logs = { filterLogEvents: async input => filterPage(input.nextToken) };
    const status = { describe: async () => ({ status: 'Completed', secondaryStatusTransitions: [], instanceCount: INSTANCES, spot: false, creationTime: t0, endTime: t0 + LINES }) };
    const sink = { line: () => { lines++; }, status: () => undefined, end: () => undefined };
    await new core.LogTailer({ target: core.trainingJobTarget(job), logs, status, sink, liveTail: false }).run();
  } else {
    // log_stream: pages until an empty one; multi_stream_iter: the head of every stream, the oldest yielded first.
    function* logStream(s) {
      let token;
      for (;;) {
        const out = streamPage(s, 0, token);
        token = out.nextForwardToken;
        if (out.events.length === 0) return;
        yield* out.events;
      }
    }
    const iters = streams.map((_, s) => logStream(s));
    const heads = iters.map(it => it.next().value);
    const positions = new Map();
    for (;;) {
      let best = -1;
      for (let s = 0; s < heads.length; s++) if (heads[s] && (best < 0 || heads[s].timestamp < heads[best].timestamp)) best = s;
      if (best < 0) break;
      const e = heads[best];
      const p = positions.get(best);
      positions.set(best, p && p.timestamp === e.timestamp ? { timestamp: e.timestamp, skip: p.skip + 1 } : { timestamp: e.timestamp, skip: 1 });
      lines++;
      heads[best] = iters[best].next().value;
    }
  }
  sample();
  process.stdout.write(JSON.stringify({ mode, lines, startRssMiB: +(start / 1048576).toFixed(1), peakRssMiB: +(peak / 1048576).toFixed(1), growthMiB: +((peak - start) / 1048576).toFixed(1) }));
}
run().catch(error => { console.error(error); process.exit(1); });
