'use strict';
// Watched jobs in the real workbench: the eye on a running job's row watches it, the status bar counts it (again after
// Developer: Reload Window), and when moto lets it end Failed the notification says why, with the error lines of its
// log (screenshot of the notification center: the headless workbench files notifications there without raising a toast).
const { CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');
const { withWorkbench, screenshot, painted, waitUntil, runCommand, openSageMakerContainer } = require('./uiTest');

const JOB = 'resnet50-cifar10-2026-12-04-20-41-07-311';
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';

/** moto's training jobs stay InProgress (for an hour) or end at their next read. */
async function jobTransition(motoUrl, transition) {
  const res = await fetch(`${motoUrl}/moto-api/state-manager/set-transition`, {
    method: 'POST', body: JSON.stringify({ model_name: 'sagemaker::training_job', transition }),
  });
  if (!res.ok) throw new Error(`moto set-transition failed: ${res.status} ${await res.text()}`);
}

async function seed(clients) {
  await jobTransition(clients.settings.endpointUrl, { progression: 'time', seconds: 3600 });
  await clients.sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: JOB, RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311', TrainingInputMode: 'File' },
    HyperParameters: { epochs: '60', sagemaker_program: 'train.py' },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-data-123456789012/cifar10/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
    ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
    StoppingCondition: { MaxRuntimeInSeconds: 14400 },
    Tags: [
      { Key: 'moto:final-status', Value: 'Failed' },
      { Key: 'moto:failure-reason', Value: "AlgorithmError: ExecuteUserScriptError: Command \"/opt/conda/bin/python train.py --epochs 60\" ExitCode 1" },
    ],
  }));
  const logs = clients.logs().client;
  const group = '/aws/sagemaker/TrainingJobs';
  const stream = `${JOB}/algo-1-1764880867`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const lines = [
    'epoch 1/60 loss=2.31 val_acc=0.11',
    'epoch 2/60 loss=1.87 val_acc=0.29',
    'Traceback (most recent call last):',
    '  File "/opt/ml/code/train.py", line 88, in <module>',
    'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 22.19 GiB total capacity)',
  ];
  const start = Date.now();
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: lines.map((message, i) => ({ timestamp: start + i * 10, message })) }));
}

module.exports = {
  async 'a watched job that fails: the notification with its reason and error lines'() {
    await withWorkbench({ seed, settings: { 'sagemaker.refreshIntervalSeconds': 2 } }, async ({ page, moto }) => {
      await openSageMakerContainer(page);
      const row = page.locator(`.monaco-list-row:has-text("${JOB}")`).first();
      await row.waitFor({ timeout: 60_000 });
      const eye = row.locator('.action-label[aria-label^="Watch"]').first();
      await waitUntil(async () => {
        await row.hover();
        const clicked = await eye.click({ timeout: 15_000 }).then(() => true, () => false);
        if (!clicked) await page.mouse.move(700, 700);
        return clicked;
      }, 'the Watch action of the row to be clicked', { timeout: 240_000, interval: 250 });
      await row.locator('.action-label[aria-label^="Stop Watching"]').first().waitFor({ state: 'attached', timeout: 60_000 });
      await page.locator('.statusbar-item[aria-label*="1 watched job running"]').first().waitFor({ timeout: 60_000 });
      // The watch list survives a window reload: the reloaded window's extension reads it back from global state
      // (moto keeps the job InProgress for an hour) and the count is 1 again; its end below is announced by that window.
      const reloaded = page.waitForEvent('load', { timeout: 180_000 });
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 180_000 });
      await page.locator('.statusbar-item[aria-label*="1 watched job running"]').first().waitFor({ timeout: 120_000 });
      await jobTransition(moto.url, { progression: 'immediate' });
      // The job ends and leaves the watch list: the count goes from 1 (and the item hides).
      await page.locator('.statusbar-item[aria-label*="1 watched job running"]').first().waitFor({ state: 'detached', timeout: 120_000 });
      // The headless workbench files the notification without raising its toast: it is read in the notification center.
      const item = page.locator(`.notifications-center .notification-list-item:has-text("${JOB} Failed")`).first();
      await waitUntil(async () => {
        if (await item.isVisible().catch(() => false)) return true;
        if (!(await page.locator('.notifications-center.visible').first().isVisible().catch(() => false))) await runCommand(page, 'Notifications: Show Notifications');
        return false;
      }, 'the failure notification in the notification center');
      await item.locator(':text("CUDA out of memory")').first().waitFor({ timeout: 120_000 });
      await item.locator('.monaco-button:has-text("Show Logs")').first().waitFor({ timeout: 120_000 });
      await page.mouse.move(700, 700);
      await painted(page);
      await screenshot(page, 'watch-failure-notification');
    });
  },
};
