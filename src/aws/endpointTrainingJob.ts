import type { AwsClients } from './clientFactory';
import { trainingContentType, trainingJobNameOfModelData, type KnownContentType } from '../core/invoke/contentType';

/**
 * The content type the model behind an endpoint was trained on: endpoint -> endpoint config -> its first variant's
 * model -> the model's `ModelDataUrl` -> the training job that wrote it (checked: the job's `S3ModelArtifacts` is that
 * URL) -> the job's training channel. Undefined when any link is missing (a deleted config or model, a repacked or
 * foreign model, a job in another account): the panel then falls back to what the body looks like.
 */
export async function endpointTrainingContentType(clients: AwsClients, endpointName: string): Promise<KnownContentType | undefined> {
  const sm = clients.sageMaker();
  try {
    const endpoint = await sm.describeEndpoint({ EndpointName: endpointName });
    if (!endpoint.EndpointConfigName) return undefined;
    const config = await sm.describeEndpointConfig({ EndpointConfigName: endpoint.EndpointConfigName });
    const modelName = config.ProductionVariants?.[0]?.ModelName;
    if (!modelName) return undefined;
    const model = await sm.describeModel({ ModelName: modelName });
    const modelDataUrl = model.PrimaryContainer?.ModelDataUrl ?? model.Containers?.[0]?.ModelDataUrl;
    const jobName = trainingJobNameOfModelData(modelDataUrl);
    if (!jobName) return undefined;
    const job = await sm.describeTrainingJob({ TrainingJobName: jobName });
    if (job.ModelArtifacts?.S3ModelArtifacts !== modelDataUrl) return undefined;
    return trainingContentType(jobName, job.InputDataConfig);
  } catch {
    // Not knowing the training content type is not an error: the body decides.
    return undefined;
  }
}
