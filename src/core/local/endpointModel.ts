/** What a local endpoint serves: the model folder (unpacked from model.tar.gz when needed) and the inference script. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unpackTarGz } from './artifacts';
import { LocalModeError } from './errors';
import type { LocalJobDescription } from './jobStore';

/**
 * The model folder: the one given, or the job's model as is when it was not compressed, or its model.tar.gz
 * unpacked into `<endpoint folder>/model` (removed again when the endpoint stops).
 */
export async function prepareModelDir(
  options: { modelDir?: string; modelTarGz?: string },
  job: LocalJobDescription | undefined,
  folder: string,
): Promise<string> {
  if (options.modelDir) return path.resolve(options.modelDir);
  const artifact = options.modelTarGz ?? job?.ModelArtifacts?.LocalPath;
  if (!artifact) throw new LocalModeError('No model to serve: give a local job folder, a model.tar.gz or a model folder.', 'job');
  if (fs.existsSync(artifact) && fs.statSync(artifact).isDirectory()) return path.resolve(artifact);
  if (!fs.existsSync(artifact)) throw new LocalModeError(`The model ${artifact} is not there any more.`, 'job');
  const modelDir = path.join(folder, 'model');
  await unpackTarGz(artifact, modelDir);
  return modelDir;
}

export interface InferenceCode {
  codeDir?: string;
  entryPoint?: string;
}

/**
 * The inference script and its folder: `code/` inside the model when it holds the script (as the SDK packs
 * it), else the job's source_dir. Without a script the server falls back to its default handlers.
 */
export function resolveInferenceCode(
  options: { codeDir?: string; entryPoint?: string; environment?: Record<string, string> },
  job: LocalJobDescription | undefined,
  modelDir: string,
): InferenceCode {
  const entryPoint = options.entryPoint ?? job?.ServingEntryPoint ?? options.environment?.SAGEMAKER_PROGRAM;
  let codeDir = options.codeDir ? path.resolve(options.codeDir) : undefined;
  if (!codeDir) {
    const packed = path.join(modelDir, 'code');
    if (entryPoint && fs.existsSync(path.join(packed, entryPoint))) codeDir = packed;
    else codeDir = job?.SourceDir;
  }
  if (entryPoint && codeDir && !fs.existsSync(path.join(codeDir, entryPoint))) {
    throw new LocalModeError(`The inference script ${entryPoint} is not in ${codeDir}. Set deploy.env.SAGEMAKER_PROGRAM in the estimator to your inference script.`, 'entry-point');
  }
  return { ...(codeDir ? { codeDir } : {}), ...(entryPoint ? { entryPoint } : {}) };
}
