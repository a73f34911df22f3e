'use strict';
// The training job page in the real workbench: a completed cloud job (logs seeded in moto) opened from the
// palette, its loss chart drawn by uPlot in the webview; then a local job opened while it runs, its chart growing.
const fs = require('node:fs');
const path = require('node:path');
const { CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');
const { withWorkbench, screenshot, painted, waitUntil, webviewFrame, runCommand } = require('./uiTest');

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const JOB = 'resnet50-cifar10-2026-03-14';
const EPOCHS = 60;

const lossAt = i => Number((2.3 * Math.exp(-i / 14) + 0.08 + 0.03 * Math.sin(i * 1.7)).toFixed(4));
const accAt = i => Number((1 - 0.9 * Math.exp(-i / 12) - 0.02 * Math.cos(i * 1.3)).toFixed(4));

async function seed(clients) {
  await clients.sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: JOB,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311', TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'train:loss', Regex: 'loss=([0-9.]+)' }, { Name: 'validation:accuracy', Regex: 'val_acc=([0-9.]+)' }],
    },
    HyperParameters: { epochs: String(EPOCHS), 'batch-size': '128', lr: '0.05', sagemaker_program: 'train.py' },
    InputDataConfig: [
      { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-data-123456789012/cifar10/train/' } } },
      { ChannelName: 'test', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-data-123456789012/cifar10/test/' } } },
    ],
    OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
    ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
    StoppingCondition: { MaxRuntimeInSeconds: 14400, MaxWaitTimeInSeconds: 21600 },
    EnableManagedSpotTraining: true,
    CheckpointConfig: { S3Uri: 's3://sagemaker-us-east-1-123456789012/checkpoints/resnet50/' },
  }));
  const logs = clients.logs().client;
  const group = '/aws/sagemaker/TrainingJobs';
  const stream = `${JOB}/algo-1-1773500000`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const start = Date.now() - EPOCHS * 1000;
  const events = [{ timestamp: start - 500, message: 'Invoking script with the following command: /opt/conda/bin/python train.py --epochs 60' }];
  for (let i = 0; i < EPOCHS; i++) events.push({ timestamp: start + i * 1000, message: `epoch ${i + 1}/${EPOCHS} loss=${lossAt(i)} val_acc=${accAt(i)}` });
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
}

/** The frame of the job page's webview. */
const pageFrame = page => webviewFrame(page, ['#charts', '#timeline'], 'the job page');

async function openJobFromPalette(page, label) {
  await runCommand(page, 'SageMaker: Open Job');
  const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${label}")`).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
}

/** Hides the panel (the log output the tail opened), so the page has the room. */
async function hidePanel(page) {
  await page.keyboard.press('Escape');
  if (await page.locator('.part.panel').first().isVisible().catch(() => false)) await runCommand(page, 'View: Toggle Panel Visibility');
  await page.locator('.part.panel').first().waitFor({ state: 'hidden' });
}

const points = (frame, metric) => frame.locator(`.chart-card[data-metric="${metric}"]`).getAttribute('data-points').then(Number).catch(() => 0);

module.exports = {
  async 'job page: a completed job with its metric charts'() {
    await withWorkbench({ seed }, async ({ page }) => {
      const cspViolations = [];
      page.on('console', message => { if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) cspViolations.push(message.text()); });
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 60_000 });
      await openJobFromPalette(page, JOB);
      const frame = await pageFrame(page);
      await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await waitUntil(async () => (await points(frame, 'train:loss')) >= EPOCHS, `${EPOCHS} points in the loss chart`, { interval: 250 });
      if ((await points(frame, 'train:loss')) !== EPOCHS) throw new Error(`the loss chart has ${await points(frame, 'train:loss')} points, not ${EPOCHS}`);
      if ((await points(frame, 'validation:accuracy')) !== EPOCHS) throw new Error('the accuracy chart is incomplete');
      await frame.locator('.chart-card[data-metric="train:loss"] canvas').first().waitFor();
      await frame.locator('#finalMetrics').waitFor({ state: 'visible' });
      await hidePanel(page);
      await painted(page);
      await screenshot(page, 'job-page-completed');
      if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
    });
  },

  async 'job page: a running local job with a live chart'() {
    await withWorkbench({}, async ({ page, server }) => {
      const dir = path.join(server.workspace, 'live-local');
      // The job runs until the test has seen what it wants (then it writes this file), however slow the machine:
      // a job of a fixed length could end before a busy machine shows its page. The step count is only a ceiling.
      const finishFile = path.join(server.workspace, 'live-local-finish');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'train.py'), [
        'import math, os, time',
        `FINISH = ${JSON.stringify(finishFile)}`,
        'step = 0',
        'while not os.path.exists(FINISH) and step < 6000:',
        '    loss = 2.0 * math.exp(-step / 60) + 0.1 + 0.05 * math.sin(step / 3)',
        '    print("step %d loss=%.4f" % (step, loss), flush=True)',
        '    step += 1',
        '    time.sleep(0.1)',
        'open(os.path.join(os.environ["SM_MODEL_DIR"], "model.txt"), "w").write("ok")',
      ].join('\n'));
      fs.writeFileSync(path.join(dir, 'estimator.json'), JSON.stringify({
        framework: 'pytorch', framework_version: '2.3', py_version: 'py311', entry_point: 'train.py', instance_type: 'local', instance_count: 1,
        job_name: 'mnist-local-live', hyperparameters: { epochs: 4, lr: 0.01 },
        metric_definitions: [{ Name: 'train:loss', Regex: 'loss=([0-9.]+)' }],
      }, null, 2));
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 90_000 });
      // Open the estimator, launch it (local mode), then open its page.
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill('live-local/estimator.json');
      await page.locator('.quick-input-list .monaco-list-row:has-text("estimator.json")').first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tab:has-text("estimator.json")').first().waitFor();
      await runCommand(page, 'SageMaker: Launch Training Job');
      const jobJson = path.join(server.workspace, '.sagemaker/local/mnist-local-live/job.json');
      await waitUntil(() => fs.existsSync(jobJson), 'the local job to start (its job.json)');
      await openJobFromPalette(page, 'mnist-local-live');
      const frame = await pageFrame(page);
      await frame.locator('body[data-status="InProgress"]').waitFor({ timeout: 120_000 });
      await frame.locator('#liveBadge').waitFor({ state: 'visible' });
      const before = await waitUntil(async () => {
        const n = await points(frame, 'train:loss');
        return n >= 20 ? n : 0;
      }, '20 points in the live chart', { interval: 250 });
      await waitUntil(async () => (await points(frame, 'train:loss')) > before, `the live chart to grow past ${before} points`, { interval: 250 });
      await hidePanel(page);
      await painted(page);
      await screenshot(page, 'job-page-local-live');
      // The job finishes: the page follows it to the end, and no training process outlives the test.
      fs.writeFileSync(finishFile, '');
      await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await frame.locator('#liveBadge').waitFor({ state: 'hidden' });
    });
  },
};
