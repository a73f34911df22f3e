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

test('the job page loads a module of the vscode-elements it uses, and creates no other', () => {
  const subsets = JSON.parse(fs.readFileSync(path.join(root, 'scripts/webviewElements.json'), 'utf8')) as Record<string, string[]>;
  const html = jobPageHtml({ cspSource: 'vscode-resource:', nonce: 'n0nce', media: (...p) => `vscode-resource:/media/${p.join('/')}`, jobName: 'job-1', local: false });
  const module = /<script type="module" nonce="n0nce" src="vscode-resource:\/media\/vendor\/elements\/([^"]+)"><\/script>/.exec(html)?.[1];
  assert.equal(module, 'jobPage.js', 'the page loads its subset, not bundled.js');
  const scripts = fs.readdirSync(path.join(root, 'media/jobPage')).filter(f => f.endsWith('.js')).map(f => fs.readFileSync(path.join(root, 'media/jobPage', f), 'utf8'));
  const used = elementsCreatedBy(html, ...scripts);
  assert.ok(used.has('vscode-button') && used.has('vscode-icon'), `found ${[...used].join(', ')}`);
  const missing = [...used].filter(name => !subsets[module]!.includes(name));
  assert.deepEqual(missing, [], `add them to scripts/webviewElements.json ("${module}"): the page creates them but its module does not define them`);
});
