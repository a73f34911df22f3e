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
        times.observedAt = performance.now();
        times.firstDiagnosticsMs = times.observedAt - started;
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

/**
 * The extension's own record of its first diagnostics (api.firstDiagnostics: from its activate()'s start to the
 * collection being set, with the wait, the bundle's load and the validation apart), cross-checked against this
 * script's observation through getDiagnostics on the same clock: the observation cannot come before the set.
 */
async function ownFirstDiagnostics(api, observedAt) {
  const own = await api.firstDiagnostics;
  if (!own) throw new Error('the extension recorded no first diagnostics with an estimator open');
  if (own.setAt > observedAt) throw new Error(`the extension says it set its diagnostics at ${own.setAt}, after they were seen at ${observedAt}`);
  return {
    ownFirstDiagnosticsMs: own.ms, ownFirstDiagnosticsCpuMs: own.cpuMs, observedFromActivateMs: observedAt - own.activationStartedAt,
    firstDiagnosticsWaitMs: own.waitMs, firstDiagnosticsBundleLoadMs: own.bundleLoadMs, firstDiagnosticsBundleLoadCpuMs: own.bundleLoadCpuMs,
    firstDiagnosticsValidationMs: own.validationMs, firstDiagnosticsValidationCpuMs: own.validationCpuMs,
  };
}

/** With SAGEMAKER_BENCH_CPU_PROFILE=<file>, the extension host's CPU profile from activation to the first diagnostics. */
async function startCpuProfile() {
  const file = process.env.SAGEMAKER_BENCH_CPU_PROFILE;
  if (!file) return async () => {};
  const session = new (require('node:inspector').Session)();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => error ? reject(error) : resolve(result)));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator');
  if (!ext) throw new Error('extension not loaded');
  if (ext.isActive) throw new Error('already active: the bench workspace must not trigger activation');
  const withEstimator = process.env.SAGEMAKER_BENCH_CASE === 'estimator';
  const uri = withEstimator ? writeEstimator() : undefined;
  if (uri) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const stopCpuProfile = await startCpuProfile();
  const codeLoad = timeCodeLoad(path.join(ext.extensionPath, 'dist'));
  const started = performance.now();
  const cpuSinceStart = cpuStopwatch();
  const api = await ext.activate();
  const total = performance.now() - started;
  const totalCpu = cpuSinceStart();
  codeLoad.stop();
  const { observedAt, ...diagnostics } = uri ? await diagnosticsArrival(uri, started, cpuSinceStart) : {};
  const own = uri ? await ownFirstDiagnostics(api, observedAt) : {};
  await stopCpuProfile();
  // Waits for the code caches due to be written, so that the next start on the same user data finds them.
  const codeCache = await api.coreCodeCache();
  fs.writeFileSync(process.env.SAGEMAKER_BENCH_OUT, JSON.stringify({
    case: withEstimator ? 'estimator' : 'empty', activateMs: api.activationMs, activateCpuMs: api.activationCpuMs,
    vscodeActivationMs: total, vscodeActivationCpuMs: totalCpu, codeLoadMs: codeLoad.ms, codeLoadCpuMs: codeLoad.cpuMs, ...diagnostics, ...own, codeCache,
  }));
};
