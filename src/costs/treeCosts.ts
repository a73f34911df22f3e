/** The cost suffixes of the Training Jobs and Endpoints rows, from the prices already loaded (never waiting). */
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { EndpointDetails, TrainingJobDetails } from '../aws/resources';
import { endpointCost, trainingJobCost, type EndpointCostInput } from '../core/costs/estimate';
import { endpointCostSuffix, jobCostSuffix } from '../core/costs/format';
import { priceService } from './priceService';

/** "$1.23 so far" for a running job, "$4.56 (spot saved 50%)" for a finished one; '' while prices or details are unknown. */
export function trainingJobCostText(job: TrainingJobSummary, details: TrainingJobDetails | undefined): string {
  const prices = priceService()?.forTrees();
  if (!prices || !details) return '';
  return jobCostSuffix(trainingJobCost({ ...details, TrainingJobStatus: job.TrainingJobStatus ?? details.TrainingJobStatus }, prices, new Date()));
}

/** The variants as the cost needs them: DescribeEndpoint has the current counts, the endpoint config the instance types. */
export function endpointVariantsForCost(details: EndpointDetails): EndpointCostInput['ProductionVariants'] {
  return (details.config?.ProductionVariants ?? []).map(variant => {
    const live = details.endpoint.ProductionVariants?.find(v => v.VariantName === variant.VariantName);
    return {
      InstanceType: variant.InstanceType,
      CurrentInstanceCount: live?.CurrentInstanceCount ?? variant.InitialInstanceCount ?? 1,
      ...(variant.ServerlessConfig ? { CurrentServerlessConfig: { MemorySizeInMB: variant.ServerlessConfig.MemorySizeInMB } } : {}),
    };
  });
}

/** "$0.23/h · $5.52 since creation"; '' while prices or details are unknown. */
export function endpointCostText(endpoint: EndpointSummary, details: EndpointDetails | undefined, now: Date = new Date()): string {
  const prices = priceService()?.forTrees();
  if (!prices || !details?.config) return '';
  return endpointCostSuffix(endpointCost({ CreationTime: endpoint.CreationTime, ProductionVariants: endpointVariantsForCost(details) }, prices, now));
}
