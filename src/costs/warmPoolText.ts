/**
 * Live warm pools a launch would not reuse, for the launch confirmation and the request preview. Listing pools calls
 * AWS (ListTrainingJobs + DescribeTrainingJob), so it runs only there, for a plan that asks for a warm pool itself:
 * never on activation, in diagnostics or in the CodeLens. The preview, refreshed as the file changes, reuses one
 * listing per connection and region for a minute; the launch always lists afresh.
 */
import type { AwsClients } from '../aws/clientFactory';
import type { LiveWarmPool } from '../core/costs/checks';
import { asksForWarmPool, warmPoolWarnings } from '../core/costs/warmPoolReuse';
import type { TrainingJobPlan } from '../core/estimator/request';
import { loadAws } from '../platform/loadAws';

const PREVIEW_REUSE_MS = 60_000;
/** A slow listing must not hold a launch long: after this the pools are said to be unchecked. */
const LIST_TIMEOUT_MS = 15_000;
const recent = new Map<string, { at: number; pools: Promise<LiveWarmPool[]> }>();

export async function planWarmPoolWarnings(clients: AwsClients, plan: TrainingJobPlan, region: string, use: 'launch' | 'preview'): Promise<string[]> {
  if (!asksForWarmPool(plan.request)) return [];
  const key = JSON.stringify([clients.settings.profile, clients.settings.endpointUrl, region]);
  const cached = recent.get(key);
  let pools = use === 'preview' && cached && Date.now() - cached.at < PREVIEW_REUSE_MS ? cached.pools : undefined;
  if (!pools) {
    pools = loadAws().listLiveWarmPools(clients, AbortSignal.timeout(LIST_TIMEOUT_MS));
    recent.set(key, { at: Date.now(), pools });
  }
  try {
    return warmPoolWarnings(plan.request, await pools);
  } catch (error) {
    recent.delete(key);
    return [`The live warm pools could not be listed (${listingFailure(error)}), so their reuse was not checked.`];
  }
}

function listingFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${LIST_TIMEOUT_MS / 1000} s`;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
