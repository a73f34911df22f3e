import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployPlanCommand } from '../../../src/cli/deployPlan';
import { tempDir } from '../tempDir';

const job = {
  TrainingJobName: 'pca-2026-11-20-08-00-00-001',
  TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/pca-2026-11-20-08-00-00-001',
  TrainingJobStatus: 'Completed',
  RoleArn: 'arn:aws:iam::111122223333:role/R',
  AlgorithmSpecification: { TrainingImage: '438346466558.dkr.ecr.eu-west-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
  ModelArtifacts: { S3ModelArtifacts: 's3://b/pca/output/model.tar.gz' },
};

async function run(args: string[], files: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = tempDir('deploy-plan-');
  fs.writeFileSync(path.join(cwd, 'job.json'), JSON.stringify(job));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cwd, name), text);
  let stdout = '';
  let stderr = '';
  const code = await deployPlanCommand(args, { stdout: { write: t => (stdout += t) }, stderr: { write: t => (stderr += t) }, env: {}, cwd });
  return { code, stdout, stderr };
}

test('deploy-plan from a saved job description: region and account from its ARN, nothing sent', async () => {
  const { code, stdout, stderr } = await run(['--job-file', 'job.json', '--instance-type', 'ml.m5.large', '--now', '2026-11-25T12:00:00.007Z']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.deepEqual(Object.keys(out), ['CreateModel', 'CreateEndpointConfig', 'CreateEndpoint']);
  assert.equal(out.CreateModel.ModelName, 'pca-2026-11-25-12-00-00-007');
  assert.equal(out.CreateEndpointConfig.ProductionVariants[0].InstanceType, 'ml.m5.large');
  assert.equal(out.CreateEndpointConfig.ProductionVariants[0].InitialInstanceCount, 1);
});

test('deploy-plan: the estimator\'s deploy section, serverless options, and errors', async () => {
  const estimator = JSON.stringify({ image_uri: '438346466558.dkr.ecr.eu-west-1.amazonaws.com/pca:1', role: 'R', instance_count: 1, instance_type: 'ml.m4.xlarge', base_job_name: 'pca-x', deploy: { instance_type: 'ml.c5.large', initial_instance_count: 2, endpoint_name: 'pca-e' } });
  const fromFile = await run(['--job-file', 'job.json', '--estimator', 'estimator.json'], { 'estimator.json': estimator });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const out = JSON.parse(fromFile.stdout);
  assert.equal(out.CreateEndpoint.EndpointName, 'pca-e');
  assert.match(out.CreateModel.ModelName, /^pca-x-/);
  assert.equal(out.CreateEndpointConfig.ProductionVariants[0].InitialInstanceCount, 2);
  const serverless = await run(['--job-file', 'job.json', '--serverless-memory', '1024']);
  assert.deepEqual(JSON.parse(serverless.stdout).CreateEndpointConfig.ProductionVariants[0].ServerlessConfig, { MemorySizeInMB: 1024, MaxConcurrency: 5 });
  // Neither an instance type nor serverless: a usage error naming the flags, before the job is read.
  await assert.rejects(run(['--job-file', 'job.json']), { name: 'UsageError', message: /deploy-plan needs where to serve: --instance-type .* or --serverless-memory MB/ });
  await assert.rejects(run(['--job-file', 'job.json', '--instance-type', 'ml.m5.large', '--now', 'yesterday']), { name: 'UsageError', message: /--now must be a date/ });
  // A usage error: runCli prints it on one line and exits 2.
  await assert.rejects(run([]), { name: 'UsageError', message: /Usage: sagemaker-estimator deploy-plan/ });
});

test('deploy-plan --instance-type local is refused as a usage error that points to serve (no "not built yet")', async () => {
  for (const type of ['local', 'local_gpu']) {
    await assert.rejects(run(['--job-file', 'job.json', '--instance-type', type]), (error: Error) => {
      assert.equal(error.name, 'UsageError');
      assert.match(error.message, new RegExp(`^--instance-type ${type}: deploy-plan plans SageMaker endpoints .*sagemaker-estimator serve <local-job>$`));
      assert.doesNotMatch(error.message, /not built yet/);
      return true;
    });
  }
});
