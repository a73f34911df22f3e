// The runTests() of @vscode/test-electron, for machines without a desktop VS Code or internet: runs the
// mocha suites of test/suite inside the extension host of a real VS Code (code-server), against moto.
//   node24 test/harness/runVsCodeTests.js            (after npm run build && npm run compile-tests)
//   node24 test/harness/runVsCodeTests.js --untrusted  the suites for an untrusted workspace (*.untrusted.test.js),
//                                                      in a VS Code with workspace trust on and the folder untrusted
// Prints "vscode: N passed, M failed" and exits non-zero when a test failed or the suite did not finish.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runInExtensionHost, root } = require('./extensionHost');
const { makeTempDir, removeTempDir } = require('./cleanup');

async function main() {
  const started = Date.now();
  const untrusted = process.argv.includes('--untrusted');
  const layer = untrusted ? 'vscode-untrusted' : 'vscode';
  const resultsDir = makeTempDir('sagemaker-results-');
  const resultsFile = path.join(resultsDir, 'results.json');
  let code = 1;
  try {
    ({ code } = await runInExtensionHost({
      testsPath: path.join(root, 'out/test/suite/index.js'),
      env: { SAGEMAKER_TEST_RESULTS: resultsFile, SAGEMAKER_TEST_GREP: process.env.SAGEMAKER_TEST_GREP || '', SAGEMAKER_TEST_UNTRUSTED: untrusted ? '1' : '' },
      workspaceTrust: untrusted,
      timeoutMs: Number(process.env.TEST_TIMEOUT_MS || 900_000),
    }));
  } catch (error) {
    console.error('[vscode] runner failed:', error);
  }
  let results = { passed: 0, failed: 0 };
  try { results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { /* the suite never reported */ }
  removeTempDir(resultsDir);
  if (code === 0 && results.passed === 0) code = 1; // a run that ran nothing is a failure
  console.log(`[${layer}] finished in ${((Date.now() - started) / 1000).toFixed(1)} s, exit code ${code}`);
  console.log(`${layer}: ${results.passed} passed, ${results.failed} failed`);
  process.exit(code);
}

void main();
