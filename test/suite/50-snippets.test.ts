import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseJsonc } from 'jsonc-parser';
import { expandSnippetDefaults, snippetBody, type SnippetEntry } from '../../src/core/authoring/snippetDefaults';
import { partHost, placementOf, snippetWorkspace } from '../unit/authoring/snippetHost';
import { activated, extension, waitFor } from './support';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const MARKER = '@@CURSOR@@';

function snippetsOf(file: string): Record<string, SnippetEntry> {
  return parseJsonc(fs.readFileSync(path.join(extension().extensionPath, 'snippets', file), 'utf8')) as Record<string, SnippetEntry>;
}

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0]!.uri.fsPath;
}

const describeDiagnostics = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} [${d.source}] ${d.message}`).join('\n');

/**
 * Waits until the document has been quiet long enough for both validators to have seen its last change (ours is
 * debounced by 150 ms, the JSON language service answers from its own process) and returns its diagnostics then.
 */
async function settledDiagnostics(uri: vscode.Uri, quietMs = 1500): Promise<vscode.Diagnostic[]> {
  let last = '';
  let since = Date.now();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = describeDiagnostics(uri);
    if (now !== last) { last = now; since = Date.now(); }
    if (Date.now() - since >= quietMs || Date.now() > deadline) return vscode.languages.getDiagnostics(uri);
    await sleep(100);
  }
}

/** Opens `text` as `<folder>/estimator.json` with the cursor where MARKER was (the marker removed). */
async function openAtMarker(folder: string, text: string): Promise<{ editor: vscode.TextEditor; uri: vscode.Uri }> {
  const offset = text.indexOf(MARKER);
  assert.ok(offset >= 0);
  const file = path.join(folder, 'estimator.json');
  fs.writeFileSync(file, text.replace(MARKER, ''));
  const uri = vscode.Uri.file(file);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  return { editor, uri };
}

describe('Snippets inserted in VS Code give estimators with no diagnostic', function () {
  this.timeout(600_000);
  let root: string;
  before(async () => {
    await activated();
    root = path.join(workspaceFolder(), 'snippet-tests');
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('contributes the estimator snippets to jsonc and the script snippets to python', () => {
    const contributed = (extension().packageJSON.contributes.snippets as { language: string; path: string }[]).map(s => `${s.language} ${s.path}`);
    assert.deepEqual(contributed.sort(), ['jsonc ./snippets/estimator.code-snippets', 'python ./snippets/python.code-snippets']);
  });

  it('both validators are live: a broken estimator shows SageMaker and JSON diagnostics', async () => {
    const folder = snippetWorkspace(root);
    const { editor, uri } = await openAtMarker(folder, MARKER);
    await editor.insertSnippet(new vscode.SnippetString(snippetBody(snippetsOf('estimator.code-snippets')['Estimator: built-in PCA'])));
    await vscode.commands.executeCommand('leaveSnippet');
    assert.deepEqual((await settledDiagnostics(uri)).map(d => d.message), []);
    // A wrong value is ours to report; a syntax error the JSON language service's too.
    const countLine = editor.document.getText().split('\n').findIndex(line => line.includes('"instance_count"'));
    await editor.edit(edit => edit.replace(editor.document.lineAt(countLine).range, '  "instance_count": "one",'));
    await waitFor(() => vscode.languages.getDiagnostics(uri).some(d => d.source === 'SageMaker') || undefined, 'a SageMaker diagnostic');
    await editor.edit(edit => edit.replace(editor.document.lineAt(countLine).range, '  "instance_count": ,'));
    await waitFor(() => vscode.languages.getDiagnostics(uri).some(d => d.source !== 'SageMaker') || undefined, 'a JSON language service diagnostic', 60_000);
  });

  it('every estimator snippet, defaults taken (whole estimators in an empty file, parts in a minimal one)', async () => {
    const failures: string[] = [];
    for (const [name, entry] of Object.entries(snippetsOf('estimator.code-snippets'))) {
      const prefix = String(entry.prefix);
      const placement = placementOf(prefix, entry.isFileTemplate);
      const folder = snippetWorkspace(root);
      const host = placement === 'file' ? MARKER : partHost(prefix, MARKER);
      const { editor, uri } = await openAtMarker(folder, host);
      const inserted = await editor.insertSnippet(new vscode.SnippetString(snippetBody(entry)));
      assert.ok(inserted, `${name} was not inserted`);
      // Tab through to the end: every tab stop keeps its default.
      await vscode.commands.executeCommand('leaveSnippet');
      const expected = placement === 'file' ? expandSnippetDefaults(entry.body) : partHost(prefix, expandSnippetDefaults(entry.body));
      assert.equal(editor.document.getText(), expected, `${name}: VS Code inserted other text than the defaults`);
      await editor.document.save();
      const diagnostics = await settledDiagnostics(uri);
      if (diagnostics.length > 0) failures.push(`${name}:\n${describeDiagnostics(uri)}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    assert.deepEqual(failures, []);
  });

  it('offers the snippets by prefix in estimator files only', async () => {
    const snippetLabels = async (uri: vscode.Uri, position: vscode.Position) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      return list.items.filter(i => i.kind === vscode.CompletionItemKind.Snippet).map(i => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const folder = snippetWorkspace(root);
    const { editor, uri } = await openAtMarker(folder, `sagemaker-${MARKER}`);
    const labels = await waitFor(async () => {
      const names = await snippetLabels(uri, editor.selection.active);
      return names.some(n => n.includes('sagemaker-pca')) ? names : undefined;
    }, 'snippet completions', 30_000);
    for (const prefix of ['sagemaker-pca', 'sagemaker-pytorch', 'sagemaker-local', 'sagemaker-spot', 'sagemaker-channel-efs']) {
      assert.ok(labels.some(l => l.includes(prefix)), `${prefix} in ${labels.join(', ')}`);
    }
    // Other JSON-with-comments files (tsconfig.json, settings) do not get them.
    const other = path.join(folder, 'tsconfig.json');
    fs.writeFileSync(other, 'sagemaker-');
    const otherEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(other)));
    assert.equal(otherEditor.document.languageId, 'jsonc');
    const end = otherEditor.document.lineAt(0).range.end;
    assert.deepEqual((await snippetLabels(otherEditor.document.uri, end)).filter(l => l.startsWith('sagemaker-')), []);
  });

  it('every Python snippet inserted in a Python file is the text the unit test checks, and valid Python', async () => {
    const folder = snippetWorkspace(root);
    for (const [name, entry] of Object.entries(snippetsOf('python.code-snippets'))) {
      // A fresh file each time: a document VS Code has open keeps its text until it notices the change on disk.
      const file = path.join(folder, `${entry.prefix}.py`);
      fs.writeFileSync(file, '');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)), { preview: false });
      await editor.insertSnippet(new vscode.SnippetString(snippetBody(entry)));
      await vscode.commands.executeCommand('leaveSnippet');
      assert.equal(editor.document.getText(), expandSnippetDefaults(entry.body, { TM_FILENAME: path.basename(file) }), name);
      const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: editor.document.getText(), encoding: 'utf8' });
      if (parsed.error === undefined) assert.equal(parsed.status, 0, `${name}: ${parsed.stderr}`);
      await editor.document.save();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});

describe('New Estimator with its answers given (no QuickPicks)', function () {
  this.timeout(120_000);
  before(async () => { await activated(); });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('writes estimator.json, train.py and the local channel folders, opens the file, and it has no diagnostic', async () => {
    const folder = path.join(workspaceFolder(), 'wizard-given', 'pytorch-local');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.newEstimator', {
      answers: { kind: { kind: 'framework', framework: 'pytorch' }, version: '2.1.0', pyVersion: 'py310', instanceType: 'local', channels: ['train', 'test'] },
      folder,
    });
    assert.equal(uri?.fsPath, path.join(folder, 'estimator.json'));
    assert.ok(fs.existsSync(path.join(folder, 'train.py')));
    assert.ok(fs.statSync(path.join(folder, 'data', 'test')).isDirectory());
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri!.fsPath, 'the new file is open');
    assert.deepEqual((await settledDiagnostics(uri!)).map(d => d.message), []);
    // A second run never overwrites: it says so and writes nothing.
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.newEstimator', {
      answers: { kind: { kind: 'builtin', algorithm: 'pca' }, instanceType: 'ml.m5.xlarge', channels: ['train'] }, folder,
    });
    assert.equal(again, undefined);
    assert.match(fs.readFileSync(uri!.fsPath, 'utf8'), /"framework": "pytorch"/);
  });

  it('a built-in algorithm in the cloud: image_uri retrieve() arguments, S3 channels, no train.py', async () => {
    const folder = path.join(workspaceFolder(), 'wizard-given', 'kmeans');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.newEstimator', {
      answers: { kind: { kind: 'builtin', algorithm: 'kmeans' }, instanceType: 'ml.c5.xlarge', channels: ['train', 'test'] }, folder, open: false,
    });
    assert.ok(uri);
    assert.ok(!fs.existsSync(path.join(folder, 'train.py')));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.match(document.getText(), /"image_uri": \{ "framework": "kmeans" \}/);
    assert.deepEqual((await settledDiagnostics(uri)).map(d => d.message), []);
  });
});
