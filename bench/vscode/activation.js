// Runs inside the extension host (as an extensionTestsPath module): times the extension's activation, with nothing
// open (SAGEMAKER_BENCH_CASE=empty) or, the normal case, with an estimator.json open in an editor (=estimator):
// then also the time from activation's start to that file's first diagnostics in the Problems panel.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

/** The seed's PCA example with one mistake, so that its first diagnostics can be seen arriving. */
function writeEstimator() {
  const folder = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'bench-pca');
  fs.mkdirSync(folder, { recursive: true });
  const example = fs.readFileSync(path.join(process.env.SAGEMAKER_TEST_ROOT, 'examples/pca/estimator.json'), 'utf8');
  const file = path.join(folder, 'estimator.json');
  fs.writeFileSync(file, example.replace(/\{/, '{\n  "instance_typo": "ml.m5.large",'));
  return vscode.Uri.file(file);
}

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator');
  if (!ext) throw new Error('extension not loaded');
  if (ext.isActive) throw new Error('already active: the bench workspace must not trigger activation');
  const withEstimator = process.env.SAGEMAKER_BENCH_CASE === 'estimator';
  const uri = withEstimator ? writeEstimator() : undefined;
  if (uri) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const started = performance.now();
  const api = await ext.activate();
  const total = performance.now() - started;
  let firstDiagnosticsMs;
  if (uri) {
    const ours = () => vscode.languages.getDiagnostics(uri).some(d => d.source === 'SageMaker');
    await new Promise((resolve, reject) => {
      if (ours()) return resolve();
      const timeout = setTimeout(() => reject(new Error('no diagnostics within 60 s')), 60_000);
      const listener = vscode.languages.onDidChangeDiagnostics(() => {
        if (!ours()) return;
        clearTimeout(timeout);
        listener.dispose();
        resolve();
      });
    });
    firstDiagnosticsMs = performance.now() - started;
  }
  fs.writeFileSync(process.env.SAGEMAKER_BENCH_OUT, JSON.stringify({
    case: withEstimator ? 'estimator' : 'empty', activateMs: api.activationMs, vscodeActivationMs: total,
    ...(firstDiagnosticsMs !== undefined ? { firstDiagnosticsMs } : {}),
  }));
};
