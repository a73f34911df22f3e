/**
 * The files of `sourcedir.tar.gz` (see sourceTar.ts, which packs them): their names inside the archive and where each
 * one is on disk. Kept apart from the packing so that planning (costs/sourceDirChecks.ts) loads no tar, zlib or
 * stream code.
 */
import { basename, join } from 'node:path';

/** One file of the tar: its name inside the archive and where it is on disk. */
export interface TarSource {
  name: string;
  absolutePath: string;
}

/** What `resolveSourceFiles` needs of a `sourcedir` upload plan. */
export interface SourcedirUpload {
  localPath: string;
  files?: string[];
  entries?: { localPath: string; arcname: string }[];
}

/** Throws unless `name` is a safe relative archive name (`a/b.py`): not empty, not absolute, no `.`/`..`/empty segment. */
export function checkArchiveName(name: string): void {
  const bad = (why: string): never => {
    throw new Error(`"${name}" cannot be a name inside sourcedir.tar.gz: ${why}.`);
  };
  if (typeof name !== 'string' || name === '') bad('it is empty');
  if (name.includes('\0')) bad('it holds a NUL character');
  if (name.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(name) || name.startsWith('\\')) bad('it is absolute');
  for (const segment of name.split('/')) {
    if (segment === '..') bad('it climbs out with ".."');
    if (segment === '' || segment === '.') bad('it has an empty or "." segment');
  }
}

/**
 * The local file behind every name of the plan's `files`: through the tar's top-level `entries` (the
 * `source_dir`'s children, the entry point, the dependencies), the last entry winning when two give the same
 * name (as extracting the SDK's tar would), else under `localPath` (a folder, or the one file).
 */
export function resolveSourceFiles(upload: SourcedirUpload): TarSource[] {
  if (!upload.files) throw new Error(`The sourcedir upload of ${upload.localPath} has no file list.`);
  return upload.files.map(name => {
    checkArchiveName(name);
    const segments = name.split('/');
    if (upload.entries && upload.entries.length > 0) {
      for (let i = upload.entries.length - 1; i >= 0; i--) {
        const entry = upload.entries[i]!;
        if (name === entry.arcname) return { name, absolutePath: entry.localPath };
        if (name.startsWith(`${entry.arcname}/`)) {
          const rest = name.slice(entry.arcname.length + 1).split('/');
          return { name, absolutePath: join(entry.localPath, ...rest) };
        }
      }
      throw new Error(`"${name}" in sourcedir.tar.gz comes from none of the planned entries (${upload.entries.map(e => e.arcname).join(', ')}).`);
    }
    if (segments.length === 1 && basename(upload.localPath) === name) {
      return { name, absolutePath: upload.localPath };
    }
    return { name, absolutePath: join(upload.localPath, ...segments) };
  });
}
