/** An estimator file's export, planned first as `plan` plans it (its problems stop the export, as they stop a launch). */
import { numberLiteralsFromJson } from '../estimator/hyperparameters';
import { scannableText } from '../estimator/parse';
import { planEstimator } from '../estimator/plan';
import type { EstimatorDiagnostic, EstimatorSpec } from '../estimator/types';
import { exportEstimator } from './index';
import type { ExportTarget } from './model';

/** Stand-ins when only the boto3 export needs the real account and region: the planning problems do not depend on them. */
export const PLACEHOLDER_ACCOUNT = '000000000000';
export const PLACEHOLDER_REGION = 'us-east-1';

export interface ExportFileOptions {
  target: ExportTarget;
  /** The estimator file's name as the user knows it. */
  fileName: string;
  /** Its folder (local paths are relative to it). */
  baseDir: string;
  /** Needed for boto3 (the request names them); any for the SDK exports. */
  region?: string;
  account?: string;
  jobName?: string;
}

export type ExportFileResult = { python: string; diagnostics: [] } | { python?: undefined; diagnostics: EstimatorDiagnostic[] };

export function exportEstimatorFile(text: string, spec: EstimatorSpec, options: ExportFileOptions): ExportFileResult {
  const region = spec.region ?? options.region ?? PLACEHOLDER_REGION;
  const planned = planEstimator(text, spec, {
    region, account: options.account ?? PLACEHOLDER_ACCOUNT, baseDir: options.baseDir, ...(options.jobName ? { jobName: options.jobName } : {}),
  });
  if (!planned.plan) return { diagnostics: planned.diagnostics };
  const python = exportEstimator(options.target, {
    spec: options.jobName ? { ...spec, job_name: options.jobName } : spec,
    literals: numberLiteralsFromJson(scannableText(text)),
    fileName: options.fileName,
    plan: planned.plan,
    region,
  });
  return { python, diagnostics: [] };
}
