import type { AwsClients } from './clientFactory';
import { partitionFromArn } from '../core/estimator/request';

/** The account the configured credentials belong to (STS GetCallerIdentity). */
export async function resolveAccount(clients: AwsClients): Promise<string> {
  return (await resolveCallerIdentity(clients)).account;
}

/**
 * The account and the partition of the configured credentials, from STS GetCallerIdentity: the partition is the
 * second field of the caller's ARN, right for every partition (aws-iso-f, aws-eusc, …) without a table of regions.
 */
export async function resolveCallerIdentity(clients: AwsClients): Promise<{ account: string; partition?: string }> {
  const identity = await clients.sts().getCallerIdentity({});
  if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account.');
  const partition = identity.Arn ? partitionFromArn(identity.Arn) : undefined;
  return { account: identity.Account, ...(partition ? { partition } : {}) };
}
