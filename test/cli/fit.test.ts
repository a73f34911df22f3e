import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../unit/tempDir';
import { cli, injectFaults, plannedRequest, resetAll, root, sentRequests, setTransition, startMotoCli, writeJobLogs, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

const EXAMPLES = ['pca', 'linear-learner', 'pca-csv', 'pca-randomized', 'pytorch-cifar10'];

test('fit of each example sends exactly the planned CreateTrainingJob, streams its lines and transitions, exits 0 on Completed', async () => {
  for (const example of EXAMPLES) {
    await resetAll();
    await setTransition('sagemaker::training_job', 3);
    const jobName = `${example}-fit-1`;
    await writeJobLogs(jobName, { 'algo-1': [`${example} epoch 1`, `${example} epoch 2`] });
    const file = `examples/${example}/estimator.json`;
    const { code, stdout, stderr } = await cli(['fit', file, '--job-name', jobName]);
    assert.equal(code, 0, `${example}: ${stderr}`);
    const sent = await sentRequests('SageMaker.CreateTrainingJob');
    assert.deepEqual(sent, [plannedRequest(file, jobName)], example);
    const lines = stdout.split('\n');
    assert.ok(lines.includes(`${example} epoch 1`) && lines.includes(`${example} epoch 2`), `${example}: ${stdout}`);
    assert.match(stdout, /^--- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Starting: Preparing the instances for training$/m);
    assert.match(stdout, /^--- Completed\. Billable \d+ s × 1 instance \(\d+ instance-seconds\)\.$/m);
    assert.equal(stderr.split('\n').filter(line => line === `Training job ${jobName} created`).length, 1, `said once: ${stderr}`);
    assert.doesNotMatch(stderr, /created\./, 'not said twice, in two wordings');
  }
});

test('fit of a 2-instance job prefixes each line with its host, merged in time order', async () => {
  await setTransition('sagemaker::training_job', 3);
  const dir = tempDir('fit-two-');
  const file = path.join(dir, 'estimator.json');
  const spec = JSON.parse(fs.readFileSync(path.join(root, 'examples/pca/estimator.json'), 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...spec, instance_count: 2 }));
  const jobName = 'pca-two-hosts';
  await writeJobLogs(jobName, { 'algo-1': ['a first', 'a second'], 'algo-2': ['b first', 'b second'] });
  const { code, stdout, stderr } = await cli(['fit', file, '--job-name', jobName]);
  assert.equal(code, 0, stderr);
  const lines = stdout.split('\n').filter(l => l.startsWith('[algo-'));
  assert.deepEqual(lines, ['[algo-1] a first', '[algo-1] a second', '[algo-2] b first', '[algo-2] b second']);
  assert.equal((await sentRequests('SageMaker.CreateTrainingJob') as { ResourceConfig: { InstanceCount: number } }[])[0]!.ResourceConfig.InstanceCount, 2);
});

test('fit of a job that fails exits 1 with the failure reason', async () => {
  await setTransition('sagemaker::training_job', 2);
  const dir = tempDir('fit-failed-');
  const file = path.join(dir, 'estimator.json');
  const spec = JSON.parse(fs.readFileSync(path.join(root, 'examples/pca/estimator.json'), 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...spec, tags: [{ Key: 'moto:final-status', Value: 'Failed' }] }));
  const { code, stdout, stderr } = await cli(['fit', file, '--job-name', 'pca-fails']);
  assert.equal(code, 1, stderr);
  assert.match(stdout, /^--- Failed: AlgorithmError: simulated failure/m);
  const json = await cli(['fit', file, '--job-name', 'pca-fails-2', '--json', '--quiet']);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout), {
    TrainingJobName: 'pca-fails-2', TrainingJobStatus: 'Failed', FailureReason: 'AlgorithmError: simulated failure (moto:final-status tag)',
  });
});

test('Ctrl-C during fit asks; "yes" stops the job (exit 1, Stopped), --detach-on-interrupt leaves it running (exit 130)', async () => {
  await setTransition('sagemaker::training_job', 1000);
  const questions: string[] = [];
  let interrupt: (() => void) | undefined;
  const stopping = cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-interrupted'], {
    onInterrupt: handler => { interrupt = handler; return () => { interrupt = undefined; }; },
    ask: async question => { questions.push(question); await setTransition('sagemaker::training_job', 2); return true; },
  });
  await until(async () => interrupt !== undefined && (await sentRequests('SageMaker.CreateTrainingJob')).length === 1);
  await until(async () => (await sentRequests('SageMaker.DescribeTrainingJob')).length > 0);
  interrupt!();
  const stopped = await stopping;
  assert.deepEqual(questions, ['Stop training job pca-interrupted? [y/N] ']);
  assert.equal(stopped.code, 1, stopped.stderr);
  assert.match(stopped.stderr, /Stopping training job pca-interrupted \(Ctrl-C\)/);
  assert.match(stopped.stdout, /^--- Stopped\.( Billable \d+ s × 1 instance \(\d+ instance-seconds\)\.)?$/m);
  assert.equal((await sentRequests('SageMaker.StopTrainingJob')).length, 1);

  await setTransition('sagemaker::training_job', 1000);
  const describedBefore = (await sentRequests('SageMaker.DescribeTrainingJob')).length;
  const detaching = cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-detached', '--detach-on-interrupt'], {
    onInterrupt: handler => { interrupt = handler; return () => { interrupt = undefined; }; },
    ask: async () => { throw new Error('not asked with --detach-on-interrupt'); },
  });
  await until(async () => (await sentRequests('SageMaker.DescribeTrainingJob')).length > describedBefore && interrupt !== undefined);
  interrupt!();
  const detached = await detaching;
  assert.equal(detached.code, 130, detached.stderr);
  assert.match(detached.stderr, /Training job pca-detached is left running\. Follow it again with: sagemaker-estimator logs pca-detached --follow/);
  assert.equal((await sentRequests('SageMaker.StopTrainingJob')).length, 1, 'the detached job was not stopped');
});

test('throttling, 500s and dropped connections during fit --logs lose and repeat no line', async () => {
  await setTransition('sagemaker::training_job', 6);
  const jobName = 'pca-faults';
  const expected = Array.from({ length: 40 }, (_, i) => `line ${i}`);
  await writeJobLogs(jobName, { 'algo-1': expected.slice(0, 20), 'algo-2': expected.slice(20) });
  const op = 'Logs_20140328.FilterLogEvents';
  await injectFaults([
    { operation: op, kind: 'throttle', times: 2 }, { operation: op, kind: 'drop', times: 1 }, { operation: op, kind: '500', times: 2 },
    { operation: 'SageMaker.DescribeTrainingJob', kind: 'throttle', times: 1 }, { operation: 'SageMaker.DescribeTrainingJob', kind: 'drop', times: 1 },
  ]);
  const { code, stdout, stderr } = await cli(['fit', 'examples/pca/estimator.json', '--job-name', jobName]);
  assert.equal(code, 0, stderr);
  const shown = stdout.split('\n').filter(l => /^\[algo-\d\] line \d+$/.test(l)).map(l => l.replace(/^\[algo-\d\] /, ''));
  assert.deepEqual([...shown].sort(), [...expected].sort(), 'every line exactly once');
  assert.equal(new Set(shown).size, shown.length);
});

test('fit --no-wait prints the job name and exits 0 once it is created; --no-logs shows transitions only', async () => {
  const created = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-nowait', '--no-wait']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'pca-nowait\n');
  assert.equal((await sentRequests('SageMaker.DescribeTrainingJob')).length, 0);
  await setTransition('sagemaker::training_job', 3);
  await writeJobLogs('pca-nologs', { 'algo-1': ['not shown'] });
  const quiet = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-nologs', '--no-logs']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stdout, /not shown/);
  assert.match(quiet.stdout, /Starting: Preparing the instances for training\n--- .*Completed: Training job completed\n--- Completed\.( Billable \d+ s × \d+ instances? \(\d+ instance-seconds\)\.)?\n$/);
});

test('fit of a file with problems prints them as file:line:col and sends nothing; AWS refusing is exit 3', async () => {
  const bad = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'x'], { env: { AWS_REGION: 'us-east-1' } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^examples\/pca\/estimator\.json:\d+:\d+: error: .*SAGEMAKER_ROLE/m);
  assert.deepEqual(await sentRequests('SageMaker.CreateTrainingJob'), []);
  await injectFaults([{ operation: 'SageMaker.CreateTrainingJob', kind: 'error', status: 400, type: 'AccessDeniedException', message: 'not authorized to perform sagemaker:CreateTrainingJob' }]);
  const denied = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'denied']);
  assert.equal(denied.code, 3, denied.stderr);
  assert.equal(denied.stderr.trimEnd().split('\n').filter(l => l.startsWith('sagemaker-estimator:')).length, 1);
  assert.match(denied.stderr, /^sagemaker-estimator: .*not authorized/m);
});

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
