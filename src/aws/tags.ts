// ListTags for "Save as estimator.json": DescribeTrainingJob does not return a job's tags.
import { type Tag } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from './clientFactory';

/** Every tag of a SageMaker resource (all pages). */
export async function listTrainingJobTags(clients: AwsClients, arn: string): Promise<Tag[]> {
  const tags: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const out = await clients.sageMaker().listTags({ ResourceArn: arn, MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) });
    tags.push(...(out.Tags ?? []));
    nextToken = out.NextToken;
  } while (nextToken);
  return tags;
}
