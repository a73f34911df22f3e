// The finished job the backfill memory bench reads: shared by the fake CloudWatch (bench/logsBackfillFake.cjs, a
// process of its own) and the measured reader (bench/logsBackfillMemory.cjs), which checks every line it is given
// against it. 16 instances, 1,000 lines a second across the job: line i is at t0 + i ms on stream i % 16.
const LINES = Number(process.env.BACKFILL_LINES || 1_000_000);
const INSTANCES = 16;
const JOB = 'bench-backfill';
const LOG_GROUP = '/aws/sagemaker/TrainingJobs';
const STREAMS = Array.from({ length: INSTANCES }, (_, i) => `${JOB}/algo-${i + 1}-1764064800`);
const T0 = Date.UTC(2026, 10, 25, 10);
const INGESTION_LAG_MS = 900;

const message = i => {
  const stream = STREAMS[i % INSTANCES];
  return `[${stream.slice(-15)}] epoch=3 step=${i} loss=${(1 / (i + 1)).toFixed(6)} acc=0.${String(i * 7919 % 10000).padStart(4, '0')} lr=0.0001`;
};

/** The step number a line carries (its index i), or NaN. */
const stepOf = text => {
  const at = text.indexOf(' step=');
  return at < 0 ? NaN : Number.parseInt(text.slice(at + 6), 10);
};

/**
 * Checks a reader's lines as they come: each line i once, in order (timestamp order is index order), on its stream.
 * `take` is called per line; `result()` says how many came, and the first problem seen.
 */
function lineCheck() {
  let next = 0;
  let lines = 0;
  let duplicatesOrOutOfOrder = 0;
  let skipped = 0;
  let wrongStream = 0;
  let firstProblem;
  return {
    take(stream, text) {
      lines++;
      const i = stepOf(text);
      if (!(i >= 0 && i < LINES)) {
        firstProblem ??= `line ${lines} has no step number: ${text.slice(0, 80)}`;
        return;
      }
      if (stream !== STREAMS[i % INSTANCES]) {
        wrongStream++;
        firstProblem ??= `line ${i} came on ${stream}`;
      }
      if (i < next) {
        duplicatesOrOutOfOrder++;
        firstProblem ??= `line ${i} came after line ${next - 1}`;
        return;
      }
      if (i > next) {
        skipped += i - next;
        firstProblem ??= `line ${i} came before line ${next}`;
      }
      next = i + 1;
    },
    result() {
      const missing = LINES - next + skipped;
      const once = lines === LINES && next === LINES && duplicatesOrOutOfOrder === 0 && skipped === 0 && wrongStream === 0;
      return { lines, everyLineOnceInOrder: once, duplicatesOrOutOfOrder, missing, wrongStream, ...(firstProblem ? { firstProblem } : {}) };
    },
  };
}

module.exports = { LINES, INSTANCES, JOB, LOG_GROUP, STREAMS, T0, INGESTION_LAG_MS, message, lineCheck };
