/**
 * Deploy Model against moto: a completed training job becomes the model, endpoint configuration and endpoint
 * whose requests `sagemaker-estimator deploy-plan` prints (checked field by field, for the seed's built-in PCA
 * and its PyTorch CIFAR-10 example), with the wait, the update of an existing endpoint, a failed endpoint and a
 * cancelled wait.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import {
  CreateTrainingJobCommand, DescribeEndpointCommand, DescribeEndpointConfigCommand, DescribeModelCommand, ListEndpointsCommand, ListModelsCommand,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Header, Parser, type ReadEntry } from 'tar';
import { deployPlanCommand } from '../../src/cli/deployPlan';
import type { DeployApi } from '../../src/deploy';
import { activated, awsCalls, motoClients, motoTransitions, proxyUrl, resetAwsCalls, resetMoto, waitFor } from './support';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUCKET = `sagemaker-${REGION}-${ACCOUNT}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerRole`;
const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 7));
const STAMP = '2026-11-25-12-00-00-007';

async function deployApi(): Promise<DeployApi> {
  const api = (await activated()) as unknown as { deploy?: DeployApi };
  assert.ok(api.deploy, 'the extension does not expose its deploy API (createDeploy is not wired in extension.ts)');
  return api.deploy;
}

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0]!.uri.fsPath;
}

/** An example of the seed copied into the workspace, with a deploy section. */
function exampleWithDeploy(example: string, folder: string, deploy: Record<string, unknown>): vscode.Uri {
  const source = path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples', example);
  const target = path.join(workspaceFolder(), 'deploy-examples', folder);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(source, target, { recursive: true });
  const file = path.join(target, 'estimator.json');
  const text = fs.readFileSync(file, 'utf8').replace(/\}\s*$/, `,\n  "deploy": ${JSON.stringify(deploy)}\n}\n`);
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

function removeExamples(): void {
  fs.rmSync(path.join(workspaceFolder(), 'deploy-examples'), { recursive: true, force: true });
}

/** A completed PCA job as launching examples/pca makes it. */
async function seedPcaJob(name: string): Promise<void> {
  await motoClients().sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: name, RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
    HyperParameters: { feature_dim: '4', num_components: '3', mini_batch_size: '200' },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://sagemaker-example-data/pca/train/' } } }],
    OutputDataConfig: { S3OutputPath: `s3://${BUCKET}/` },
    ResourceConfig: { InstanceType: 'ml.m4.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  }));
}

/** A .tar.gz of the given files. */
function tarGz(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.from(content);
    const header = Buffer.alloc(512);
    new Header({ path: name, mode: 0o644, size: body.length, mtime: new Date(0), type: 'File', uid: 0, gid: 0 }).encode(header, 0);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

async function listTarGz(buffer: Buffer): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => { if (entry.type === 'File') entries.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8')); });
      },
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(buffer);
  });
  return entries;
}

/** What `sagemaker-estimator deploy-plan` prints for the job, run in-process against the same AWS (moto behind the proxy). */
async function deployPlanOf(jobName: string, args: string[]): Promise<{ CreateModel: any; CreateEndpointConfig: any; CreateEndpoint: any }> {
  let stdout = '';
  let stderr = '';
  const code = await deployPlanCommand([jobName, ...args, '--endpoint-url', proxyUrl(), '--region', REGION, '--now', NOW.toISOString()], {
    stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: process.env, cwd: workspaceFolder(),
  });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

const json = (value: unknown): any => JSON.parse(JSON.stringify(value ?? null));

/** The model, config and endpoint moto holds, compared field by field with the requests deploy-plan printed. */
async function assertCreatedAsPlanned(planned: { CreateModel: any; CreateEndpointConfig: any; CreateEndpoint: any }): Promise<void> {
  const sm = motoClients().sageMaker().client;
  const model = await sm.send(new DescribeModelCommand({ ModelName: planned.CreateModel.ModelName }));
  assert.equal(model.ModelName, planned.CreateModel.ModelName);
  assert.equal(model.ExecutionRoleArn, planned.CreateModel.ExecutionRoleArn);
  assert.equal(model.PrimaryContainer?.Image, planned.CreateModel.PrimaryContainer.Image);
  assert.equal(model.PrimaryContainer?.ModelDataUrl, planned.CreateModel.PrimaryContainer.ModelDataUrl);
  assert.deepEqual(json(model.PrimaryContainer?.Environment ?? {}), planned.CreateModel.PrimaryContainer.Environment);
  assert.equal(model.EnableNetworkIsolation ?? false, planned.CreateModel.EnableNetworkIsolation ?? false);
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: planned.CreateEndpointConfig.EndpointConfigName }));
  assert.equal(config.EndpointConfigName, planned.CreateEndpointConfig.EndpointConfigName);
  assert.equal(config.ProductionVariants?.length, 1);
  const variant = config.ProductionVariants![0]!;
  const plannedVariant = planned.CreateEndpointConfig.ProductionVariants[0];
  for (const field of ['VariantName', 'ModelName', 'InitialInstanceCount', 'InstanceType', 'InitialVariantWeight'] as const) {
    assert.equal(variant[field], plannedVariant[field], `ProductionVariants[0].${field}`);
  }
  assert.deepEqual(json(variant.ServerlessConfig), plannedVariant.ServerlessConfig ?? null);
  const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: planned.CreateEndpoint.EndpointName }));
  assert.equal(endpoint.EndpointName, planned.CreateEndpoint.EndpointName);
  assert.equal(endpoint.EndpointConfigName, planned.CreateEndpoint.EndpointConfigName);
  assert.equal(endpoint.EndpointStatus, 'InService');
}

describe('Deploy a training job against moto', function () {
  this.timeout(120_000);
  beforeEach(async () => {
    await resetMoto();
    await resetAwsCalls();
    removeExamples();
  });
  after(removeExamples);

  it('built-in PCA: the model, config and endpoint deploy-plan shows, then InService', async () => {
    const api = await deployApi();
    const job = 'pca-2026-11-24-10-00-00-001';
    await seedPcaJob(job);
    const estimator = exampleWithDeploy('pca', 'pca', { instance_type: 'ml.m5.large', initial_instance_count: 1 });
    const outcome = await api.deploy(job, { estimator, confirmed: true, now: NOW, pollMs: 50 });
    assert.ok(outcome, 'no outcome');
    assert.equal(outcome.outcome, 'in-service', JSON.stringify(outcome));
    const planned = await deployPlanOf(job, ['--estimator', estimator.fsPath]);
    assert.equal(planned.CreateModel.ModelName, `pca-${STAMP}`, 'the estimator\'s base_job_name and the SDK timestamp');
    assert.deepEqual(planned.CreateModel.PrimaryContainer.Environment, {});
    assert.equal(planned.CreateModel.PrimaryContainer.ModelDataUrl, `s3://${BUCKET}/${job}/output/model.tar.gz`);
    assert.equal(planned.CreateModel.PrimaryContainer.Image, '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1');
    assert.deepEqual(json(outcome.plan!.model), planned.CreateModel);
    assert.deepEqual(json(outcome.plan!.endpointConfig), planned.CreateEndpointConfig);
    assert.deepEqual(json(outcome.plan!.endpoint), planned.CreateEndpoint);
    await assertCreatedAsPlanned(planned);
    const calls = await awsCalls();
    assert.equal(calls['SageMaker.CreateModel'], 1);
    assert.equal(calls['SageMaker.CreateEndpointConfig'], 1);
    assert.equal(calls['SageMaker.CreateEndpoint'], 1);
  });

  it('PyTorch CIFAR-10 (framework): inference image, repacked model with its code, the SDK environment', async () => {
    const api = await deployApi();
    const estimator = exampleWithDeploy('pytorch-cifar10', 'pytorch-cifar10', { instance_type: 'ml.m5.large', initial_instance_count: 1 });
    const job = await vscode.commands.executeCommand<string | undefined>('sagemaker.launchTrainingJob', estimator);
    assert.ok(job, 'the example did not launch');
    // moto trains nothing: the model the job would have written.
    const s3 = motoClients().s3().client;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${job}/output/model.tar.gz`, Body: tarGz({ 'model.pth': 'weights' }) }));
    await resetAwsCalls();

    const outcome = await api.deploy(job, { estimator, confirmed: true, now: NOW, pollMs: 50 });
    assert.ok(outcome);
    assert.equal(outcome.outcome, 'in-service', JSON.stringify(outcome));
    const planned = await deployPlanOf(job, ['--estimator', estimator.fsPath]);
    const name = `pytorch-cifar10-${STAMP}`;
    const repacked = `s3://${BUCKET}/${name}/model.tar.gz`;
    assert.deepEqual(planned.CreateModel, {
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.7.1-cpu-py3',
        Environment: { SAGEMAKER_PROGRAM: 'cifar10.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code', SAGEMAKER_CONTAINER_LOG_LEVEL: '20', SAGEMAKER_REGION: REGION },
        ModelDataUrl: repacked,
      },
    });
    assert.deepEqual(json(outcome.plan!.model), planned.CreateModel);
    assert.deepEqual(json(outcome.plan!.endpointConfig), planned.CreateEndpointConfig);
    await assertCreatedAsPlanned(planned);
    // The repacked model: the job's model plus its code under code/.
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${name}/model.tar.gz` }));
    const entries = await listTarGz(Buffer.from(await object.Body!.transformToByteArray()));
    assert.equal(entries.get('model.pth'), 'weights');
    assert.ok(entries.has('code/cifar10.py'), [...entries.keys()].join(', '));
    assert.ok(entries.has('code/requirements.txt'), [...entries.keys()].join(', '));
  });

  it('an existing endpoint is updated to a new model and config when asked', async () => {
    const api = await deployApi();
    const job = 'pca-2026-11-24-10-00-00-002';
    await seedPcaJob(job);
    const first = await api.deploy(job, { estimator: false, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, endpoint_name: 'pca-live' }, confirmed: true, now: NOW, pollMs: 50 });
    assert.equal(first?.outcome, 'in-service');
    const refused = await api.deploy(job, { estimator: false, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, endpoint_name: 'pca-live' }, update: false, now: NOW });
    assert.equal(refused?.outcome, 'refused');
    const later = new Date(NOW.getTime() + 60_000);
    const second = await api.deploy(job, { estimator: false, deploy: { instance_type: 'ml.m5.xlarge', initial_instance_count: 2, endpoint_name: 'pca-live' }, update: true, now: later, pollMs: 50 });
    assert.equal(second?.outcome, 'in-service', JSON.stringify(second));
    const endpoint = await motoClients().sageMaker().client.send(new DescribeEndpointCommand({ EndpointName: 'pca-live' }));
    assert.equal(endpoint.EndpointConfigName, 'pca-2026-11-25-12-01-00-007');
    const config = await motoClients().sageMaker().client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }));
    assert.equal(config.ProductionVariants?.[0]?.InstanceType, 'ml.m5.xlarge');
    assert.equal((await awsCalls())['SageMaker.UpdateEndpoint'], 1);
  });

  it('a serverless endpoint from the deploy arguments', async () => {
    const api = await deployApi();
    const job = 'pca-2026-11-24-10-00-00-003';
    await seedPcaJob(job);
    const outcome = await api.deploy(job, { estimator: false, deploy: { serverless_inference_config: { memory_size_in_mb: 4096, max_concurrency: 8 } }, confirmed: true, now: NOW, pollMs: 50 });
    assert.equal(outcome?.outcome, 'in-service');
    const config = await motoClients().sageMaker().client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: `pca-${STAMP}` }));
    assert.deepEqual(json(config.ProductionVariants?.[0]?.ServerlessConfig), { MemorySizeInMB: 4096, MaxConcurrency: 8 });
  });

  it('an endpoint that fails: its FailureReason comes back', async () => {
    const api = await deployApi();
    const job = 'pca-2026-11-24-10-00-00-004';
    await seedPcaJob(job);
    await motoTransitions('sagemaker::endpoint', { progression: 'manual', times: 2 });
    try {
      const outcome = await api.deploy(job, {
        estimator: false, confirmed: true, now: NOW, pollMs: 50,
        deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, tags: [{ Key: 'moto:final-status', Value: 'Failed' }] },
      });
      assert.equal(outcome?.outcome, 'failed', JSON.stringify(outcome));
      assert.ok(outcome && 'endpoint' in outcome);
      assert.match(outcome.endpoint?.FailureReason ?? '', /simulated failure/);
    } finally {
      await motoTransitions('sagemaker::endpoint', undefined);
    }
  });

  it('cancel while waiting stops the waiting, not the endpoint', async () => {
    const api = await deployApi();
    const job = 'pca-2026-11-24-10-00-00-005';
    await seedPcaJob(job);
    await motoTransitions('sagemaker::endpoint', { progression: 'manual', times: 1000 });
    try {
      const controller = new AbortController();
      const pending = api.deploy(job, { estimator: false, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 }, confirmed: true, now: NOW, pollMs: 100, signal: controller.signal });
      await waitFor(async () => ((await awsCalls())['SageMaker.DescribeEndpoint'] ?? 0) >= 3 || undefined, 'a few DescribeEndpoint polls');
      controller.abort();
      const outcome = await pending;
      assert.equal(outcome?.outcome, 'wait-cancelled', JSON.stringify(outcome));
      const endpoints = await motoClients().sageMaker().client.send(new ListEndpointsCommand({}));
      assert.deepEqual(endpoints.Endpoints?.map(e => e.EndpointName), [`pca-${STAMP}`], 'the endpoint is still there');
      assert.equal((await awsCalls())['SageMaker.DeleteEndpoint'], undefined);
    } finally {
      await motoTransitions('sagemaker::endpoint', undefined);
    }
  });

  it('a job that is not Completed is refused; nothing is created', async () => {
    const api = await deployApi();
    const job = 'pca-2026-11-24-10-00-00-006';
    await motoTransitions('sagemaker::training_job', { progression: 'manual', times: 1000 });
    try {
      await seedPcaJob(job);
      const outcome = await api.deploy(job, { estimator: false, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 }, confirmed: true, now: NOW });
      assert.equal(outcome?.outcome, 'refused');
      assert.deepEqual((await motoClients().sageMaker().client.send(new ListModelsCommand({}))).Models ?? [], []);
    } finally {
      await motoTransitions('sagemaker::training_job', undefined);
    }
  });

  it('deploy-plan sends nothing', async () => {
    const job = 'pca-2026-11-24-10-00-00-007';
    await seedPcaJob(job);
    await resetAwsCalls();
    const planned = await deployPlanOf(job, ['--instance-type', 'ml.c5.large', '--instance-count', '3', '--endpoint-name', 'e-plan']);
    assert.equal(planned.CreateEndpoint.EndpointName, 'e-plan');
    assert.equal(planned.CreateEndpointConfig.ProductionVariants[0].InitialInstanceCount, 3);
    const calls = await awsCalls();
    // Reads only: the Endpoints tree may still be listing after the previous test's deploy, and other tests' log tails
    // polling CloudWatch Logs; neither is deploy-plan's doing, and neither changes anything.
    const changes = Object.keys(calls).filter(op => !/\.(Describe|List|Get)[A-Za-z]+$|GetCallerIdentity$|^Logs_/.test(op));
    assert.deepEqual(changes, [], JSON.stringify(calls));
  });
});
