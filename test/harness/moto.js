// moto, the third-party AWS emulator, on a free loopback port, with the project's SageMaker patch.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freePort, sleep } = require('./ports');
const { makeTempDir, removeTempDir, trackGroup, endGroup } = require('./cleanup');

const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
/** moto's fixed account for STS GetCallerIdentity. */
const MOTO_ACCOUNT = '123456789012';

async function startMoto() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logDir = makeTempDir('moto-');
  const logFile = path.join(logDir, 'moto.log');
  const log = fs.openSync(logFile, 'w');
  const proc = spawn(process.env.PYTHON || 'python3', [path.join(__dirname, '../fixtures/aws/moto_server.py'), '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log); // the server has its own copy
  trackGroup(proc);
  const stop = async () => {
    await endGroup(proc.pid);
    removeTempDir(logDir);
  };
  // A busy machine imports moto slowly: wait for it to answer (or to exit), within a generous ceiling.
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline || proc.exitCode !== null) {
      const output = fs.readFileSync(logFile, 'utf8').slice(-2000);
      await stop();
      throw new Error(`moto did not start:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url, port, logFile,
    reset: () => fetch(`${url}/moto-api/reset`, { method: 'POST' }),
    /** Ends moto and removes its log folder. */
    stop,
  };
}

module.exports = { startMoto, FAKE_CREDENTIALS, MOTO_ACCOUNT };
