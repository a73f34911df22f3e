/**
 * The repacked model.tar.gz, against the SDK's (sagemaker-python-sdk v2.257.6): utils.py `repack_model` with
 * `_create_or_update_code_dir` (an S3 source_directory is extracted into `code/`) and `tarfile.add(model_dir,
 * arcname="/")` (the model's own files stay at the root). The key it is uploaded to, model.py
 * `FrameworkModel._upload_code` → `s3://<bucket>/<model name>/model.tar.gz`, is tested in plan.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create as tarCreate, list as tarList } from 'tar';
import { buildRepackedArchive } from '../../../src/core/deploy/repackArchive';
import { tempDir } from '../tempDir';

function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
}

async function archive(dir: string, file: string): Promise<void> {
  await tarCreate({ gzip: true, file, cwd: dir, portable: true }, fs.readdirSync(dir).sort());
}

/** The files of an archive (directories left out) and their contents, extracted. */
async function filesOf(file: string): Promise<string[]> {
  const names: string[] = [];
  await tarList({ file, onReadEntry: entry => { if (entry.type === 'File') names.push(entry.path.replace(/^\.\//, '')); } });
  return names.sort();
}

test('utils.repack_model / _create_or_update_code_dir: the model files at the root, the training code under code/', async () => {
  const root = tempDir('repack-archive-');
  write(path.join(root, 'model-src'), { 'model.pth': 'weights', 'extra/vocab.txt': 'a b c' });
  write(path.join(root, 'source-src'), { 'cifar10.py': 'print("train")', 'utils/helpers.py': 'X = 1', 'requirements.txt': 'torch' });
  const modelTar = path.join(root, 'model.tar.gz');
  const sourceTar = path.join(root, 'sourcedir.tar.gz');
  await archive(path.join(root, 'model-src'), modelTar);
  await archive(path.join(root, 'source-src'), sourceTar);
  const work = path.join(root, 'work');
  fs.mkdirSync(work);
  const output = path.join(root, 'repacked.tar.gz');
  const modelDir = await buildRepackedArchive({ modelTar, sourceTar, workDir: work, output, modelData: 's3://b/job/output/model.tar.gz' });
  assert.deepEqual(await filesOf(output), ['code/cifar10.py', 'code/requirements.txt', 'code/utils/helpers.py', 'extra/vocab.txt', 'model.pth']);
  assert.equal(fs.readFileSync(path.join(modelDir, 'code', 'cifar10.py'), 'utf8'), 'print("train")');
  assert.equal(fs.readFileSync(path.join(modelDir, 'model.pth'), 'utf8'), 'weights');
});

test('utils._create_or_update_code_dir: a code/ the model already has is kept, the training code merged into it', async () => {
  const root = tempDir('repack-archive-');
  write(path.join(root, 'model-src'), { 'model.pth': 'weights', 'code/inference.py': 'def model_fn(d): pass' });
  write(path.join(root, 'source-src'), { 'train.py': 'print(1)' });
  const modelTar = path.join(root, 'model.tar.gz');
  const sourceTar = path.join(root, 'sourcedir.tar.gz');
  await archive(path.join(root, 'model-src'), modelTar);
  await archive(path.join(root, 'source-src'), sourceTar);
  const work = path.join(root, 'work');
  fs.mkdirSync(work);
  const output = path.join(root, 'repacked.tar.gz');
  await buildRepackedArchive({ modelTar, sourceTar, workDir: work, output, modelData: 's3://b/m.tar.gz' });
  assert.deepEqual(await filesOf(output), ['code/inference.py', 'code/train.py', 'model.pth']);
});
