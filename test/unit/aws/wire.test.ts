/**
 * The preview is the wire: every planned request goes through @aws-sdk/client-sagemaker's own serializer (the
 * client's middleware stack up to the HTTP handler, which captures the request instead of sending it) and the
 * JSON body that would be sent is compared with the plan. A member the SDK does not know is dropped by its
 * serializer, a misspelt one renamed or lost: either makes the comparison fail. Also each is checked against the
 * API model (src/core/api). No network: the handler never sends.
 *
 * Requests: every example under examples/ (planned through planEstimator, as the CLI and the preview do), every
 * expected request of test/fixtures/plans (test/unit/estimator/request.test.ts proves each is the plan of its
 * estimator), and the deploy plans of a built-in, a repacked PyTorch, a serverless, a data-capture and an async deploy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  SageMakerClient,
  type CreateTrainingJobCommandInput,
} from '@aws-sdk/client-sagemaker';
import { checkRequest, type ApiOperation } from '../../../src/core/api/checkRequest';
import { buildDeployPlan, type TrainingJobDescription } from '../../../src/core/deploy/plan';
import { loadEstimator } from '../../../src/core/estimator/load';
import { planEstimator } from '../../../src/core/estimator/plan';

function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (fs.existsSync(path.join(dir, 'test', 'fixtures', 'plans'))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('test/fixtures/plans not found');
}

const ROOT = repoRoot();

interface Captured { target: string; body: unknown }

/** A client whose HTTP handler keeps the serialized request and answers `{}`, so nothing leaves this process. */
function capturingClient(): { client: SageMakerClient; captured: Captured[] } {
  const captured: Captured[] = [];
  const client = new SageMakerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
        captured.push({ target: request.headers['x-amz-target'] ?? '', body: JSON.parse(String(request.body ?? '{}')) });
        return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from('{}')]) } };
      },
    } as never,
  });
  return { client, captured };
}

/** What the plan says goes on the wire: its JSON (members left undefined are not sent). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

async function assertOnTheWire(operation: ApiOperation, request: unknown, label: string): Promise<void> {
  const { client, captured } = capturingClient();
  try {
    const input = request as CreateTrainingJobCommandInput;
    const command = operation === 'CreateTrainingJob' ? new CreateTrainingJobCommand(input)
      : operation === 'CreateModel' ? new CreateModelCommand(request as never)
        : operation === 'CreateEndpointConfig' ? new CreateEndpointConfigCommand(request as never)
          : new CreateEndpointCommand(request as never);
    await client.send(command as never);
  } finally {
    client.destroy();
  }
  assert.equal(captured.length, 1, `${label}: one request`);
  assert.equal(captured[0]!.target, `SageMaker.${operation}`, label);
  assert.deepEqual(captured[0]!.body, asJson(request), `${label}: the wire differs from the plan`);
  assert.deepEqual(checkRequest(operation, asJson(request)).map(v => v.message), [], `${label}: refused by the API model`);
}

const ENV = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket' };

test('every example plans to a request the SDK serializes unchanged', async () => {
  const examples = path.join(ROOT, 'examples');
  const dirs = fs.readdirSync(examples).filter(d => fs.existsSync(path.join(examples, d, 'estimator.json')));
  assert.ok(dirs.length >= 5);
  for (const d of dirs) {
    const file = path.join(examples, d, 'estimator.json');
    const text = fs.readFileSync(file, 'utf8');
    const loaded = loadEstimator(text, { fileName: file, env: ENV, region: 'us-west-2' });
    assert.ok(loaded.spec, `${d}: ${loaded.diagnostics.map(x => x.message).join('; ')}`);
    const planned = planEstimator(text, loaded.spec, { region: 'us-west-2', account: '123456789012', baseDir: path.dirname(file), now: new Date('2024-01-31T09:05:07.042Z') });
    assert.ok(planned.plan, `${d}: ${planned.diagnostics.map(x => x.message).join('; ')}`);
    // Local mode runs on this machine: its request is never sent, and has no role.
    if (planned.plan.request.ResourceConfig?.InstanceType?.startsWith('local')) continue;
    await assertOnTheWire('CreateTrainingJob', planned.plan.request, d);
  }
});

test('every expected request of test/fixtures/plans goes on the wire unchanged', async () => {
  const dir = path.join(ROOT, 'test', 'fixtures', 'plans');
  const fixtures = fs.readdirSync(dir).filter(n => n.endsWith('.json'));
  let checked = 0;
  const refused: string[] = [];
  for (const name of fixtures) {
    const fixture = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { expected?: { ResourceConfig?: { InstanceType?: string } } };
    if (!fixture.expected || fixture.expected.ResourceConfig?.InstanceType?.startsWith('local')) continue;
    if (checkRequest('CreateTrainingJob', fixture.expected).length > 0) {
      refused.push(name);
      continue;
    }
    await assertOnTheWire('CreateTrainingJob', fixture.expected, name);
    checked++;
  }
  assert.ok(checked >= 50, `only ${checked} plans`);
  // TrainingInput(target_attribute_name=...) builds a TargetAttributeName the Channel shape lacks: the builder mirrors
  // the SDK's dict, and the plan refuses it at the field (test/fixtures/api-refused/*-target-attribute-name.json).
  assert.deepEqual(refused, ['training-input-options.json']);
});

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const pcaJob = {
  TrainingJobName: 'pca-2026-11-20-08-00-00-001', TrainingJobStatus: 'Completed', RoleArn: ROLE,
  AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
  ModelArtifacts: { S3ModelArtifacts: 's3://sagemaker-us-east-1-123456789012/pca-2026-11-20-08-00-00-001/output/model.tar.gz' },
} as unknown as TrainingJobDescription;
const ptJob = {
  TrainingJobName: 'pytorch-training-2026-11-20-08-00-00-002', TrainingJobStatus: 'Completed', RoleArn: ROLE,
  AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.7.1-cpu-py3', TrainingInputMode: 'File' },
  HyperParameters: {
    sagemaker_program: '"cifar10.py"',
    sagemaker_submit_directory: '"s3://sagemaker-us-east-1-123456789012/pytorch-training-2026-11-20-08-00-00-002/source/sourcedir.tar.gz"',
    sagemaker_container_log_level: '20', sagemaker_region: '"us-east-1"',
  },
  ModelArtifacts: { S3ModelArtifacts: 's3://sagemaker-us-east-1-123456789012/pytorch-training-2026-11-20-08-00-00-002/output/model.tar.gz' },
} as unknown as TrainingJobDescription;

test('deploy plans (built-in, repacked PyTorch, serverless, data capture, async) go on the wire unchanged', async () => {
  const now = new Date('2026-11-20T09:00:00.000Z');
  const opts = { region: 'us-east-1', account: '123456789012', now };
  const plans = [
    buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, tags: [{ Key: 'team', Value: 'ml' }], kms_key: 'alias/ep', volume_size: 20 } }),
    buildDeployPlan(ptJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 2, env: { A: '1' } } }),
    buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { serverless_inference_config: { memory_size_in_mb: 4096, max_concurrency: 2 } } }),
    buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, data_capture_config: { enable_capture: true } } }),
    buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, async_inference_config: {
      max_concurrent_invocations_per_instance: 4, kms_key_id: 'alias/async',
      notification_config: { SuccessTopic: 'arn:aws:sns:us-east-1:123456789012:ok', ErrorTopic: 'arn:aws:sns:us-east-1:123456789012:err', IncludeInferenceResponseIn: ['SUCCESS_NOTIFICATION_TOPIC'] },
    } } }),
  ];
  for (const [i, plan] of plans.entries()) {
    await assertOnTheWire('CreateModel', plan.model, `deploy ${i}: CreateModel`);
    await assertOnTheWire('CreateEndpointConfig', plan.endpointConfig, `deploy ${i}: CreateEndpointConfig`);
    await assertOnTheWire('CreateEndpoint', plan.endpoint, `deploy ${i}: CreateEndpoint`);
  }
});
