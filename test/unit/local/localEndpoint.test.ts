import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { LocalModeError } from '../../../src/core/local/errors';
import {
  invokeLocalEndpoint,
  listLocalEndpoints,
  LocalEndpointError,
  pingLocalEndpoint,
  resolveLocalEndpointUrl,
  startLocalEndpoint,
  stopLocalEndpoint,
  type LocalEndpointHandle,
} from '../../../src/core/local/localEndpoint';
import { startLocalTrainingJob } from '../../../src/core/local/localJob';

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const temps: string[] = [];
const endpoints: LocalEndpointHandle[] = [];
after(async () => {
  await Promise.all(endpoints.map((e) => e.stop()));
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): { ws: string; est: string } {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-endpoint-'));
  temps.push(ws);
  const est = path.join(ws, 'project');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(est, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { ws, est };
}

const TRAIN = `
import json, os
with open(os.path.join(os.environ["SM_MODEL_DIR"], "model.json"), "w") as f:
    json.dump({"scale": 2.0}, f)
`;

// Only model_fn and predict_fn: input_fn and output_fn are the defaults (JSON, CSV, NPY).
const INFERENCE = `
import json, os
import numpy as np

def model_fn(model_dir):
    with open(os.path.join(model_dir, "model.json")) as f:
        return json.load(f)

def predict_fn(data, model):
    data = np.asarray(data, dtype=float)
    if data.size and np.isnan(data).any():
        raise ValueError("the model cannot handle NaN")
    return data * model["scale"]
`;

async function trainedJob(extra: Record<string, string> = {}, deployEnv: Record<string, string> = { SAGEMAKER_PROGRAM: 'inference.py' }): Promise<{ ws: string; jobDir: string }> {
  const { ws, est } = workspace({ 'code/train.py': TRAIN, 'code/inference.py': INFERENCE, ...extra });
  const spec = {
    framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1,
    deploy: { instance_type: 'local', initial_instance_count: 1, env: deployEnv },
  } as unknown as EstimatorSpec;
  const result = await startLocalTrainingJob(spec, { estimatorDir: est, workspaceDir: ws, jobName: 'trained', python: PYTHON }).done;
  assert.equal(result.status, 'Completed', result.failureReason);
  return { ws, jobDir: result.jobDir };
}

function npy(values: number[]): Buffer {
  const script = `import sys, io, numpy as np\nb = io.BytesIO()\nnp.save(b, np.array(${JSON.stringify(values)}, dtype=float))\nsys.stdout.buffer.write(b.getvalue())`;
  return spawnSync(PYTHON, ['-c', script]).stdout;
}

function fromNpy(buffer: Buffer): number[] {
  const script = 'import sys, io, json, numpy as np\nprint(json.dumps(np.load(io.BytesIO(sys.stdin.buffer.read())).tolist()))';
  return JSON.parse(spawnSync(PYTHON, ['-c', script], { input: buffer }).stdout.toString());
}

test('a local endpoint answers /ping and /invocations with the default JSON, CSV and NPY handlers', async () => {
  const { ws, jobDir } = await trainedJob();
  const endpoint = await startLocalEndpoint({ jobDir, python: PYTHON, name: 'scaler' });
  endpoints.push(endpoint);
  assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await pingLocalEndpoint(endpoint.url), true);

  const json = await invokeLocalEndpoint(endpoint.url, '[[1, 2], [3, 4]]', 'application/json');
  assert.equal(json.status, 200);
  assert.equal(json.contentType, 'application/json');
  assert.deepEqual(JSON.parse(json.body.toString()), [[2, 4], [6, 8]]);
  assert.ok(json.latencyMs > 0 && json.latencyMs < 1000);

  const csv = await invokeLocalEndpoint(endpoint.url, '1,2\n3,4\n', 'text/csv', 'text/csv');
  assert.equal(csv.status, 200);
  assert.equal(csv.contentType, 'text/csv');
  assert.equal(csv.body.toString(), '2.0,4.0\n6.0,8.0\n');

  const viaNpy = await invokeLocalEndpoint(endpoint.url, npy([1.5, 2.5]), 'application/x-npy', 'application/x-npy');
  assert.equal(viaNpy.status, 200);
  assert.equal(viaNpy.contentType, 'application/x-npy');
  assert.deepEqual(fromNpy(viaNpy.body), [3, 5]);

  // Accept */* is the default accept (application/json).
  const any = await invokeLocalEndpoint(endpoint.url, '[1]', 'application/json', '*/*');
  assert.equal(any.contentType, 'application/json');

  // The endpoint is recorded in the workspace, by name.
  const listed = listLocalEndpoints(ws);
  assert.deepEqual(listed.map((e) => [e.EndpointName, e.EndpointStatus, e.Url, e.JobName]), [['scaler', 'InService', endpoint.url, 'trained']]);
  assert.equal(resolveLocalEndpointUrl(ws, 'scaler'), endpoint.url);
  assert.ok(fs.existsSync(path.join(ws, '.sagemaker', 'local', 'endpoints', 'scaler.json')));
  assert.match(fs.readFileSync(endpoint.logFile, 'utf8'), /POST \/invocations 200/);

  await assert.rejects(startLocalEndpoint({ jobDir, python: PYTHON, name: 'scaler' }), (e: unknown) => e instanceof LocalModeError && e.kind === 'exists');

  assert.equal(await stopLocalEndpoint(ws, 'scaler'), true);
  assert.equal(await pingLocalEndpoint(endpoint.url, 500), false);
  assert.deepEqual(listLocalEndpoints(ws), []);
  assert.equal(resolveLocalEndpointUrl(ws, 'scaler'), undefined);
});

test('errors come back as HTTP errors with the message: a model error 500, an unsupported type 415, a bad payload 400', async () => {
  const { jobDir } = await trainedJob();
  const endpoint = await startLocalEndpoint({ jobDir, python: PYTHON, name: 'errors' });
  endpoints.push(endpoint);
  const model = await invokeLocalEndpoint(endpoint.url, '[[1, NaN]]', 'application/json');
  assert.equal(model.status, 500);
  assert.match(model.body.toString(), /^ValueError: the model cannot handle NaN/);
  assert.match(model.body.toString(), /inference\.py", line \d+, in predict_fn/);
  assert.doesNotMatch(model.body.toString(), /serve\.py/);
  const unsupported = await invokeLocalEndpoint(endpoint.url, 'x', 'application/x-foo');
  assert.equal(unsupported.status, 415);
  assert.match(unsupported.body.toString(), /Content type application\/x-foo is not supported/);
  const bad = await invokeLocalEndpoint(endpoint.url, '[[1, 2', 'application/json');
  assert.equal(bad.status, 400);
  assert.match(bad.body.toString(), /Could not decode the request body as application\/json/);
  // The server keeps serving after errors.
  assert.equal((await invokeLocalEndpoint(endpoint.url, '[2]', 'application/json')).status, 200);
  await endpoint.stop();
  assert.equal((await endpoint.exited).code !== undefined, true);
});

test('an inference script whose model_fn fails: LocalEndpointError with the traceback', async () => {
  const { jobDir } = await trainedJob({ 'code/broken.py': 'def model_fn(model_dir):\n    raise RuntimeError("cannot load the model")\n' }, { SAGEMAKER_PROGRAM: 'broken.py' });
  await assert.rejects(
    startLocalEndpoint({ jobDir, python: PYTHON, name: 'broken' }),
    (e: unknown) => e instanceof LocalEndpointError && /did not start/.test(e.message) && /RuntimeError: cannot load the model/.test(e.logTail),
  );
});

test('only Completed local jobs deploy', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'raise SystemExit(3)\n' });
  const spec = { framework: 'sklearn', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1 } as EstimatorSpec;
  const failed = await startLocalTrainingJob(spec, { estimatorDir: est, workspaceDir: ws, jobName: 'failed', python: PYTHON }).done;
  await assert.rejects(startLocalEndpoint({ jobDir: failed.jobDir, python: PYTHON }), (e: unknown) => e instanceof LocalModeError && /Failed/.test(e.message));
});
