/**
 * `sourcedir.tar.gz`: the training code packed as the SageMaker Python SDK's `create_tar_file` does (a gzip'd
 * tar, one entry per file under the name the plan gives it), streamed so that nothing is staged on disk.
 * Pure Node (no AWS, no VS Code); the tar headers come from the `tar` package.
 *
 * What goes in is exactly the plan's `files` list, in that order (the planner sorts it), with those names:
 * - only regular files (a symbolic link is followed, as the SDK's `dereference=True`); sockets, FIFOs and
 *   devices are left out and reported in `skipped`;
 * - no directory entries, no absolute names, no `..`;
 * - owner 0:0 without user and group names, the file's permission bits and modification time (whole seconds),
 *   and gzip without a timestamp, so the same files give the same bytes on every machine.
 */
import { promises as fs, type Stats } from 'node:fs';
import { Readable, addAbortSignal, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Header, Pax } from 'tar';
import { checkArchiveName, type TarSource } from './sourceFiles';

// In sourceFiles.ts so that planning, which resolves the same files, loads neither tar, zlib nor streams.
export { checkArchiveName, resolveSourceFiles, type SourcedirUpload, type TarSource } from './sourceFiles';

const BLOCK = 512;
const READ_CHUNK = 256 * 1024;

export interface StatedTarSource extends TarSource {
  size: number;
  mode: number;
  mtime: Date;
}

/** Stats every source (following links): regular files are kept, anything else is skipped; a missing file is an error. */
export async function statTarSources(sources: readonly TarSource[]): Promise<{ files: StatedTarSource[]; skipped: TarSource[] }> {
  const files: StatedTarSource[] = [];
  const skipped: TarSource[] = [];
  for (const source of sources) {
    let stat: Stats;
    try {
      stat = await fs.stat(source.absolutePath);
    } catch (error) {
      throw new Error(`${source.absolutePath} (${source.name} in sourcedir.tar.gz) cannot be read: ${(error as Error).message}`);
    }
    if (stat.isFile()) {
      files.push({ ...source, size: stat.size, mode: stat.mode & 0o7777, mtime: new Date(Math.floor(stat.mtimeMs / 1000) * 1000) });
    } else {
      skipped.push(source);
    }
  }
  return { files, skipped };
}

/** The 512-byte header (preceded by a PAX header when the name is long or not ASCII) of one file. */
export function tarHeader(file: Pick<StatedTarSource, 'name' | 'size' | 'mode' | 'mtime'>): Buffer {
  const block = Buffer.alloc(BLOCK);
  const header = new Header({
    path: file.name,
    mode: file.mode,
    uid: 0,
    gid: 0,
    size: file.size,
    mtime: file.mtime,
    type: 'File',
    uname: '',
    gname: '',
  });
  header.encode(block, 0);
  if (!header.needPax) return block;
  const pax = new Pax({ path: file.name, size: file.size, mtime: file.mtime }).encode();
  return Buffer.concat([pax, block]);
}

/** The uncompressed tar's bytes, file by file; stops (closing the file) when the consumer stops. */
async function* tarBlocks(files: readonly StatedTarSource[], onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield tarHeader(file);
    const handle = await fs.open(file.absolutePath, 'r');
    try {
      let remaining = file.size;
      while (remaining > 0) {
        const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, remaining));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, file.size - remaining);
        if (bytesRead === 0) throw new Error(`${file.absolutePath} shrank while it was being packed; retry the launch.`);
        remaining -= bytesRead;
        onBytes?.(bytesRead);
        yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
    const pad = file.size % BLOCK;
    if (pad !== 0) yield Buffer.alloc(BLOCK - pad);
  }
  yield Buffer.alloc(2 * BLOCK); // end of archive
}

export interface PackOptions {
  /** Called with the number of file bytes read, as they are read. */
  onBytes?: (bytes: number) => void;
  /** Destroys the stream (with an AbortError) when aborted. */
  signal?: AbortSignal;
  /** zlib level (default 6, as Python's tarfile `w:gz` uses 9; speed matters more here). */
  level?: number;
}

/** A readable stream of the gzip'd tar of `files`, in that order. Errors (a vanished file) surface on the stream. */
export function packTarGz(files: readonly StatedTarSource[], options: PackOptions = {}): Readable {
  for (const file of files) checkArchiveName(file.name);
  const source = Readable.from(tarBlocks(files, options.onBytes), { objectMode: false });
  const gzip = createGzip({ level: options.level ?? 6 });
  const out = pipeline(source, gzip, () => {
    /* errors reach `gzip`'s consumers through pipeline's destroy */
  });
  if (options.signal) addAbortSignal(options.signal, out);
  return out;
}
