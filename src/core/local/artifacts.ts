/**
 * model.tar.gz and output.tar.gz, packed as SageMaker packs /opt/ml/model and /opt/ml/output/data: the folder's
 * content at the archive's root. The folder is listed by the one bounded walker (`core/fsWalk.ts`), so a symbolic
 * link the training script left there is followed only while it stays inside the folder: a link to `/etc` is not
 * packed (a warning names it), and a link back to a folder that holds it fails the packing with a message instead
 * of looping until memory runs out. The tar itself is the code packer's (`launch/sourceTar.ts`): regular files
 * only, owner 0:0, no directory entries; Stop aborts it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { walkTree, type WalkLimits, type WalkResult } from '../fsWalk';
import { packTarGz, type StatedTarSource } from '../launch/sourceTar';

export interface PackOptions {
  /** Aborts the walk and the packing (the partial archive is removed). */
  signal?: AbortSignal;
  limits?: WalkLimits;
}

/**
 * Packs the content of `dir` into the gzipped tar `file` (an empty archive for an empty or missing folder).
 * Resolves with the warnings of what was left out (links leaving the folder, dangling links, special files);
 * rejects on a link loop, when a walk limit is hit, and when aborted.
 */
export async function packFolder(dir: string, file: string, options: PackOptions = {}): Promise<{ warnings: string[] }> {
  let walked: WalkResult | undefined;
  try {
    walked = await walkTree(dir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const folder = `${path.basename(dir)}/`;
  const loop = walked?.warnings.find(w => w.kind === 'link-loop');
  if (loop) {
    throw new Error(`${folder} cannot be packed: the symbolic link ${loop.path} leads back to a folder that holds it, so it never ends. Remove the link (or point it at a file) in the training script.`);
  }
  const limit = walked?.warnings.find(w => w.kind === 'limit');
  if (limit) throw new Error(`${folder} cannot be packed: ${limit.message}`);
  const files: StatedTarSource[] = (walked?.files ?? []).map(f => ({
    name: f.relativePath, absolutePath: f.absolutePath, size: f.size, mode: f.mode, mtime: new Date(Math.floor(f.mtimeMs / 1000) * 1000),
  }));
  try {
    await pipeline(packTarGz(files, options.signal ? { signal: options.signal } : {}), fs.createWriteStream(file), options.signal ? { signal: options.signal } : {});
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
  return { warnings: (walked?.warnings ?? []).map(w => w.message) };
}

/** Unpacks a .tar.gz into `dir` (created if needed). */
export async function unpackTarGz(file: string, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await tar.x({ file, cwd: dir });
}
