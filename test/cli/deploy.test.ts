import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ACCOUNT, REGION, cli, injectFaults, resetAll, sentRequests, setTransition, startMotoCli, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

const NOW = '2026-11-25T12:00:00.007Z';

async function completedJob(name: string): Promise<void> {
  const created = await cli(['fit', 'examples/pca/estimator.json', '--job-name', name, '--no-wait', '--quiet']);
  assert.equal(created.code, 0, created.stderr);
}

async function queueReply(body: string, contentType = 'application/json'): Promise<void> {
  const res = await fetch(`${moto.motoUrl}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    body: JSON.stringify({ region: REGION, account_id: ACCOUNT, results: [{ Body: body, ContentType: contentType, InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' }] }),
  });
  assert.ok(res.ok);
}

test('deploy sends exactly what deploy-plan prints, waits for InService, and the endpoint answers invoke with moto\'s queued reply', async () => {
  await completedJob('pca-deployed');
  const options = ['--instance-type', 'ml.m5.large', '--endpoint-name', 'pca-endpoint', '--now', NOW];
  const planned = await cli(['deploy-plan', 'pca-deployed', ...options]);
  assert.equal(planned.code, 0, planned.stderr);
  const plan = JSON.parse(planned.stdout);
  await setTransition('sagemaker::endpoint', 3);
  const deployed = await cli(['deploy', 'pca-deployed', ...options]);
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.equal(deployed.stdout, 'pca-endpoint\n');
  assert.deepEqual(await sentRequests('SageMaker.CreateModel'), [plan.CreateModel]);
  assert.deepEqual(await sentRequests('SageMaker.CreateEndpointConfig'), [plan.CreateEndpointConfig]);
  assert.deepEqual(await sentRequests('SageMaker.CreateEndpoint'), [plan.CreateEndpoint]);
  assert.ok((await sentRequests('SageMaker.DescribeEndpoint')).length >= 3, 'waited through Creating');
  assert.match(deployed.stderr, /Endpoint pca-endpoint is InService/);

  await queueReply('{"projections":[{"projection":[0.1,0.2,0.3]}]}');
  const invoked = await cli(['invoke', 'pca-endpoint', '--content-type', 'text/csv', '--accept', 'application/json', '--body', '1,2,3,4']);
  assert.equal(invoked.code, 0, invoked.stderr);
  assert.equal(invoked.stdout, '{"projections":[{"projection":[0.1,0.2,0.3]}]}\n');
  const stats = await (await fetch(`${moto.proxyUrl}/__proxy/stats`)).json() as Record<string, number>;
  assert.equal(stats['SageMakerRuntime.InvokeEndpoint'], 1);
  // --json: the reply in InvokeEndpoint's names; a body that is not text as base64.
  const invokeJson = ['invoke', 'pca-endpoint', '--content-type', 'text/csv', '--body', '1,2,3,4', '--json'];
  await queueReply('{"projections":[]}');
  const asJson = await cli(invokeJson);
  assert.equal(asJson.code, 0, asJson.stderr);
  assert.deepEqual(JSON.parse(asJson.stdout), { ContentType: 'application/json', InvokedProductionVariant: 'AllTraffic', Body: '{"projections":[]}' });
  await queueReply('NUMPY', 'application/x-npy');
  // Another body: moto answers the same request with the same reply.
  const binary = await cli(invokeJson.map(arg => arg === '1,2,3,4' ? '5,6,7,8' : arg));
  assert.deepEqual(JSON.parse(binary.stdout), { ContentType: 'application/x-npy', InvokedProductionVariant: 'AllTraffic', BodyBase64: Buffer.from('NUMPY').toString('base64') });

  const again = await cli(['deploy', 'pca-deployed', ...options]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /endpoint pca-endpoint exists already \(InService\); nothing was created\. Delete it \(sagemaker-estimator delete-endpoint pca-endpoint\)/);
});

test('deploy --no-wait returns once CreateEndpoint is accepted; --json says what was made', async () => {
  await completedJob('pca-nowait');
  await setTransition('sagemaker::endpoint', 1000);
  const deployed = await cli(['deploy', 'pca-nowait', '--instance-type', 'ml.m5.large', '--endpoint-name', 'pca-nowait-ep', '--now', NOW, '--no-wait', '--json']);
  assert.equal(deployed.code, 0, deployed.stderr);
  const out = JSON.parse(deployed.stdout);
  assert.equal(out.EndpointName, 'pca-nowait-ep');
  assert.equal(out.EndpointStatus, 'Creating');
  assert.equal((await sentRequests('SageMaker.DescribeEndpoint')).length, 1, 'only the look for an existing endpoint');
});

test('invoke of a cloud endpoint: the model\'s own error, the 6 MB limit, a missing endpoint', async () => {
  await injectFaults([{
    operation: 'SageMakerRuntime.InvokeEndpoint', kind: 'error', status: 424, type: 'ModelError', message: 'Received client error (400) from primary',
    fields: { OriginalStatusCode: 400, OriginalMessage: 'Each row needs 4 features', LogStreamArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/ep' },
  }]);
  const modelError = await cli(['invoke', 'ep', '--content-type', 'text/csv', '--body', '1,2']);
  assert.equal(modelError.code, 1);
  assert.equal(modelError.stderr.split('\n').length, 2, modelError.stderr);
  assert.match(modelError.stderr, /^sagemaker-estimator: ModelError: the model answered 400: .* The model said: Each row needs 4 features\. Its logs: arn:aws:logs:.*\/aws\/sagemaker\/Endpoints\/ep/);
  const big = await cli(['invoke', 'ep', '--content-type', 'text/csv', '--body', 'x'.repeat(6 * 1024 * 1024 + 1)]);
  assert.equal(big.code, 1);
  assert.match(big.stderr, /over SageMaker's real-time limit of 6 MB .* Nothing was sent/);
  const stats = await (await fetch(`${moto.proxyUrl}/__proxy/stats`)).json() as Record<string, number>;
  assert.equal(stats['SageMakerRuntime.InvokeEndpoint'], 1, 'the large body was not sent');
  // moto refuses it as SageMaker Runtime does (test/fixtures/aws/moto_sm_ext.py).
  const missing = await cli(['invoke', 'nope', '--content-type', 'text/csv', '--body', '1']);
  assert.equal(missing.code, 3, 'no such endpoint is an AWS error');
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /^sagemaker-estimator: Endpoint not found: .*Endpoint nope of account 123456789012 not found/);
});

test('delete-endpoint deletes the endpoint, and with --delete-model its config and models', async () => {
  await completedJob('pca-deleted');
  for (const name of ['ep-keep-config', 'ep-delete-all']) {
    const deployed = await cli(['deploy', 'pca-deleted', '--instance-type', 'ml.m5.large', '--endpoint-name', name, '--quiet']);
    assert.equal(deployed.code, 0, deployed.stderr);
  }
  const plain = await cli(['delete-endpoint', 'ep-keep-config']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepEqual(await sentRequests('SageMaker.DeleteEndpoint'), [{ EndpointName: 'ep-keep-config' }]);
  assert.deepEqual(await sentRequests('SageMaker.DeleteEndpointConfig'), []);
  const all = await cli(['delete-endpoint', 'ep-delete-all', '--delete-model', '--json']);
  assert.equal(all.code, 0, all.stderr);
  const out = JSON.parse(all.stdout);
  assert.equal(out.EndpointName, 'ep-delete-all');
  assert.deepEqual(await sentRequests('SageMaker.DeleteEndpointConfig'), [{ EndpointConfigName: out.EndpointConfigName }]);
  assert.deepEqual(await sentRequests('SageMaker.DeleteModel'), out.ModelNames.map((ModelName: string) => ({ ModelName })));
  assert.equal(out.ModelNames.length, 1);
  const gone = await cli(['describe', '--endpoint', 'ep-delete-all']);
  assert.equal(gone.code, 3);
  // What to check names endpoints, not `list` (which lists training jobs).
  assert.match(gone.stderr, /^sagemaker-estimator: could not describe endpoint ep-delete-all: .*Check the endpoint's name and --region \(`aws sagemaker list-endpoints` lists them\)\.\n$/);
  const deletedAgain = await cli(['delete-endpoint', 'ep-delete-all']);
  assert.equal(deletedAgain.code, 3);
  assert.doesNotMatch(deletedAgain.stderr, /lists training jobs/);
});

test('logs --endpoint: a name neither SageMaker nor CloudWatch knows is an error (exit 3), followed or not; an endpoint with no lines says why (exit 0)', async () => {
  for (const args of [['logs', '--endpoint', 'no-such-endpoint'], ['logs', '--endpoint', 'no-such-endpoint', '--follow']]) {
    const missing = await cli(args);
    assert.equal(missing.code, 3, `${args.join(' ')}: ${missing.stderr}`);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'sagemaker-estimator: could not read the logs of endpoint no-such-endpoint: SageMaker has no endpoint of that name and '
      + 'nothing was ever logged under /aws/sagemaker/Endpoints/no-such-endpoint. Check the endpoint\'s name and --region (`aws sagemaker list-endpoints` lists them).\n');
  }
  await completedJob('pca-quiet');
  await setTransition('sagemaker::endpoint', 1000);
  const deployed = await cli(['deploy', 'pca-quiet', '--instance-type', 'ml.m5.large', '--endpoint-name', 'quiet-ep', '--now', NOW, '--no-wait', '--quiet']);
  assert.equal(deployed.code, 0, deployed.stderr);
  const quiet = await cli(['logs', '--endpoint', 'quiet-ep']);
  assert.deepEqual(quiet, { code: 0, stdout: '', stderr: 'No log lines for quiet-ep yet: its containers have not written to /aws/sagemaker/Endpoints/quiet-ep.\n' });

  // Lines older than --since (default 10 minutes): the window is what to widen.
  const logs = moto.clients.logs().client;
  const group = '/aws/sagemaker/Endpoints/quiet-ep';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'AllTraffic/i-0abc' }));
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'AllTraffic/i-0abc', logEvents: [{ message: 'model loaded', timestamp: Date.now() - 30 * 60_000 }] }));
  const recent = await cli(['logs', '--endpoint', 'quiet-ep']);
  assert.deepEqual(recent, { code: 0, stdout: '', stderr: `No log lines for quiet-ep in ${group} in the last 10 minutes: --since MINUTES reaches further back.\n` });
  const wider = await cli(['logs', '--endpoint', 'quiet-ep', '--since', '60']);
  assert.deepEqual(wider, { code: 0, stdout: 'model loaded\n', stderr: '' });
});

test('deploy and deploy-plan: no instance type nor serverless is a usage error naming the flags; a job that does not exist says what to check', async () => {
  for (const command of ['deploy-plan', 'deploy']) {
    const nowhere = await cli([command, 'any-job']);
    assert.equal(nowhere.code, 2, nowhere.stderr);
    assert.match(nowhere.stderr, new RegExp(`${command} needs where to serve: --instance-type \\(e\\.g\\. ml\\.m5\\.large, with --instance-count, default 1\\) or --serverless-memory MB`));
  }
  const missing = await cli(['deploy', 'no-such-job', '--instance-type', 'ml.m5.large']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^sagemaker-estimator: could not describe training job no-such-job: .*Check the name \(`sagemaker-estimator list` lists training jobs\) and --region\.\n$/);
  assert.deepEqual(await sentRequests('SageMaker.CreateModel'), [], 'nothing was created');
});
