'use strict';
// The training job page in the real workbench: a completed cloud job (logs seeded in moto) opened from the
// palette, its loss chart drawn by uPlot in the webview; then a local job opened while it runs, its chart growing.
const fs = require('node:fs');
const path = require('node:path');
const { CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');
const { withWorkbench, screenshot, painted, waitUntil, webviewFrame, runCommand, pickFromCommand, openFile } = require('./uiTest');
const { widthThemeMatrix, accessibilityProblems, layoutProblems, setWebviewWidth, editorOnly } = require('./webviewChecks');

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

/** Hides the panel (the log output the tail opened), so the page has the room. */
async function hidePanel(page) {
  await page.keyboard.press('Escape');
  if (await page.locator('.part.panel').first().isVisible().catch(() => false)) await runCommand(page, 'View: Toggle Panel Visibility');
  await page.locator('.part.panel').first().waitFor({ state: 'hidden' });
}

const points = (frame, metric) => frame.locator(`.chart-card[data-metric="${metric}"]`).getAttribute('data-points').then(Number).catch(() => 0);

/** A job with the longest name SageMaker allows, and metrics of few points: one value, three within a millisecond. */
const FEW_JOB = 'xgboost-churn-prediction-hyperparameter-sweep-candidate-0042-ab';

async function seedFewPoints(clients) {
  await clients.sageMaker().client.send(new CreateTrainingJobCommand({
    TrainingJobName: FEW_JOB,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'train:rmse', Regex: 'train-rmse:([0-9.]+)' }, { Name: 'validation:auc', Regex: 'validation-auc:([0-9.]+)' }],
    },
    InputDataConfig: [{ ChannelName: 'train', ContentType: 'text/csv', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://ml-data-123456789012/churn/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  }));
  const logs = clients.logs().client;
  const group = '/aws/sagemaker/TrainingJobs';
  const stream = `${FEW_JOB}/algo-1-1773500000`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const at = Date.now();
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [
    { timestamp: at, message: '[0]#011train-rmse:0.4512' },
    { timestamp: at, message: '[1]#011train-rmse:0.3981' },
    { timestamp: at + 1, message: '[2]#011train-rmse:0.3620' },
    { timestamp: at + 1, message: '[2]#011validation-auc:0.9137' },
  ] }));
}

/** How many lines the text of the frame's element `selector` takes. */
const linesOf = (frame, selector) => frame.locator(selector).evaluate(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
});

/** The x scale of a metric's uPlot, as uPlot holds it. */
const xScaleOf = (frame, metric) => frame.evaluate(name => {
  const chart = /** @type {any} */ (window).jobPage.charts.charts.get(name);
  return chart && chart.plot ? { min: chart.plot.scales.x.min, max: chart.plot.scales.x.max } : undefined;
}, metric);

/** Drags the mouse across the plot of `metric` from `from` to `to` (fractions of its width). */
async function dragSelect(page, frame, metric, from, to) {
  const over = frame.locator(`.chart-card[data-metric="${metric}"] .u-over`);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  if (!box) throw new Error(`the plot of ${metric} is not on screen`);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * (from + to) / 2, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 5 });
  await page.mouse.up();
}

const sameScale = (a, b) => a && b && Math.abs(a.min - b.min) < 1e-9 && Math.abs(a.max - b.max) < 1e-9;

module.exports = {
  async 'job page: drag-select zooms a chart, double-click and the reset button zoom out'() {
    await withWorkbench({ seed }, async ({ page }) => {
      const metric = 'train:loss';
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 60_000 });
      await pickFromCommand(page, 'SageMaker: Open Job', JOB);
      const frame = await pageFrame(page);
      await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await waitUntil(async () => (await points(frame, metric)) >= EPOCHS, `${EPOCHS} points in the loss chart`, { interval: 250 });
      await hidePanel(page);
      const card = frame.locator(`.chart-card[data-metric="${metric}"]`);
      await card.locator('.u-over').waitFor({ timeout: 60_000 });
      // The whole axis: the job's span, drawn from the overview.
      const whole = await waitUntil(() => xScaleOf(frame, metric), 'the loss chart\'s x scale');
      const span = whole.max - whole.min;
      const zoomedIn = async () => {
        const x = await xScaleOf(frame, metric);
        return x && x.min > whole.min + span * 0.1 && x.max < whole.max - span * 0.2 ? x : undefined;
      };

      await dragSelect(page, frame, metric, 0.3, 0.6);
      const zoomed = await waitUntil(zoomedIn, `the x scale to zoom into the dragged range (whole: ${whole.min} to ${whole.max})`, { timeout: 60_000, interval: 250 });
      const reset = card.locator('.chart-reset');
      await reset.waitFor({ state: 'visible', timeout: 30_000 });
      if (await card.getAttribute('data-zoom') === null) throw new Error(`zoomed to ${zoomed.min} to ${zoomed.max}, but the chart does not say it is zoomed`);

      // uPlot's double-click resets to the whole axis (the job's span, not the points' own).
      await card.locator('.u-over').dblclick();
      await waitUntil(async () => sameScale(await xScaleOf(frame, metric), whole), 'a double-click to reset the x scale', { timeout: 60_000, interval: 250 });
      await reset.waitFor({ state: 'hidden', timeout: 30_000 });

      // Zoomed in again, the labelled button resets it, from the keyboard too.
      await dragSelect(page, frame, metric, 0.3, 0.6);
      await waitUntil(zoomedIn, 'the x scale to zoom in again', { timeout: 60_000, interval: 250 });
      await reset.waitFor({ state: 'visible', timeout: 30_000 });
      if (await reset.getAttribute('aria-label') !== `Reset zoom of ${metric}`) throw new Error('the reset button has no label naming its chart');
      await reset.focus();
      await page.keyboard.press('Enter');
      await waitUntil(async () => sameScale(await xScaleOf(frame, metric), whole), 'the reset button to reset the x scale', { timeout: 60_000, interval: 250 });
      await reset.waitFor({ state: 'hidden', timeout: 30_000 });
      if (await card.getAttribute('data-zoom') !== null) throw new Error('reset, the chart still says it is zoomed');
    });
  },

  async 'job page: a completed job with its metric charts'() {
    await withWorkbench({ seed }, async ({ page }) => {
      const cspViolations = [];
      page.on('console', message => { if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) cspViolations.push(message.text()); });
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 60_000 });
      await pickFromCommand(page, 'SageMaker: Open Job', JOB);
      const frame = await pageFrame(page);
      await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await waitUntil(async () => (await points(frame, 'train:loss')) >= EPOCHS, `${EPOCHS} points in the loss chart`, { interval: 250 });
      if ((await points(frame, 'train:loss')) !== EPOCHS) throw new Error(`the loss chart has ${await points(frame, 'train:loss')} points, not ${EPOCHS}`);
      if ((await points(frame, 'validation:accuracy')) !== EPOCHS) throw new Error('the accuracy chart is incomplete');
      await frame.locator('.chart-card[data-metric="train:loss"] canvas').first().waitFor();
      // The throwaway chart drawn while the page waited for its data (ChartSet.warmUp) is gone, and left no card.
      if (await frame.locator('.charts-warm-up').count() !== 0) throw new Error('the warm-up chart is still in the page');
      const cards = await frame.locator('.chart-card').evaluateAll(cards => cards.map(c => c.dataset.metric));
      if (cards.some(name => !name || name === 'warm-up')) throw new Error(`a chart card that is not a metric's: ${JSON.stringify(cards)}`);
      await frame.locator('#finalMetrics').waitFor({ state: 'visible' });
      await hidePanel(page);
      await painted(page);
      await screenshot(page, 'job-page-completed');
      if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
    });
  },

  async 'job page: few points, a long name, every width and theme, accessible'() {
    await withWorkbench({ seed: seedFewPoints }, async ({ page }) => {
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 60_000 });
      await pickFromCommand(page, 'SageMaker: Open Job', FEW_JOB);
      const frame = await pageFrame(page);
      await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await waitUntil(async () => (await points(frame, 'train:rmse')) === 3 && (await points(frame, 'validation:auc')) === 1, 'the 3 + 1 points', { interval: 250 });

      // Every finding is collected, so one run shows all that is wrong.
      const wrong = [];
      // One value is a value, not a chart; three points within a millisecond sit on an axis of at least a second.
      const single = frame.locator('.chart-card[data-metric="validation:auc"]');
      await single.locator('.chart-value:has-text("0.9137")').waitFor({ state: 'visible', timeout: 120_000 })
        .catch(() => wrong.push('the single value of validation:auc is not shown as a value'));
      if (await single.locator('canvas').count() > 0) wrong.push('a single value is drawn as a chart');
      const few = frame.locator('.chart-card[data-metric="train:rmse"]');
      await few.locator('canvas').first().waitFor({ timeout: 120_000 });
      const axis = await few.getAttribute('data-axis');
      const span = Number(await few.getAttribute('data-axis-span'));
      if (axis !== 'elapsed' || !(span >= 1)) wrong.push(`three points within 1 ms got a ${axis} axis of ${span} s`);

      // The long name stays on one line from 320 px up, cut with an ellipsis, whole on hover.
      await editorOnly(page);
      for (const width of [320, 480]) {
        await setWebviewWidth(page, frame, width);
        await painted(page);
        const lines = await linesOf(frame, '#title');
        if (lines !== 1) wrong.push(`at ${width} px the job name takes ${lines} lines`);
        if (await frame.locator('#title').getAttribute('title') !== FEW_JOB) wrong.push('the job name is not whole on hover');
        for (const problem of await layoutProblems(frame)) wrong.push(`at ${width} px: ${problem}`);
      }
      if (wrong.length > 0) throw new Error(`the job page:\n${wrong.join('\n')}`);

      const problems = await accessibilityProblems(frame);
      if (problems.length > 0) throw new Error(`accessibility of the job page:\n${problems.join('\n')}`);
      await widthThemeMatrix(page, frame, 'job-page');
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
      await openFile(page, 'live-local/estimator.json');
      await page.locator('.tab.active:has-text("estimator.json")').first().waitFor();
      await page.locator('.view-lines:has-text("mnist-local-live")').first().waitFor();
      // Again if the palette's Enter landed before the extension host knew the estimator's editor as the active one
      // (the launch then has no estimator to take): as long as no job.json exists, nothing was launched.
      const jobJson = path.join(server.workspace, '.sagemaker/local/mnist-local-live/job.json');
      await waitUntil(async () => {
        if (!fs.existsSync(jobJson)) await runCommand(page, 'SageMaker: Launch Training Job');
        return waitUntil(() => fs.existsSync(jobJson), 'the local job to start', { timeout: 30_000 }).catch(() => false);
      }, 'the local job to start (its job.json)', { timeout: 240_000, interval: 250 });
      await pickFromCommand(page, 'SageMaker: Open Job', 'mnist-local-live');
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
      // The keyboard on a button of the outputs, whose rows are rebuilt when the job ends (its model appears): the
      // focus stays on that button, not thrown back to the page (Tab would start over).
      const copyFolder = frame.locator('#outputs vscode-button[title="Copy job folder"]');
      await copyFolder.waitFor();
      await copyFolder.evaluate(button => button.focus());
      // The job finishes: the page follows it to the end, and no training process outlives the test.
      fs.writeFileSync(finishFile, '');
      await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await frame.locator('#liveBadge').waitFor({ state: 'hidden' });
      await frame.locator('#outputs vscode-button[title="Copy model artifacts"]').waitFor();
      await waitUntil(() => frame.evaluate(() => document.activeElement?.getAttribute('title') === 'Copy job folder'
        && document.activeElement.isConnected), 'the focus to stay on "Copy job folder" once the outputs are redrawn', { interval: 250 });
    });
  },
};
