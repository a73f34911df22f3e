/**
 * From a loaded estimator to its plan, for every caller alike (CLI, preview, launch): the number literals
 * of the text keep Python's int/float distinction, and a planning error becomes a diagnostic at its field.
 */
import { numberLiteralsFromJson } from './hyperparameters';
import { loadEstimator, type LoadEstimatorOptions } from './load';
import { keyNodeAtPath, nodeAtPath, parseEstimatorText, rangeOfNode } from './parse';
import { buildTrainingJobRequest, PlanError, type PlanContext, type TrainingJobPlan } from './request';
import type { EstimatorDiagnostic, EstimatorSpec } from './types';

export type PlanResult = { plan: TrainingJobPlan; diagnostics: [] } | { plan?: undefined; diagnostics: EstimatorDiagnostic[] };

export function planEstimator(text: string, spec: EstimatorSpec, context: Omit<PlanContext, 'numberLiterals'>): PlanResult {
  try {
    return { plan: buildTrainingJobRequest(spec, { ...context, numberLiterals: numberLiteralsFromJson(text) }), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const parsed = parseEstimatorText(text);
    const node = nodeAtPath(parsed.root, error.path) ?? keyNodeAtPath(parsed.root, error.path) ?? parsed.root;
    const range = node ? rangeOfNode(parsed.lines, node) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { diagnostics: [{ severity: 'error', code: 'plan', message: error.message, range, path: error.path }] };
  }
}

/**
 * Every problem of an estimator file: validation's, then planning's (planning needs an account and a region,
 * but its problems do not depend on them, so any will do where none is known yet).
 */
export function estimatorProblems(text: string, options: LoadEstimatorOptions & { baseDir: string }): EstimatorDiagnostic[] {
  const loaded = loadEstimator(text, options);
  if (!loaded.spec) return loaded.diagnostics;
  const region = loaded.spec.region ?? options.region ?? 'us-east-1';
  return [...loaded.diagnostics, ...planEstimator(text, loaded.spec, { region, account: '000000000000', baseDir: options.baseDir }).diagnostics];
}
