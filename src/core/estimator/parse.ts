/**
 * Parsing of an estimator file: JSON with comments (and trailing commas), keeping jsonc-parser's node
 * tree so that every later diagnostic can point at the exact key or value it is about.
 * Pure TypeScript: no `vscode` import.
 */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { EstimatorDiagnostic, JsonPath, Position, Range } from './types';

export type { Node as JsonNode } from 'jsonc-parser';

/** Maps string offsets (UTF-16 code units, as jsonc-parser and VS Code count them) to 0-based line/character. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  range(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + Math.max(0, length)) };
  }
}

export interface ParsedEstimatorText {
  text: string;
  /** The root node; undefined when the text holds no JSON value at all. */
  root: Node | undefined;
  lines: LineIndex;
  /** Syntax errors (code `json-syntax`), duplicate keys (`duplicate-key`) and a non-object root (`not-object`). */
  diagnostics: EstimatorDiagnostic[];
  /** True when the text has syntax errors (the tree is then only jsonc-parser's best recovery). */
  hasSyntaxErrors: boolean;
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: a JSON value (object, array, string, number, true, false or null) was expected here.',
  InvalidNumberFormat: 'Invalid number: write numbers as in JSON, e.g. 3600 or 0.5 (no leading zeros, no hex, no trailing dot).',
  PropertyNameExpected: 'A property name in double quotes was expected here (remove the extra comma or quote the name).',
  ValueExpected: 'A value was expected here.',
  ColonExpected: 'A colon ":" was expected after the property name.',
  CommaExpected: 'A comma "," was expected between the two entries.',
  CloseBraceExpected: 'A closing brace "}" was expected: the object is not closed.',
  CloseBracketExpected: 'A closing bracket "]" was expected: the array is not closed.',
  EndOfFileExpected: 'Only one JSON value may be in the file: remove what follows the closing brace.',
  InvalidCommentToken: 'Invalid comment: use // line comments or /* block comments */.',
  UnexpectedEndOfComment: 'The block comment is not closed: add "*/".',
  UnexpectedEndOfString: 'The string is not closed: add the closing double quote (strings cannot span lines).',
  UnexpectedEndOfNumber: 'The number ends unexpectedly: add its digits.',
  InvalidUnicode: 'Invalid unicode escape: write \\u followed by four hex digits.',
  InvalidEscapeCharacter: 'Invalid escape in a string: use \\\\ for a backslash (e.g. in a Windows path or a regular expression), or one of \\" \\/ \\b \\f \\n \\r \\t \\uXXXX.',
  InvalidCharacter: 'Invalid character in a string: control characters such as tabs and line breaks must be escaped (\\t, \\n).',
};

/** `table[key]` when `key` is the table's own (never `constructor` or `__proto__` of Object.prototype). */
export function ownString(table: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Parses estimator text. Never throws. A leading byte-order mark is ignored. */
export function parseEstimatorText(text: string): ParsedEstimatorText {
  const lines = new LineIndex(text);
  const diagnostics: EstimatorDiagnostic[] = [];
  // Same length as the original, so that every offset still matches the caller's text.
  const source = scannableText(text);
  const tooDeep = firstOffsetTooDeep(source, MAX_NESTING);
  if (tooDeep !== undefined) {
    const at = lines.positionAt(tooDeep);
    diagnostics.push({
      severity: 'error',
      code: 'too-deep',
      message: `The estimator file nests too deeply (more than ${MAX_NESTING} levels of objects and arrays) at ${at.line + 1}:${at.character + 1}: an estimator needs only a few levels. Check for a runaway paste or a generated file.`,
      range: lines.range(tooDeep, 1),
      path: [],
    });
    return { text, root: undefined, lines, diagnostics, hasSyntaxErrors: true };
  }
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      code: 'json-syntax',
      message: `The estimator file could not be parsed: ${(error as Error).message}`,
      range: lines.range(0, 0),
      path: [],
    });
    return { text, root: undefined, lines, diagnostics, hasSyntaxErrors: true };
  }
  if (source.trim() === '') {
    diagnostics.push({
      severity: 'error',
      code: 'json-syntax',
      message: 'The estimator file is empty: write a JSON object such as { "image_uri": "...", "role": "...", "instance_count": 1, "instance_type": "ml.m5.xlarge" }.',
      range: lines.range(0, 0),
      path: [],
    });
    return { text, root: undefined, lines, diagnostics, hasSyntaxErrors: true };
  }
  const crowded = root && !errors.length ? firstCrowdedNode(root, MAX_ENTRIES) : undefined;
  if (crowded) {
    const count = crowded.children?.length ?? 0;
    const path = pathOfNode(crowded);
    diagnostics.push({
      severity: 'error',
      code: 'too-large',
      message: `${displayPath(path) || 'The estimator'} has ${count} ${crowded.type === 'array' ? 'entries' : 'keys'}: more than ${MAX_ENTRIES}, far beyond what SageMaker accepts anywhere (e.g. 100 hyperparameters, 20 channels, 50 tags). Keep large data in S3 or in source_dir, not in the estimator file.`,
      range: lines.range(crowded.offset, 1),
      path,
    });
    return { text, root: undefined, lines, diagnostics, hasSyntaxErrors: true };
  }
  diagnostics.push(...syntaxErrorDiagnostics(errors, source, lines));
  const hasSyntaxErrors = errors.length > 0;
  if (root && root.type !== 'object') {
    diagnostics.push({
      severity: 'error',
      code: 'not-object',
      message: `The estimator file must be a JSON object of Estimator keyword arguments ({ "role": ..., "instance_type": ... }), not ${describeNodeType(root)}.`,
      range: lines.range(root.offset, root.length),
      path: [],
    });
  }
  if (root) collectDuplicateKeys(root, lines, diagnostics);
  return { text, root, lines, diagnostics, hasSyntaxErrors };
}

/** One diagnostic per line with syntax errors. */
function syntaxErrorDiagnostics(errors: ParseError[], source: string, lines: LineIndex): EstimatorDiagnostic[] {
  const diagnostics: EstimatorDiagnostic[] = [];
  // jsonc-parser recovers and goes on, so one mistake often yields more errors on the same line:
  // report the first of each line only.
  const reportedLines = new Set<number>();
  for (const error of errors) {
    const line = lines.positionAt(error.offset).line;
    if (reportedLines.has(line)) continue;
    reportedLines.add(line);
    const name = printParseErrorCode(error.error);
    const message = (name === 'InvalidSymbol' ? invalidSymbolMessage(source, error.offset) : undefined) ?? ownString(SYNTAX_MESSAGES, name) ?? `JSON syntax error (${name}).`;
    diagnostics.push({
      severity: 'error',
      code: 'json-syntax',
      message: `Syntax error: ${message}`,
      range: lines.range(error.offset, error.length),
      path: [],
    });
  }
  return diagnostics;
}

/** Whitespace runs longer than this are broken up for jsonc-parser (see scannableText). */
const WHITESPACE_RUN = 4096;

/**
 * The text as jsonc-parser should read it, of the same length so that every offset still matches: a leading
 * byte-order mark as a space, and in very long runs of spaces and tabs outside strings and comments every
 * 4096th character as a line break (jsonc-parser builds a whitespace token one character at a time, which
 * takes seconds for megabytes of padding; a line break is whitespace too, and positions come from the
 * original text).
 */
export function scannableText(text: string): string {
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  if (!/[ \t]{4096}/.test(source)) return source;
  const parts: string[] = [];
  let copied = 0;
  let run = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 0x20 || ch === 0x09) {
      if (++run % WHITESPACE_RUN === 0) {
        parts.push(source.slice(copied, i), '\n');
        copied = i + 1;
      }
      continue;
    }
    run = 0;
    if (ch === 0x22 /* " */) {
      for (i++; i < source.length; i++) {
        const c = source.charCodeAt(i);
        if (c === 0x5c /* \\ */) i++;
        else if (c === 0x22 || c === 0x0a || c === 0x0d) break;
      }
    } else if (ch === 0x2f /* / */ && source.charCodeAt(i + 1) === 0x2f) {
      while (i + 1 < source.length && source.charCodeAt(i + 1) !== 0x0a && source.charCodeAt(i + 1) !== 0x0d) i++;
    } else if (ch === 0x2f && source.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 1;
    }
  }
  parts.push(source.slice(copied));
  return parts.join('');
}

/** Deeper than any estimator; every later step (parser, schema, rules) recurses once per level. */
export const MAX_NESTING = 100;

/**
 * The offset of the first `{` or `[` that opens level `limit + 1`, skipping strings and comments; undefined
 * when the text stays within `limit` levels. A loop, not a recursion, so that any depth is safe to measure.
 */
export function firstOffsetTooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22 || c === 0x0a || c === 0x0d) break;
      }
    } else if (ch === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (ch === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (++depth > limit) return i;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** More entries in one object or array than any request takes; checking more only makes the editor slow. */
export const MAX_ENTRIES = 10000;

/** The first object or array with more than `limit` entries (the tree is at most MAX_NESTING deep). */
function firstCrowdedNode(node: Node, limit: number): Node | undefined {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if ((current.type === 'object' || current.type === 'array') && (current.children?.length ?? 0) > limit) return current;
    for (const child of current.children ?? []) stack.push(child);
  }
  return undefined;
}

/** A more precise message for the usual non-JSON habits (unquoted keys, single quotes, Python literals). */
function invalidSymbolMessage(text: string, offset: number): string | undefined {
  const rest = text.slice(offset, offset + 200);
  const word = /^([A-Za-z_$][\w$-]*)/.exec(rest)?.[1];
  if (word !== undefined) {
    const python: Record<string, string> = { True: 'true', False: 'false', None: 'null', TRUE: 'true', FALSE: 'false', NULL: 'null', Null: 'null', undefined: 'null' };
    if (Object.prototype.hasOwnProperty.call(python, word)) return `"${word}" is not JSON: write ${python[word]} (lowercase).`;
    if (/^[A-Za-z_$][\w$-]*\s*:/.test(rest)) return `Property names must be in double quotes: write "${word}".`;
    return `Unexpected word "${word}": strings must be in double quotes ("${word}").`;
  }
  if (rest.startsWith("'")) return 'Strings and property names must be in double quotes ("..."), not single quotes.';
  return undefined;
}

function describeNodeType(node: Node): string {
  switch (node.type) {
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    default:
      return `a ${node.type}`;
  }
}

function collectDuplicateKeys(node: Node, lines: LineIndex, out: EstimatorDiagnostic[]): void {
  if (node.type === 'object') {
    const seen = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      const key = keyNode.value as string;
      if (seen.has(key)) {
        const path = [...pathOfNode(node), key];
        out.push({
          severity: 'error',
          code: 'duplicate-key',
          message: `Duplicate key "${key}" in ${displayPath(pathOfNode(node)) || 'the estimator'}: only the last one would count. Remove one of them.`,
          range: lines.range(keyNode.offset, keyNode.length),
          path,
        });
      }
      seen.set(key, keyNode);
    }
  }
  for (const child of node.children ?? []) collectDuplicateKeys(child, lines, out);
}

/**
 * The value node at `path`. Where an object has the same key twice, the last one is taken, like
 * `JSON.parse` and jsonc-parser's `getNodeValue`.
 */
export function nodeAtPath(root: Node | undefined, path: JsonPath): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      const property = lastProperty(node, segment);
      node = property?.children?.[1];
    } else {
      if (node.type !== 'array') return undefined;
      node = node.children?.[segment];
    }
  }
  return node;
}

/** The key node of the property at `path` (its last segment must be a string). */
export function keyNodeAtPath(root: Node | undefined, path: JsonPath): Node | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = nodeAtPath(root, path.slice(0, -1));
  if (!parent || parent.type !== 'object') return undefined;
  return lastProperty(parent, last)?.children?.[0];
}

function lastProperty(objectNode: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const property of objectNode.children ?? []) {
    if (property.children?.[0]?.value === key) found = property;
  }
  return found;
}

/** The JSON path of a value node (or of the value of a property node). */
export function pathOfNode(node: Node): JsonPath {
  const path: JsonPath = [];
  let current: Node | undefined = node;
  while (current?.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'property') {
      path.unshift(parent.children?.[0]?.value as string);
      current = parent.parent;
      continue;
    }
    if (parent.type === 'array') path.unshift(parent.children?.indexOf(current) ?? 0);
    current = parent;
  }
  return path;
}

/** The value of a node tree as plain JSON (last duplicate key wins). */
export function nodeToValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        const valueNode = property.children?.[1];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        // A property without a value only occurs in recovered trees; skip it.
        if (!valueNode) continue;
        setOwn(result, keyNode.value, nodeToValue(valueNode));
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    default:
      return node.value;
  }
}

/** `target[key] = value` as an own property, even for keys such as "__proto__". */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `inputs.train.s3_data`, `tags[0].Key`, `hyperparameters["learning-rate"]`. */
export function displayPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Range of a node in the document. */
export function rangeOfNode(lines: LineIndex, node: Node): Range {
  return lines.range(node.offset, node.length);
}
