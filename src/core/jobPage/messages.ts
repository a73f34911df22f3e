/**
 * The messages between the job page's webview and the extension host. What the webview sends is untrusted:
 * `validateJobPageMessage` checks the kind and every field, and refuses unknown fields, before the host acts.
 * The webview can only ask for a few fixed actions on the page's own job; it never names a URL or a path.
 */
import type { JobPageView } from './model';
import type { SeriesData, SeriesUpdate } from './series';

/** What "Copy" can copy: a field of the page's own job, never text the webview supplies. */
export const COPY_FIELDS = ['name', 'arn', 'modelArtifacts', 'outputPath', 'outputArtifacts', 'failureReason', 'image'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

export type JobPageWebviewMessage =
  | { kind: 'ready' }
  | { kind: 'refresh' }
  | { kind: 'copy'; field: CopyField }
  | { kind: 'openConsole' }
  | { kind: 'showLog' }
  | { kind: 'revealArtifacts' };

export type JobPageWebviewKind = JobPageWebviewMessage['kind'];

export type JobPageHostMessage =
  /** Everything: the job, and every series whole. */
  | { kind: 'init'; view: JobPageView; series: SeriesData[]; live: boolean }
  /** The job changed (status, timeline, outputs…). */
  | { kind: 'view'; view: JobPageView; live: boolean }
  /** New points (each series from `from` on). */
  | { kind: 'points'; updates: SeriesUpdate[] }
  | { kind: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

export type JobPageValidation = { ok: true; message: JobPageWebviewMessage } | { ok: false; reason: string };

const FIELDS: Record<JobPageWebviewKind, readonly string[]> = {
  ready: [],
  refresh: [],
  copy: ['field'],
  openConsole: [],
  showLog: [],
  revealArtifacts: [],
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `a string of ${v.length} characters` : `a ${typeof v}`;

export function validateJobPageMessage(raw: unknown): JobPageValidation {
  if (!isPlainObject(raw)) return { ok: false, reason: `the message must be an object, not ${describe(raw)}` };
  const kind = raw.kind;
  if (typeof kind !== 'string') return { ok: false, reason: `kind must be a string, not ${describe(kind)}` };
  if (!Object.prototype.hasOwnProperty.call(FIELDS, kind)) return { ok: false, reason: `unknown kind ${JSON.stringify(kind.slice(0, 40))}` };
  const allowed = ['kind', ...FIELDS[kind as JobPageWebviewKind]];
  const extra = Object.keys(raw).filter(k => !allowed.includes(k));
  if (extra.length > 0) {
    return { ok: false, reason: `${kind} has unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).map(k => JSON.stringify(k.slice(0, 40))).join(', ')}` };
  }
  if (kind === 'copy') {
    const field = raw.field;
    if (typeof field !== 'string' || !(COPY_FIELDS as readonly string[]).includes(field)) {
      return { ok: false, reason: `copy.field must be one of ${COPY_FIELDS.join(', ')}, not ${typeof field === 'string' ? JSON.stringify(field.slice(0, 40)) : describe(field)}` };
    }
    return { ok: true, message: { kind: 'copy', field: field as CopyField } };
  }
  return { ok: true, message: { kind } as JobPageWebviewMessage };
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
