/** model.tar.gz and output.tar.gz, packed as SageMaker packs /opt/ml/model and /opt/ml/output/data: the folder's content at the archive's root. */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import * as tar from 'tar';

/** Packs the content of `dir` into the gzipped tar `file` (an empty archive for an empty or missing folder). */
export async function packFolder(dir: string, file: string): Promise<void> {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    // An empty tar is two 512-byte zero blocks; tar.c refuses an empty list.
    fs.writeFileSync(file, zlib.gzipSync(Buffer.alloc(1024)));
    return;
  }
  await tar.c({ gzip: true, file, cwd: dir, portable: true, follow: true }, names);
}

/** Unpacks a .tar.gz into `dir` (created if needed). */
export async function unpackTarGz(file: string, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await tar.x({ file, cwd: dir });
}
