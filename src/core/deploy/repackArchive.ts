/**
 * The archive of `sagemaker.utils.repack_model` (SDK v2) for a framework model whose code is an S3
 * sourcedir.tar.gz: the model.tar.gz's files stay at the root, the training code (entry point and the rest
 * of source_dir) is extracted into `code/` (`_create_or_update_code_dir`, merged with a `code/` the model
 * already had), and the whole folder is written back as one gzip tar (`tarfile.add(model_dir, arcname="/")`).
 * Local files only: the download and upload are the AWS bundle's (src/aws/repack.ts). Archives are extracted
 * with the `tar` package's defaults (no absolute names, no `..`).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { create as tarCreate, extract as tarExtract } from 'tar';

/**
 * `code/` inside the extracted model, created if absent. A `code` entry that is not a real folder (a symbolic link
 * the archive carried, to `/etc` say) is refused: the training code would be extracted through it, out of the
 * temporary folder.
 */
export async function codeFolderOf(modelDir: string, modelData: string): Promise<string> {
  const codeDir = path.join(modelDir, 'code');
  const stat = await fs.lstat(codeDir).catch(() => undefined);
  if (stat && !stat.isDirectory()) {
    throw new Error(`The model ${modelData} holds a "code" entry that is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: it cannot be repacked with its code. Remove "code" from the model archive.`);
  }
  await fs.mkdir(codeDir, { recursive: true });
  return codeDir;
}

export interface RepackArchiveInput {
  /** The job's model.tar.gz, downloaded. */
  modelTar: string;
  /** The job's sourcedir.tar.gz, downloaded. */
  sourceTar: string;
  /** An empty folder to extract into (the caller removes it). */
  workDir: string;
  /** Where the repacked model.tar.gz is written. */
  output: string;
  /** The model's S3 URI, for messages. */
  modelData: string;
}

/** Builds the repacked model.tar.gz; returns the folder it was made from (under workDir). */
export async function buildRepackedArchive(input: RepackArchiveInput): Promise<string> {
  const modelDir = path.join(input.workDir, 'model');
  await fs.mkdir(modelDir, { recursive: true });
  await tarExtract({ file: input.modelTar, cwd: modelDir });
  const codeDir = await codeFolderOf(modelDir, input.modelData);
  await tarExtract({ file: input.sourceTar, cwd: codeDir });
  const entries = (await fs.readdir(modelDir)).sort();
  await tarCreate({ gzip: true, file: input.output, cwd: modelDir, portable: true }, entries);
  return modelDir;
}
