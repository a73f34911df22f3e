/**
 * The small shared vocabulary of "Save as estimator.json": API shapes read as plain records, values written as
 * exact JSON text, and the decoding that mirrors how the planner encodes hyperparameters.
 */
import { numberLiteralsFromJson, pyJsonDumps, pyStr, toPy } from '../../estimator/hyperparameters';
import { baseNameFromImage } from '../../estimator/jobName';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An API shape as a plain record, to read its fields by name. */
export const asObj = (v: unknown): Obj => (isObj(v) ? v : {});

/** An estimator argument in the file's order: `[name, value]`. */
export type Entry = [string, unknown];
/** Records a value that is not (exactly) in the estimator: `<field>: <why>`. */
export type Flag = (field: string, why: string) => void;

/** A value written into the file as this exact JSON text (a number literal, a JSON-encoded hyperparameter). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Parses `arn:<partition>:<service>:<region>:<account>:...`. */
export function arnParts(arn: string | undefined): { region?: string; account?: string } {
  const m = /^arn:[^:]+:[^:]*:([^:]*):(\d{12}):/.exec(arn ?? '');
  return m ? { region: m[1] || undefined, account: m[2] } : {};
}

/** The repository name of an image URI (`.../pytorch-training:1.7.1-cpu-py3` -> `pytorch-training`). */
export function repositoryOf(image: string): string {
  return baseNameFromImage(image.split('@')[0]);
}

export function jsonDecode(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Whether `text` is exactly what the planner's `json.dumps` gives for the JSON it holds. */
export function jsonRoundTrips(text: string): boolean {
  const decoded = jsonDecode(text);
  if (!decoded.ok) return false;
  // The literals of the text keep Python's int/float distinction, as in the estimator file.
  const literals = numberLiteralsFromJson(`{"v": ${text}}`);
  const shifted = new Map([...literals].map(([k, v]) => [k.replace(/^\["v"/, '["hyperparameters","v"'), v]));
  return pyJsonDumps(toPy(decoded.value, ['hyperparameters', 'v'], shifted)) === text;
}

/** A generic Estimator's `str()` hyperparameter: as a number or boolean where that prints back the same. */
export function strValue(text: string): RawJson | string {
  if (text === 'True') return new RawJson('true');
  if (text === 'False') return new RawJson('false');
  const decoded = jsonDecode(text);
  if (decoded.ok && typeof decoded.value === 'number' && /^-?\d/.test(text)) {
    const value = decoded.value;
    const literals = new Map([[JSON.stringify(['hyperparameters', 'v']), text]]);
    if (Number.isFinite(value) && pyStr(toPy(value, ['hyperparameters', 'v'], literals)) === text) return new RawJson(text);
  }
  return text;
}

/** The value of a raw or plain entry as loading the file gives it. */
export function plain(value: unknown): unknown {
  if (value instanceof RawJson) return JSON.parse(value.text);
  if (Array.isArray(value)) return value.map(plain);
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Deep equality of JSON values, with keys in any order. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
  }
  return false;
}
