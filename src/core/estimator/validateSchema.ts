/**
 * Validation against estimator.schema.json with ajv, each ajv error turned into one diagnostic at
 * the exact key or value it is about, with a message that names the field and says what to do.
 */
import type { ValidateFunction } from 'ajv';
import generatedValidator from './schemaValidator.generated';
import type { LineIndex } from './parse';
import type { Node } from 'jsonc-parser';
import type { EstimatorDiagnostic, JsonPath } from './types';
import { mapError, type MappedDiagnostic } from './validateSchemaMessages';

// rulesContext.ts places its diagnostics the same way.
export { rangeAt } from './validateSchemaMessages';

/**
 * The validator, compiled from the schema by Ajv at build time (scripts/build-schema-validator.mjs): compiling it
 * here took hundreds of milliseconds on the first validation, inside activation when an estimator was open.
 */
export function schemaValidator(): ValidateFunction {
  return generatedValidator as unknown as ValidateFunction;
}

export interface SchemaCheckInput {
  value: unknown;
  root: Node;
  lines: LineIndex;
  /** True for paths whose string kept an unset variable: errors about them are dropped. */
  isUnresolved: (path: JsonPath) => boolean;
}

export interface SchemaCheckResult {
  diagnostics: EstimatorDiagnostic[];
  /**
   * Paths that an unknown key most likely meant (`["instance_type"]` for a key "instance_typ"):
   * a check that finds such a path missing reports the same problem again, and should be dropped.
   */
  misspelt: JsonPath[];
}

/** Runs the schema and maps its errors to diagnostics (at most one per path and keyword). */
export function schemaDiagnostics(input: SchemaCheckInput): SchemaCheckResult {
  const validate = schemaValidator();
  let valid: boolean;
  try {
    valid = validate(input.value) as boolean;
  } catch (error) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'schema',
          message: `The estimator could not be checked against its schema: ${(error as Error).message}`,
          range: input.lines.range(input.root.offset, 1),
          path: [],
        },
      ],
      misspelt: [],
    };
  }
  if (valid || !validate.errors) return { diagnostics: [], misspelt: [] };
  const out: MappedDiagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors) {
    const diagnostic = mapError(error, input);
    if (!diagnostic) continue;
    const identity = `${diagnostic.code}|${JSON.stringify(diagnostic.path)}|${diagnostic.message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    out.push(diagnostic);
  }
  const misspelt = out.filter(d => d.code === 'unknown-key' && d.data?.suggestion).map(d => [...d.path.slice(0, -1), d.data!.suggestion!]);
  return { diagnostics: dropRequiredExplainedByTypos(out), misspelt };
}

/** A missing required key next to an unknown key that is its misspelling is one problem: keep the unknown key. */
function dropRequiredExplainedByTypos(diagnostics: MappedDiagnostic[]): EstimatorDiagnostic[] {
  const suggested = new Set<string>();
  for (const d of diagnostics) {
    if (d.code === 'unknown-key' && d.data?.suggestion) suggested.add(`${JSON.stringify(d.path.slice(0, -1))}|${d.data.suggestion}`);
  }
  return diagnostics
    .filter(d => !(d.code === 'required' && d.data?.missing && suggested.has(`${JSON.stringify(d.path)}|${d.data.missing}`)))
    .map(({ data: _data, ...rest }) => rest);
}

