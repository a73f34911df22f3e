// Runs under Node 24: code-server on loopback with the packaged extension, until Ctrl-C.
'use strict';
const path = require('node:path');
const { startCodeServer } = require('../test/harness/codeServer');

const root = path.resolve(__dirname, '..');
const folder = path.resolve(process.argv[2] || path.join(root, 'examples/pca-local'));

(async () => {
  const server = await startCodeServer({
    workspace: folder, smokeDriver: false, vsix: [path.join(root, 'dist/sagemaker-estimator.vsix')],
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });
  console.log(`\nVS Code with the SageMaker extension: http://${server.host}/?folder=${encodeURIComponent(folder)}`);
  console.log('Open it in a browser on this machine. Ctrl-C stops it.');
  const stop = () => { server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})().catch(error => { console.error(error); process.exit(1); });
