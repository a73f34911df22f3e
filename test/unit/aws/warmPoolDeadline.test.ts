/**
 * The warm-pool listing answers by its signal's deadline even while the SDK is still waiting for credentials: a
 * profile whose credential_process takes seconds holds every request before the HTTP handler, where neither the
 * SDK's abort signal nor a handler timeout reaches (src/aws/untilAborted.ts). Nothing is sent: the listing never
 * gets past the credentials before the deadline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAwsClients } from '../../../src/aws/clientFactory';
import { listLiveWarmPools } from '../../../src/aws/warmPools';
import { tempDir } from '../tempDir';

const CREDENTIALS_DELAY_MS = 4000;

test('a listing stuck on a slow credential_process rejects with the timeout when its signal aborts', async () => {
  const dir = tempDir('sm-warm-pool-deadline-');
  const slowCredentials = path.join(dir, 'slow-credentials.js');
  fs.writeFileSync(slowCredentials, `setTimeout(() => console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDEXAMPLE', SecretAccessKey: 'secret' })), ${CREDENTIALS_DELAY_MS});\n`);
  const config = path.join(dir, 'config');
  fs.writeFileSync(config, `[profile slow-credentials]\nregion = us-east-1\ncredential_process = "${process.execPath}" "${slowCredentials}"\n`);
  const saved = { AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = config;
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  const clients = createAwsClients({ profile: 'slow-credentials', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9' });
  try {
    const started = Date.now();
    await assert.rejects(listLiveWarmPools(clients, AbortSignal.timeout(300)), (error: Error) => error.name === 'TimeoutError');
    const elapsed = Date.now() - started;
    assert.ok(elapsed < CREDENTIALS_DELAY_MS / 2, `answered after ${elapsed} ms, not by the 300 ms deadline`);
  } finally {
    clients.destroy();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
