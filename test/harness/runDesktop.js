// npm run test:desktop: the same in-VS-Code suites through @vscode/test-electron, for developers with a desktop
// (it downloads VS Code, so it needs internet and a display). moto is started here, as in runVsCodeTests.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { startMoto, FAKE_CREDENTIALS } = require('./moto');
const { makeTempDir, removeTempDir } = require('./cleanup');

const root = path.resolve(__dirname, '../..');

async function main() {
  const moto = await startMoto();
  let workspace, userData, awsHome;
  try {
    workspace = makeTempDir('sagemaker-ws-');
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    userData = makeTempDir('sagemaker-ud-');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User/settings.json'),
      JSON.stringify({ 'sagemaker.endpointUrl': moto.url, 'sagemaker.region': 'us-east-1', 'security.workspace.trust.enabled': false }));
    awsHome = makeTempDir('sagemaker-aws-');
    fs.writeFileSync(path.join(awsHome, 'config'), '[default]\nregion = us-east-1\n\n[profile moto-alt]\nregion = eu-west-1\n');
    fs.writeFileSync(path.join(awsHome, 'credentials'), '');
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out/test/suite/index.js'),
      launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions'],
      extensionTestsEnv: {
        ...FAKE_CREDENTIALS, SAGEMAKER_TEST_MOTO_URL: moto.url, SAGEMAKER_TEST_ROOT: root,
        AWS_CONFIG_FILE: path.join(awsHome, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsHome, 'credentials'),
      },
    });
  } finally {
    await moto.stop();
    for (const dir of [workspace, userData, awsHome]) removeTempDir(dir);
  }
}

main().catch(error => { console.error(error); process.exit(1); });
