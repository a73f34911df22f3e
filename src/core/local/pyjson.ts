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
  const parser = new PyJsonParser(text);
  try {
    const v = parser.value();
    parser.ws();
    return parser.atEnd() ? v : undefined;
  } catch {
    return undefined;
  }
}

/** JSON words Python's `json.loads` accepts beside numbers and strings (NaN and the infinities too). */
const JSON_WORDS: [string, PyValue][] = [
  ['null', { kind: 'none' }],
  ['true', { kind: 'bool', value: true }],
  ['false', { kind: 'bool', value: false }],
  ['NaN', { kind: 'float', value: NaN }],
  ['Infinity', { kind: 'float', value: Infinity }],
  ['-Infinity', { kind: 'float', value: -Infinity }],
];

/** A recursive-descent reader of one JSON text; throws a SyntaxError where Python's json.loads raises. */
class PyJsonParser {
  private i = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.i === this.text.length;
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) this.i++;
  }

  private fail(): never {
    throw new SyntaxError('bad JSON');
  }

  value(): PyValue {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.dict();
    if (c === '[') return this.list();
    if (c === '"') return { kind: 'str', value: this.string() };
    for (const [word, v] of JSON_WORDS) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.i));
    if (!m) return this.fail();
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return { kind: 'int', value: BigInt(m[0]).toString() };
    return { kind: 'float', value: Number(m[0]) };
  }

  private dict(): PyValue {
    const { text } = this;
    this.i++;
    const entries: [string, PyValue][] = [];
    this.ws();
    if (text[this.i] === '}') {
      this.i++;
      return { kind: 'dict', entries };
    }
    for (;;) {
      this.ws();
      if (text[this.i] !== '"') this.fail();
      const key = this.string();
      this.ws();
      if (text[this.i++] !== ':') this.fail();
      const v = this.value();
      const existing = entries.findIndex(([k]) => k === key);
      // A repeated key keeps its first place and takes the last value, as in a Python dict.
      if (existing >= 0) entries[existing] = [key, v];
      else entries.push([key, v]);
      this.ws();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (text[this.i] === '}') {
        this.i++;
        return { kind: 'dict', entries };
      }
      this.fail();
    }
  }

  private list(): PyValue {
    const { text } = this;
    this.i++;
    const items: PyValue[] = [];
    this.ws();
    if (text[this.i] === ']') {
      this.i++;
      return { kind: 'list', items };
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (text[this.i] === ']') {
        this.i++;
        return { kind: 'list', items };
      }
      this.fail();
    }
  }

  private string(): string {
    const { text } = this;
    const start = this.i;
    this.i++;
    while (this.i < text.length && text[this.i] !== '"') {
      if (text[this.i] === '\\') this.i++;
      else if (text.charCodeAt(this.i) < 0x20) this.fail(); // json.loads is strict about control characters
      this.i++;
    }
    if (this.i >= text.length) this.fail();
    this.i++;
    return JSON.parse(text.slice(start, this.i)) as string;
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
