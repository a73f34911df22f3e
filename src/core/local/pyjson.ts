/**
 * The bits of Python's `json` and `str()` that the SageMaker training toolkit applies to hyperparameters,
 * so that a script sees locally exactly the values and strings it would see in a SageMaker container:
 * - `json.loads(value)` of each hyperparameters.json string, falling back to the string itself;
 * - `str(value)` for command-line arguments (`mapping.to_cmd_args`);
 * - `json.dumps(value, sort_keys=True, separators=(",", ":"))` for the `SM_*` variables (`mapping.to_env_vars`).
 * Pure TypeScript.
 */
import { pyJsonDumps, pyJsonString, pyStr, type PyValue } from '../estimator/hyperparameters';

/** A Python value inside a JS value tree that {@link pyJsonCompact} serializes. */
export class Py {
  constructor(readonly value: PyValue) {}
}

/** Python's `json.loads(text)`, keeping int and float apart; `undefined` when Python would raise. */
export function pyJsonLoads(text: string): PyValue | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw new SyntaxError('bad JSON');
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, PyValue][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'dict', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = string();
        ws();
        if (text[i++] !== ':') fail();
        const v = value();
        const existing = entries.findIndex(([k]) => k === key);
        // A repeated key keeps its first place and takes the last value, as in a Python dict.
        if (existing >= 0) entries[existing] = [key, v];
        else entries.push([key, v]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'dict', entries };
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      const items: PyValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'list', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'list', items };
        }
        fail();
      }
    }
    if (c === '"') return { kind: 'str', value: string() };
    for (const [word, v] of [
      ['null', { kind: 'none' }],
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['NaN', { kind: 'float', value: NaN }],
      ['Infinity', { kind: 'float', value: Infinity }],
      ['-Infinity', { kind: 'float', value: -Infinity }],
    ] as [string, PyValue][]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return { kind: 'int', value: BigInt(m[0]).toString() };
    return { kind: 'float', value: Number(m[0]) };
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail(); // json.loads is strict about control characters
      i++;
    }
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  try {
    const v = value();
    ws();
    return i === text.length ? v : undefined;
  } catch {
    return undefined;
  }
}

/** What the toolkit's `read_hyperparameters` makes of one hyperparameters.json string. */
export function decodeHyperparameter(text: string): PyValue {
  return pyJsonLoads(text) ?? { kind: 'str', value: text };
}

/** `mapping.to_cmd_args`: `--name value` (`-n value` for one-letter names), keys sorted, dicts as `k=v,k2=v2`. */
export function toCmdArgs(hyperparameters: ReadonlyMap<string, PyValue> | [string, PyValue][]): string[] {
  const entries = [...hyperparameters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const args: string[] = [];
  for (const [key, value] of entries) {
    args.push(key.length > 1 ? `--${key}` : key ? `-${key}` : '');
    if (value.kind === 'dict') {
      const items = [...value.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      args.push(items.map(([k, v]) => `${k}=${pyStr(v)}`).join(','));
    } else {
      args.push(value.kind === 'none' ? '' : pyStr(value));
    }
  }
  return args;
}

/** `json.dumps(value, sort_keys=True, separators=(",", ":"))` of a tree of JS values and {@link Py} values. */
export function pyJsonCompact(value: unknown): string {
  if (value instanceof Py) return dumpPy(value.value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return dumpPy({ kind: 'float', value });
  }
  if (typeof value === 'string') return pyJsonString(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonCompact).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${pyJsonString(k)}:${pyJsonCompact((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function dumpPy(v: PyValue): string {
  return pyJsonDumps(v, { compact: true, sortKeys: true });
}

/** `mapping.to_env_vars`' value format: strings as they are, `None` empty, anything else compact sorted JSON. */
export function envValue(value: unknown): string {
  if (value instanceof Py) {
    if (value.value.kind === 'str') return value.value.value;
    if (value.value.kind === 'none') return '';
    return dumpPy(value.value);
  }
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return pyJsonCompact(value);
}
