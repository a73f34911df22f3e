/** The deploy's calls against a fake SageMaker client: order, reuse of an existing model, cancel, waiting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClients } from '../../../src/aws/clientFactory';
import { SageMakerApi } from '../../../src/aws/clients/sageMaker';
import { createEndpointResources, DeployError, findEndpoint, waitForEndpoint } from '../../../src/aws/deployModel';
import { buildDeployPlan, toUpdatePlan, type TrainingJobDescription } from '../../../src/core/deploy/plan';

interface Call { op: string; input: Record<string, unknown> }

function fakeClients(answer: (call: Call) => unknown): { clients: AwsClients; calls: Call[] } {
  const calls: Call[] = [];
  const sageMaker = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const call = { op: command.constructor.name.replace(/Command$/, ''), input: command.input };
      calls.push(call);
      const out = answer(call);
      if (out instanceof Error) throw out;
      return { $metadata: {}, ...(out as object) };
    },
  };
  const api = new SageMakerApi(sageMaker as never);
  return { clients: { sageMaker: () => api } as unknown as AwsClients, calls };
}

const job = {
  TrainingJobName: 'pca-2026-11-20-08-00-00-001', TrainingJobStatus: 'Completed', RoleArn: 'arn:aws:iam::123456789012:role/R',
  AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
  ModelArtifacts: { S3ModelArtifacts: 's3://b/pca/output/model.tar.gz' },
} as unknown as TrainingJobDescription;
const plan = buildDeployPlan(job, undefined, { region: 'us-east-1', account: '123456789012', deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, endpoint_name: 'e1', model_name: 'm1' } });

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

test('creates the model, the config and the endpoint with exactly the plan\'s requests', async () => {
  const { clients, calls } = fakeClients(() => ({}));
  const steps: string[] = [];
  const created = await createEndpointResources(clients, plan, { onStep: s => steps.push(s) });
  assert.deepEqual(calls.map(c => c.op), ['CreateModel', 'CreateEndpointConfig', 'CreateEndpoint']);
  assert.deepEqual(calls[0]!.input, plan.model);
  assert.deepEqual(calls[1]!.input, plan.endpointConfig);
  assert.deepEqual(calls[2]!.input, plan.endpoint);
  assert.deepEqual(steps, ['model', 'endpoint-config', 'endpoint']);
  assert.deepEqual(created, { model: 'm1', modelReused: false, endpointConfig: 'e1', endpoint: 'e1', updated: false });
});

test('an existing model is reused, as Session.create_model does', async () => {
  const { clients } = fakeClients(c => (c.op === 'CreateModel' ? named('ValidationException', 'Cannot create already existing model "arn:..."') : {}));
  const created = await createEndpointResources(clients, plan);
  assert.equal(created.modelReused, true);
});

test('update: UpdateEndpoint with the new config instead of CreateEndpoint', async () => {
  const { clients, calls } = fakeClients(() => ({}));
  await createEndpointResources(clients, toUpdatePlan(plan));
  assert.deepEqual(calls.map(c => c.op), ['CreateModel', 'CreateEndpointConfig', 'UpdateEndpoint']);
  assert.deepEqual(calls[2]!.input, { EndpointName: 'e1', EndpointConfigName: 'm1' });
});

test('a failed step says which, and what was created before it', async () => {
  const { clients } = fakeClients(c => (c.op === 'CreateEndpoint' ? named('ResourceLimitExceeded', 'The account-level service limit is 0 instances') : {}));
  await assert.rejects(createEndpointResources(clients, plan), (e: unknown) => {
    assert.ok(e instanceof DeployError);
    assert.equal(e.step, 'endpoint');
    assert.deepEqual(e.created, ['model m1', 'endpoint configuration e1']);
    assert.match(e.message, /Creating endpoint e1 failed: ResourceLimitExceeded: The account-level service limit/);
    return true;
  });
});

test('cancelled before the first call: nothing is created', async () => {
  const { clients, calls } = fakeClients(() => ({}));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(createEndpointResources(clients, plan, { signal: controller.signal }), /nothing was created/);
  assert.equal(calls.length, 0);
});

test('waiting: polls until InService, reports each status', async () => {
  const statuses = ['Creating', 'Creating', 'InService'];
  const { clients, calls } = fakeClients(() => ({ EndpointName: 'e1', EndpointStatus: statuses.shift() }));
  const seen: string[] = [];
  const result = await waitForEndpoint(clients, 'e1', { pollMs: 1, onStatus: e => seen.push(e.EndpointStatus!) });
  assert.equal(result.outcome, 'in-service');
  assert.equal(result.polls, 3);
  assert.deepEqual(seen, ['Creating', 'Creating', 'InService']);
  assert.equal(calls.every(c => c.op === 'DescribeEndpoint'), true);
});

test('waiting: Failed comes back with the FailureReason', async () => {
  const { clients } = fakeClients(() => ({ EndpointName: 'e1', EndpointStatus: 'Failed', FailureReason: 'The primary container failed the ping health check.' }));
  const result = await waitForEndpoint(clients, 'e1', { pollMs: 1 });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.endpoint?.FailureReason, 'The primary container failed the ping health check.');
});

test('waiting: cancel stops at once and leaves the endpoint alone', async () => {
  const { clients, calls } = fakeClients(() => ({ EndpointName: 'e1', EndpointStatus: 'Creating' }));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  const result = await waitForEndpoint(clients, 'e1', { pollMs: 60_000, signal: controller.signal });
  assert.equal(result.outcome, 'cancelled');
  assert.ok(Date.now() - started < 5000);
  assert.equal(result.endpoint?.EndpointStatus, 'Creating');
  assert.ok(calls.every(c => c.op === 'DescribeEndpoint'));
});

test('findEndpoint: undefined for a missing endpoint, other errors thrown', async () => {
  const missing = fakeClients(() => named('ValidationException', 'Could not find endpoint "arn:aws:sagemaker:us-east-1:1:endpoint/x".'));
  assert.equal(await findEndpoint(missing.clients, 'x'), undefined);
  const found = fakeClients(() => ({ EndpointName: 'x', EndpointStatus: 'InService' }));
  assert.equal((await findEndpoint(found.clients, 'x'))?.EndpointStatus, 'InService');
  const denied = fakeClients(() => named('AccessDeniedException', 'not authorized'));
  await assert.rejects(findEndpoint(denied.clients, 'x'), /not authorized/);
});
