/**
 * Which estimator file a training job came from, when the workspace has several: a training job does not name
 * its file, so the files are scored by what they would have launched (job name, base job name, image, entry
 * point). Pure.
 */
import { buildImageUri } from '../estimator/request';
import { baseFromName, baseNameFromImage } from '../estimator/jobName';
import type { EstimatorSpec } from '../estimator/types';
import { scriptModeOf } from './frameworkImage';
import type { TrainingJobDescription } from './plan';

export interface EstimatorCandidate<T = string> {
  /** Where the file is (a path or URI string, whatever the caller uses). */
  source: T;
  spec: EstimatorSpec;
}

export interface EstimatorMatch<T = string> extends EstimatorCandidate<T> {
  /** 100: the file names the job (`job_name`); else the sum of what agrees. */
  score: number;
  reasons: string[];
}

/** The candidates that could have launched the job, best first; none when nothing agrees. */
export function matchEstimators<T>(job: TrainingJobDescription, candidates: readonly EstimatorCandidate<T>[], region: string): EstimatorMatch<T>[] {
  const jobName = job.TrainingJobName ?? '';
  const jobImage = job.AlgorithmSpecification?.TrainingImage ?? '';
  const jobBase = baseFromName(jobName);
  const program = scriptModeOf(job.HyperParameters)?.program;
  const matches: EstimatorMatch<T>[] = [];
  for (const candidate of candidates) {
    const spec = candidate.spec;
    const reasons: string[] = [];
    if (spec.job_name && spec.job_name === jobName) {
      matches.push({ ...candidate, score: 100, reasons: ['job_name'] });
      continue;
    }
    if (spec.job_name) continue; // names another job
    let image: string | undefined;
    try {
      image = buildImageUri(spec, region);
    } catch {
      image = undefined;
    }
    let score = 0;
    if (image && image === jobImage) {
      score += 2;
      reasons.push('image');
    }
    const base = spec.base_job_name || (image ? baseNameFromImage(image) : undefined);
    if (base && base === jobBase) {
      score += 3;
      reasons.push('base_job_name');
    }
    if (program && spec.entry_point && spec.entry_point.split('/').pop() === program.split('/').pop()) {
      score += 1;
      reasons.push('entry_point');
    }
    // The job's name must agree: an image alone is shared by every job of that algorithm.
    if (reasons.includes('base_job_name')) matches.push({ ...candidate, score, reasons });
  }
  return matches.sort((a, b) => b.score - a.score);
}
