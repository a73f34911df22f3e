import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jobPageHtml } from '../../../src/core/jobPage/html';

const root = path.join(__dirname, '../../../..');

/** Every vscode-* element a page's markup and scripts create (tags in markup, createElement calls). */
function elementsCreatedBy(...sources: string[]): Set<string> {
  const found = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/<(vscode-[a-z-]+)[\s>]/g)) found.add(m[1]!);
    for (const m of source.matchAll(/createElement\(\s*['"](vscode-[a-z-]+)['"]/g)) found.add(m[1]!);
  }
  return found;
}

test('the job page\'s script is bundled with the vscode-elements it uses, and the page creates no other', () => {
  const subsets = JSON.parse(fs.readFileSync(path.join(root, 'scripts/webviewElements.json'), 'utf8')) as Record<string, string[]>;
  const html = jobPageHtml({ cspSource: 'vscode-resource:', nonce: 'n0nce', media: (...p) => `vscode-resource:/media/${p.join('/')}`, jobName: 'job-1', local: false });
  const modules = [...html.matchAll(/<script type="module" nonce="n0nce" src="vscode-resource:\/media\/([^"]+)"><\/script>/g)].map(m => m[1]);
  assert.deepEqual(modules, ['vendor/jobPage/page.js'], 'one module, the page\'s bundle (no bundled.js)');
  const scripts = fs.readdirSync(path.join(root, 'media/jobPage')).filter(f => f.endsWith('.js')).map(f => fs.readFileSync(path.join(root, 'media/jobPage', f), 'utf8'));
  const used = elementsCreatedBy(html, ...scripts);
  assert.ok(used.has('vscode-button') && used.has('vscode-icon'), `found ${[...used].join(', ')}`);
  const missing = [...used].filter(name => !subsets.jobPage!.includes(name));
  assert.deepEqual(missing, [], 'add them to scripts/webviewElements.json ("jobPage"): the page creates them but its bundle does not define them');
});
