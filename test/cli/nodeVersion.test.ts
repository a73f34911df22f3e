/**
 * The built command line (dist/cli.js) as users start it: on the Node it needs, no AWS SDK warning on stderr; on an
 * older Node (this machine's `node`, when it is one), our one line and not the SDK's NodeVersionSupportWarning.
 * `plan` without --account asks STS, so an SDK client is made (the SDK warns when its first client is made):
 * --endpoint-url points at a closed port so that the call fails at once, offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REQUIRED_NODE_MAJOR } from '../../src/cli/nodeVersion';

const root = path.resolve(__dirname, '../../..');
const cliJs = path.join(root, 'dist/cli.js');
const ENV = {
  PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp',
  SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket',
  AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1',
};

function planWith(node: string): { status: number | null; stderr: string } {
  const out = spawnSync(node, [cliJs, 'plan', path.join(root, 'examples/pca/estimator.json'), '--endpoint-url', 'http://127.0.0.1:1'], { env: ENV, encoding: 'utf8', timeout: 60_000 });
  return { status: out.status, stderr: out.stderr };
}

test('the command-line tests run on the Node the CLI needs (package.json engines.node)', () => {
  assert.ok(fs.existsSync(cliJs), 'dist/cli.js is built (node scripts/build.mjs)');
  const major = Number.parseInt(process.versions.node, 10);
  assert.ok(major >= REQUIRED_NODE_MAJOR, `these tests run on Node ${process.versions.node}; the CLI needs ${REQUIRED_NODE_MAJOR}+ (test/run-all.mjs runs them on Node 24)`);
});

test('plan on the Node the CLI needs: no deprecation or version warning on stderr', () => {
  const { status, stderr } = planWith(process.execPath);
  assert.equal(status, 1, stderr); // the STS call fails (closed port): said in our words
  assert.match(stderr, /could not resolve the account/);
  assert.doesNotMatch(stderr, /Warning|NodeVersionSupport|DeprecationWarning/);
});

test('plan on an older Node: one line saying which Node is needed, not the SDK\'s warning', t => {
  const which = spawnSync('node', ['-p', 'process.execPath + " " + process.versions.node'], { env: ENV, encoding: 'utf8' });
  const [oldNode, version] = (which.stdout ?? '').trim().split(' ');
  if (!oldNode || !version || Number.parseInt(version, 10) >= REQUIRED_NODE_MAJOR) {
    t.skip(`no Node older than ${REQUIRED_NODE_MAJOR} on PATH (found ${version ?? 'none'})`);
    return;
  }
  const { stderr } = planWith(oldNode);
  const lines = stderr.split('\n').filter(l => /node/i.test(l));
  assert.deepEqual(lines, [`sagemaker-estimator: warning: this is Node.js v${version}; the command line needs Node.js ${REQUIRED_NODE_MAJOR} or newer (the AWS SDK it uses drops older Node in 2027): install Node.js ${REQUIRED_NODE_MAJOR}+.`], stderr);
  assert.doesNotMatch(stderr, /NodeVersionSupportWarning/);
});
