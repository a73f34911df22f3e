// The tail's knobs, apart so that every part of the tailer reads the same numbers and tests and the bench can set them.
export interface TailTuning {
  /**
   * Between FilterLogEvents runs while polling: a line is shown within about one of these after CloudWatch ingests
   * it. Half the SageMaker Python SDK's 10 s, and with one call a poll no more calls than the SDK's three a poll for
   * one instance (DescribeLogStreams, and GetLogEvents until an empty page).
   */
  pollIntervalMs: number;
  /** Between FilterLogEvents runs while Live Tail delivers (backfill and safety net). */
  livePollIntervalMs: number;
  /** While Live Tail runs, how often the loop checks for due polls (lines are released as each update arrives). */
  liveFlushMs: number;
  /**
   * Margin over the learned Live Tail delivery delay (liveDelivery.ts, from the events' ingestionTime): lines are
   * final up to the latest update's time minus the learned delay, this margin and the hold-back.
   */
  liveDeliveryMs: number;
  /** How far back delivery delays are remembered. */
  liveDeliveryWindowMs: number;
  /** How often Live Tail sends an update (the allowance before any delay is measured). */
  liveUpdateEveryMs: number;
  /** A session that sends nothing this long (Live Tail sends an update every second) is aborted and started again. */
  liveWatchdogMs: number;
  /** A session that delivered this long was healthy: after a clean end the next one starts at once. */
  liveHealthyMs: number;
  /** Cap of the backoff between Live Tail sessions that end early. */
  liveRetryMaxMs: number;
  /** While AWS credentials are expired, how often the paused work tries again (quietly). */
  credentialRetryMs: number;
  /** Between DescribeTrainingJob calls while no lines flow (the job starting, ending, or quiet). */
  statusIntervalMs: number;
  /**
   * While lines flow the job is training and its status rarely changes: DescribeTrainingJob comes this many times
   * less often, and again at once when a poll finds the lines have stopped (the job may be ending).
   */
  statusFlowingFactor: number;
  /**
   * Until the first line (the job starting: no news but its status), polls come this many times less often and the
   * status as seldom as while lines flow: the SageMaker Python SDK's cadence (a 10 s poll, the status every 30 s).
   */
  waitingPollFactor: number;
  /**
   * How far before the watermark a deep poll reads again, for lines CloudWatch ingests late: a line ingested up to
   * `overlapMs - deepPollEveryMs` after its timestamp is always read (later ones, up to `overlapMs`, usually).
   */
  overlapMs: number;
  /**
   * How often a poll is deep (reads back `overlapMs`) when nothing else finds late lines (no Logs Insights count at
   * the end); the other polls read the settled window only, from where the previous one stopped.
   */
  deepPollEveryMs: number;
  /** How often a poll is deep when Logs Insights counts every stream's lines at the end (lateLines.ts). */
  sparseDeepPollEveryMs: number;
  /**
   * Without a count at the end, a stream with no line for this long is silent: each poll asks DescribeLogStreams
   * whether it has newer lines (a stalled agent's backlog comes with timestamps the polls have passed, and no later
   * line of it says so), and reads it from its newest line if so...
   */
  silentAfterMs: number;
  /** ...until it has been silent this long (an instance that has finished writing). */
  silentForMs: number;
  minHoldbackMs: number;
  /** The hold-back covers this many times the largest ingestion lag seen (plus minHoldbackMs). */
  lagFactor: number;
  maxHoldbackMs: number;
  /** Hold-back while some expected hosts have not written yet (their first batch may come a flush late). */
  newHostHoldbackMs: number;
  /** How long an observed ingestion lag keeps the hold-back up. */
  lagWindowMs: number;
  /** After a terminal status, wait this long before the final read (CloudWatch ingests the last lines late). */
  finalGraceMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Cap of the de-duplication window (lines). */
  maxSeen: number;
  /**
   * Its cap from the final read on: a backfill keeps the page it read last (a FilterLogEvents page holds up to
   * 10,000 events), not the last 90 s of a busy log (beyond a page, a deep read after a failed Logs Insights count
   * then starts at the floor; the message about that count names the command that re-reads the log).
   */
  maxSeenFinal: number;
  /** Lines held in the ordering buffer before the oldest are shown early (huge backfills). */
  maxPending: number;
  /** FilterLogEvents `limit` (the service's default, 10,000, when unset). */
  pageLimit?: number;
  cursorEveryMs: number;
  /** How much of the window a cursor carries (seconds before its watermark a resumed tail re-reads). */
  cursorWindowMs: number;
  /** Unclassified errors in a row before the tail stops. */
  maxOtherErrors: number;
  /** Failed calls in a row before a "retrying" status is shown (once per outage). */
  retryNoticeAfter: number;
}

export const DEFAULT_TUNING: Readonly<TailTuning> = {
  pollIntervalMs: 5_000,
  livePollIntervalMs: 20_000,
  liveFlushMs: 250,
  liveDeliveryMs: 250,
  liveDeliveryWindowMs: 60_000,
  liveUpdateEveryMs: 1_000,
  liveWatchdogMs: 10_000,
  liveHealthyMs: 60_000,
  liveRetryMaxMs: 60_000,
  credentialRetryMs: 60_000,
  statusIntervalMs: 5_000,
  statusFlowingFactor: 6,
  waitingPollFactor: 2,
  overlapMs: 90_000,
  deepPollEveryMs: 30_000,
  sparseDeepPollEveryMs: 600_000,
  silentAfterMs: 10_000,
  silentForMs: 300_000,
  minHoldbackMs: 50,
  lagFactor: 1.25,
  maxHoldbackMs: 30_000,
  newHostHoldbackMs: 6_000,
  lagWindowMs: 300_000,
  finalGraceMs: 5_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxSeen: 250_000,
  maxSeenFinal: 10_000,
  maxPending: 50_000,
  cursorEveryMs: 5_000,
  cursorWindowMs: 15_000,
  maxOtherErrors: 5,
  retryNoticeAfter: 3,
};
