import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEstimator } from '../core/estimator/load';
import type { EstimatorDiagnostic, EstimatorSpec } from '../core/estimator/types';
import type { CliIo } from './io';
import { UsageError } from './options';

/** `file:line:col: severity: message`, 1-based like compilers print, so editors and CI annotate the right place. */
export function formatDiagnostic(file: string, diagnostic: EstimatorDiagnostic): string {
  return `${file}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${diagnostic.severity}: ${diagnostic.message}`;
}

/**
 * The text of the estimator file `file` (as the user wrote it; `path` resolved), or undefined once stderr says why it
 * cannot be read and what to give instead.
 */
export function readEstimatorText(file: string, path: string, io: CliIo): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const inside = join(file, 'estimator.json');
    const why = code === 'ENOENT' ? `there is no such file (from ${io.cwd})`
      : code === 'EISDIR' ? `it is a folder: give the estimator file${existsSync(join(path, 'estimator.json')) ? ` in it, ${inside}` : ' (a .json file)'}`
      : (error as Error).message;
    io.stderr.write(`${file}:1:1: error: cannot read the estimator file: ${why}\n`);
    return undefined;
  }
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
  const text = readEstimatorText(file, path, io);
  if (text === undefined) return undefined;
  const loaded = loadEstimator(text, {
    fileName: path, env: io.env, workspaceFolder: options.workspaceFolder ?? io.cwd, ...(options.region ? { region: options.region } : {}),
  });
  for (const diagnostic of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(file, diagnostic)}\n`);
  return loaded.spec ? { file, path, text, spec: loaded.spec } : undefined;
}
