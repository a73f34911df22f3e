// Runs inside the extension host (as an extensionTestsPath module): times the extension's activation, with nothing
// open (SAGEMAKER_BENCH_CASE=empty) or, the normal case, with an estimator.json open in an editor (=estimator):
// then also the time from activation's start to that file's first diagnostics in the Problems panel. VS Code's own
// activation time is Extension.activate() as VS Code runs it: loading the bundle, activate(), and VS Code's part.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

// CPU time of the extension host's thread (Node 23.9+), else of its process: wall times on a loaded machine measure
// the scheduler's queue as much as our code, so both are recorded.
const readCpu = (process.threadCpuUsage ?? process.cpuUsage).bind(process);
const cpuStopwatch = () => {
  const started = readCpu();
  return () => { const used = readCpu(started); return (used.user + used.system) / 1000; };
};

/** The seed's PCA example with one mistake, so that its first diagnostics can be seen arriving. */
function writeEstimator() {
  const folder = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'bench-pca');
  fs.mkdirSync(folder, { recursive: true });
  const example = fs.readFileSync(path.join(process.env.SAGEMAKER_TEST_ROOT, 'examples/pca/estimator.json'), 'utf8');
  const file = path.join(folder, 'estimator.json');
  fs.writeFileSync(file, example.replace(/\{/, '{\n  "instance_typo": "ml.m5.large",'));
  return vscode.Uri.file(file);
}

/**
 * When the file's first diagnostics of ours appear, through VS Code's API: getDiagnostics() is asked every millisecond
 * (a timer, so that the asking costs next to no CPU) (the collection sends them to the Problems panel in the same call that makes them
 * visible there); onDidChangeDiagnostics, which VS Code debounces by 50 ms, is recorded too.
 */
function diagnosticsArrival(uri, started, cpuSinceStart) {
  const ours = () => vscode.languages.getDiagnostics(uri).some(d => d.source === 'SageMaker');
  return new Promise((resolve, reject) => {
    const times = {};
    const timeout = setTimeout(() => done(new Error('no diagnostics within 60 s')), 60_000);
    const listener = vscode.languages.onDidChangeDiagnostics(() => {
      if (ours()) times.diagnosticsEventMs ??= performance.now() - started;
      settle();
    });
    const poll = () => {
      if (ours() && times.firstDiagnosticsMs === undefined) {
        times.firstDiagnosticsMs = performance.now() - started;
        times.firstDiagnosticsCpuMs = cpuSinceStart();
      }
      if (times.firstDiagnosticsMs === undefined) setTimeout(poll, 1);
      else settle();
    };
    function settle() {
      if (times.firstDiagnosticsMs !== undefined && times.diagnosticsEventMs !== undefined) done();
    }
    function done(error) {
      clearTimeout(timeout);
      listener.dispose();
      if (error) reject(error); else resolve(times);
    }
    poll();
  });
}

/** Time spent loading (reading, compiling, evaluating) the extension's bundles, found by instrumenting Node's loader. */
function timeCodeLoad(distFolder) {
  const Module = require('node:module');
  const original = Module._load;
  const timing = { ms: 0, cpuMs: 0, stop: () => { Module._load = original; } };
  let depth = 0;
  Module._load = function (request, parent, ...rest) {
    const ours = depth === 0 && parent && (path.resolve(path.dirname(parent.filename ?? ''), request).startsWith(distFolder)
      || path.resolve(request).startsWith(distFolder));
    if (!ours) return original.call(this, request, parent, ...rest);
    const loadStarted = performance.now();
    const loadCpu = cpuStopwatch();
    depth++;
    try {
      return original.call(this, request, parent, ...rest);
    } finally {
      depth--;
      timing.ms += performance.now() - loadStarted;
      timing.cpuMs += loadCpu();
    }
  };
  return timing;
}

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator');
  if (!ext) throw new Error('extension not loaded');
  if (ext.isActive) throw new Error('already active: the bench workspace must not trigger activation');
  const withEstimator = process.env.SAGEMAKER_BENCH_CASE === 'estimator';
  const uri = withEstimator ? writeEstimator() : undefined;
  if (uri) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const codeLoad = timeCodeLoad(path.join(ext.extensionPath, 'dist'));
  const started = performance.now();
  const cpuSinceStart = cpuStopwatch();
  const api = await ext.activate();
  const total = performance.now() - started;
  const totalCpu = cpuSinceStart();
  codeLoad.stop();
  const diagnostics = uri ? await diagnosticsArrival(uri, started, cpuSinceStart) : {};
  fs.writeFileSync(process.env.SAGEMAKER_BENCH_OUT, JSON.stringify({
    case: withEstimator ? 'estimator' : 'empty', activateMs: api.activationMs, activateCpuMs: api.activationCpuMs,
    vscodeActivationMs: total, vscodeActivationCpuMs: totalCpu, codeLoadMs: codeLoad.ms, codeLoadCpuMs: codeLoad.cpuMs, ...diagnostics,
  }));
};
