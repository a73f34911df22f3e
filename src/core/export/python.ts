/**
 * A small model of the Python the exports print (literals, names, calls) and its renderer. Rendering is
 * deterministic: dict entries and keyword arguments keep the order they were given in (the estimator
 * file's own order), so the same file always exports the same text.
 */
import { pathKey, type NumberLiterals } from '../estimator/hyperparameters';
import type { JsonPath } from '../estimator/types';

export type PyExpr =
  | { kind: 'str'; value: string }
  /** A number as Python source (`1`, `1.0`, `-2e-05`). */
  | { kind: 'num'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list'; items: PyExpr[] }
  | { kind: 'dict'; entries: [string, PyExpr][] }
  /** A dotted name (`sagemaker.Session`, `session`), or any expression the generator spells itself. */
  | { kind: 'name'; name: string }
  | { kind: 'call'; callee: string; args: PyExpr[]; kwargs: [string, PyExpr][] };

export const pyStr = (value: string): PyExpr => ({ kind: 'str', value });
export const pyName = (name: string): PyExpr => ({ kind: 'name', name });
export const pyCall = (callee: string, kwargs: [string, PyExpr][], args: PyExpr[] = []): PyExpr => ({ kind: 'call', callee, args, kwargs });

/**
 * A JSON value of the estimator file as Python would hold it after `json.load`: a number keeps the spelling it
 * has in the file at `path` (`1.0` stays a float), when the file's number literals are given.
 */
export function pyValue(value: unknown, path: JsonPath = [], literals?: NumberLiterals): PyExpr {
  if (value === null || value === undefined) return { kind: 'none' };
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') return { kind: 'num', text: literals?.get(pathKey(path)) ?? pyNumber(value) };
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item, i) => pyValue(item, [...path, i], literals)) };
  if (typeof value === 'object') {
    return { kind: 'dict', entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, pyValue(v, [...path, k], literals)]) };
  }
  throw new Error(`A ${typeof value} has no Python literal.`);
}

/** JavaScript's number as Python source: integral numbers as ints, others with Python's float spelling. */
function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} has no JSON or Python literal.`);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value).replace('e+', 'e');
}

/**
 * A Python string literal (double quotes) that means exactly `value`: backslashes, quotes and every control
 * character escaped, and so are line separators and lone surrogates (which UTF-8 source cannot hold).
 */
export function pyStringLiteral(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff) out += `\\u${code.toString(16)}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += ch + value[++i]!;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const LINE_WIDTH = 100;
const INDENT = '    ';

/** The expression as Python source, on one line when it fits, else one item per line (for `indent` levels in). */
export function renderPy(expr: PyExpr, indent = 0): string {
  const flat = renderFlat(expr);
  if (indent * INDENT.length + flat.length <= LINE_WIDTH || !isContainer(expr)) return flat;
  const inner = INDENT.repeat(indent + 1);
  const close = INDENT.repeat(indent);
  switch (expr.kind) {
    case 'list':
      return `[\n${expr.items.map(item => `${inner}${renderPy(item, indent + 1)},\n`).join('')}${close}]`;
    case 'dict':
      return `{\n${expr.entries.map(([k, v]) => `${inner}${pyStringLiteral(k)}: ${renderPy(v, indent + 1)},\n`).join('')}${close}}`;
    case 'call': {
      const parts = [
        ...expr.args.map(arg => renderPy(arg, indent + 1)),
        ...expr.kwargs.map(([k, v]) => `${k}=${renderPy(v, indent + 1)}`),
      ];
      return `${expr.callee}(\n${parts.map(p => `${inner}${p},\n`).join('')}${close})`;
    }
    default:
      return flat;
  }
}

function isContainer(expr: PyExpr): boolean {
  return (expr.kind === 'list' && expr.items.length > 0) || (expr.kind === 'dict' && expr.entries.length > 0)
    || (expr.kind === 'call' && expr.args.length + expr.kwargs.length > 0);
}

function renderFlat(expr: PyExpr): string {
  switch (expr.kind) {
    case 'str': return pyStringLiteral(expr.value);
    case 'num': return expr.text;
    case 'bool': return expr.value ? 'True' : 'False';
    case 'none': return 'None';
    case 'name': return expr.name;
    case 'list': return `[${expr.items.map(renderFlat).join(', ')}]`;
    case 'dict': return `{${expr.entries.map(([k, v]) => `${pyStringLiteral(k)}: ${renderFlat(v)}`).join(', ')}}`;
    case 'call':
      return `${expr.callee}(${[...expr.args.map(renderFlat), ...expr.kwargs.map(([k, v]) => `${k}=${renderFlat(v)}`)].join(', ')})`;
  }
}

/** `# text` lines for a comment (each line of `text` commented). */
export function pyComment(text: string, indent = ''): string {
  return text.split(/\r\n|\r|\n/).map(line => `${indent}# ${line}`.trimEnd()).join('\n');
}
