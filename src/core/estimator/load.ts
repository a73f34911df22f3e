/**
 * Loading an estimator file: parse (JSON with comments), substitute variables, validate, and give the
 * `EstimatorSpec` when nothing is wrong. Pure TypeScript; never throws.
 */
import { normalizeNoneDefaults } from './normalize';
import { parseEstimatorText } from './parse';
import type { EstimatorDiagnostic, EstimatorSpec } from './types';
import { sortDiagnostics, validateEstimatorDocument } from './validate';
import { substituteTree } from './variables';

export interface LoadEstimatorOptions {
  /** Path of the file (used in messages and for relative paths by callers). */
  fileName: string;
  /** Environment for `${env:NAME}`; only these variables are seen. */
  env: Record<string, string | undefined>;
  /** Folder for `${workspaceFolder}` / `${workspaceFolderBasename}`. */
  workspaceFolder?: string;
  /** The connection's region, used to check images when the file has no `region`. */
  region?: string;
  /** Home directory for `${userHome}` (default: env.HOME, else env.USERPROFILE). */
  userHome?: string;
}

export interface LoadEstimatorResult {
  /** The estimator after variable substitution; present only when no diagnostic is an error. */
  spec?: EstimatorSpec;
  /** Sorted by position. */
  diagnostics: EstimatorDiagnostic[];
}

const validations = new Map<string, number>();

/** How many times loadEstimator has run in this process for a file: lets the editor's tests see that a result was reused. */
export function estimatorValidationCount(fileName: string): number {
  return validations.get(fileName) ?? 0;
}

export function loadEstimator(text: string, options: LoadEstimatorOptions): LoadEstimatorResult {
  validations.set(options.fileName, (validations.get(options.fileName) ?? 0) + 1);
  try {
    return load(text, options);
  } catch (error) {
    // A bug in a check must not take the editor or the CLI down: report it instead.
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'internal',
          message: `The estimator file ${options.fileName} could not be checked (internal error: ${(error as Error)?.message ?? String(error)}). Please report this.`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          path: [],
        },
      ],
    };
  }
}

function load(text: string, options: LoadEstimatorOptions): LoadEstimatorResult {
  const parsed = parseEstimatorText(typeof text === 'string' ? text : String(text ?? ''));
  // With syntax errors the tree is only a guess: report just those.
  if (parsed.hasSyntaxErrors || !parsed.root || parsed.root.type !== 'object') {
    return { diagnostics: sortDiagnostics(parsed.diagnostics) };
  }
  const substituted = substituteTree(parsed.root, parsed.lines, {
    env: options.env ?? {},
    workspaceFolder: options.workspaceFolder,
    userHome: options.userHome,
  });
  // From here on a null whose SDK default is None is as if its key were absent (normalize.ts).
  const substitution = { ...substituted, value: normalizeNoneDefaults(substituted.value) };
  const diagnostics = sortDiagnostics([
    ...parsed.diagnostics,
    ...substitution.diagnostics,
    ...validateEstimatorDocument(parsed, substitution, { fileName: options.fileName, region: options.region }),
  ]);
  if (diagnostics.some(d => d.severity === 'error')) return { diagnostics };
  const { $schema: _schema, ...spec } = substitution.value as Record<string, unknown>;
  return { spec: spec as EstimatorSpec, diagnostics };
}
