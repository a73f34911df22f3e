/**
 * Python value semantics needed to reproduce the SageMaker Python SDK's hyperparameter strings:
 * `str(value)` (what the generic `Estimator` sends) and `json.dumps(value)` (what framework
 * estimators, and any estimator with a `source_dir`, send).
 *
 * JSON loses the distinction between Python's `int` and `float` (`1` vs `1.0`). Callers can pass the
 * source text of every number (see {@link numberLiteralsFromJson}); a number written with a decimal
 * point or an exponent is then a float (`1.0` -> `"1.0"`, `1e3` -> `"1000.0"`), exactly as
 * `json.load` would give it to Python. Without the source text an integral number is taken as an
 * `int` and any other number as a `float`.
 */
import { visit } from 'jsonc-parser';
import type { JsonPath } from './types';

/** A value as Python would hold it after `json.load` of the estimator file. */
export type PyValue =
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: string /* decimal digits, optional leading '-' */ }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'dict'; entries: [string, PyValue][] };

/** Source text of the numbers of an estimator file, keyed by {@link pathKey} of their JSON path. */
export type NumberLiterals = ReadonlyMap<string, string>;

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

/** Collects the source text of every number literal of a JSON(C) document, keyed by {@link pathKey}. */
export function numberLiteralsFromJson(text: string): Map<string, string> {
  const literals = new Map<string, string>();
  visit(
    text,
    {
      onLiteralValue: (value, offset, length, _line, _column, pathSupplier) => {
        if (typeof value === 'number') {
          literals.set(pathKey(pathSupplier()), text.substr(offset, length));
        }
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return literals;
}

function numberToPy(value: number, literal: string | undefined): PyValue {
  if (literal !== undefined && /^-?\d+$/.test(literal.trim())) {
    return { kind: 'int', value: BigInt(literal.trim()).toString() };
  }
  if (literal !== undefined) {
    return { kind: 'float', value };
  }
  if (Number.isInteger(value)) {
    return { kind: 'int', value: BigInt(value).toString() };
  }
  return { kind: 'float', value };
}

/** Converts a parsed JSON value (found at `path` of the estimator file) to its Python value. */
export function toPy(value: unknown, path: JsonPath = [], literals?: NumberLiterals): PyValue {
  if (value === null || value === undefined) return { kind: 'none' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') return numberToPy(value, literals?.get(pathKey(path)));
  if (typeof value === 'bigint') return { kind: 'int', value: value.toString() };
  if (typeof value === 'string') return { kind: 'str', value };
  if (Array.isArray(value)) {
    return { kind: 'list', items: value.map((item, i) => toPy(item, [...path, i], literals)) };
  }
  if (typeof value === 'object') {
    return {
      kind: 'dict',
      entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPy(v, [...path, k], literals)]),
    };
  }
  return { kind: 'str', value: String(value) };
}

/** Python's `repr(float)` (shortest round-trip digits, Python's switch to exponent notation). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = parseInt(expText, 10);
  let out: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp >= 0) {
    out =
      digits.length <= exp + 1
        ? `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`
        : `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return (x < 0 ? '-' : '') + out;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's `repr(str)`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's `repr(value)`. */
export function pyRepr(v: PyValue): string {
  switch (v.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'int':
      return v.value;
    case 'float':
      return pyFloatRepr(v.value);
    case 'str':
      return pyStrRepr(v.value);
    case 'list':
      return `[${v.items.map(pyRepr).join(', ')}]`;
    case 'dict':
      return `{${v.entries.map(([k, item]) => `${pyStrRepr(k)}: ${pyRepr(item)}`).join(', ')}}`;
  }
}

/** Python's `str(value)`: a string is itself, everything else its `repr`. */
export function pyStr(v: PyValue): string {
  return v.kind === 'str' ? v.value : pyRepr(v);
}

/** A JSON string literal as Python's `json.dumps` writes it (`ensure_ascii=True`). */
export function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

export interface PyJsonOptions {
  /** `separators=(",", ":")` instead of Python's default `(", ", ": ")`. */
  compact?: boolean;
  /** `sort_keys=True`. */
  sortKeys?: boolean;
}

/** Python's `json.dumps(value)`: default separators, or as `options` say. */
export function pyJsonDumps(v: PyValue, options: PyJsonOptions = {}): string {
  const dump = (item: PyValue) => pyJsonDumps(item, options);
  switch (v.kind) {
    case 'none':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return v.value;
    case 'float':
      if (Number.isNaN(v.value)) return 'NaN';
      if (v.value === Infinity) return 'Infinity';
      if (v.value === -Infinity) return '-Infinity';
      return pyFloatRepr(v.value);
    case 'str':
      return pyJsonString(v.value);
    case 'list':
      return `[${v.items.map(dump).join(options.compact ? ',' : ', ')}]`;
    case 'dict': {
      const entries = options.sortKeys ? [...v.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : v.entries;
      return `{${entries.map(([k, item]) => `${pyJsonString(k)}${options.compact ? ':' : ': '}${dump(item)}`).join(options.compact ? ',' : ', ')}}`;
    }
  }
}

/** Converts the estimator's `hyperparameters` object to Python values, keeping key order. */
export function hyperparametersToPy(
  hyperparameters: Record<string, unknown> | undefined,
  literals?: NumberLiterals,
): [string, PyValue][] {
  if (!hyperparameters) return [];
  return Object.entries(hyperparameters).map(([k, v]) => [k, toPy(v, ['hyperparameters', k], literals)]);
}
