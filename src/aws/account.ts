import type { AwsClients } from './clientFactory';

/** The account the configured credentials belong to (STS GetCallerIdentity). */
export async function resolveAccount(clients: AwsClients): Promise<string> {
  const identity = await clients.sts().getCallerIdentity({});
  if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account.');
  return identity.Account;
}
