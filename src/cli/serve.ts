import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalModeError } from '../core/local/errors';
import { followFile } from '../core/local/follow';
import { LocalEndpointError, startLocalEndpoint } from '../core/local/localEndpoint';
import { jobPaths, localJobDir } from '../core/local/paths';
import type { CliIo } from './io';

export const SERVE_USAGE = 'serve <job-name-or-folder> [--port P] [--name N] [--python P] [--workspace DIR]';

/** The folder of a local job given by name (in the workspace) or by path. */
export function resolveJobDir(workspace: string, cwd: string, jobOrDir: string): string {
  const asPath = resolve(cwd, jobOrDir);
  if (fs.existsSync(jobPaths(asPath).jobJson)) return asPath;
  return localJobDir(workspace, jobOrDir);
}

/** `sagemaker-estimator serve`: serves a Completed local job on 127.0.0.1 in the foreground until Ctrl-C. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, name: { type: 'string' }, python: { type: 'string' }, workspace: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    io.stderr.write(`sagemaker-estimator: serve takes one local job (its name, or its folder).\nUsage: sagemaker-estimator ${SERVE_USAGE}\n`);
    return 1;
  }
  const port = values.port !== undefined ? Number(values.port) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    io.stderr.write(`sagemaker-estimator: --port must be a port number, got "${values.port}".\n`);
    return 1;
  }
  const workspace = resolve(io.cwd, values.workspace ?? '.');
  const jobDir = resolveJobDir(workspace, io.cwd, positionals[0]!);
  if (!fs.existsSync(jobPaths(jobDir).jobJson)) {
    io.stderr.write(`sagemaker-estimator: no local job "${positionals[0]}" (looked for ${jobDir}). Train one with: sagemaker-estimator train <estimator.json>\n`);
    return 1;
  }
  let endpoint;
  try {
    endpoint = await startLocalEndpoint({
      jobDir,
      workspaceDir: workspace,
      python: values.python ?? io.env.SAGEMAKER_LOCAL_PYTHON ?? 'python3',
      env: io.env as NodeJS.ProcessEnv,
      ...(values.name ? { name: values.name } : {}),
      ...(port !== undefined ? { port } : {}),
    });
  } catch (error) {
    if (error instanceof LocalModeError || error instanceof LocalEndpointError) {
      io.stderr.write(`sagemaker-estimator: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  io.stdout.write(`Endpoint ${endpoint.name} is InService at ${endpoint.url} (GET /ping, POST /invocations). Ctrl-C stops it.\n`);
  io.stdout.write(`Invoke it: sagemaker-estimator invoke ${endpoint.name} --content-type application/json --body '[[...]]'\n`);
  const unfollow = followFile(endpoint.logFile, (text) => io.stdout.write(text), { intervalMs: 100 });
  // The server runs detached and unreferenced: this keeps the command in the foreground until Ctrl-C.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let onSignal: () => void = () => undefined;
  const outcome = await new Promise<'signal' | 'exited'>((resolveOutcome) => {
    onSignal = (): void => resolveOutcome('signal');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void endpoint.exited.then(() => resolveOutcome('exited'));
  });
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  clearInterval(keepAlive);
  await endpoint.stop();
  unfollow();
  if (outcome === 'exited') {
    io.stderr.write(`sagemaker-estimator: the endpoint's server ended on its own; see ${endpoint.logFile}\n`);
    return 1;
  }
  io.stdout.write(`Endpoint ${endpoint.name} stopped.\n`);
  return 0;
}
