import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { packFolder } from '../../../src/core/local/artifacts';

const noLinks = process.platform === 'win32' && 'symbolic links need privileges on Windows';
const temps: string[] = [];
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function modelFolder(): { dir: string; model: string; archive: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-pack-'));
  temps.push(dir);
  const model = path.join(dir, 'model');
  fs.mkdirSync(path.join(model, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(model, 'weights.bin'), 'w');
  fs.writeFileSync(path.join(model, 'sub', 'config.json'), '{}');
  return { dir, model, archive: path.join(dir, 'model.tar.gz') };
}

async function names(archive: string): Promise<string[]> {
  const out: string[] = [];
  await tar.t({ file: archive, onReadEntry: entry => out.push(entry.path) });
  return out.sort();
}

test('a link to /etc in the model folder is not packed; the warning names the link', { skip: noLinks }, async () => {
  const { model, archive } = modelFolder();
  fs.symlinkSync('/etc', path.join(model, 'etc'));
  fs.symlinkSync('/etc/hostname', path.join(model, 'hostname'));
  fs.symlinkSync('weights.bin', path.join(model, 'alias.bin'));
  const { warnings } = await packFolder(model, archive);
  assert.deepEqual(await names(archive), ['alias.bin', 'sub/config.json', 'weights.bin']);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.ok(warnings.some(w => w.includes(path.join(model, 'etc')) && /outside/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some(w => w.includes(path.join(model, 'hostname')) && /outside/.test(w)), warnings.join('\n'));
});

test('a self-link in the model folder fails the packing with a message naming the link', { skip: noLinks, timeout: 30_000 }, async () => {
  const { model, archive } = modelFolder();
  fs.symlinkSync('.', path.join(model, 'self'));
  fs.symlinkSync('..', path.join(model, 'sub', 'up'));
  await assert.rejects(packFolder(model, archive), (error: Error) => {
    assert.match(error.message, /^model\/ cannot be packed: the symbolic link .*\/model\/(self|sub\/up) leads back to a folder that holds it/);
    return true;
  });
  assert.ok(!fs.existsSync(archive), 'no partial archive is left');
});

test('aborting stops the packing midway and removes the partial archive', { timeout: 60_000 }, async () => {
  const { model, archive } = modelFolder();
  const big = path.join(model, 'big.bin');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, 2 * 1024 * 1024 * 1024); // sparse: costs no disk, but seconds to read and gzip
  const controller = new AbortController();
  const packing = packFolder(model, archive, { signal: controller.signal });
  let settled = false;
  packing.then(() => (settled = true), () => (settled = true));
  // Abort once the archive is being written (the walk is over, the tar is streaming).
  while (!settled && !(fs.existsSync(archive) && fs.statSync(archive).size > 0)) await new Promise(resolve => setTimeout(resolve, 5));
  controller.abort();
  const abortedAt = performance.now();
  await assert.rejects(packing, { name: 'AbortError' });
  assert.ok(performance.now() - abortedAt < 2000, 'the packing stops promptly');
  assert.ok(!fs.existsSync(archive));
});

test('an empty or missing folder gives an empty archive', async () => {
  const { dir } = modelFolder();
  fs.mkdirSync(path.join(dir, 'empty'));
  for (const folder of ['empty', 'missing']) {
    const archive = path.join(dir, `${folder}.tar.gz`);
    assert.deepEqual(await packFolder(path.join(dir, folder), archive), { warnings: [] });
    assert.deepEqual(await names(archive), []);
  }
});
