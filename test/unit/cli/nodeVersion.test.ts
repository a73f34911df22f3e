import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REQUIRED_NODE_MAJOR, olderNodeNotice } from '../../../src/cli/nodeVersion';

test('Node older than 22 gets one line naming this Node and the one needed; 22 and newer get nothing', () => {
  const line = olderNodeNotice('20.20.2');
  assert.ok(line);
  assert.ok(!line.includes('\n'), 'one line');
  assert.match(line, /Node\.js v20\.20\.2; the command line needs Node\.js 22 or newer/);
  assert.equal(olderNodeNotice('18.0.0')?.includes('v18.0.0'), true);
  assert.equal(olderNodeNotice('22.0.0'), undefined);
  assert.equal(olderNodeNotice('24.21.0'), undefined);
});

test('package.json engines.node says the Node the CLI checks for', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { engines: { node: string } };
  assert.equal(pkg.engines.node, `>=${REQUIRED_NODE_MAJOR}`);
});
