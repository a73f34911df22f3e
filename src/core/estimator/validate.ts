/**
 * Validation of a parsed, variable-substituted estimator: the JSON schema (validateSchema.ts) plus
 * the rules no schema can express (rules.ts, rulesImage.ts), merged into one diagnostic per problem.
 */
import type { ParsedEstimatorText } from './parse';
import { runRules } from './rules';
import { runApiRules } from './rulesApi';
import { RuleContext, type RuleOptions } from './rulesContext';
import { runImageRules } from './rulesImage';
import type { EstimatorDiagnostic, JsonPath, Severity } from './types';
import { schemaDiagnostics } from './validateSchema';
import type { TreeSubstitution } from './variables';

export type ValidateOptions = RuleOptions;

/**
 * Diagnostics of the schema and of the rules for a document whose root is an object. Where a rule
 * and the schema report at the same path, the rule's (more specific) diagnostic is kept, except
 * that unknown keys always come from the schema.
 */
export function validateEstimatorDocument(parsed: ParsedEstimatorText, substitution: TreeSubstitution, options: ValidateOptions): EstimatorDiagnostic[] {
  const root = parsed.root;
  if (!root || root.type !== 'object') return [];
  const value = (substitution.value ?? {}) as Record<string, unknown>;
  const unresolved = new Set(substitution.unresolved.map(path => JSON.stringify(path)));
  const isUnresolved = (path: JsonPath): boolean => unresolved.has(JSON.stringify(path));

  const { diagnostics: schema, misspelt } = schemaDiagnostics({ value, root, lines: parsed.lines, isUnresolved });
  const ctx = new RuleContext(root, parsed.lines, value, substitution.unresolved, options);
  runRules(ctx);
  runImageRules(ctx);
  runApiRules(ctx);
  // A rule that finds a key missing which an unknown key misspells repeats the unknown key's problem.
  const misspeltKeys = new Set(misspelt.map(path => JSON.stringify(path)));
  const rules = ctx.diagnostics.filter(d => !(misspeltKeys.has(JSON.stringify(d.path)) && !ctx.has(d.path)));

  const at = (d: EstimatorDiagnostic): string => `${JSON.stringify(d.path)}@${d.range.start.line}:${d.range.start.character}`;
  const ruleSpots = new Set(rules.map(at));
  const kept = schema.filter(d => d.code === 'unknown-key' || !ruleSpots.has(at(d)));
  return dedupe([...kept, ...rules]);
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Removes exact duplicates and sorts by position, then severity. */
export function dedupe(diagnostics: EstimatorDiagnostic[]): EstimatorDiagnostic[] {
  const seen = new Set<string>();
  const out: EstimatorDiagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return sortDiagnostics(out);
}

export function sortDiagnostics(diagnostics: EstimatorDiagnostic[]): EstimatorDiagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
