/**
 * `fit` of an estimator that asks for a warm pool looks for live pools (ListTrainingJobs WarmPoolStatusEquals=Available,
 * then DescribeTrainingJob, as moto_sm_ext.py serves them) and warns on stderr, before anything is uploaded or created,
 * about a pool it cannot reuse: another instance type or count.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../unit/tempDir';
import { cli, resetAll, root, ROLE, sentRequests, startMotoCli, type MotoCli } from './motoCli';

let moto: MotoCli;
before(async () => { moto = await startMotoCli(); });
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

/** A Completed job that kept its ml.m5.large instance warm for half an hour (moto completes it on the first read). */
async function completedJobWithWarmPool(jobName: string): Promise<void> {
  const api = moto.clients.sageMaker();
  await api.createTrainingJob({
    TrainingJobName: jobName, RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
    OutputDataConfig: { S3OutputPath: 's3://example-data/output' },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 1800 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  });
  assert.equal((await api.describeTrainingJob({ TrainingJobName: jobName })).WarmPoolStatus?.Status, 'Available');
}

function warmPoolEstimator(instanceType: string): string {
  const estimator = JSON.parse(fs.readFileSync(path.join(root, 'examples/pca/estimator.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(tempDir('fit-warm-pool-'), 'estimator.json');
  fs.writeFileSync(file, JSON.stringify({ ...estimator, instance_type: instanceType, keep_alive_period_in_seconds: 600 }));
  return file;
}

test('fit on ml.m5.xlarge with a warm pool warns, before creating the job, that the live ml.m5.large pool cannot be reused', async () => {
  await completedJobWithWarmPool('old-warm-job');
  const { code, stderr } = await cli(['fit', warmPoolEstimator('ml.m5.xlarge'), '--job-name', 'new-xlarge', '--no-wait']);
  assert.equal(code, 0, stderr);
  const warnings = stderr.split('\n').filter(line => line.startsWith('Warning:'));
  assert.deepEqual(warnings, ['Warning: A warm pool this job cannot reuse is still billed: old-warm-job (ml.m5.large × 1); this job asks for '
    + 'ml.m5.xlarge × 1. Match its instance type and count, or end the pool (UpdateTrainingJob with KeepAlivePeriodInSeconds 0).']);
  assert.ok(stderr.indexOf('Warning:') < stderr.indexOf('Training job new-xlarge created'), stderr);
  assert.deepEqual((await sentRequests('SageMaker.ListTrainingJobs') as { WarmPoolStatusEquals?: string }[]).map(r => r.WarmPoolStatusEquals), ['Available']);
});

test('fit on the pool\'s own instance type and count says nothing about it; without keep_alive no pool is looked up', async () => {
  await completedJobWithWarmPool('old-warm-job');
  const same = await cli(['fit', warmPoolEstimator('ml.m5.large'), '--job-name', 'new-large', '--no-wait']);
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(same.stderr, /Warning:|warm pool/);
  assert.equal((await sentRequests('SageMaker.ListTrainingJobs')).length, 1);
  const noPool = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'no-pool', '--no-wait']);
  assert.equal(noPool.code, 0, noPool.stderr);
  assert.equal((await sentRequests('SageMaker.ListTrainingJobs')).length, 1);
});
