/** The estimate of an estimator's plan, as the preview, the CodeLens and the launch confirmation show it. */
import * as vscode from 'vscode';
import { estimateTraining, type TrainingEstimate } from '../core/costs/estimate';
import { formatUsd, trainingEstimateLines } from '../core/costs/format';
import type { TrainingJobPlan } from '../core/estimator/request';
import { priceService } from './priceService';

export interface PlanEstimate {
  estimate: TrainingEstimate;
  lines: string[];
}

export async function estimatePlan(plan: TrainingJobPlan, region: string): Promise<PlanEstimate> {
  const answer = await priceService()?.get(region);
  const estimate = estimateTraining(plan.request, region, answer?.prices);
  return { estimate, lines: trainingEstimateLines(estimate, answer?.offline === true && !!answer.prices) };
}

/** `sagemaker.costs.confirmAbove` (USD): launches whose worst case is above it ask first. */
export function confirmAboveUsd(): number {
  const value = vscode.workspace.getConfiguration('sagemaker').get<number>('costs.confirmAbove');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 50;
}

/**
 * Asks before a launch whose worst case is above the threshold, or that leaves a live warm pool unused (the
 * `warnings`); true to go ahead. An unknown total does not ask (there is nothing to compare), and the launch notice
 * carries no figure.
 */
export async function confirmLaunchCost(jobName: string, planned: PlanEstimate, warnings: readonly string[] = []): Promise<boolean> {
  const total = planned.estimate.totalWorstCaseUsd;
  const threshold = confirmAboveUsd();
  const aboveThreshold = total !== undefined && total > threshold;
  if (!aboveThreshold && warnings.length === 0) return true;
  const launch = 'Launch';
  const costLine = aboveThreshold ? `${jobName} may cost up to ${formatUsd(total)}, above ${formatUsd(threshold)} (sagemaker.costs.confirmAbove). ` : `${jobName}: `;
  const choice = await vscode.window.showWarningMessage(
    `SageMaker: ${costLine}${warnings.join(' ')}${warnings.length ? ' ' : ''}Launch it?`,
    { modal: true, detail: planned.lines.join('\n') },
    launch,
  );
  return choice === launch;
}
