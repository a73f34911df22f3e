import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkTree, walkTreeSync, type WalkWarning } from '../../../src/core/fsWalk';
import { listTarContents, listTarContentsAsync } from '../../../src/core/estimator/requestSourcedir';
import { walkLocalFiles } from '../../../src/core/launch/localFiles';

const noLinks = process.platform === 'win32' && 'symbolic links need privileges on Windows';
const temps: string[] = [];
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string> = { 'a.csv': 'a' }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-walk-'));
  temps.push(dir);
  const root = path.join(dir, 'root');
  fs.mkdirSync(root);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

/** `count` sibling folders that each link to all the others: count! paths, though no link loops. */
function fanOut(root: string, count: number): void {
  const siblings = Array.from({ length: count }, (_, i) => path.join(root, `s${i}`));
  for (const dir of siblings) fs.mkdirSync(dir);
  for (const dir of siblings) {
    fs.writeFileSync(path.join(dir, 'f'), '');
    for (const other of siblings) if (other !== dir) fs.symlinkSync(other, path.join(dir, `to-${path.basename(other)}`));
  }
}

test('channel data: links to / and to a file outside the folder are not followed, each reported by name; no EACCES', { skip: noLinks }, async () => {
  const root = folder();
  fs.writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'secret');
  fs.symlinkSync('/', path.join(root, 'slash'));
  fs.symlinkSync('../secret.txt', path.join(root, 'secret.txt'));
  fs.symlinkSync('a.csv', path.join(root, 'b.csv'));
  const warnings: WalkWarning[] = [];
  const files = await walkLocalFiles(root, { onWarning: w => warnings.push(w) });
  assert.deepEqual(files.map(f => f.relativePath), ['a.csv', 'b.csv']);
  assert.deepEqual(warnings.map(w => [w.kind, w.path]), [['link-leaves-root', path.join(root, 'secret.txt')], ['link-leaves-root', path.join(root, 'slash')]]);
  assert.match(warnings[1]!.message, /The symbolic link .*slash points to \/, outside .*root: it is not followed/);
});

test('a fan-out of links stops at the entry limit, with a warning saying where and how far it got', { skip: noLinks }, async () => {
  const root = folder();
  fanOut(root, 8);
  const limits = { maxEntries: 500, maxDepth: 40, deadlineMs: 60_000 };
  for (const walked of [walkTreeSync(root, { limits }), await walkTree(root, { limits })]) {
    assert.equal(walked.complete, false);
    assert.equal(walked.entries, 500);
    const limit = walked.warnings.find(w => w.kind === 'limit')!;
    assert.match(limit.message, /^Stopped listing .*root after 500 entries and \d+ ms \(more than 500 entries\), at .*to-s\d: the listing is incomplete/);
  }
  await assert.rejects(walkLocalFiles(root, { limits }), /Stopped listing .* after 500 entries/);
});

test('the deadline and the depth bound a walk too', { skip: noLinks }, async () => {
  const root = folder();
  fanOut(root, 8);
  // A clock that moves a millisecond each time the walk reads it (once per entry): the deadline falls at the same
  // entry on any machine, however loaded.
  const ticking = () => { let ms = 0; return () => ms++; };
  const limits = { maxEntries: 1e9, maxDepth: 1000, deadlineMs: 50 };
  for (const timed of [walkTreeSync(root, { limits, clock: ticking() }), await walkTree(root, { limits, clock: ticking() })]) {
    assert.equal(timed.complete, false);
    assert.equal(timed.entries, 50);
    assert.match(timed.warnings.find(w => w.kind === 'limit')!.message, /^Stopped listing .*root after 50 entries and \d+ ms \(longer than 50 ms\)/);
  }
  const deep = walkTreeSync(root, { limits: { maxEntries: 1e9, maxDepth: 2, deadlineMs: 60_000 } });
  assert.equal(deep.complete, false);
  assert.match(deep.warnings.find(w => w.kind === 'limit')!.message, /deeper than 2 folders/);
});

test('an aborted signal stops the asynchronous walk', { skip: noLinks }, async () => {
  const root = folder();
  fanOut(root, 9);
  const controller = new AbortController();
  const walking = walkTree(root, { signal: controller.signal });
  setImmediate(() => controller.abort());
  await assert.rejects(walking, { name: 'AbortError' });
});

test('loops, dangling links and links to themselves are left out with a warning each; links inside are followed', { skip: noLinks }, () => {
  const root = folder({ 'a.csv': 'a', 'sub/b.csv': 'b' });
  fs.symlinkSync('..', path.join(root, 'sub', 'up'));
  fs.symlinkSync('nowhere', path.join(root, 'dangling'));
  fs.symlinkSync('itself', path.join(root, 'itself'));
  fs.symlinkSync('sub', path.join(root, 'sub2'));
  const walked = walkTreeSync(root);
  assert.equal(walked.complete, true);
  assert.deepEqual(walked.files.map(f => f.relativePath), ['a.csv', 'sub/b.csv', 'sub2/b.csv']);
  assert.deepEqual(walked.warnings.map(w => [w.kind, path.relative(root, w.path)]).sort(), [
    ['dangling-link', 'dangling'], ['link-loop', 'itself'], ['link-loop', 'sub/up'], ['link-loop', 'sub2/up'],
  ]);
});

test('the launch lists the code again, asynchronously, when the editor\'s listing was cut short', { skip: noLinks }, async () => {
  const root = folder({ 'train.py': '' });
  fanOut(root, 5);
  fs.symlinkSync('/etc', path.join(root, 'etc'));
  const roots = [{ localPath: root, arcname: '', path: ['source_dir'] }];
  const cut = listTarContents(roots, { limits: { maxEntries: 20, maxDepth: 40, deadlineMs: 60_000 } });
  assert.equal(cut.complete, false);
  const whole = await listTarContentsAsync(roots, { signal: new AbortController().signal });
  assert.equal(whole.complete, true);
  assert.equal(whole.files.length, 1 + 5 * 65); // train.py, and each sibling's f through every chain of links
  assert.ok(whole.files.includes('s0/to-s1/to-s2/to-s3/to-s4/f'));
  assert.ok(whole.warnings.some(w => w.kind === 'link-leaves-root' && w.entry === path.join(root, 'etc')));
});
