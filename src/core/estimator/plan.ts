/**
 * From a loaded estimator to its plan, for every caller alike (CLI, preview, launch): the number literals
 * of the text keep Python's int/float distinction, and a planning error becomes a diagnostic at its field.
 */
import { numberLiteralsFromJson } from './hyperparameters';
import { loadEstimator, type LoadEstimatorOptions, type LoadEstimatorResult } from './load';
import { keyNodeAtPath, nodeAtPath, parseEstimatorText, rangeOfNode, scannableText } from './parse';
import { buildTrainingJobRequest, PlanError, type PlanContext, type TrainingJobPlan } from './request';
import { trainingRequestProblems } from './requestProblems';
import type { EstimatorDiagnostic, EstimatorSpec, JsonPath } from './types';
import { preLaunchChecks } from '../costs/checks';
import type { RegionPrices } from '../costs/prices';

export type PlanResult = { plan: TrainingJobPlan; diagnostics: [] } | { plan?: undefined; diagnostics: EstimatorDiagnostic[] };

export function planEstimator(text: string, spec: EstimatorSpec, context: Omit<PlanContext, 'numberLiterals'>): PlanResult {
  let plan: TrainingJobPlan;
  try {
    plan = buildTrainingJobRequest(spec, { ...context, numberLiterals: numberLiteralsFromJson(scannableText(text)) });
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    return { diagnostics: [diagnosticAt(text, error.path, 'error', 'plan', error.message)] };
  }
  const problems = checkedRequestProblems(plan, spec);
  if (problems.length > 0) return { diagnostics: problems.map(p => diagnosticAt(text, p.path, 'error', 'api-constraint', p.message)) };
  return { plan, diagnostics: [] };
}

/**
 * What the API would refuse in a planned request. Local mode never sends it (its instance type is "local",
 * it needs no role), so only jobs for SageMaker are checked.
 */
export function checkedRequestProblems(plan: TrainingJobPlan, spec: EstimatorSpec): ReturnType<typeof trainingRequestProblems> {
  if (spec.instance_type === 'local' || spec.instance_type === 'local_gpu') return [];
  return trainingRequestProblems(plan.request, spec);
}

/** A diagnostic at the deepest node of `path` the file has (the whole file when none). */
function diagnosticAt(
  text: string | ReturnType<typeof parseEstimatorText>, path: JsonPath, severity: EstimatorDiagnostic['severity'], code: string, message: string,
): EstimatorDiagnostic {
  const parsed = typeof text === 'string' ? parseEstimatorText(text) : text;
  let node;
  for (let n = path.length; n >= 0 && !node; n--) {
    const prefix = path.slice(0, n);
    node = nodeAtPath(parsed.root, prefix) ?? keyNodeAtPath(parsed.root, prefix);
  }
  node ??= parsed.root;
  const range = node ? rangeOfNode(parsed.lines, node) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { severity, code, message, range, path };
}

/** What the plan's listing of local code left out (links leaving the folder, loops, limits), as warnings at the field. */
export function planWarnings(text: string, plan: TrainingJobPlan): EstimatorDiagnostic[] {
  const warnings = plan.uploads.flatMap(upload => upload.listingWarnings ?? []);
  if (warnings.length === 0) return [];
  const parsed = parseEstimatorText(text);
  return warnings.map(warning => diagnosticAt(parsed, warning.path, 'warning', 'local-files', warning.message));
}

/**
 * Every problem of an estimator file: validation's, then planning's (planning needs an account and a region,
 * but its problems do not depend on them, so any will do where none is known yet). `loaded` is loadEstimator's
 * result for this text and these options, when the caller has it already.
 */
export function estimatorProblems(
  text: string, options: LoadEstimatorOptions & { baseDir: string; prices?: (region: string) => RegionPrices | undefined },
  loaded: LoadEstimatorResult = loadEstimator(text, options),
): EstimatorDiagnostic[] {
  if (!loaded.spec) return loaded.diagnostics;
  const region = loaded.spec.region ?? options.region ?? 'us-east-1';
  const planned = planEstimator(text, loaded.spec, { region, account: '000000000000', baseDir: options.baseDir });
  if (!planned.plan) return [...loaded.diagnostics, ...planned.diagnostics];
  return [...loaded.diagnostics, ...planWarnings(text, planned.plan), ...costWarnings(text, loaded.spec, planned.plan, options.prices?.(region))];
}

/** The checks before launch (spot, instances, source_dir) as warnings at their fields; `prices` of the job's region. */
export function costWarnings(text: string, spec: EstimatorSpec, plan: TrainingJobPlan, prices: RegionPrices | undefined): EstimatorDiagnostic[] {
  const checks = preLaunchChecks(spec, plan, prices);
  if (checks.length === 0) return [];
  const parsed = parseEstimatorText(text);
  return checks.map(check => diagnosticAt(parsed, check.path, 'warning', check.code, check.message));
}
