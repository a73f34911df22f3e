/**
 * Checks a request against the constraints the service enforces (apiConstraints.json, derived from the AWS
 * API models by scripts/build-api-constraints.mjs): required members, unknown members, types, enums, lengths,
 * numeric ranges (int32 for integers) and patterns (matched against the whole value, as the service does).
 * What passes here is a request the API does not refuse for its shape; pure, no AWS call.
 */
import constraintsJson from './apiConstraints.json';
import { didYouMean } from '../estimator/rulesUtil';

export type ApiOperation = 'CreateTrainingJob' | 'CreateModel' | 'CreateEndpointConfig' | 'CreateEndpoint' | 'InvokeEndpoint';

export type RequestPathSegment = string | number;

export type ViolationRule = 'required' | 'unknown-member' | 'type' | 'enum' | 'length' | 'range' | 'integer' | 'pattern' | 'union' | 'too-deep';

export interface RequestViolation {
  /** `InputDataConfig[3].DataSource.S3DataSource.S3Uri`, `HyperParameters["learning-rate"]`. */
  path: string;
  segments: RequestPathSegment[];
  rule: ViolationRule;
  /** Names the path and says what the API allows. */
  message: string;
}

interface ShapeConstraints {
  type: string;
  members?: Record<string, string>;
  required?: string[];
  union?: boolean;
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  enum?: string[];
  pattern?: string;
}

interface Constraints {
  operations: Record<string, { service: string; input: string }>;
  services: Record<string, { shapes: Record<string, ShapeConstraints> }>;
}

const constraints = constraintsJson as unknown as Constraints;

/** Enough to say what is wrong without flooding a panel (a file with 100 000 hyperparameters). */
const MAX_VIOLATIONS = 50;
/** Deeper than any request shape; a guard against a cyclic or absurd value. */
const MAX_DEPTH = 64;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);

const patternCache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern, 'u');
    patternCache.set(pattern, regex);
  }
  return regex;
}

/** `InputDataConfig[3].DataSource`, `HyperParameters["a b"]`. */
export function formatRequestPath(segments: RequestPathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function describeType(type: string): string {
  switch (type) {
    case 'structure':
    case 'map':
      return 'an object';
    case 'list':
      return 'a list';
    case 'integer':
    case 'long':
      return 'a whole number';
    case 'float':
    case 'double':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${type}`;
  }
}

/** Line breaks and tabs written out, so that a message shows what the pattern refused. */
function visibleControls(value: string): string {
  return value.replace(/[\n\r\t\u0085\u2028\u2029]/g, ch => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

class Checker {
  readonly violations: RequestViolation[] = [];

  constructor(private readonly shapes: Record<string, ShapeConstraints>) {}

  private add(segments: RequestPathSegment[], rule: ViolationRule, problem: string): void {
    if (this.violations.length >= MAX_VIOLATIONS) return;
    const path = formatRequestPath(segments);
    this.violations.push({ path, segments, rule, message: `${path || 'The request'} ${problem}` });
  }

  check(shapeName: string, value: unknown, segments: RequestPathSegment[]): void {
    if (this.violations.length >= MAX_VIOLATIONS) return;
    const shape = this.shapes[shapeName];
    if (!shape) return;
    if (segments.length > MAX_DEPTH) {
      this.add(segments, 'too-deep', `nests more than ${MAX_DEPTH} levels deep.`);
      return;
    }
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, value, segments);
      case 'list':
        return this.list(shape, value, segments);
      case 'map':
        return this.map(shape, value, segments);
      case 'string':
        return this.string(shape, value, segments);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return this.number(shape, value, segments);
      case 'boolean':
        if (typeof value !== 'boolean') this.add(segments, 'type', `must be true or false, not ${show(value)}.`);
        return;
      case 'blob':
        return this.blob(shape, value, segments);
      default:
        return; // timestamps: the SDK serializes Date, number and string alike
    }
  }

  private structure(shape: ShapeConstraints, value: unknown, segments: RequestPathSegment[]): void {
    if (!isPlainObject(value)) {
      this.add(segments, 'type', `must be an object, not ${show(value)}.`);
      return;
    }
    const members = shape.members ?? {};
    const known = Object.keys(members);
    let present = 0;
    for (const key of Object.keys(value)) {
      const memberValue = value[key];
      if (memberValue === undefined || memberValue === null) continue;
      if (!hasOwn(members, key)) {
        const suggestion = didYouMean(key, known);
        this.add([...segments, key], 'unknown-member', `is not a member the API has${suggestion ? ` (did you mean ${suggestion}?)` : ''}: ${formatRequestPath(segments) || 'the request'} takes ${known.length <= 12 ? known.join(', ') : `${known.slice(0, 12).join(', ')}, ...`}.`);
        continue;
      }
      present++;
      this.check(members[key], memberValue, [...segments, key]);
    }
    for (const required of shape.required ?? []) {
      if (!hasOwn(value, required) || value[required] === undefined || value[required] === null) {
        this.add([...segments, required], 'required', 'is required by the API but missing.');
      }
    }
    if (shape.union && present !== 1) {
      this.add(segments, 'union', `must set exactly one of ${known.join(', ')} (it sets ${present}).`);
    }
  }

  private list(shape: ShapeConstraints, value: unknown, segments: RequestPathSegment[]): void {
    if (!Array.isArray(value)) {
      this.add(segments, 'type', `must be a list, not ${show(value)}.`);
      return;
    }
    this.count(shape, value.length, 'entries', segments);
    value.forEach((item, index) => this.check(shape.member!, item, [...segments, index]));
  }

  private map(shape: ShapeConstraints, value: unknown, segments: RequestPathSegment[]): void {
    if (!isPlainObject(value)) {
      this.add(segments, 'type', `must be an object, not ${show(value)}.`);
      return;
    }
    const keys = Object.keys(value);
    this.count(shape, keys.length, 'entries', segments);
    for (const key of keys) {
      this.check(shape.key!, key, [...segments, key]);
      this.check(shape.value!, value[key], [...segments, key]);
    }
  }

  private count(shape: ShapeConstraints, count: number, noun: string, segments: RequestPathSegment[]): void {
    if (shape.min !== undefined && count < shape.min) {
      this.add(segments, 'length', shape.min === 1 ? 'must not be empty.' : `needs at least ${shape.min} ${noun} (it has ${count}).`);
    }
    if (shape.max !== undefined && count > shape.max) this.add(segments, 'length', `may have at most ${shape.max} ${noun} (it has ${count}).`);
  }

  private string(shape: ShapeConstraints, value: unknown, segments: RequestPathSegment[]): void {
    if (typeof value !== 'string') {
      this.add(segments, 'type', `must be a string, not ${show(value)}.`);
      return;
    }
    if (shape.enum) {
      if (!shape.enum.includes(value)) {
        const suggestion = didYouMean(value, shape.enum);
        const allowed = shape.enum.length <= 8 ? shape.enum.join(', ') : `${shape.enum.length} values such as ${shape.enum.slice(0, 4).join(', ')}`;
        this.add(segments, 'enum', `is ${show(value)}, which the API does not accept (it accepts ${allowed})${suggestion ? `: did you mean ${suggestion}?` : '.'}`);
      }
      return;
    }
    if (shape.min !== undefined && value.length < shape.min) {
      this.add(segments, 'length', shape.min === 1 ? 'must not be empty.' : `must be at least ${shape.min} characters long (it has ${value.length}).`);
      return;
    }
    if (shape.max !== undefined && value.length > shape.max) {
      this.add(segments, 'length', `must be at most ${shape.max} characters long (it has ${value.length}).`);
      return;
    }
    if (shape.pattern !== undefined && !compiled(shape.pattern).test(value)) {
      const why = /[\n\r\u0085\u2028\u2029]/.test(value)
        ? ' (it has a line break, which the API does not allow here)'
        : /\$\{[^}]*\}/.test(value)
          ? ` (it still has ${/\$\{[^}]*\}/.exec(value)![0]}: set that variable or write the value itself)`
          : '';
      this.add(segments, 'pattern', `is ${visibleControls(show(value))}, which the API refuses${why}: it must match ${shape.pattern}.`);
    }
  }

  private number(shape: ShapeConstraints, value: unknown, segments: RequestPathSegment[]): void {
    const integer = shape.type === 'integer' || shape.type === 'long';
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(segments, 'type', `must be ${describeType(shape.type)}, not ${show(value)}.`);
      return;
    }
    if (integer && !Number.isInteger(value)) {
      this.add(segments, 'integer', `must be a whole number, not ${value}.`);
      return;
    }
    if (integer && !Number.isSafeInteger(value)) {
      this.add(segments, 'range', `is ${value}, beyond 2^53: its digits were lost when it was read.`);
      return;
    }
    if (shape.min !== undefined && value < shape.min) this.add(segments, 'range', `must be at least ${shape.min}, not ${value}.`);
    else if (shape.max !== undefined && value > shape.max) this.add(segments, 'range', `must be at most ${shape.max}, not ${value}.`);
  }

  private blob(shape: ShapeConstraints, value: unknown, segments: RequestPathSegment[]): void {
    let size: number;
    if (typeof value === 'string') size = new TextEncoder().encode(value).length;
    else if (value instanceof Uint8Array) size = value.byteLength;
    else {
      this.add(segments, 'type', `must be bytes or a string, not ${show(value)}.`);
      return;
    }
    if (shape.max !== undefined && size > shape.max) this.add(segments, 'length', `may be at most ${shape.max} bytes (it has ${size}).`);
  }
}

/** The constraint violations of `request` for `operation` (empty when the API would accept its shape). */
export function checkRequest(operation: ApiOperation, request: unknown): RequestViolation[] {
  const op = constraints.operations[operation];
  if (!op) throw new Error(`checkRequest: unknown operation ${operation}`);
  const checker = new Checker(constraints.services[op.service].shapes);
  checker.check(op.input, request, []);
  return checker.violations;
}
