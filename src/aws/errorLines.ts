/**
 * The error lines of a job's or an endpoint's log, for the notification that says how it ended: FilterLogEvents with
 * CloudWatch's "any of these terms" pattern, the last lines near a training job's end or the first of an endpoint's log.
 */
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from './clientFactory';

/** CloudWatch's filter syntax for a line containing Error, Exception or Traceback (case-sensitive). */
export const ERROR_LINE_PATTERN = '?Error ?Exception ?Traceback';

export interface ErrorLinesQuery {
  logGroupName: string;
  logStreamNamePrefix?: string;
  startTime?: number;
  /** The first lines (an endpoint's: what broke first) or the last ones (a job's: what it died of). */
  which: 'first' | 'last';
  limit: number;
  signal?: AbortSignal;
}

/** Pages read at most: a log full of "Error" should not cost more than a few calls. */
const MAX_PAGES = 5;
const MAX_LINE_CHARS = 300;

/** Matching lines in time order, each on one line and shortened; none when the log group does not exist (yet). */
export async function errorLogLines(clients: AwsClients, query: ErrorLinesQuery): Promise<string[]> {
  let events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let out;
    try {
      out = await clients.logs().filterLogEvents({
        logGroupName: query.logGroupName,
        filterPattern: ERROR_LINE_PATTERN,
        ...(query.logStreamNamePrefix ? { logStreamNamePrefix: query.logStreamNamePrefix } : {}),
        ...(query.startTime !== undefined ? { startTime: query.startTime } : {}),
        ...(nextToken ? { nextToken } : {}),
      }, query.signal ? { abortSignal: query.signal } : {});
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') break;
      throw error;
    }
    events.push(...(out.events ?? []));
    events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    events = query.which === 'first' ? events.slice(0, query.limit) : events.slice(-query.limit);
    if (query.which === 'first' && events.length >= query.limit) break;
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  return events.map(e => oneLine(e.message ?? '')).filter(Boolean);
}

const oneLine = (message: string): string => {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
};
