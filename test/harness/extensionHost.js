// Runs an extensionTestsPath module (exporting run(), as @vscode/test-electron expects) inside the extension host
// of a real VS Code (code-server), with this folder as the extension under development and moto as AWS.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startCodeServer, openWorkbench } = require('./codeServer');
const { startAwsProxy } = require('./awsProxy');
const { startMoto, FAKE_CREDENTIALS } = require('./moto');
const { makeTempDir, removeTempDir } = require('./cleanup');

const root = path.resolve(__dirname, '../..');

/**
 * @param {{ testsPath: string, env?: object, echoConsole?: boolean, timeoutMs?: number, workspaceTrust?: boolean, userDataDir?: string }} options
 *   workspaceTrust: run with workspace trust on and the workspace untrusted (see startCodeServer)
 *   userDataDir: VS Code's user data in this folder, kept for a later run (see startCodeServer)
 * @returns {Promise<{ code: number, logs: string }>} code: what run() ended with (0 = resolved), 124 on time-out
 */
async function runInExtensionHost({ testsPath, env = {}, echoConsole = true, timeoutMs = 900_000, workspaceTrust = false, userDataDir }) {
  let moto, proxy, server, workbench, workspace, awsHome, code = 1;
  try {
    moto = await startMoto();
    // The extension talks to moto through the counting, fault-injecting proxy; tests reach moto's own API through it too.
    proxy = await startAwsProxy(moto.url);
    workspace = makeTempDir('sagemaker-ws-');
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    // An AWS config of the test's own, so nothing on this machine's ~/.aws leaks in.
    awsHome = makeTempDir('sagemaker-aws-');
    fs.writeFileSync(path.join(awsHome, 'config'), '[default]\nregion = us-east-1\n\n[profile moto-alt]\nregion = eu-west-1\n');
    fs.writeFileSync(path.join(awsHome, 'credentials'), '');
    server = await startCodeServer({
      workspace, workspaceTrust, userDataDir,
      settings: { 'sagemaker.endpointUrl': proxy.url, 'sagemaker.region': 'us-east-1' },
      env: {
        ...FAKE_CREDENTIALS, ...env,
        AWS_CONFIG_FILE: path.join(awsHome, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsHome, 'credentials'),
        // What the seed's example estimators read.
        SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'sagemaker-example-data',
        SAGEMAKER_TEST_MOTO_URL: moto.url, SAGEMAKER_TEST_PROXY_URL: proxy.url, SAGEMAKER_TEST_ROOT: root,
      },
    });
    if (echoConsole) console.log(`[vscode] code-server ${server.host}, moto ${moto.url} behind ${proxy.url}`);
    workbench = await openWorkbench(server, {
      echoConsole,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(root)],
        ['extensionTestsPath', server.remoteUri(testsPath)],
      ],
    });
    let timer;
    code = await Promise.race([workbench.exited, new Promise(resolve => { timer = setTimeout(() => resolve(124), timeoutMs); })]);
    clearTimeout(timer);
    if (code === 124) console.error('[vscode] the suite did not finish in time');
  } finally {
    if (code !== 0 && server) console.error(`[vscode] code-server's log: ${server.saveLog('vscode')}`);
    if (workbench) await workbench.close();
    if (server) await server.stop();
    if (proxy) proxy.stop();
    if (moto) await moto.stop();
    removeTempDir(workspace);
    removeTempDir(awsHome);
  }
  return { code };
}

module.exports = { runInExtensionHost, root };
