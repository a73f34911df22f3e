import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { followFile } from '../../../src/core/local/follow';
import { LocalEndpointError, startLocalEndpoint, type LocalEndpointHandle } from '../../../src/core/local/localEndpoint';
import { startLocalTrainingJob, type LocalJobLine } from '../../../src/core/local/localJob';
import { jobPaths, localEndpointsDir } from '../../../src/core/local/paths';

// Local mode's resource limits: output shown as it comes (progress bars redraw with \r), a bounded partial
// line, a rotated job.log, no model folder left behind by a server that could not start, and a server that
// answers only to loopback names (DNS rebinding).

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const temps: string[] = [];
const endpoints: LocalEndpointHandle[] = [];
after(async () => {
  await Promise.all(endpoints.map((e) => e.stop()));
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): { ws: string; est: string } {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-limits-'));
  temps.push(ws);
  const est = path.join(ws, 'project');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(est, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { ws, est };
}

const spec = (extra: Record<string, unknown> = {}): EstimatorSpec =>
  ({ framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1, ...extra }) as unknown as EstimatorSpec;

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a progress bar redrawn with \\r shows each state as it is printed, before any newline', async () => {
  const script = [
    'import os, sys, time',
    'go = os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "go")',
    'sys.stdout.write("progress 10%\\r"); sys.stdout.flush()',
    'while not os.path.exists(go): time.sleep(0.02)',
    'sys.stdout.write("progress 100%\\r\\n"); sys.stdout.write("done\\n"); sys.stdout.flush()',
  ].join('\n');
  const { ws, est } = workspace({ 'code/train.py': script });
  const handle = startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'progress', python: PYTHON });
  const lines: LocalJobLine[] = [];
  handle.events.on('line', (l) => lines.push(l));
  try {
    await waitFor('the 10% state while the script still waits', () => lines.some((l) => l.stream === 'stdout' && l.text === 'progress 10%'));
  } finally {
    fs.writeFileSync(path.join(jobPaths(handle.jobDir).outputData, 'go'), '');
  }
  const result = await handle.done;
  assert.equal(result.status, 'Completed', result.failureReason);
  assert.deepEqual(lines.filter((l) => l.stream === 'stdout').map((l) => l.text), ['progress 10%', 'progress 100%', 'done'], '\\r\\n is one line break');
});

test('text without a line break is cut into bounded lines, nothing lost', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'import sys\nsys.stdout.write("x" * 200000)\nsys.stdout.flush()\n' });
  const handle = startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'no-newline', python: PYTHON });
  const lines: string[] = [];
  handle.events.on('line', (l) => l.stream === 'stdout' && lines.push(l.text));
  assert.equal((await handle.done).status, 'Completed');
  assert.ok(lines.length >= 4, `${lines.length} lines`);
  assert.ok(lines.every((l) => l.length <= 64 * 1024), `longest: ${Math.max(...lines.map((l) => l.length))}`);
  assert.equal(lines.join(''), 'x'.repeat(200000));
});

test('job.log is rotated to job.log.1 at its cap; both stay near it', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'for i in range(2000):\n    print("line %04d %s" % (i, "y" * 40))\n' });
  const cap = 16 * 1024;
  const result = await startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'chatty', python: PYTHON, maxLogBytes: cap }).done;
  assert.equal(result.status, 'Completed');
  const log = jobPaths(result.jobDir).log;
  assert.ok(fs.existsSync(`${log}.1`), 'job.log.1 exists');
  assert.ok(fs.statSync(log).size <= cap, `job.log is ${fs.statSync(log).size} bytes`);
  assert.ok(fs.statSync(`${log}.1`).size <= cap, `job.log.1 is ${fs.statSync(`${log}.1`).size} bytes`);
  assert.match(fs.readFileSync(log, 'utf8'), /Completed/, 'the newest lines are in job.log');
});

test('following a log across its rotation loses nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-follow-'));
  temps.push(dir);
  const file = path.join(dir, 'job.log');
  fs.writeFileSync(file, 'a\n');
  let seen = '';
  const stop = followFile(file, (t) => (seen += t), { fromStart: true, intervalMs: 60_000 });
  fs.appendFileSync(file, 'b\n');
  fs.renameSync(file, `${file}.1`);
  fs.writeFileSync(file, 'c\n');
  stop();
  assert.equal(seen, 'a\nb\nc\n');
});

const INFERENCE = 'import json, os\ndef model_fn(d):\n    return json.load(open(os.path.join(d, "model.json")))\ndef predict_fn(x, m):\n    return [m["scale"]]\n';
const TRAIN = 'import json, os\njson.dump({"scale": 2}, open(os.path.join(os.environ["SM_MODEL_DIR"], "model.json"), "w"))\n';

async function trainedJob(): Promise<{ ws: string; jobDir: string }> {
  const { ws, est } = workspace({ 'code/train.py': TRAIN, 'code/inference.py': INFERENCE });
  const result = await startLocalTrainingJob(spec({ deploy: { env: { SAGEMAKER_PROGRAM: 'inference.py' } } }), { estimatorDir: est, workspaceDir: ws, jobName: 'trained', python: PYTHON }).done;
  assert.equal(result.status, 'Completed', result.failureReason);
  return { ws, jobDir: result.jobDir };
}

function get(port: number, host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (host !== undefined) headers.Host = host;
    const req = http.request({ host: '127.0.0.1', port, path: '/ping', method: 'GET', headers, setHost: host === undefined ? false : true, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the local server answers only to loopback Host names (with or without its port): DNS rebinding gets 421', async () => {
  const { ws, jobDir } = await trainedJob();
  const endpoint = await startLocalEndpoint({ jobDir, python: PYTHON, workspaceDir: ws, name: 'hosts' });
  endpoints.push(endpoint);
  const port = endpoint.port;
  for (const host of ['localhost', `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port}`, '[::1]', `[::1]:${port}`, `LOCALHOST:${port}`]) {
    assert.equal((await get(port, host)).status, 200, host);
  }
  for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1:${port + 1}`, `localhost.attacker.example:${port}`]) {
    const reply = await get(port, host);
    assert.equal(reply.status, 421, host);
    assert.match(reply.body, /answers only to localhost/);
  }
  assert.equal((await get(port, undefined)).status, 421, 'no Host header');
});

test('a port that is taken: LocalEndpointError, and no unpacked model is left behind', async () => {
  const { ws, jobDir } = await trainedJob();
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    await assert.rejects(startLocalEndpoint({ jobDir, python: PYTHON, workspaceDir: ws, name: 'taken', port }), LocalEndpointError);
  } finally {
    await new Promise((r) => blocker.close(r));
  }
  assert.ok(!fs.existsSync(path.join(localEndpointsDir(ws), 'taken', 'model')), 'the unpacked model is removed');
});
