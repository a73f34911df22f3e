/** What every estimator rule gets: the substituted value, the node tree for ranges, and `report`. */
import type { Node } from 'jsonc-parser';
import { LineIndex, displayPath } from './parse';
import type { EstimatorDiagnostic, JsonPath, Severity } from './types';
import { rangeAt } from './validateSchema';

export interface RuleOptions {
  fileName: string;
  /** The region of the connection, used when the file has no `region`. */
  region?: string;
}

type Target = 'value' | 'key' | 'anchor';

export class RuleContext {
  readonly diagnostics: EstimatorDiagnostic[] = [];
  private readonly unresolvedKeys: Set<string>;

  constructor(
    readonly root: Node,
    readonly lines: LineIndex,
    /** The document's value after variable substitution. */
    readonly value: Record<string, unknown>,
    unresolved: JsonPath[],
    readonly options: RuleOptions,
  ) {
    this.unresolvedKeys = new Set(unresolved.map(path => JSON.stringify(path)));
  }

  isUnresolved(path: JsonPath): boolean {
    return this.unresolvedKeys.has(JSON.stringify(path));
  }

  get(path: JsonPath): unknown {
    let current: unknown = this.value;
    for (const segment of path) {
      if (current === null || typeof current !== 'object') return undefined;
      if (Array.isArray(current)) {
        if (typeof segment !== 'number') return undefined;
        current = current[segment];
      } else {
        if (typeof segment !== 'string' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
        current = (current as Record<string, unknown>)[segment];
      }
    }
    return current;
  }

  has(path: JsonPath): boolean {
    return this.get(path) !== undefined;
  }

  /** The string at `path`, unless it is not a string or kept an unset variable. */
  str(path: JsonPath): string | undefined {
    const value = this.get(path);
    return typeof value === 'string' && !this.isUnresolved(path) ? value : undefined;
  }

  num(path: JsonPath): number | undefined {
    const value = this.get(path);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  bool(path: JsonPath): boolean | undefined {
    const value = this.get(path);
    return typeof value === 'boolean' ? value : undefined;
  }

  obj(path: JsonPath): Record<string, unknown> | undefined {
    const value = this.get(path);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  arr(path: JsonPath): unknown[] | undefined {
    const value = this.get(path);
    return Array.isArray(value) ? value : undefined;
  }

  field(path: JsonPath): string {
    return displayPath(path) || 'the estimator';
  }

  /**
   * Reports a problem at the value of `path` (`key`: at its key; `anchor`: at its key, else the
   * nearest enclosing key). Problems about a string that kept an unset variable are dropped: the
   * unset variable is the problem. `at` shows the problem elsewhere than at `path` (e.g. a missing
   * key at the key that needs it).
   */
  report(severity: Severity, code: string, path: JsonPath, message: string, target: Target = 'value', at: JsonPath = path): void {
    if (this.isUnresolved(path)) return;
    this.diagnostics.push({ severity, code, message, path, range: rangeAt(this.root, this.lines, at, target) });
  }

  error(code: string, path: JsonPath, message: string, target: Target = 'value', at: JsonPath = path): void {
    this.report('error', code, path, message, target, at);
  }

  warning(code: string, path: JsonPath, message: string, target: Target = 'value'): void {
    this.report('warning', code, path, message, target);
  }

  info(code: string, path: JsonPath, message: string, target: Target = 'value'): void {
    this.report('info', code, path, message, target);
  }
}
