/**
 * The command line against moto (with the project's SageMaker patch) behind the fault-injecting proxy: one moto
 * per test file, started in `before` and ended in `after`. `cli()` runs `runCli` in this process with
 * `--endpoint-url` at the proxy, so every AWS call goes through the real SDK clients, the proxy and moto.
 */
import * as path from 'node:path';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createAwsClients, type AwsClients } from '../../src/aws/clientFactory';
import { runCli, type CliIo } from '../../src/cli/main';
import { loadEstimator } from '../../src/core/estimator/load';
import { planEstimator } from '../../src/core/estimator/plan';

export const root = path.resolve(__dirname, '../../..');
// The harness is plain JavaScript, not compiled into out/: required from the source tree.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startMoto, FAKE_CREDENTIALS, MOTO_ACCOUNT } = require(path.join(root, 'test/harness/moto')) as {
  startMoto(): Promise<{ url: string; stop(): Promise<void>; reset(): Promise<Response> }>;
  FAKE_CREDENTIALS: Record<string, string>; MOTO_ACCOUNT: string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAwsProxy } = require(path.join(root, 'test/harness/awsProxy')) as {
  startAwsProxy(url: string): Promise<{ url: string; stop(): void }>;
};

export const REGION = 'us-east-1';
export const ACCOUNT = MOTO_ACCOUNT;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerRole`;
export const ENV = { SAGEMAKER_ROLE: ROLE, SAGEMAKER_BUCKET: 'example-data', AWS_REGION: REGION };

/** Fast tail timings: moto ingests at once, so the waits meant for CloudWatch's delays only slow the tests. */
export const FAST_TAIL = { pollIntervalMs: 100, statusIntervalMs: 150, finalGraceMs: 300, newHostHoldbackMs: 300, backoffBaseMs: 50, backoffMaxMs: 200 };

export interface MotoCli {
  motoUrl: string;
  proxyUrl: string;
  clients: AwsClients;
  stop(): Promise<void>;
}

let current: MotoCli | undefined;

export async function startMotoCli(): Promise<MotoCli> {
  Object.assign(process.env, FAKE_CREDENTIALS);
  const moto = await startMoto();
  const proxy = await startAwsProxy(moto.url);
  const clients = createAwsClients({ region: REGION, endpointUrl: moto.url });
  current = {
    motoUrl: moto.url, proxyUrl: proxy.url, clients,
    stop: async () => { clients.destroy(); proxy.stop(); await moto.stop(); current = undefined; },
  };
  return current;
}

function env(): MotoCli {
  if (!current) throw new Error('startMotoCli() first');
  return current;
}

export interface CliRun { code: number; stdout: string; stderr: string }

/** `sagemaker-estimator <args> --endpoint-url <proxy>`; `io` adds or replaces members of the CliIo. */
export async function cli(args: string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--endpoint-url', env().proxyUrl], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...ENV },
    cwd: root,
    tailTuning: FAST_TAIL,
    ...io,
  });
  return { code, stdout, stderr };
}

export async function resetAll(): Promise<void> {
  await fetch(`${env().motoUrl}/moto-api/reset`, { method: 'POST' });
  // moto's reset keeps the state manager's transitions: back to immediate, so one test's slow endpoint is not the next one's.
  for (const model of ['sagemaker::training_job', 'sagemaker::endpoint']) {
    await fetch(`${env().motoUrl}/moto-api/state-manager/unset-transition`, { method: 'POST', body: JSON.stringify({ model_name: model }) });
  }
  await fetch(`${env().proxyUrl}/__proxy/reset`, { method: 'POST' });
}

/** moto's state manager: the training job (or endpoint) reports its final status on the `times`-th read. */
export async function setTransition(model: 'sagemaker::training_job' | 'sagemaker::endpoint', times: number): Promise<void> {
  const res = await fetch(`${env().motoUrl}/moto-api/state-manager/set-transition`, {
    method: 'POST', body: JSON.stringify({ model_name: model, transition: { progression: 'manual', times } }),
  });
  if (!res.ok) throw new Error(`set-transition: ${res.status}`);
}

export async function injectFaults(faults: object[]): Promise<void> {
  await fetch(`${env().proxyUrl}/__proxy/faults`, { method: 'POST', body: JSON.stringify(faults) });
}

/** The bodies of the calls of one operation that went through the proxy, parsed (JSON protocols). */
export async function sentRequests(operation: string): Promise<unknown[]> {
  const res = await fetch(`${env().proxyUrl}/__proxy/requests?operation=${encodeURIComponent(operation)}`);
  return ((await res.json()) as { body: string }[]).map(r => JSON.parse(r.body) as unknown);
}

/** What `plan` makes of a file for moto's account: the same code `fit` uses, so the tests never hard-code requests. */
export function plannedRequest(file: string, jobName: string, text?: string): unknown {
  const absolute = path.resolve(root, file);
  const source = text ?? require('node:fs').readFileSync(absolute, 'utf8') as string;
  const loaded = loadEstimator(source, { fileName: absolute, env: ENV, workspaceFolder: root, region: REGION });
  if (!loaded.spec) throw new Error(JSON.stringify(loaded.diagnostics));
  const result = planEstimator(source, loaded.spec, { region: REGION, account: ACCOUNT, baseDir: path.dirname(absolute), jobName });
  if (!result.plan) throw new Error(JSON.stringify(result.diagnostics));
  // As the SDK sends it: JSON, undefined members left out.
  return JSON.parse(JSON.stringify(result.plan.request));
}

/** Log lines as a training job's instances write them: streams `<job>/<host>-<epoch>` in /aws/sagemaker/TrainingJobs. */
export async function writeJobLogs(jobName: string, linesByHost: Record<string, string[]>, at = Date.now()): Promise<void> {
  const logs = env().clients.logs().client;
  const group = '/aws/sagemaker/TrainingJobs';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  let offset = 0;
  for (const [host, lines] of Object.entries(linesByHost)) {
    const stream = `${jobName}/${host}-1764000000`;
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch(() => undefined);
    await logs.send(new PutLogEventsCommand({
      logGroupName: group, logStreamName: stream,
      logEvents: lines.map(message => ({ message, timestamp: at + offset++ })),
    }));
  }
}
