import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invokePanelHtml } from '../../../src/core/invoke/html';
import { jobPageHtml } from '../../../src/core/jobPage/html';
import { webviewPage, type PageAssets } from '../../../src/core/webview/page';

const assets: PageAssets = { cspSource: 'vscode-resource:', nonce: 'n0nce', media: (...p) => `vscode-resource:/media/${p.join('/')}` };

const page = webviewPage(assets, {
  title: 'a <b> & "c"',
  styles: [['feature', 'feature.css']],
  libraries: [['vendor', 'lib.js']],
  script: ['feature', 'feature.js'],
  bodyAttributes: { 'data-name': '"><script>' },
  body: '\n<main id="main"></main>\n',
});

const sources = (html: string, tag: 'script' | 'link') =>
  [...html.matchAll(new RegExp(`<${tag}[^>]*(?:src|href)="vscode-resource:/media/([^"]+)"[^>]*>`, 'g'))].map(m => m[1]);

test('the shared head: the strict policy with the page\'s nonce, nothing inline', () => {
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource:; font-src vscode-resource:; script-src 'nonce-n0nce';">/);
  const scripts = page.match(/<script[^>]*>/g)!;
  for (const s of scripts) assert.match(s, /nonce="n0nce"/);
  assert.ok(!/<script[^>]*>[^<]/.test(page), 'no inline script');
  assert.ok(!/style="/.test(page) && !/<style/.test(page) && !/ on\w+="/.test(page), 'no inline style or handler');
});

test('shared styles before the page\'s; classic scripts (host.js first), then vscode-elements, then the page\'s module', () => {
  assert.deepEqual(sources(page, 'link'), ['vendor/codicons/codicon.css', 'webview/base.css', 'feature/feature.css']);
  assert.deepEqual(sources(page, 'script'), ['webview/host.js', 'vendor/lib.js', 'vendor/elements/bundled.js', 'feature/feature.js']);
  const modules = [...page.matchAll(/<script type="module"[^>]*src="vscode-resource:\/media\/([^"]+)"/g)].map(m => m[1]);
  assert.deepEqual(modules, ['vendor/elements/bundled.js', 'feature/feature.js']);
  assert.match(page, /id="vscode-codicon-stylesheet"/);
});

test('a page that uses a few elements loads its own vscode-elements module, or none when its script defines them', () => {
  const modulesOf = (html: string) => [...html.matchAll(/<script type="module"[^>]*src="vscode-resource:\/media\/([^"]+)"/g)].map(m => m[1]);
  const subset = webviewPage(assets, { title: 't', styles: [], script: ['feature', 'feature.js'], elements: ['vendor', 'elements', 'feature.js'], body: '' });
  assert.deepEqual(modulesOf(subset), ['vendor/elements/feature.js', 'feature/feature.js']);
  const own = webviewPage(assets, { title: 't', styles: [], script: ['vendor', 'feature', 'page.js'], elements: false, body: '' });
  assert.deepEqual(modulesOf(own), ['vendor/feature/page.js']);
});

test('the title and body attributes are escaped; the body is the page\'s', () => {
  assert.match(page, /<title>a &lt;b&gt; &amp; &quot;c&quot;<\/title>/);
  assert.match(page, /<body data-name="&quot;&gt;&lt;script&gt;">\n<main id="main"><\/main>\n<script/);
});

test('both pages are built on the shared head', () => {
  const invoke = invokePanelHtml({ ...assets, label: '<endpoint>' });
  const job = jobPageHtml({ ...assets, jobName: 'job-1', local: true });
  for (const html of [invoke, job]) {
    assert.match(html, /script-src 'nonce-n0nce';/);
    assert.deepEqual(sources(html, 'link').slice(0, 2), ['vendor/codicons/codicon.css', 'webview/base.css']);
    assert.equal(sources(html, 'script')[0], 'webview/host.js');
    if (html === invoke) assert.deepEqual(sources(html, 'script').slice(-2).map(s => s!.split('/')[0]), ['vendor', 'invoke']);
    else assert.deepEqual(sources(html, 'script').slice(1), ['vendor/jobPage/charts.js', 'vendor/jobPage/page.js'], 'the job page\'s scripts as scripts/build.mjs bundles them');
  }
  assert.ok(!invoke.includes('<endpoint>') && invoke.includes('<title>Invoke &lt;endpoint&gt;</title>'));
  assert.match(invoke, /<vscode-textfield id="targetVariant" maxLength="63" placeholder="AllTraffic">/);
  assert.match(job, /<body data-local="true">/);
});
