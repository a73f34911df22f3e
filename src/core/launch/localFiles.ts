/** Walking local data into the list of files to upload, with their sizes. Pure Node (no AWS, no VS Code). */
import { walkTree, type WalkLimits, type WalkWarning } from '../fsWalk';

export interface LocalFile {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Path relative to the walked folder, `/`-separated (for a single file: its name). */
  relativePath: string;
  /** Bytes, at the time of the walk. */
  size: number;
}

/**
 * Every regular file under `root` (a folder, recursively), or `root` itself when it is a file, through the one
 * bounded walker (`core/fsWalk.ts`): symbolic links are followed only while they stay inside `root`; links that
 * leave it, loops, dangling links and special files are left out and passed to `onWarning`. Sorted by relative
 * path (code-unit order), so the order is the same on every machine. Rejects when the walk hits its limits (a
 * partial upload would be silent data loss) or when `signal` is aborted.
 */
export async function walkLocalFiles(
  root: string,
  options: { signal?: AbortSignal; limits?: WalkLimits; onWarning?: (warning: WalkWarning) => void } = {},
): Promise<LocalFile[]> {
  const walked = await walkTree(root, options);
  const limit = walked.warnings.find(w => w.kind === 'limit');
  if (limit) throw new Error(limit.message);
  for (const warning of walked.warnings) options.onWarning?.(warning);
  return walked.files.map(f => ({ absolutePath: f.absolutePath, relativePath: f.relativePath, size: f.size }));
}

/** The sum of the files' sizes. */
export function totalBytes(files: readonly { size: number }[]): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}
