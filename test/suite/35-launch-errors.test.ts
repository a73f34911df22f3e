import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { ListMultipartUploadsCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { activated, injectFaults, motoClients, recordMessages, resetAwsCalls, resetMoto } from './support';

const ESTIMATOR = `{
  "image_uri": { "framework": "pca" },
  "role": "arn:aws:iam::123456789012:role/SageMakerRole",
  "instance_count": 1,
  "instance_type": "ml.p4d.24xlarge",
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },
  "inputs": { "train": "data" },
  "job_name": "launch-error-case"
}
`;

function estimatorWithLocalData(folder: string): vscode.Uri {
  const dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, folder);
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'data', 'train.csv'), '1,2,3,4\n5,6,7,8\n');
  fs.writeFileSync(path.join(dir, 'estimator.json'), ESTIMATOR);
  return vscode.Uri.file(path.join(dir, 'estimator.json'));
}

async function nothingHalfCreated(): Promise<void> {
  const clients = motoClients();
  const jobs = await clients.sageMaker().client.send(new ListTrainingJobsCommand({}));
  assert.deepEqual(jobs.TrainingJobSummaries ?? [], [], 'no training job');
  for (const bucket of (await clients.s3().client.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const uploads = await clients.s3().client.send(new ListMultipartUploadsCommand({ Bucket: bucket.Name! }));
    assert.deepEqual(uploads.Uploads ?? [], [], `no multipart upload left in ${bucket.Name}`);
  }
}

describe('Launch errors end in one message and nothing half-created', () => {
  beforeEach(async () => { await activated(); await resetMoto(); await resetAwsCalls(); });

  for (const [type, status] of [['ResourceLimitExceeded', 400], ['AccessDeniedException', 400], ['ValidationException', 400]] as const) {
    it(`${type} from CreateTrainingJob`, async () => {
      await injectFaults([{ operation: 'SageMaker.CreateTrainingJob', kind: 'error', status, type, message: `injected ${type}` }]);
      const name = await vscode.commands.executeCommand('sagemaker.launchTrainingJob', estimatorWithLocalData(`errors-${type}`));
      assert.equal(name, undefined, 'the launch reports failure');
      await nothingHalfCreated();
    });
  }

  it('no credentials: nothing is sent past the account lookup; the message says the profile is not in the AWS files', async () => {
    const config = vscode.workspace.getConfiguration('sagemaker');
    await config.update('profile', 'no-such-profile', vscode.ConfigurationTarget.Global);
    const errors = recordMessages(['showErrorMessage'], () => undefined);
    try {
      const name = await vscode.commands.executeCommand('sagemaker.launchTrainingJob', estimatorWithLocalData('errors-no-credentials'));
      assert.equal(name, undefined);
      assert.match(errors.shown.map(m => m.message).join('\n'),
        /^SageMaker: cannot launch: The AWS profile "no-such-profile" is in neither the AWS config file nor the credentials file \(.*\)\. Select a profile that is there, or change "sagemaker\.profile"\.$/m);
    } finally {
      errors.restore();
      await config.update('profile', undefined, vscode.ConfigurationTarget.Global);
    }
    await nothingHalfCreated();
    assert.deepEqual((await motoClients().s3().client.send(new ListBucketsCommand({}))).Buckets ?? [], [], 'no bucket made');
  });

  it('an unreachable endpoint (a wrong region or endpoint): nothing created', async () => {
    const config = vscode.workspace.getConfiguration('sagemaker');
    const previous = config.get<string>('endpointUrl');
    await config.update('endpointUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      const name = await vscode.commands.executeCommand('sagemaker.launchTrainingJob', estimatorWithLocalData('errors-unreachable'));
      assert.equal(name, undefined);
    } finally {
      await config.update('endpointUrl', previous, vscode.ConfigurationTarget.Global);
    }
    await nothingHalfCreated();
  });
});
