/** What every export target reads, and the pieces the targets share (header, imports, local data). */
import type { NumberLiterals } from '../estimator/hyperparameters';
import type { TrainingJobPlan } from '../estimator/request';
import type { EstimatorSpec } from '../estimator/types';
import { pyComment, type PyExpr } from './python';

export type ExportTarget = 'sdk-v2' | 'sdk-v3' | 'boto3';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['sdk-v2', 'sdk-v3', 'boto3'];

export interface ExportInput {
  /** The loaded estimator (variables substituted, None defaults normalized), as `plan` reads it. */
  spec: EstimatorSpec;
  /** The file's number literals (`numberLiteralsFromJson`), so that `1.0` stays a float. */
  literals?: NumberLiterals;
  /** The file's name as the user knows it (for the header comment). */
  fileName: string;
  /** The planned request (what `plan` prints): the boto3 export sends exactly this. */
  plan?: TrainingJobPlan;
  /** The job's region, when known (the boto3 client's). */
  region?: string;
}

export function isLocalMode(spec: EstimatorSpec): boolean {
  // As local mode's LOCAL_INSTANCE_TYPES (not imported: that module starts Docker).
  return spec.instance_type === 'local' || spec.instance_type === 'local_gpu';
}

/** Data the SDK calls local: `file://` URIs and paths without a URI scheme. */
export function isLocalData(value: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  return !scheme || scheme[1]!.toLowerCase() === 'file';
}

/** The path of a local data value (`file://data` is `data`, relative to the estimator file's folder). */
export function localDataPath(value: string): string {
  return value.replace(/^file:\/\//i, '');
}

/** `import x.y` for every dotted callee or name of the expressions (`sagemaker.pytorch.PyTorch` needs `sagemaker.pytorch`). */
export function importsOf(exprs: PyExpr[]): string[] {
  const modules = new Set<string>();
  const visit = (expr: PyExpr): void => {
    if (expr.kind === 'call' || expr.kind === 'name') {
      const dotted = expr.kind === 'call' ? expr.callee : expr.name;
      const parts = dotted.split('.').slice(0, -1);
      // The module is the leading lowercase parts: `a.b.C.d` needs `a.b`; a module's attribute (rule_configs) is no module.
      const end = parts.findIndex(part => !/^[a-z_][a-z0-9_]*$/.test(part) || part === 'rule_configs');
      const moduleParts = end < 0 ? parts : parts.slice(0, end);
      if (/^(sagemaker|boto3)$/.test(moduleParts[0] ?? '')) modules.add(moduleParts.join('.'));
    }
    if (expr.kind === 'call') [...expr.args, ...expr.kwargs.map(([, v]) => v)].forEach(visit);
    if (expr.kind === 'list') expr.items.forEach(visit);
    if (expr.kind === 'dict') expr.entries.forEach(([, v]) => visit(v));
  };
  exprs.forEach(visit);
  return [...modules].sort().map(m => `import ${m}`);
}

export function header(input: ExportInput, what: string, relativePaths = true): string {
  return pyComment(`${what}, exported from ${input.fileName} by sagemaker-estimator.${relativePaths
    ? '\nRelative paths (entry_point, source_dir, local data) are relative to that file\'s folder: run this script from there.' : ''}`);
}
