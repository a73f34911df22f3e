import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { planEstimator } from '../../../src/core/estimator/plan';
import { loadEstimator } from '../../../src/core/estimator/load';
import { packTarGz, resolveSourceFiles, statTarSources } from '../../../src/core/launch/sourceTar';
import { tempDir } from '../tempDir';

const FILES = [
  'train.py', 'lib/model.py', 'lib/__pycache__/model.cpython-310.pyc', '.env', 'data/big.csv', 'data/keep.csv',
  'notes/secret.pem', 'notes/readme.md', '.git/HEAD',
];

/** Plans the estimator of a source_dir holding FILES (and `ignoreText` as its .sagemakerignore) and packs its tar. */
async function tarNames(ignoreText: string | undefined): Promise<{ names: string[]; excluded?: string[] }> {
  const dir = tempDir('sm-ignore-');
  const code = path.join(dir, 'code');
  for (const name of FILES) {
    fs.mkdirSync(path.dirname(path.join(code, name)), { recursive: true });
    fs.writeFileSync(path.join(code, name), name);
  }
  if (ignoreText !== undefined) fs.writeFileSync(path.join(code, '.sagemakerignore'), ignoreText);
  const text = JSON.stringify({
    framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', source_dir: 'code',
    role: 'arn:aws:iam::111122223333:role/R', instance_type: 'ml.m5.xlarge', instance_count: 1, output_path: 's3://my-bucket/out',
  });
  const loaded = loadEstimator(text, { fileName: path.join(dir, 'estimator.json'), env: {}, region: 'us-east-1' });
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
  const planned = planEstimator(text, loaded.spec, { region: 'us-east-1', account: '111122223333', baseDir: dir });
  const upload = planned.plan!.uploads.find(u => u.kind === 'sourcedir')!;
  const { files } = await statTarSources(resolveSourceFiles(upload));
  const tarPath = path.join(dir, 'sourcedir.tar.gz');
  await pipeline(packTarGz(files), fs.createWriteStream(tarPath));
  const names: string[] = [];
  await tar.list({ file: tarPath, onReadEntry: entry => { names.push(entry.path); } });
  return { names: names.sort(), ...(upload.sagemakerignore ? { excluded: upload.sagemakerignore.excluded } : {}) };
}

test('without a .sagemakerignore the tar holds every file, as the SDK uploads it', async () => {
  const { names, excluded } = await tarNames(undefined);
  assert.deepEqual(names, [...FILES].sort());
  assert.equal(excluded, undefined);
});

test('a .sagemakerignore (gitignore syntax) leaves its paths out of the tar, and the plan lists what it left out', async () => {
  const { names, excluded } = await tarNames('# secrets and caches\n.env\n*.pem\n__pycache__/\n.git/\ndata/*\n!data/keep.csv\n');
  assert.deepEqual(names, ['.sagemakerignore', 'data/keep.csv', 'lib/model.py', 'notes/readme.md', 'train.py']);
  assert.deepEqual(excluded, ['.env', '.git/HEAD', 'data/big.csv', 'lib/__pycache__/model.cpython-310.pyc', 'notes/secret.pem']);
});
