// The runTests() of @vscode/test-electron, for machines without a desktop VS Code or internet: runs the
// mocha suites of test/suite inside the extension host of a real VS Code (code-server), against moto.
//   node24 test/harness/runVsCodeTests.js            (after npm run build && npm run compile-tests)
// Prints "vscode: N passed, M failed" and exits non-zero when a test failed or the suite did not finish.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startCodeServer, openWorkbench } = require('./codeServer');
const { startMoto, FAKE_CREDENTIALS } = require('./moto');
const { sleep } = require('./ports');

const root = path.resolve(__dirname, '../..');

async function main() {
  const started = Date.now();
  let moto, server, workbench, code = 1;
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-results-')), 'results.json');
  try {
    moto = await startMoto();
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-ws-'));
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    const awsHome = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-aws-'));
    fs.writeFileSync(path.join(awsHome, 'config'), '[default]\nregion = us-east-1\n\n[profile moto-alt]\nregion = eu-west-1\n');
    fs.writeFileSync(path.join(awsHome, 'credentials'), '');
    server = await startCodeServer({
      workspace,
      settings: { 'sagemaker.endpointUrl': moto.url, 'sagemaker.region': 'us-east-1' },
      env: {
        ...FAKE_CREDENTIALS,
        AWS_CONFIG_FILE: path.join(awsHome, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsHome, 'credentials'),
        SAGEMAKER_TEST_MOTO_URL: moto.url, SAGEMAKER_TEST_RESULTS: resultsFile, SAGEMAKER_TEST_ROOT: root,
        SAGEMAKER_TEST_GREP: process.env.SAGEMAKER_TEST_GREP || '',
      },
    });
    console.log(`[vscode] code-server ${server.host}, moto ${moto.url}; logs in ${server.tmp}`);
    workbench = await openWorkbench(server, {
      echoConsole: true,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(root)],
        ['extensionTestsPath', server.remoteUri(path.join(root, 'out/test/suite/index.js'))],
      ],
    });
    code = await Promise.race([workbench.exited, sleep(Number(process.env.TEST_TIMEOUT_MS || 900000)).then(() => 124)]);
    if (code === 124) console.error('[vscode] the suite did not finish in time');
  } catch (error) {
    console.error('[vscode] runner failed:', error);
  } finally {
    if (workbench) await workbench.close();
    if (server) server.stop();
    if (moto) moto.stop();
  }
  let results = { passed: 0, failed: 0 };
  try { results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { /* the suite never reported */ }
  if (code === 0 && results.passed === 0) code = 1; // a run that ran nothing is a failure
  console.log(`[vscode] finished in ${((Date.now() - started) / 1000).toFixed(1)} s, exit code ${code}`);
  console.log(`vscode: ${results.passed} passed, ${results.failed} failed`);
  process.exit(code);
}

void main();
