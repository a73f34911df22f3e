/**
 * Completeness. An instance's agent sends its stream in order, so lines that arrive later than the read-back come
 * as a backlog: a stall, or a stream created minutes after the instance started writing. A run that takes a line
 * ingested more than half its read-back late reads that stream alone again from its newest line taken before
 * (one call, only then). At the end, the final run shows every line from its start on, and each stream whose newest
 * line taken is older than that start (and every stream, when the final run could not finish; DescribeLogStreams
 * names the streams no read returned) is read from that line on: one call a stream, once. A stream that still
 * cannot be read is named in one `incomplete` status line with the AWS CLI command that re-reads it. A lone line
 * ingested over a minute late while the lines written after it on the same stream arrived on time is found after
 * that by counting each stream's lines (lateLines.ts). A resumed tail reads
 * back as far as a fresh one; below the cursor's window it takes only the lines ingested after the cursor was saved.
 */
import type { ReadScope, RunResult, TailContext } from './context';
import type { OrderingBuffer } from './orderingBuffer';
import type { TailSummary } from './types';

/** FilterLogEvents takes up to 100 stream names. */
const MAX_STREAM_NAMES = 100;

/** What a stream read needs from the reader: its paged, retrying run, and where a fresh tail starts. */
export interface RunReader {
  readonly initialStart: number;
  readRun(final: boolean, pollStart: number, runStart: number, scope: ReadScope): Promise<RunResult>;
}

export class StreamCompleteness {
  /** Streams that could not be read in full, from where. */
  private readonly unread = new Map<number, { from: number; reason: string }>();

  constructor(
    private readonly ctx: TailContext, private readonly buffer: OrderingBuffer, private readonly reader: RunReader,
    private readonly rereadHint?: string,
  ) {}

  /** Where the de-duplication window starts knowing every line read. */
  private cutoff(): number {
    const { buffer } = this;
    return buffer.watermark === -Infinity ? -Infinity : Math.max(buffer.watermark - this.ctx.t.overlapMs, buffer.seen.floor);
  }

  /** Where a read of a stream from `from` starts: its newest line taken, or the start for a stream never read. */
  private startOf(from: number): number {
    // The window knows the lines from its cutoff on; below it the line at `from` was shown already: start after it.
    const cutoff = this.cutoff();
    return from === -Infinity ? Math.max(this.reader.initialStart, 0) : from >= cutoff ? from : from + 1;
  }

  /**
   * Reads one stream from `from` (its newest line taken, or the start for a stream never read) to `to`; what it
   * cannot read is remembered (`unread`) for the check at the end, and said if that fails too.
   */
  async readStream(stream: number, from: number, to?: number): Promise<boolean> {
    return this.readStreams([{ stream, from }], to);
  }

  /**
   * The streams whose lines a run took later than the previous poll allowed, each from its newest line taken
   * before the run up to the run's start: the lines before may have come as late (one read for all of them).
   */
  async readBacklogs(streams: Array<{ stream: number; from: number }>, runStart: number): Promise<void> {
    const behind = streams.filter(s => s.from < runStart);
    // The streams never read before are read from the start, the others from the earliest of their newest lines.
    for (const group of [behind.filter(s => s.from === -Infinity), behind.filter(s => s.from > -Infinity)]) {
      for (let i = 0; i < group.length; i += MAX_STREAM_NAMES) await this.readStreams(group.slice(i, i + MAX_STREAM_NAMES), runStart - 1);
    }
  }

  /** One read of these streams (FilterLogEvents `logStreamNames`), from the earliest start of theirs to `to`. */
  private async readStreams(streams: Array<{ stream: number; from: number }>, to?: number): Promise<boolean> {
    const { ctx, buffer } = this;
    // Several streams are read together only from where the window knows every line read: below its cutoff a
    // line of one stream read before would not be recognised.
    const cutoff = this.cutoff();
    if (streams.length > 1 && streams.some(s => s.from < cutoff)) {
      let ok = true;
      for (const s of streams) ok = (await this.readStreams([s], to)) && ok;
      return ok;
    }
    const start = Math.min(...streams.map(s => this.startOf(s.from)));
    if (to !== undefined && start > to) return true;
    const result = await this.reader.readRun(false, ctx.clock.now(), start, {
      logStreamNamePrefix: ctx.target.streamPrefix, logStreamNames: streams.map(s => buffer.streams[s.stream]!.name), ...(to !== undefined ? { endTime: to } : {}),
    });
    for (const { stream, from } of streams) {
      const gap = this.unread.get(stream);
      if (result === 'ok') {
        if (gap && gap.from >= from) this.unread.delete(stream);
      } else if (typeof result === 'object') {
        this.unread.set(stream, { from: Math.min(gap?.from ?? Infinity, from === -Infinity ? start : from), reason: result.refused });
      }
    }
    return result === 'ok';
  }

  /**
   * Per-stream completeness at the end. The final run read every line from its start on; a stream whose newest
   * line taken is older than that (an instance that stopped writing early, a stream created late with its backlog,
   * one no read returned) is read again from that line, and so is every stream when the final run could not finish.
   * DescribeLogStreams names the streams no read has returned, and a stream whose last event it reports newer than
   * the newest line taken (written since the final run) is read too. One call a stream at most, once.
   */
  async checkStreams(coveredFrom: number): Promise<void> {
    const lastEvent = await this.lastEvents();
    const { streams } = this.buffer;
    for (let i = 0; i < streams.length; i++) {
      if (this.ctx.signal.aborted || this.ctx.fatal) return;
      const info = streams[i]!;
      const gap = this.unread.get(i);
      const behind = info.newestTs < coveredFrom || (lastEvent.get(i) ?? -Infinity) > info.newestTs;
      if (behind || gap) await this.readStream(i, Math.min(info.newestTs, gap?.from ?? Infinity));
    }
  }

  /** Each stream's last event as DescribeLogStreams reports it; the streams it names become known to the tail. */
  async lastEvents(): Promise<Map<number, number>> {
    const { ctx } = this;
    const lastEvent = new Map<number, number>();
    if (!ctx.logs.describeLogStreams) return lastEvent;
    let token: string | undefined;
    try {
      do {
        const out = await ctx.logs.describeLogStreams({
          logGroupName: ctx.target.logGroupName, logStreamNamePrefix: ctx.target.streamPrefix, ...(token ? { nextToken: token } : {}),
        }, ctx.signal);
        for (const info of out.logStreams) {
          if (!info.logStreamName) continue;
          const stream = this.buffer.streamOf(info.logStreamName);
          if (info.lastEventTimestamp !== undefined) lastEvent.set(stream, info.lastEventTimestamp);
        }
        token = out.nextToken;
      } while (token);
    } catch {
      // Without the list, the streams read so far are checked.
    }
    return lastEvent;
  }

  /** The streams that could not be read in full (said by `sayIncomplete`). */
  unreadStreams(): Set<string> {
    return new Set([...this.unread.keys()].map(stream => this.buffer.streams[stream]!.name));
  }

  /** One line: which streams may be incomplete, why, and the command that re-reads them. */
  sayIncomplete(): TailSummary['incomplete'] {
    if (this.unread.size === 0) return undefined;
    const { target } = this.ctx;
    const gaps = [...this.unread].sort((a, b) => a[0] - b[0]).map(([stream, gap]) => ({ name: this.buffer.streams[stream]!.name, ...gap }));
    const names = gaps.map(g => g.name);
    const short = names.map(n => (n.startsWith(target.streamPrefix) ? n.slice(target.streamPrefix.length) : n));
    const from = Math.min(...gaps.map(g => g.from));
    const reason = gaps[0]!.reason;
    const command = `aws logs filter-log-events --log-group-name ${target.logGroupName} --log-stream-names ${names.join(' ')}` +
      `${from > 0 && from < Infinity ? ` --start-time ${from}` : ''} --output text`;
    this.ctx.sink.status(
      `--- ${short.join(', ')} may be incomplete: ${reason}. Re-read ${names.length === 1 ? 'it' : 'them'} with: ${command}${this.rereadHint ? `, ${this.rereadHint}` : ''}`,
      { kind: 'incomplete' });
    return { streams: names, reason };
  }
}
