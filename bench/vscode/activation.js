// Runs inside the extension host (as an extensionTestsPath module): times the extension's activation.
'use strict';
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('sagemaker-estimator.sagemaker-estimator');
  if (!ext) throw new Error('extension not loaded');
  if (ext.isActive) throw new Error('already active: the bench workspace must not trigger activation');
  const started = performance.now();
  const api = await ext.activate();
  const total = performance.now() - started;
  fs.writeFileSync(process.env.SAGEMAKER_BENCH_OUT, JSON.stringify({ activateMs: api.activationMs, vscodeActivationMs: total }));
};
