/**
 * A launch (and the request preview) of an estimator that asks for a warm pool names a live pool it cannot reuse:
 * moto_sm_ext.py gives a Completed job with KeepAlivePeriodInSeconds an Available WarmPoolStatus.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { activated, motoClients, recordMessages, resetMoto, waitFor, workspaceFile } from './support';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';


const PCA_WARM = (jobName: string) => JSON.stringify({
  image_uri: { framework: 'pca' }, role: ROLE, instance_count: 1, instance_type: 'ml.m5.xlarge', keep_alive_period_in_seconds: 600,
  hyperparameters: { feature_dim: 4, num_components: 3, mini_batch_size: 200 },
  inputs: { train: { s3_data: 's3://my-data-bucket/pca/train/', content_type: 'text/csv;label_size=0' } }, job_name: jobName,
}, null, 2);

describe('Costs: a live warm pool the next job cannot reuse', function () {
  this.timeout(180_000);
  before(async () => { await activated(); });
  beforeEach(resetMoto);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('the launch confirmation and the request preview name the ml.m5.large pool an ml.m5.xlarge job cannot reuse', async () => {
    const sm = motoClients().sageMaker().client;
    await sm.send(new CreateTrainingJobCommand({
      TrainingJobName: 'old-warm-pool', RoleArn: ROLE,
      AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://my-data-bucket/output' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30, KeepAlivePeriodInSeconds: 1800 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    }));
    assert.equal((await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'old-warm-pool' }))).WarmPoolStatus?.Status, 'Available');

    const uri = workspaceFile('costs-warm-pool/estimator.json', PCA_WARM('warm-pool-declined'));
    await vscode.commands.executeCommand('sagemaker.previewTrainingJobRequest', uri);
    const preview = await waitFor(() => vscode.window.visibleTextEditors.find(e => e.document.uri.scheme === 'sagemaker-request'
      && e.document.getText().includes('Estimated cost')), 'the request preview with its estimate');
    assert.match(preview.document.getText(), /\/\/ {3}Warning: A warm pool this job cannot reuse is still billed: old-warm-pool \(ml\.m5\.large × 1\); this job asks for ml\.m5\.xlarge × 1\./);

    const warnings = recordMessages(['showWarningMessage'], () => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand('sagemaker.launchTrainingJob', uri), undefined);
    } finally {
      warnings.restore();
    }
    const messages = warnings.shown.map(s => s.message);
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0]!, /^SageMaker: warm-pool-declined: A warm pool this job cannot reuse is still billed: old-warm-pool \(ml\.m5\.large × 1\); this job asks for ml\.m5\.xlarge × 1\..* Launch it\?$/);
    assert.deepEqual((await sm.send(new ListTrainingJobsCommand({}))).TrainingJobSummaries?.map(j => j.TrainingJobName), ['old-warm-pool']);
  });
});
