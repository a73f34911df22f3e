import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DescribeTrainingJobCommand, ListTrainingJobsCommand, type DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import { numberLiteralsFromJson } from '../../src/core/estimator/hyperparameters';
import { loadEstimator } from '../../src/core/estimator/load';
import { planEstimator } from '../../src/core/estimator/plan';
import { buildTrainingJobRequest } from '../../src/core/estimator/request';
import { activated, motoClients, resetMoto } from './support';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerRole`;

type Request = Record<string, any>;
const json = (value: unknown): any => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0]!.uri.fsPath;
}

/** The request the estimator file at `file` plans to, with this job name (what the launch sends, name aside). */
function planFile(file: string, jobName: string): Request {
  const text = fs.readFileSync(file, 'utf8');
  const loaded = loadEstimator(text, { fileName: file, env: process.env, workspaceFolder: workspaceFolder(), region: REGION });
  assert.ok(loaded.spec, `${file}: ${JSON.stringify(loaded.diagnostics)}`);
  const planned = planEstimator(text, loaded.spec, { region: REGION, account: ACCOUNT, jobName, baseDir: path.dirname(file) });
  assert.ok(planned.plan, `${file}: ${JSON.stringify(planned.diagnostics)}`);
  return json(planned.plan.request);
}

async function describeJob(name: string): Promise<DescribeTrainingJobResponse> {
  return motoClients().sageMaker().client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
}

/** The fields of DescribeTrainingJob that are the request's, against the plan's. */
function assertJobMatchesPlan(job: DescribeTrainingJobResponse, request: Request, what: string): void {
  assert.equal(job.AlgorithmSpecification?.TrainingImage, request.AlgorithmSpecification.TrainingImage, `${what}: TrainingImage`);
  assert.equal(job.AlgorithmSpecification?.TrainingInputMode, request.AlgorithmSpecification.TrainingInputMode, `${what}: TrainingInputMode`);
  assert.equal(job.AlgorithmSpecification?.EnableSageMakerMetricsTimeSeries, request.AlgorithmSpecification.EnableSageMakerMetricsTimeSeries, `${what}: EnableSageMakerMetricsTimeSeries`);
  assert.equal(job.RoleArn, request.RoleArn, `${what}: RoleArn`);
  for (const field of ['InputDataConfig', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition', 'HyperParameters', 'VpcConfig', 'CheckpointConfig'] as const) {
    assert.deepEqual(json(job[field]), request[field], `${what}: ${field}`);
  }
  for (const flag of ['EnableManagedSpotTraining', 'EnableNetworkIsolation', 'EnableInterContainerTrafficEncryption'] as const) {
    assert.equal(job[flag] ?? false, request[flag] ?? false, `${what}: ${flag}`);
  }
}

/** The request, job name aside; MetricDefinitions are compared on their own (moto writes a canned one when a job has none). */
function comparable(request: Request): Request {
  const { TrainingJobName: _name, ...rest } = json(request);
  if (rest.AlgorithmSpecification) delete rest.AlgorithmSpecification.MetricDefinitions;
  return rest;
}

const RICH = (jobName: string) => `{
  // What moto keeps of a request, with tags (ListTags): every field must come back.
  "image_uri": { "framework": "linear-learner" },
  "role": "${ROLE}",
  "instance_count": 2,
  "instance_type": "ml.m5.xlarge",
  "volume_size": 50,
  "volume_kms_key": "arn:aws:kms:us-east-1:${ACCOUNT}:key/volume-key",
  "max_run": 3600,
  "output_path": "s3://my-output-bucket/linear/",
  "output_kms_key": "arn:aws:kms:us-east-1:${ACCOUNT}:key/output-key",
  "hyperparameters": { "predictor_type": "regressor", "feature_dim": 8, "learning_rate": 0.05, "use_bias": true },
  "tags": [{ "Key": "project", "Value": "round-trip" }, { "Key": "owner", "Value": "tests" }],
  "subnets": ["subnet-0123456789abcdef0"],
  "security_group_ids": ["sg-0123456789abcdef0"],
  "encrypt_inter_container_traffic": true,
  "use_spot_instances": true,
  "max_wait": 7200,
  "checkpoint_s3_uri": "s3://my-output-bucket/checkpoints/",
  "checkpoint_local_path": "/opt/ml/checkpoints",
  "inputs": {
    "train": { "s3_data": "s3://my-data-bucket/train/", "content_type": "text/csv", "distribution": "ShardedByS3Key", "compression": "Gzip", "input_mode": "FastFile", "shuffle_config": { "seed": 3 } },
    "validation": "s3://my-data-bucket/validation/",
    "manifest": { "s3_data": "s3://my-data-bucket/train.manifest", "s3_data_type": "ManifestFile", "content_type": "text/csv" },
    "efs": { "file_system_id": "fs-0123456789abcdef0", "file_system_type": "EFS", "directory_path": "/data", "file_system_access_mode": "rw" }
  },
  "job_name": "${jobName}"
}
`;

describe('Save as estimator.json: round trip against moto', function () {
  this.timeout(300_000);
  before(async () => { await activated(); });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('every example: launch, Save as estimator.json, plan of the saved file is the original request', async () => {
    const examples = path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples');
    for (const example of ['pca', 'linear-learner', 'pca-csv', 'pca-randomized', 'pytorch-cifar10']) {
      await resetMoto();
      const folder = path.join(workspaceFolder(), 'save-as-examples', example);
      fs.cpSync(path.join(examples, example), folder, { recursive: true });
      const original = path.join(folder, 'estimator.json');
      const name = await vscode.commands.executeCommand<string | undefined>('sagemaker.launchTrainingJob', vscode.Uri.file(original));
      assert.ok(name, `${example} did not launch`);

      // From the tree's node for the first, by name for the others.
      let target: unknown = name;
      if (example === 'pca') {
        const summaries = (await motoClients().sageMaker().client.send(new ListTrainingJobsCommand({}))).TrainingJobSummaries ?? [];
        target = { kind: 'resource', resource: summaries.find(s => s.TrainingJobName === name) };
      }
      const savedFile = path.join(workspaceFolder(), 'save-as-saved', example, 'estimator.json');
      const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.saveJobAsEstimator', target, { target: savedFile, open: example === 'pytorch-cifar10' });
      assert.equal(saved?.fsPath, savedFile, `${example}: saved where asked`);
      const text = fs.readFileSync(savedFile, 'utf8');
      assert.ok(!/"job_name"/.test(text.replace(/^\s*\/\/.*$/gm, '')), `${example}: job_name is left out`);

      const fromSaved = planFile(savedFile, name);
      const fromOriginal = planFile(original, name);
      assertJobMatchesPlan(await describeJob(name), fromSaved, example);
      assert.deepEqual(comparable(fromSaved), comparable(fromOriginal), `${example}: the saved file plans to the original request\n${text}`);
      // moto keeps a request's MetricDefinitions (test/fixtures/aws/moto_sm_ext.py): they come back as metric_definitions.
      // Without any it writes a canned one: flagged in the file, not taken as the job's.
      if (fromOriginal.AlgorithmSpecification?.MetricDefinitions) {
        assert.deepEqual(fromSaved.AlgorithmSpecification?.MetricDefinitions, fromOriginal.AlgorithmSpecification.MetricDefinitions, `${example}: the metric definitions come back\n${text}`);
      } else {
        assert.match(text, /AlgorithmSpecification\.MetricDefinitions: /, `${example}: the metric definitions are flagged\n${text}`);
      }
    }
  });

  it('tags (ListTags), VPC, spot, checkpoints, KMS and every channel option come back', async () => {
    await resetMoto();
    const folder = path.join(workspaceFolder(), 'save-as-rich');
    fs.mkdirSync(folder, { recursive: true });
    const original = path.join(folder, 'estimator.json');
    fs.writeFileSync(original, RICH('save-as-rich'));
    const name = await vscode.commands.executeCommand<string | undefined>('sagemaker.launchTrainingJob', vscode.Uri.file(original));
    assert.equal(name, 'save-as-rich');
    const savedFile = path.join(folder, 'saved.estimator.json');
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.saveJobAsEstimator', name, { target: savedFile, open: false });
    assert.ok(saved);
    const text = fs.readFileSync(savedFile, 'utf8');
    const fromSaved = planFile(savedFile, name);
    const fromOriginal = json(buildTrainingJobRequest(loadEstimator(RICH(name), { fileName: original, env: {} }).spec!, {
      region: REGION, account: ACCOUNT, baseDir: folder, numberLiterals: numberLiteralsFromJson(RICH(name)),
    }).request);
    assertJobMatchesPlan(await describeJob(name), fromSaved, 'rich');
    assert.deepEqual(comparable(fromSaved), comparable(fromOriginal), text);
    assert.deepEqual(fromSaved.Tags, [{ Key: 'project', Value: 'round-trip' }, { Key: 'owner', Value: 'tests' }]);
  });

  it('says what failed for a job that does not exist, and writes nothing', async () => {
    await resetMoto();
    const savedFile = path.join(workspaceFolder(), 'save-as-missing', 'estimator.json');
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('sagemaker.saveJobAsEstimator', 'no-such-job', { target: savedFile, open: false });
    assert.equal(saved, undefined);
    assert.equal(fs.existsSync(savedFile), false);
  });
});
