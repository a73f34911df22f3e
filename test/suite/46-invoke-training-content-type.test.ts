/**
 * The invoke panel starts with the content type the endpoint's model was trained on: endpoint -> config -> model
 * -> the training job whose artifacts the model is -> its train channel's ContentType (in moto); else the body's.
 */
import * as assert from 'node:assert/strict';
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { InvokeApi } from '../../src/invoke';
import type { InvokePanelController } from '../../src/invoke/panel';
import { PCA_IMAGE, ROLE, seedEndpoint } from './seed';
import { activated, motoClients, motoUrl, proxyUrl, resetAwsCalls, resetMoto, waitFor } from './support';

const JOB = 'csv-trained-job';
const ENDPOINT = 'csv-trained-endpoint';
const OUTPUT = 's3://sagemaker-us-east-1-123456789012/';

async function seedTrainedEndpoint(): Promise<void> {
  const sm = motoClients().sageMaker().client;
  await sm.send(new CreateTrainingJobCommand({
    TrainingJobName: JOB,
    RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: PCA_IMAGE, TrainingInputMode: 'File' },
    InputDataConfig: [
      { ChannelName: 'validation', ContentType: 'application/json', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/pca/validation/' } } },
      { ChannelName: 'train', ContentType: 'text/csv', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/pca/train/' } } },
    ],
    OutputDataConfig: { S3OutputPath: OUTPUT },
    ResourceConfig: { InstanceType: 'ml.m4.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  }));
  // What deploying the job creates: a model whose ModelDataUrl is the job's S3ModelArtifacts.
  await sm.send(new CreateModelCommand({ ModelName: `${ENDPOINT}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: PCA_IMAGE, ModelDataUrl: `${OUTPUT}${JOB}/output/model.tar.gz` } }));
  await sm.send(new CreateEndpointConfigCommand({
    EndpointConfigName: `${ENDPOINT}-config`,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${ENDPOINT}-model`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
  }));
  await sm.send(new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-config` }));
}

/** Queues moto's reply to the next InvokeEndpoint. */
async function queueReply(): Promise<void> {
  const res = await fetch(`${motoUrl()}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    body: JSON.stringify({ region: 'us-east-1', account_id: '123456789012', results: [{ Body: '0.5\n', ContentType: 'text/csv', InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' }] }),
  });
  assert.ok(res.ok, `moto refused the reply: ${res.status}`);
}

describe('Invoke panel: the training channel\'s content type', function () {
  this.timeout(120_000);
  let api: InvokeApi;
  let panel: InvokePanelController | undefined;

  before(async () => {
    api = (await activated() as unknown as { invoke: InvokeApi }).invoke;
  });
  beforeEach(() => resetMoto());
  afterEach(() => panel?.dispose());

  it('an endpoint deployed from a job trained on text/csv starts with text/csv, says why, and sends a JSON-looking body as text/csv', async () => {
    await seedTrainedEndpoint();
    panel = await api.openInvokePanel(ENDPOINT);
    await panel.postFromWebview({ kind: 'ready' });
    const known = await waitFor(() => panel!.posted().find(m => m.kind === 'knownContentType'), 'the panel to be told the training content type', 60_000);
    assert.deepEqual(known, { kind: 'knownContentType', contentType: 'text/csv', why: `the "train" channel of training job ${JOB}` });
    // A form whose field is empty (the host's own rule): the trained type, not what the body looks like.
    await queueReply();
    await resetAwsCalls();
    await panel.postFromWebview({ kind: 'send', request: { contentType: '', accept: '', customAttributes: '', targetVariant: '', targetModel: '', inferenceId: '', body: { type: 'text', text: '[1, 2]' } } });
    assert.ok(panel.lastRendered()?.ok, JSON.stringify(panel.lastRendered()));
    const invocations = await (await fetch(`${proxyUrl()}/__proxy/invocations`)).json() as { headers: Record<string, string> }[];
    assert.deepEqual(invocations.map(i => i.headers['content-type']), ['text/csv']);
  });

  it('an endpoint whose model is not a training job\'s artifacts gets no known type: the body decides', async () => {
    await seedEndpoint('no-job-endpoint');
    panel = await api.openInvokePanel('no-job-endpoint');
    await panel.postFromWebview({ kind: 'ready' });
    assert.equal(await panel.knownContentType(), undefined);
    assert.ok(!panel.posted().some(m => m.kind === 'knownContentType'));
  });
});
