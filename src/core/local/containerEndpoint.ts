/**
 * A local endpoint for the model of an image-only job: the job's image runs `serve` (container.ts's contract:
 * the model at /opt/ml/model, port 8080 on the host's network). The engine's client stays in the foreground
 * as the endpoint's process, so that the endpoint is recorded, listed and stopped like a Python server; `--init`
 * hands its SIGTERM to the serving process, which as the container's PID 1 would ignore it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runEngine, SERVING_PORT } from './container';
import { pingLocalEndpoint } from './endpointHttp';
import { LocalEndpointError } from './errors';
import type { LocalJobDescription } from './jobStore';
import { PROCESS_TOKEN_VARIABLE } from './ownership';
import { killGroup, spawnDetachedServer, type ServerProcess } from './process';

export interface ServingContainerProcess extends ServerProcess {
  containerName: string;
  engineCommand: string;
}

/** `<engine> run --rm --init ... <image> serve` in its own process group, its output in `<folder>/server.log`. */
export function spawnServingContainer(launch: {
  job: LocalJobDescription; modelDir: string; folder: string; token: string; env?: NodeJS.ProcessEnv; environment?: Record<string, string>; engineCommand?: string;
}): ServingContainerProcess {
  const engineCommand = launch.engineCommand ?? 'docker';
  const containerName = `sagemaker-local-serve-${launch.job.TrainingJobName}-${randomBytes(3).toString('hex')}`.slice(0, 120);
  const environment = launch.environment ?? launch.job.DeployEnvironment ?? {};
  const args = [
    'run', '--rm', '--init', '--name', containerName, '--network', 'host',
    '-v', `${path.resolve(launch.modelDir)}:/opt/ml/model`,
    ...Object.entries(environment).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    launch.job.AlgorithmSpecification.TrainingImage!, 'serve',
  ];
  const server = spawnDetachedServer(engineCommand, args, {
    env: { ...(launch.env ?? process.env), [PROCESS_TOKEN_VARIABLE]: launch.token },
    logFile: path.join(launch.folder, 'server.log'),
  });
  return { ...server, containerName, engineCommand };
}

/** Removes the serving container (after its client was stopped, or when it never answered). */
export async function removeServingContainer(server: ServingContainerProcess): Promise<void> {
  await runEngine(server.engineCommand, ['rm', '-f', server.containerName], 30_000);
}

function logTail(folder: string): string {
  try {
    return fs.readFileSync(path.join(folder, 'server.log'), 'utf8').trim().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/** Waits until the container answers GET /ping on {@link SERVING_PORT}; resolves with the port. */
export async function waitForServingContainer(server: ServingContainerProcess, { name, folder, startTimeoutMs }: { name: string; folder: string; startTimeoutMs?: number }): Promise<number> {
  const url = `http://127.0.0.1:${SERVING_PORT}`;
  const deadline = Date.now() + (startTimeoutMs ?? 60_000);
  const fail = async (message: string): Promise<never> => {
    if (server.child.pid) await killGroup(server.child.pid, 1000);
    await removeServingContainer(server);
    throw new LocalEndpointError(message, logTail(folder));
  };
  for (;;) {
    const spawnError = server.spawnError();
    if (spawnError) return fail(`Cannot start the endpoint's container: ${server.engineCommand}: ${spawnError.message}`);
    const exitInfo = server.exitInfo();
    if (exitInfo) return fail(`The local endpoint ${name} did not start (its container exited with ${exitInfo.code ?? exitInfo.signal}):`);
    if (await pingLocalEndpoint(url)) return SERVING_PORT;
    if (Date.now() > deadline) return fail(`The local endpoint ${name} did not answer GET /ping on port ${SERVING_PORT} within ${Math.round((startTimeoutMs ?? 60_000) / 1000)} s.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
