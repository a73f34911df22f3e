/**
 * The check for lines ingested long after they were written. A line CloudWatch ingests more than the deep poll's
 * read-back late, while the lines written after it on its stream arrive on time, is behind every read: nothing the
 * tail reads tells it exists (CloudWatch has no read by ingestion time). So at the end of a job's tail, CloudWatch
 * Logs Insights counts each stream's lines (one query, no events fetched); a stream holding more than the tail took
 * is read again, and its missing lines are told apart from those shown by a tally kept while tailing: per stream and
 * second, how many lines were taken and the sum of their fingerprints. A second short of one line gives the missing
 * line's fingerprint; a second short of more than one cannot be resolved without keeping every line, and is named
 * with the command that re-reads it. A tail that cannot count (Insights refused) says so once, with that command.
 */
import { hashMessage } from './dedupe';
import type { OrderingBuffer } from './orderingBuffer';
import type { TailContext } from './context';
import type { LogEvent } from './types';

/** Per second of timestamp: lines taken, and the sum of their fingerprints (exact: under 2^21 lines a second). */
interface Second {
  lines: number;
  sum: number;
}

/** The millisecond within the second, mixed into the message hash: a line's identity within its second. */
export function fingerprint(timestamp: number, message: string): number {
  return (hashMessage(message) ^ Math.imul((timestamp % 1000) + 1, 0x9e3779b1)) >>> 0;
}

export class LineTally {
  private readonly streams = new Map<string, Map<number, Second>>();

  add(stream: string, timestamp: number, message: string): void {
    let seconds = this.streams.get(stream);
    if (!seconds) this.streams.set(stream, seconds = new Map());
    const key = Math.floor(timestamp / 1000);
    const second = seconds.get(key);
    const print = fingerprint(timestamp, message);
    if (second) {
      second.lines++;
      second.sum += print;
    } else {
      seconds.set(key, { lines: 1, sum: print });
    }
  }

  /** Lines taken from `stream` with a timestamp from `from` (a whole second) on. */
  count(stream: string, from: number): number {
    let lines = 0;
    const first = Math.floor(from / 1000);
    for (const [key, second] of this.streams.get(stream) ?? []) if (key >= first) lines += second.lines;
    return lines;
  }

  /**
   * Given every line CloudWatch holds on `stream` from `from` on (in any order), the ones the tail did not take,
   * and the seconds whose missing lines cannot be told apart from the ones taken.
   */
  missing(stream: string, from: number, stored: LogEvent[]): { found: LogEvent[]; unresolved: Array<{ from: number; lines: number }> } {
    const first = Math.floor(from / 1000);
    const bySecond = new Map<number, LogEvent[]>();
    for (const event of stored) {
      const key = Math.floor(event.timestamp / 1000);
      if (key < first) continue;
      const list = bySecond.get(key);
      if (list) list.push(event);
      else bySecond.set(key, [event]);
    }
    const taken = this.streams.get(stream) ?? new Map<number, Second>();
    const found: LogEvent[] = [];
    const unresolved: Array<{ from: number; lines: number }> = [];
    for (const [key, events] of [...bySecond].sort((a, b) => a[0] - b[0])) {
      const second = taken.get(key) ?? { lines: 0, sum: 0 };
      const short = events.length - second.lines;
      if (short <= 0) continue;
      if (short === events.length) {
        found.push(...events); // nothing of this second was taken
        continue;
      }
      const sum = events.reduce((total, e) => total + fingerprint(e.timestamp, e.message), 0);
      const line = short === 1 ? events.find(e => fingerprint(e.timestamp, e.message) === sum - second.sum) : undefined;
      if (line) found.push(line);
      else unresolved.push({ from: key * 1000, lines: short });
    }
    return { found, unresolved };
  }
}

/** What the check reports back to the tail (also counted in its stats). */
export interface LateLineCheck {
  counted: boolean;
  streamsReread: number;
  found: number;
  unresolved: number;
  /** Streams with lines that could not be read or told apart (also said in `incomplete` status lines). */
  incompleteStreams: string[];
}

/**
 * The check itself, run once after the final read: `from` is the first whole second the tail took every line of
 * (a resumed tail: the second after its cursor's watermark); `named` are streams already said to be incomplete.
 */
export async function checkLateLines(
  ctx: TailContext, buffer: OrderingBuffer, tally: LineTally, from: number, named: ReadonlySet<string>, rereadHint?: string,
): Promise<LateLineCheck> {
  const result: LateLineCheck = { counted: false, streamsReread: 0, found: 0, unresolved: 0, incompleteStreams: [] };
  if (!ctx.logs.countLines || ctx.signal.aborted || ctx.fatal) return result;
  const { target } = ctx;
  const start = Math.ceil(from / 1000) * 1000;
  const end = Math.max(ctx.clock.now(), buffer.watermark) + 60_000;
  let counts: Map<string, number>;
  try {
    counts = await ctx.logs.countLines({ logGroupName: target.logGroupName, logStreamNamePrefix: target.streamPrefix, startTime: start, endTime: end }, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) return result;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    ctx.sink.status(`--- Lines that reached CloudWatch over a minute late could not be checked for (CloudWatch Logs Insights: ${reason}).` +
      ` To be sure none is missing, re-read the log with: ${rereadCommand(target.logGroupName, target.streamPrefix, start)}${rereadHint ? `, ${rereadHint}` : ''}`,
    { kind: 'info' });
    return result;
  }
  result.counted = true;
  for (const [stream, stored] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (ctx.signal.aborted || ctx.fatal) break;
    if (named.has(stream) || stored <= tally.count(stream, start)) continue;
    result.streamsReread++;
    const events = await readWholeStream(ctx, stream, start, end);
    if (typeof events === 'string') {
      say(ctx, stream, `${stored - tally.count(stream, start)} line(s) reached CloudWatch late and could not be read (${events})`, start, rereadHint);
      result.unresolved += stored - tally.count(stream, start);
      result.incompleteStreams.push(stream);
      continue;
    }
    const { found, unresolved } = tally.missing(stream, start, events);
    if (found.length > 0) {
      result.found += found.length;
      buffer.accept(found, false);
      buffer.emit(Infinity);
    }
    if (unresolved.length > 0) result.incompleteStreams.push(stream);
    for (const gap of unresolved) {
      result.unresolved += gap.lines;
      say(ctx, stream, `${gap.lines} lines that reached CloudWatch late, written in the second from ${new Date(gap.from).toISOString()}, cannot be told apart from the lines shown`, gap.from, rereadHint, gap.from + 999);
    }
  }
  return result;
}

/** Every event of one stream in [start, end], paged; a string says why it could not be read. */
async function readWholeStream(ctx: TailContext, stream: string, start: number, end: number): Promise<LogEvent[] | string> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  const tokens = new Set<string>();
  try {
    do {
      const out = await ctx.logs.filterLogEvents({
        logGroupName: ctx.target.logGroupName, logStreamNamePrefix: ctx.target.streamPrefix, logStreamNames: [stream],
        startTime: start, endTime: end, ...(nextToken ? { nextToken } : {}),
      }, ctx.signal);
      events.push(...out.events);
      nextToken = out.nextToken;
      if (nextToken && tokens.has(nextToken)) return 'FilterLogEvents repeated a paging token';
      if (nextToken) tokens.add(nextToken);
    } while (nextToken && !ctx.signal.aborted);
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return events;
}

function say(ctx: TailContext, stream: string, what: string, from: number, hint?: string, to?: number): void {
  const short = stream.startsWith(ctx.target.streamPrefix) ? stream.slice(ctx.target.streamPrefix.length) : stream;
  ctx.sink.status(`--- ${short}: ${what}. Re-read ${to !== undefined ? 'them' : 'it'} with: ` +
    `${rereadCommand(ctx.target.logGroupName, undefined, from, to, stream)}${hint ? `, ${hint}` : ''}`, { kind: 'incomplete' });
}

function rereadCommand(group: string, prefix: string | undefined, from: number, to?: number, stream?: string): string {
  return `aws logs filter-log-events --log-group-name ${group}` +
    (stream ? ` --log-stream-names ${stream}` : prefix ? ` --log-stream-name-prefix ${prefix}` : '') +
    (from > 0 ? ` --start-time ${from}` : '') + (to !== undefined ? ` --end-time ${to}` : '') + ' --output text';
}
