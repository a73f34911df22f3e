import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { estimatorProblems, planEstimator } from '../../../src/core/estimator/plan';
import { loadEstimator } from '../../../src/core/estimator/load';

const noLinks = process.platform === 'win32' && 'symbolic links need privileges on Windows';
const temps: string[] = [];
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding estimator.json's folder, with `code/train.py` as source_dir. */
function project(): { dir: string; code: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-links-'));
  temps.push(dir);
  const code = path.join(dir, 'code');
  fs.mkdirSync(code);
  fs.writeFileSync(path.join(code, 'train.py'), 'print("hi")\n');
  return { dir, code };
}

const ESTIMATOR = JSON.stringify({
  framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', source_dir: 'code',
  role: 'SageMakerRole', instance_type: 'ml.m5.xlarge', instance_count: 1,
}, null, 2);

function problems(dir: string): ReturnType<typeof estimatorProblems> {
  return estimatorProblems(ESTIMATOR, { fileName: path.join(dir, 'estimator.json'), env: {}, baseDir: dir, region: 'us-east-1' });
}

test('a fan-out of links back to source_dir and its parent validates in well under a second, with warnings naming the links', { skip: noLinks }, () => {
  const { dir, code } = project();
  problems(dir); // loads the schema and the image tables, which the first validation of a session pays for
  // Sibling folders that each link to all the others: every order of them is a path, so the listing explodes
  // (9 folders: 8! orders and more), though no link loops back to a folder that holds it.
  const siblings = Array.from({ length: 9 }, (_, i) => path.join(code, `s${i}`));
  for (const folder of siblings) fs.mkdirSync(folder);
  for (const folder of siblings) {
    fs.writeFileSync(path.join(folder, 'part.py'), '');
    for (const other of siblings) if (other !== folder) fs.symlinkSync(other, path.join(folder, `to-${path.basename(other)}`));
  }
  // Nested folders, each with links to the code folder, to its parent and to the folder that holds them.
  let level = code;
  for (let depth = 0; depth < 6; depth++) {
    for (const [name, target] of [['up', code], ['parent', dir], ['here', level]] as const) fs.symlinkSync(target, path.join(level, `${name}${depth}`));
    const next = path.join(level, `d${depth}`);
    fs.mkdirSync(next);
    fs.writeFileSync(path.join(next, 'util.py'), '');
    level = next;
  }
  const started = performance.now();
  const found = problems(dir);
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `validation took ${ms.toFixed(0)} ms`);
  const warnings = found.filter(d => d.code === 'local-files');
  assert.ok(warnings.length > 0, JSON.stringify(found, null, 2));
  assert.ok(warnings.every(w => w.severity === 'warning' && w.path[0] === 'source_dir'));
  assert.ok(warnings.some(w => w.message.includes(path.join(code, 'parent0')) && /outside/.test(w.message)), warnings.map(w => w.message).join('\n'));
  assert.ok(warnings.some(w => w.message.includes(path.join(code, 'here0')) && /points back/.test(w.message)), warnings.map(w => w.message).join('\n'));
  assert.ok(warnings.some(w => /Stopped listing .* after \d+ entries and \d+ ms .*, at .*to-s\d/.test(w.message)), warnings.map(w => w.message).join('\n'));
  assert.equal(found.filter(d => d.severity === 'error').length, 0, JSON.stringify(found, null, 2));
});

test('a link to / in source_dir is a clear warning naming the link, never a raw EACCES, and is not listed', { skip: noLinks }, () => {
  const { dir, code } = project();
  fs.symlinkSync('/', path.join(code, 'root'));
  const found = problems(dir);
  assert.ok(!found.some(d => /EACCES/.test(d.message)), JSON.stringify(found, null, 2));
  const warning = found.find(d => d.code === 'local-files');
  assert.ok(warning, JSON.stringify(found, null, 2));
  assert.match(warning.message, new RegExp(`${path.join(code, 'root').replace(/[/\\]/g, '.')} points to /, outside`));
  const loaded = loadEstimator(ESTIMATOR, { fileName: path.join(dir, 'estimator.json'), env: {}, region: 'us-east-1' });
  const planned = planEstimator(ESTIMATOR, loaded.spec!, { region: 'us-east-1', account: '123456789012', baseDir: dir });
  assert.deepEqual(planned.plan?.uploads[0]?.files, ['train.py']);
});

test('links that stay inside source_dir are followed, as the SDK\'s tar does', { skip: noLinks }, () => {
  const { dir, code } = project();
  fs.mkdirSync(path.join(code, 'lib'));
  fs.writeFileSync(path.join(code, 'lib', 'u.py'), '');
  fs.symlinkSync(path.join(code, 'lib'), path.join(code, 'lib2'));
  fs.symlinkSync('train.py', path.join(code, 'main.py'));
  const loaded = loadEstimator(ESTIMATOR, { fileName: path.join(dir, 'estimator.json'), env: {}, region: 'us-east-1' });
  const planned = planEstimator(ESTIMATOR, loaded.spec!, { region: 'us-east-1', account: '123456789012', baseDir: dir });
  assert.deepEqual(planned.plan?.uploads[0]?.files, ['lib/u.py', 'lib2/u.py', 'main.py', 'train.py']);
  assert.deepEqual(planned.plan?.uploads[0]?.listingWarnings, []);
  assert.deepEqual(problems(dir).filter(d => d.code === 'local-files'), []);
});
