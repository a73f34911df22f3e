/**
 * Each stream's line count from CloudWatch Logs Insights, for the tailer's late-line check (src/core/logs/lateLines.ts):
 * one StartQuery `stats count(*) by @logStream` over the job's streams and time range, then GetQueryResults until
 * the query completes. Insights takes whole seconds; the range is widened to them (the tailer counts the same way).
 */
import type { AwsClients } from './clientFactory';
import type { CountLinesInput } from '../core/logs/types';
import { systemClock } from '../core/logs/clock';

/** How long the query may take before the count is given up (Insights usually answers in a few seconds). */
const QUERY_TIMEOUT_MS = 60_000;
const POLL_MS = 1_000;

/** `stats count(*) by @logStream` over the streams whose name starts with `prefix`. */
export function lineCountQuery(prefix: string): string {
  const pattern = prefix.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  return `filter @logStream like /^${pattern}/ | stats count(*) as lines by @logStream`;
}

export async function countLinesWithInsights(clients: AwsClients, input: CountLinesInput, signal?: AbortSignal): Promise<Map<string, number>> {
  const logs = clients.logs();
  const options = signal ? { abortSignal: signal } : {};
  const { queryId } = await logs.startQuery({
    logGroupName: input.logGroupName,
    startTime: Math.floor(input.startTime / 1000),
    endTime: Math.ceil(input.endTime / 1000),
    queryString: lineCountQuery(input.logStreamNamePrefix),
  }, options);
  if (!queryId) throw Object.assign(new Error('StartQuery returned no query id.'), { name: 'InsightsError' });
  const deadline = Date.now() + QUERY_TIMEOUT_MS;
  for (;;) {
    const out = await logs.getQueryResults({ queryId }, options);
    if (out.status === 'Complete') {
      const counts = new Map<string, number>();
      for (const row of out.results ?? []) {
        const stream = row.find(f => f.field === '@logStream')?.value;
        const lines = Number(row.find(f => f.field === 'lines')?.value);
        if (!stream || !Number.isSafeInteger(lines)) throw Object.assign(new Error('the query\'s results have no per-stream counts.'), { name: 'InsightsError' });
        counts.set(stream, lines);
      }
      return counts;
    }
    if (out.status !== 'Running' && out.status !== 'Scheduled') {
      throw Object.assign(new Error(`the query ended ${out.status ?? 'without a status'}.`), { name: 'InsightsError' });
    }
    if (Date.now() > deadline || signal?.aborted) {
      await logs.stopQuery({ queryId }).catch(() => undefined);
      throw Object.assign(new Error(`the query did not finish within ${QUERY_TIMEOUT_MS / 1000} s.`), { name: 'InsightsTimeout' });
    }
    // The clock's sleep takes its abort listener off again: a slow query must not pile listeners on the tail's signal.
    await systemClock.sleep(POLL_MS, signal);
  }
}
