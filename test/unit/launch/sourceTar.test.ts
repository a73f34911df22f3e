import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import {
  checkArchiveName,
  packTarGz,
  resolveSourceFiles,
  statTarSources,
  type StatedTarSource,
} from '../../../src/core/launch/sourceTar';
import { tempDir } from '../tempDir';

interface Listed {
  path: string;
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  content: string;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every entry of a .tar.gz, read back with the tar package. */
async function listTarGz(buffer: Buffer): Promise<Listed[]> {
  const entries: Listed[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => entries.push({
          path: entry.path, type: entry.type, size: entry.size ?? 0, mode: entry.mode ?? 0, uid: entry.uid ?? -1, gid: entry.gid ?? -1,
          content: Buffer.concat(chunks).toString('utf8'),
        }));
      },
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(buffer);
  });
  return entries;
}

function sources(): { dir: string; dep: string } {
  const root = tempDir('srctar-');
  const dir = path.join(root, 'source');
  fs.mkdirSync(path.join(dir, 'pkg/sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'train.py'), 'print("train")\n');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), 'torch\n');
  fs.writeFileSync(path.join(dir, 'pkg/__init__.py'), '');
  fs.writeFileSync(path.join(dir, 'pkg/sub/util.py'), 'X = 1\n');
  fs.chmodSync(path.join(dir, 'train.py'), 0o755);
  const dep = path.join(root, 'mylib');
  fs.mkdirSync(dep);
  fs.writeFileSync(path.join(dep, 'lib.py'), 'def f(): pass\n');
  return { dir, dep };
}

test('checkArchiveName accepts relative names and refuses absolute, empty and climbing ones', () => {
  for (const ok of ['a.py', 'pkg/sub/util.py', '.hidden/x', 'a..b']) checkArchiveName(ok);
  for (const bad of ['', '/etc/passwd', 'C:/x', 'C:\\x', '\\x', '../x', 'a/../../x', 'a//b', './a', 'a/', 'nul\0']) {
    assert.throws(() => checkArchiveName(bad), /cannot be a name inside sourcedir.tar.gz/, bad);
  }
});

test('resolveSourceFiles maps names through the tar entries (source_dir children and dependencies)', () => {
  const { dir, dep } = sources();
  const resolved = resolveSourceFiles({
    localPath: dir,
    files: ['mylib/lib.py', 'pkg/__init__.py', 'train.py'],
    entries: [
      { localPath: path.join(dir, 'pkg'), arcname: 'pkg' },
      { localPath: path.join(dir, 'train.py'), arcname: 'train.py' },
      { localPath: dep, arcname: 'mylib' },
    ],
  });
  assert.deepEqual(resolved, [
    { name: 'mylib/lib.py', absolutePath: path.join(dep, 'lib.py') },
    { name: 'pkg/__init__.py', absolutePath: path.join(dir, 'pkg/__init__.py') },
    { name: 'train.py', absolutePath: path.join(dir, 'train.py') },
  ]);
});

test('resolveSourceFiles: the last entry wins for a name two entries give; without entries, names are under localPath', () => {
  const resolved = resolveSourceFiles({
    localPath: '/src',
    files: ['util.py'],
    entries: [{ localPath: '/src/util.py', arcname: 'util.py' }, { localPath: '/deps/util.py', arcname: 'util.py' }],
  });
  assert.equal(resolved[0]!.absolutePath, path.join('/deps/util.py'));
  assert.deepEqual(resolveSourceFiles({ localPath: '/src', files: ['a/b.py'] }), [{ name: 'a/b.py', absolutePath: path.join('/src', 'a', 'b.py') }]);
  assert.deepEqual(resolveSourceFiles({ localPath: '/code/train.py', files: ['train.py'] }), [{ name: 'train.py', absolutePath: '/code/train.py' }]);
  assert.throws(() => resolveSourceFiles({ localPath: '/src' }), /no file list/);
  assert.throws(() => resolveSourceFiles({ localPath: '/src', files: ['../x'] }), /climbs out/);
  assert.throws(() => resolveSourceFiles({ localPath: '/src', files: ['other/x'], entries: [{ localPath: '/src/a', arcname: 'a' }] }), /none of the planned entries/);
});

test('packTarGz holds exactly the listed regular files, in order, with their names, modes and contents', async () => {
  const { dir, dep } = sources();
  const names = ['mylib/lib.py', 'pkg/__init__.py', 'pkg/sub/util.py', 'requirements.txt', 'train.py'];
  const resolved = resolveSourceFiles({
    localPath: dir,
    files: names,
    entries: [
      ...['pkg', 'requirements.txt', 'train.py'].map(n => ({ localPath: path.join(dir, n), arcname: n })),
      { localPath: dep, arcname: 'mylib' },
    ],
  });
  const { files, skipped } = await statTarSources(resolved);
  assert.deepEqual(skipped, []);
  let bytes = 0;
  const buffer = await collect(packTarGz(files, { onBytes: n => { bytes += n; } }));
  assert.equal(buffer[0], 0x1f); // gzip
  assert.equal(buffer[1], 0x8b);
  const listed = await listTarGz(buffer);
  assert.deepEqual(listed.map(e => e.path), names);
  assert.ok(listed.every(e => e.type === 'File' && e.uid === 0 && e.gid === 0));
  assert.equal(listed.find(e => e.path === 'train.py')!.content, 'print("train")\n');
  assert.equal(listed.find(e => e.path === 'train.py')!.mode & 0o777, 0o755);
  assert.equal(listed.find(e => e.path === 'mylib/lib.py')!.content, 'def f(): pass\n');
  assert.equal(bytes, files.reduce((n, f) => n + f.size, 0));
});

test('packTarGz is deterministic: the same files give the same bytes', async () => {
  const { dir } = sources();
  const { files } = await statTarSources(resolveSourceFiles({ localPath: dir, files: ['pkg/sub/util.py', 'train.py'] }));
  const a = await collect(packTarGz(files));
  const b = await collect(packTarGz(files));
  assert.ok(a.equals(b));
});

test('packTarGz keeps long and non-ASCII names exactly (PAX headers), and sizes across blocks', async () => {
  const root = tempDir('srctar-long-');
  const long = `${'deep/'.repeat(30)}module_with_a_long_name.py`;
  const unicode = 'données/été.py';
  fs.mkdirSync(path.join(root, path.dirname(long)), { recursive: true });
  fs.mkdirSync(path.join(root, 'données'));
  fs.writeFileSync(path.join(root, long), 'a'.repeat(1500));
  fs.writeFileSync(path.join(root, unicode), 'é');
  const { files } = await statTarSources(resolveSourceFiles({ localPath: root, files: [long, unicode] }));
  const listed = await listTarGz(await collect(packTarGz(files)));
  assert.deepEqual(listed.map(e => [e.path, e.size]), [[long, 1500], [unicode, 2]]);
  assert.equal(listed[0]!.content, 'a'.repeat(1500));
});

test('statTarSources skips what is not a regular file and fails on a missing one', { skip: process.platform === 'win32' }, async () => {
  const { dir } = sources();
  const socketPath = path.join(dir, 'sock');
  const server = net.createServer().listen(socketPath);
  await new Promise(resolve => server.once('listening', resolve));
  try {
    const { files, skipped } = await statTarSources([
      { name: 'train.py', absolutePath: path.join(dir, 'train.py') },
      { name: 'sock', absolutePath: socketPath },
    ]);
    assert.deepEqual(files.map(f => f.name), ['train.py']);
    assert.deepEqual(skipped.map(f => f.name), ['sock']);
  } finally {
    server.close();
  }
  await assert.rejects(statTarSources([{ name: 'gone.py', absolutePath: path.join(dir, 'gone.py') }]), /gone\.py in sourcedir\.tar\.gz\) cannot be read/);
});

test('packTarGz fails the stream when a file shrank after it was listed, and stops on abort', async () => {
  const { dir } = sources();
  const { files } = await statTarSources(resolveSourceFiles({ localPath: dir, files: ['train.py'] }));
  const lying: StatedTarSource[] = [{ ...files[0]!, size: files[0]!.size + 100 }];
  await assert.rejects(collect(packTarGz(lying)), /shrank while it was being packed/);

  const big = path.join(dir, 'big.bin');
  fs.writeFileSync(big, Buffer.alloc(8 * 1024 * 1024, 1));
  const { files: bigFiles } = await statTarSources([{ name: 'big.bin', absolutePath: big }]);
  const controller = new AbortController();
  const stream = packTarGz(bigFiles, { signal: controller.signal, onBytes: () => controller.abort() });
  await assert.rejects(collect(stream), (error: Error) => error.name === 'AbortError');
});
