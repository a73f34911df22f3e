import { parseArgs } from 'node:util';
import { createEndpointResources, DeployError, findEndpoint, waitForEndpoint } from '../aws/deployModel';
import { awsFailure, awsStep, cliClients, GLOBAL_OPTIONS, note } from './awsOptions';
import { DEPLOY_PLAN_OPTIONS, DEPLOY_PLAN_USAGE, resolveDeployPlan } from './deployPlan';
import type { CliIo } from './io';

export const DEPLOY_USAGE = `${DEPLOY_PLAN_USAGE.replace('deploy-plan', 'deploy')} [--no-wait] [--json] [--quiet]`;

export const DEPLOY_HELP = `Deploy a Completed training job as estimator.deploy() does: send exactly the CreateModel,
CreateEndpointConfig and CreateEndpoint requests \`deploy-plan\` prints for the same options (repacking a framework
model with its code first), then wait until the endpoint is InService.
  --no-wait   exit once CreateEndpoint is accepted
  --json      stdout holds {"EndpointName", "EndpointStatus", "ModelName", "EndpointConfigName", "FailureReason"}
Exit status: 0 InService (or created, with --no-wait), 1 the endpoint Failed (the reason is printed) or the job
cannot be deployed, 3 AWS refused a call. An endpoint of the same name is not replaced: delete it first.`;

/** `sagemaker-estimator deploy`: the deploy-plan's requests, sent; then DescribeEndpoint until InService. */
export async function deployCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, options: { ...DEPLOY_PLAN_OPTIONS, ...GLOBAL_OPTIONS, 'no-wait': { type: 'boolean' } }, allowPositionals: true, strict: true,
  });
  const resolved = await resolveDeployPlan('deploy', values, positionals, io);
  if (typeof resolved === 'number') return resolved;
  const { plan, region, account } = resolved;
  const clients = cliClients(values, io, region);
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  try {
    const existing = await awsStep(`look for endpoint ${plan.endpointName}`, clients, () => findEndpoint(clients, plan.endpointName));
    if (existing) {
      io.stderr.write(`sagemaker-estimator: endpoint ${plan.endpointName} exists already (${existing.EndpointStatus}); nothing was created. `
        + `Delete it (sagemaker-estimator delete-endpoint ${plan.endpointName}) or choose another --endpoint-name.\n`);
      return 1;
    }
    try {
      await createEndpointResources(clients, plan, {
        signal: controller.signal, onStep: (_step, detail) => note(values, io, `${detail}…`),
        account, region,
      });
    } catch (error) {
      if (error instanceof DeployError) {
        const created = error.created.length ? ` Already created: ${error.created.join(', ')}.` : ' Nothing was created.';
        throw awsFailure(`deploy ${plan.trainingJobName}`, Object.assign(new Error(`${error.summary}${created}`), { name: error.errorType }), clients.settings.profile);
      }
      throw error;
    }
    const result = { EndpointName: plan.endpointName, EndpointStatus: 'Creating', ModelName: plan.modelName, EndpointConfigName: plan.endpointConfigName, FailureReason: null as string | null };
    if (values['no-wait']) {
      note(values, io, `Endpoint ${plan.endpointName} is being created (${plan.capacity}). Wait for it with: aws sagemaker wait endpoint-in-service --endpoint-name ${plan.endpointName}`);
      io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${plan.endpointName}\n`);
      return 0;
    }
    note(values, io, `Waiting for endpoint ${plan.endpointName} (${plan.capacity}) to be InService…`);
    const waited = await awsStep(`wait for endpoint ${plan.endpointName}`, clients, () => waitForEndpoint(clients, plan.endpointName, {
      signal: controller.signal, pollMs: io.tailTuning?.statusIntervalMs ?? 10_000,
    }));
    result.EndpointStatus = waited.endpoint?.EndpointStatus ?? 'unknown';
    result.FailureReason = waited.endpoint?.FailureReason ?? null;
    if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else if (waited.outcome === 'in-service') io.stdout.write(`${plan.endpointName}\n`);
    if (waited.outcome === 'in-service') {
      note(values, io, `Endpoint ${plan.endpointName} is InService. Call it with: sagemaker-estimator invoke ${plan.endpointName} --content-type <type> --body <text>`);
      return 0;
    }
    if (waited.outcome === 'cancelled') {
      io.stderr.write(`Stopped waiting (Ctrl-C); endpoint ${plan.endpointName} is still being created.\n`);
      return 130;
    }
    io.stderr.write(`sagemaker-estimator: endpoint ${plan.endpointName} is ${result.EndpointStatus}${result.FailureReason ? `: ${result.FailureReason}` : ''}. `
      + `See its logs: sagemaker-estimator logs --endpoint ${plan.endpointName}\n`);
    return 1;
  } finally {
    unsubscribe();
    clients.destroy();
  }
}
