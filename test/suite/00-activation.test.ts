import * as assert from 'node:assert/strict';
import dns = require('node:dns');
import * as fs from 'node:fs';
import net = require('node:net');
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, waitFor } from './support';

/** Module files that must stay unevaluated until AWS is first needed. */
const AWS_MODULE = /[\\/](@aws-sdk|@smithy)[\\/]|[\\/]dist[\\/]aws\.js$/;
/** The heavy core (validation, image tables, local mode, webview models): loaded when something first calls into it. */
const CORE_BUNDLE = /[\\/]dist[\\/]core\.js$/;
/** The part of the core that an open estimator's diagnostics and CodeLenses need. */
const VALIDATION_BUNDLE = /[\\/]dist[\\/]validation\.js$/;

describe('activation', () => {
  it('is lazy: not active before an activation event', () => {
    assert.equal(extension().isActive, false, 'the workspace has no estimator.json and no SageMaker view or command was used');
  });

  it('makes no network call and evaluates neither an AWS SDK module nor, with no estimator open, the core bundle', async () => {
    const before = new Set(Object.keys(require.cache));
    const connections: string[] = [];
    const lookups: string[] = [];
    const originalConnect = net.Socket.prototype.connect;
    const originalLookup = dns.lookup;
    // Instrumentation of Node itself (not of our modules): every TCP connection and DNS lookup is recorded.
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connections.push(JSON.stringify(args[0]));
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as unknown as { lookup: unknown }).lookup = (...args: unknown[]) => {
      lookups.push(String(args[0]));
      return (originalLookup as (...a: unknown[]) => unknown)(...args);
    };
    let api;
    try {
      api = await extension().activate();
      await new Promise(resolve => setTimeout(resolve, 1000)); // anything activation started in the background
    } finally {
      net.Socket.prototype.connect = originalConnect;
      (dns as unknown as { lookup: unknown }).lookup = originalLookup;
    }
    assert.equal(extension().isActive, true);
    const loaded = Object.keys(require.cache).filter(file => !before.has(file));
    assert.deepEqual(loaded.filter(file => AWS_MODULE.test(file)), [], 'AWS SDK modules were evaluated during activation');
    assert.deepEqual(loaded.filter(file => CORE_BUNDLE.test(file)), [],
      'dist/core.js was evaluated during activation with no estimator open: something at activation calls into the lazy core');
    assert.deepEqual(connections, [], 'activation opened network connections');
    assert.deepEqual(lookups, [], 'activation looked up host names');
    assert.ok(api.activationMs >= 0 && api.activationMs < 1000, `activate() took ${api.activationMs} ms`);
    assert.equal(await api.firstDiagnostics, undefined, 'no estimator was open at activation: no first diagnostics to time');
  });

  it('with an estimator open, its diagnostics and CodeLenses load dist/validation.js, not the rest of the core', async () => {
    const before = new Set(Object.keys(require.cache));
    const folder = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'activation-validation');
    const example = fs.readFileSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca/estimator.json'), 'utf8');
    try {
      fs.mkdirSync(folder, { recursive: true });
      const uri = vscode.Uri.file(path.join(folder, 'estimator.json'));
      fs.writeFileSync(uri.fsPath, example.replace(/\{/, '{\n  "instance_typo": "ml.m5.large",'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diagnostics = await waitFor(() => {
        const ours = vscode.languages.getDiagnostics(uri).filter(d => d.source === 'SageMaker');
        return ours.length ? ours : undefined;
      }, 'the estimator\'s diagnostics');
      assert.ok(diagnostics.some(d => d.message.includes('instance_typo')), JSON.stringify(diagnostics.map(d => d.message)));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.ok(lenses.some(lens => lens.command?.command === 'sagemaker.launchTrainingJob'));
      const loaded = Object.keys(require.cache).filter(file => !before.has(file));
      assert.ok(loaded.some(file => VALIDATION_BUNDLE.test(file)), 'the diagnostics came from dist/validation.js');
      assert.deepEqual(loaded.filter(file => CORE_BUNDLE.test(file)), [], 'an open estimator loaded dist/core.js (local mode, webview models) too');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
