/**
 * The messages between the job page's webview and the extension host. What the webview sends is untrusted:
 * `validateJobPageMessage` checks the kind and every field, and refuses unknown fields, before the host acts.
 * The webview can only ask for a few fixed actions on the page's own job; it never names a URL or a path.
 */
import { checkMessage, describe, isPlainObject, type NoticeMessage, type ReplyMessage, type Validation } from '../webview/messages';
import type { JobPageView } from './model';
import type { OverviewUpdate } from './overview';

/** What "Copy" can copy: a field of the page's own job, never text the webview supplies. */
export const COPY_FIELDS = ['name', 'arn', 'modelArtifacts', 'outputPath', 'outputArtifacts', 'failureReason', 'image'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

export type JobPageWebviewMessage =
  /** The page listens; `pixels`: its charts' width in device pixels (the overviews' resolution), when laid out. */
  | { kind: 'ready'; pixels?: number }
  /** The charts' width changed (device pixels): the overviews at that resolution, if it differs enough. */
  | { kind: 'resolution'; pixels: number }
  | { kind: 'refresh' }
  | { kind: 'copy'; field: CopyField }
  | { kind: 'openConsole' }
  | { kind: 'showLog' }
  | { kind: 'revealArtifacts' }
  /** While zoomed in: the series' points from raw index `first` to `last`, in more detail than the overview. */
  | { kind: 'detail'; name: string; first: number; last: number }
  /**
   * The page applied and drew the data message `seq`; `workMs` is the time its handling took in the page. For
   * the init, also when the page's document started (its performance.timeOrigin), when it posted its ready
   * handshake, when the init arrived and when the frame showing it was drawn (milliseconds since the epoch, the
   * page's clock: the benchmark splits the first render with them).
   */
  | { kind: 'drawn'; seq: number; workMs: number; pageStartAt?: number; readySentAt?: number; receivedAt?: number; frameAt?: number };

export type JobPageWebviewKind = JobPageWebviewMessage['kind'];

/** `seq` numbers the data messages (init, points): the page answers each with a `drawn` message of that number. */
export type JobPageHostMessage =
  /** Everything: the job, and every series' overview whole. */
  | { kind: 'init'; seq: number; view: JobPageView; series: OverviewUpdate[]; live: boolean }
  /** The job changed (status, timeline, outputs…). */
  | { kind: 'view'; view: JobPageView; live: boolean }
  /** What new points changed in the overviews (each from its point `from` on). */
  | { kind: 'points'; seq: number; updates: OverviewUpdate[] }
  /** The answer to the page's `detail`: the overview of raw points `first` to `last` alone. */
  | { kind: 'detail'; name: string; first: number; last: number; points: OverviewUpdate }
  | NoticeMessage
  | ReplyMessage;

export type JobPageValidation = Validation<JobPageWebviewMessage>;

const FIELDS: Record<JobPageWebviewKind, readonly string[]> = {
  ready: ['pixels'],
  resolution: ['pixels'],
  refresh: [],
  copy: ['field'],
  openConsole: [],
  showLog: [],
  revealArtifacts: [],
  drawn: ['seq', 'workMs', 'pageStartAt', 'readySentAt', 'receivedAt', 'frameAt'],
  detail: ['name', 'first', 'last'],
};

function readDrawn(raw: Record<string, unknown>): JobPageWebviewMessage | { refused: string } {
  const { seq, workMs, pageStartAt, readySentAt, receivedAt, frameAt } = raw;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return { refused: `drawn.seq must be a whole number >= 0, not ${describe(seq)}` };
  if (typeof workMs !== 'number' || !Number.isFinite(workMs) || workMs < 0) return { refused: `drawn.workMs must be a finite number >= 0, not ${describe(workMs)}` };
  const drawn: Extract<JobPageWebviewMessage, { kind: 'drawn' }> = { kind: 'drawn', seq, workMs };
  for (const [key, value] of [['pageStartAt', pageStartAt], ['readySentAt', readySentAt], ['receivedAt', receivedAt], ['frameAt', frameAt]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return { refused: `drawn.${key} must be a time in milliseconds since the epoch, not ${describe(value)}` };
    drawn[key] = value;
  }
  return drawn;
}

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Wider than any screen: a width beyond it is not a page's. */
const MAX_PIXELS = 100_000;

function readPixels(kind: 'ready' | 'resolution', pixels: unknown): JobPageWebviewMessage | { refused: string } {
  if (kind === 'ready' && pixels === undefined) return { kind };
  if (!isIndex(pixels) || pixels > MAX_PIXELS) return { refused: `${kind}.pixels must be the charts' width in device pixels, a whole number from 0 to ${MAX_PIXELS}, not ${describe(pixels)}` };
  return { kind, pixels };
}

function readDetail(raw: Record<string, unknown>): JobPageWebviewMessage | { refused: string } {
  const { name, first, last } = raw;
  if (typeof name !== 'string' || name.length === 0 || name.length > 256) return { refused: `detail.name must be a metric's name, not ${describe(name)}` };
  if (!isIndex(first) || !isIndex(last) || last < first) return { refused: `detail.first and detail.last must be point indices, first <= last, not ${describe(first)} and ${describe(last)}` };
  return { kind: 'detail', name, first, last };
}

function readMessage(kind: JobPageWebviewKind, raw: Record<string, unknown>): JobPageWebviewMessage | { refused: string } {
  if (kind === 'drawn') return readDrawn(raw);
  if (kind === 'detail') return readDetail(raw);
  if (kind === 'ready' || kind === 'resolution') return readPixels(kind, raw.pixels);
  if (kind !== 'copy') return { kind } as JobPageWebviewMessage;
  const field = raw.field;
  if (typeof field !== 'string' || !(COPY_FIELDS as readonly string[]).includes(field)) {
    return { refused: `copy.field must be one of ${COPY_FIELDS.join(', ')}, not ${typeof field === 'string' ? JSON.stringify(field.slice(0, 40)) : describe(field)}` };
  }
  return { kind: 'copy', field: field as CopyField };
}

/** Checks a message from the webview before the host acts on it. Never throws. */
export function validateJobPageMessage(raw: unknown): JobPageValidation {
  return checkMessage(raw, { fields: FIELDS, read: readMessage });
}

/** The state the webview keeps for a reload of the window (the serializer gets it back): checked the same way. */
export interface JobPageState {
  jobName: string;
  local?: boolean;
}

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** Local job names are folder names: a bit wider than SageMaker's, never a path. */
const LOCAL_JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function validateJobPageState(raw: unknown): JobPageState | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { jobName, local } = raw;
  if (typeof jobName !== 'string') return undefined;
  if (local !== undefined && typeof local !== 'boolean') return undefined;
  if (local ? !LOCAL_JOB_NAME.test(jobName) || jobName.includes('..') : !JOB_NAME.test(jobName)) return undefined;
  return local ? { jobName, local: true } : { jobName };
}
