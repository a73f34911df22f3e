/** Walking local data into the list of files to upload, with their sizes. Pure Node (no AWS, no VS Code). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface LocalFile {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Path relative to the walked folder, `/`-separated (for a single file: its name). */
  relativePath: string;
  /** Bytes, at the time of the walk. */
  size: number;
}

/**
 * Every regular file under `root` (a folder, recursively, following symbolic links with a guard against
 * cycles), or `root` itself when it is a file. Sorted by relative path (code-unit order), so the order is
 * the same on every machine. Sockets, FIFOs and devices are skipped.
 */
export async function walkLocalFiles(root: string): Promise<LocalFile[]> {
  const absoluteRoot = path.resolve(root);
  const stat = await fs.stat(absoluteRoot);
  if (stat.isFile()) return [{ absolutePath: absoluteRoot, relativePath: path.basename(absoluteRoot), size: stat.size }];
  if (!stat.isDirectory()) throw new Error(`${absoluteRoot} is neither a file nor a folder.`);
  const out: LocalFile[] = [];
  await walk(absoluteRoot, '', out, new Set());
  out.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return out;
}

async function walk(dir: string, relative: string, out: LocalFile[], ancestors: Set<string>): Promise<void> {
  const real = await fs.realpath(dir);
  if (ancestors.has(real)) return; // a link back up the tree
  ancestors.add(real);
  const names = (await fs.readdir(dir)).sort();
  for (const name of names) {
    const absolutePath = path.join(dir, name);
    const relativePath = relative ? `${relative}/${name}` : name;
    let stat;
    try {
      stat = await fs.stat(absolutePath); // follows links
    } catch {
      continue; // a dangling link
    }
    if (stat.isDirectory()) await walk(absolutePath, relativePath, out, ancestors);
    else if (stat.isFile()) out.push({ absolutePath, relativePath, size: stat.size });
  }
  ancestors.delete(real);
}

/** The sum of the files' sizes. */
export function totalBytes(files: readonly { size: number }[]): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}
