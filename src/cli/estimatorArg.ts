import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEstimator } from '../core/estimator/load';
import type { EstimatorDiagnostic, EstimatorSpec } from '../core/estimator/types';
import type { CliIo } from './io';
import { UsageError } from './options';

/** `file:line:col: severity: message`, 1-based like compilers print, so editors and CI annotate the right place. */
export function formatDiagnostic(file: string, diagnostic: EstimatorDiagnostic): string {
  return `${file}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${diagnostic.severity}: ${diagnostic.message}`;
}

export interface EstimatorArg {
  /** As the user wrote it (for messages). */
  file: string;
  path: string;
  text: string;
  spec: EstimatorSpec;
}

/**
 * The one estimator file a command takes: read, validated, its problems written to stderr.
 * Undefined when the command should exit 1.
 */
export function loadEstimatorArg(command: string, usage: string, positionals: string[], io: CliIo,
  options: { workspaceFolder?: string; region?: string | undefined } = {}): EstimatorArg | undefined {
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes one estimator file. Usage: sagemaker-estimator ${usage}`);
  }
  const file = positionals[0]!;
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr.write(`${file}:1:1: error: cannot read the estimator file: ${(error as Error).message}\n`);
    return undefined;
  }
  const loaded = loadEstimator(text, {
    fileName: path, env: io.env, workspaceFolder: options.workspaceFolder ?? io.cwd, ...(options.region ? { region: options.region } : {}),
  });
  for (const diagnostic of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(file, diagnostic)}\n`);
  return loaded.spec ? { file, path, text, spec: loaded.spec } : undefined;
}
