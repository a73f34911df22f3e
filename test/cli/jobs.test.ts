import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cli, resetAll, sentRequests, setTransition, startMotoCli, writeJobLogs, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

async function createJob(name: string): Promise<void> {
  const created = await cli(['fit', 'examples/pca/estimator.json', '--job-name', name, '--no-wait', '--quiet']);
  assert.equal(created.code, 0, created.stderr);
}

test('describe prints DescribeTrainingJob as JSON; a job that does not exist is an AWS error (exit 3, one line)', async () => {
  await setTransition('sagemaker::training_job', 1000);
  await createJob('pca-described');
  const { code, stdout } = await cli(['describe', 'pca-described']);
  assert.equal(code, 0);
  const job = JSON.parse(stdout);
  assert.equal(job.TrainingJobName, 'pca-described');
  assert.equal(job.TrainingJobStatus, 'InProgress');
  const missing = await cli(['describe', 'no-such-job']);
  assert.equal(missing.code, 3);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /^sagemaker-estimator: could not describe training job no-such-job: .*Check the name \(`sagemaker-estimator list` lists training jobs\) and --region\.\n$/);
});

test('list filters by status and name, at most --max, as a table or --json', async () => {
  await setTransition('sagemaker::training_job', 1000);
  for (const name of ['list-a-1', 'list-a-2', 'list-b-1']) await createJob(name);
  const table = await cli(['list', '--name-contains', 'list-a', '--status', 'inprogress']);
  assert.equal(table.code, 0, table.stderr);
  assert.deepEqual(table.stdout.trimEnd().split('\n').map(l => l.split(/\s+/).slice(0, 2).join(' ')).sort(), ['list-a-1 InProgress', 'list-a-2 InProgress']);
  const json = await cli(['list', '--max', '1', '--json']);
  assert.equal(JSON.parse(json.stdout).length, 1);
  const none = await cli(['list', '--status', 'Failed']);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /No training jobs match/);
  const bad = await cli(['list', '--status', 'Done']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--status "Done" is not a training job status: use one of InProgress, Completed, Failed, Stopping, Stopped/);
});

test('stop sends StopTrainingJob; wait then follows it to Stopped and exits 1; wait on a Completed job exits 0, and stopping it says it ended already', async () => {
  await setTransition('sagemaker::training_job', 1000);
  await createJob('pca-to-stop');
  const stopped = await cli(['stop', 'pca-to-stop']);
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.deepEqual(await sentRequests('SageMaker.StopTrainingJob'), [{ TrainingJobName: 'pca-to-stop' }]);
  await setTransition('sagemaker::training_job', 2);
  const waited = await cli(['wait', 'pca-to-stop', '--json']);
  assert.equal(waited.code, 1, waited.stderr);
  assert.deepEqual(JSON.parse(waited.stdout), { TrainingJobName: 'pca-to-stop', TrainingJobStatus: 'Stopped', FailureReason: null });
  await setTransition('sagemaker::training_job', 2);
  await createJob('pca-to-wait');
  const completed = await cli(['wait', 'pca-to-wait']);
  assert.equal(completed.code, 0, completed.stderr);
  assert.match(completed.stdout, /--- Completed\.( Billable \d+ s × \d+ instances? \(\d+ instance-seconds\)\.)?\n$/);
  // Ended before the stop came: nothing to stop, said as such (not SageMaker's refusal with advice to retry).
  const again = await cli(['stop', 'pca-to-wait']);
  assert.deepEqual(again, { code: 0, stdout: '', stderr: 'Training job pca-to-wait has ended already (Completed): nothing to stop.\n' });
  const missing = await cli(['stop', 'no-such-job']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^sagemaker-estimator: could not stop training job no-such-job: .*Check the name \(`sagemaker-estimator list` lists training jobs\) and --region\.\n$/);
});

test('logs prints what a job logged (hosts named when several); --follow tails it to the end with its exit code', async () => {
  await setTransition('sagemaker::training_job', 1000);
  await createJob('pca-logged');
  await writeJobLogs('pca-logged', { 'algo-1': ['one', 'two'], 'algo-2': ['three'] });
  const once = await cli(['logs', 'pca-logged']);
  assert.equal(once.code, 0, once.stderr);
  assert.equal(once.stdout, '[algo-1] one\n[algo-1] two\n[algo-2] three\n');
  await setTransition('sagemaker::training_job', 3);
  const followed = await cli(['logs', 'pca-logged', '--follow']);
  assert.equal(followed.code, 0, followed.stderr);
  assert.deepEqual(followed.stdout.split('\n').filter(l => l.startsWith('[algo')), ['[algo-1] one', '[algo-1] two', '[algo-2] three']);
  assert.match(followed.stdout, /--- Completed\.( Billable \d+ s × \d+ instances? \(\d+ instance-seconds\)\.)?\n$/);
});

test('logs --json prints each line as a JSON object (JSON Lines), --quiet the lines alone; followed, the job\'s news goes to stderr or nowhere', async () => {
  await setTransition('sagemaker::training_job', 1000);
  await createJob('pca-json');
  const at = Date.now(); // after the job's creation: a tail starts there
  await writeJobLogs('pca-json', { 'algo-1': ['one', 'two'], 'algo-2': ['{"loss": 0.5}'] }, at);
  const json = await cli(['logs', 'pca-json', '--json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(json.stdout.trimEnd().split('\n').map(line => JSON.parse(line)), [
    { timestamp: at, host: 'algo-1', stream: 'pca-json/algo-1-1764000000', message: 'one' },
    { timestamp: at + 1, host: 'algo-1', stream: 'pca-json/algo-1-1764000000', message: 'two' },
    { timestamp: at + 2, host: 'algo-2', stream: 'pca-json/algo-2-1764000000', message: '{"loss": 0.5}' },
  ]);
  for (const args of [['logs', 'no-such-job', '--quiet'], ['logs', 'no-such-job', '--follow']]) {
    // One error line, followed or not (a follow used to print the tail's stop twice, then the error).
    const none = await cli(args);
    assert.equal(none.code, 3, `${args.join(' ')}: a job that does not exist is an error`);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^sagemaker-estimator: could not describe training job no-such-job: .*Check the name \(`sagemaker-estimator list` lists training jobs\) and --region\.\n$/);
  }
  await createJob('pca-silent');
  assert.deepEqual(await cli(['logs', 'pca-silent', '--quiet']), { code: 0, stdout: '', stderr: '' });

  await setTransition('sagemaker::training_job', 3);
  const followedJson = await cli(['logs', 'pca-json', '--follow', '--json']);
  assert.equal(followedJson.code, 0, followedJson.stderr);
  assert.deepEqual(followedJson.stdout.trimEnd().split('\n').map(line => JSON.parse(line).message), ['one', 'two', '{"loss": 0.5}']);
  assert.match(followedJson.stderr, /--- Completed\./);
  await setTransition('sagemaker::training_job', 3);
  await createJob('pca-quiet-follow');
  await writeJobLogs('pca-quiet-follow', { 'algo-1': ['only this'] });
  const followedQuiet = await cli(['logs', 'pca-quiet-follow', '--follow', '--quiet']);
  assert.deepEqual(followedQuiet, { code: 0, stdout: 'only this\n', stderr: '' });
});

test('logs --endpoint prints an endpoint\'s recent lines, and --follow tails them until Ctrl-C', async () => {
  const logs = moto.clients.logs().client;
  const group = '/aws/sagemaker/Endpoints/my-endpoint';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'AllTraffic/i-0abc' }));
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'AllTraffic/i-0abc', logEvents: [{ message: 'model loaded', timestamp: Date.now() - 1000 }] }));
  const once = await cli(['logs', '--endpoint', 'my-endpoint']);
  assert.equal(once.code, 0, once.stderr);
  assert.equal(once.stdout, 'model loaded\n');
  let interrupt: (() => void) | undefined;
  let stdout = '';
  const following = cli(['logs', '--endpoint', 'my-endpoint', '--follow'], {
    stdout: { write: (t: string) => (stdout += t) },
    onInterrupt: handler => { interrupt = handler; return () => { interrupt = undefined; }; },
  });
  await until(() => stdout.includes('model loaded'));
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'AllTraffic/i-0abc', logEvents: [{ message: 'ping', timestamp: Date.now() }] }));
  await until(() => stdout.includes('ping'));
  interrupt!();
  assert.equal((await following).code, 0);
  assert.equal(stdout.split('\n').filter(l => l === 'model loaded').length, 1);
});

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
