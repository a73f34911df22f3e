/** The cost suffixes of the Training Jobs and Endpoints rows, from the prices already loaded (never waiting). */
import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { EndpointDetails, TrainingJobDetails } from '../aws/resources';
import { endpointCost, trainingJobCost } from '../core/costs/estimate';
import { endpointCostSuffix, jobCostSuffix } from '../core/costs/format';
import { priceService } from './priceService';

/** "$1.23 so far" for a running job, "$4.56 (spot saved 50%)" for a finished one; '' while prices or details are unknown. */
export function trainingJobCostText(job: TrainingJobSummary, details: TrainingJobDetails | undefined): string {
  const prices = priceService()?.forTrees();
  if (!prices || !details) return '';
  return jobCostSuffix(trainingJobCost({ ...details, TrainingJobStatus: job.TrainingJobStatus ?? details.TrainingJobStatus }, prices, new Date()));
}

/** "$0.23/h · $5.52 since creation"; '' while prices or details are unknown. */
export function endpointCostText(endpoint: EndpointSummary, details: EndpointDetails | undefined): string {
  const prices = priceService()?.forTrees();
  if (!prices || !details?.config) return '';
  // DescribeEndpoint has the current counts, the endpoint config the instance types.
  const variants = (details.config.ProductionVariants ?? []).map(variant => {
    const live = details.endpoint.ProductionVariants?.find(v => v.VariantName === variant.VariantName);
    return {
      InstanceType: variant.InstanceType,
      CurrentInstanceCount: live?.CurrentInstanceCount ?? variant.InitialInstanceCount ?? 1,
      ...(variant.ServerlessConfig ? { CurrentServerlessConfig: { MemorySizeInMB: variant.ServerlessConfig.MemorySizeInMB } } : {}),
    };
  });
  return endpointCostSuffix(endpointCost({ CreationTime: endpoint.CreationTime, ProductionVariants: variants }, prices, new Date()));
}

/** `sagemaker.costs.endpointReminderHours` in milliseconds (default a day). */
export function endpointReminderMs(): number {
  const hours = vscode.workspace.getConfiguration('sagemaker').get<number>('costs.endpointReminderHours');
  return (typeof hours === 'number' && Number.isFinite(hours) && hours > 0 ? hours : 24) * 3_600_000;
}
