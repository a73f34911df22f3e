// moto, the third-party AWS emulator, on a free loopback port, with the project's SageMaker patch.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, sleep } = require('./ports');

const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
/** moto's fixed account for STS GetCallerIdentity. */
const MOTO_ACCOUNT = '123456789012';

async function startMoto() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moto-')), 'moto.log');
  const log = fs.openSync(logFile, 'w');
  const proc = spawn(process.env.PYTHON || 'python3', [path.join(__dirname, '../fixtures/aws/moto_server.py'), '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', log, log], detached: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) break;
    } catch { /* not listening yet */ }
    if (attempt > 200 || proc.exitCode !== null) throw new Error(`moto did not start; see ${logFile}`);
    await sleep(100);
  }
  return {
    url, port, logFile,
    reset: () => fetch(`${url}/moto-api/reset`, { method: 'POST' }),
    stop: () => { try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ } },
  };
}

module.exports = { startMoto, FAKE_CREDENTIALS, MOTO_ACCOUNT };
