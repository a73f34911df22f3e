'use strict';
// Focus order follows the layout, in the job page and the invoke panel: Tab from the top of each webview visits its
// controls top to bottom and, within a row, left to right (their bounding boxes in the page); and the job page's
// actions work from the keyboard.
const { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, webviewFrame, pickFromCommand } = require('./uiTest');
const { editorOnly } = require('./webviewChecks');

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const IMAGE = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1';
const JOB = 'focus-order-job';
const ENDPOINT = 'focus-order-endpoint';

async function seed(clients) {
  const sm = clients.sageMaker().client;
  await sm.send(new CreateTrainingJobCommand({
    TrainingJobName: JOB, RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
    InputDataConfig: [{ ChannelName: 'train', ContentType: 'text/csv', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/pca/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  }));
  await sm.send(new CreateModelCommand({ ModelName: `${ENDPOINT}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: `${ENDPOINT}-config`,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${ENDPOINT}-model`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }] }));
  await sm.send(new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-config` }));
}

/**
 * Tabs through the webview from its top, until the focus comes back to the first control or leaves the page,
 * recording each focused element (its id or text) and its bounding box.
 */
async function focusSequence(page, frame, limit = 60) {
  // Focus the document itself, before its first control.
  await frame.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
  });
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await frame.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || !document.hasFocus()) return undefined;
      const r = el.getBoundingClientRect();
      const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent || '').trim().slice(0, 30)}"`;
      return { name, top: r.top + window.scrollY, left: r.left + window.scrollX, height: r.height, width: r.width };
    });
    if (!now || (seen.length > 0 && now.name === seen[0].name && now.top === seen[0].top)) break;
    seen.push(now);
  }
  return seen;
}

/** Where a step of the Tab order goes back against the reading order (an earlier row, or leftwards within a row). */
function orderProblems(sequence) {
  const problems = [];
  for (let i = 1; i < sequence.length; i++) {
    const a = sequence[i - 1];
    const b = sequence[i];
    if (a.width === 0 || b.width === 0) continue;
    const sameRow = Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2;
    const backwards = sameRow ? b.left < a.left - 1 : b.top < a.top;
    if (backwards) problems.push(`${a.name} (${Math.round(a.left)},${Math.round(a.top)}) → ${b.name} (${Math.round(b.left)},${Math.round(b.top)})`);
  }
  return problems;
}

const describe = sequence => sequence.map(s => s.name).join(' → ');

module.exports = {
  async 'job page and invoke panel: Tab follows the layout; the job page works from the keyboard'() {
    await withWorkbench({ seed }, async ({ page }) => {
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 90_000 });
      const wrong = [];

      await pickFromCommand(page, 'SageMaker: Open Job', JOB);
      const jobPage = await webviewFrame(page, ['#charts', '#timeline'], 'the job page');
      await jobPage.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
      await editorOnly(page);
      const jobOrder = await focusSequence(page, jobPage);
      if (jobOrder.length < 3) wrong.push(`the job page: Tab reaches only ${describe(jobOrder) || 'nothing'}`);
      for (const problem of orderProblems(jobOrder)) wrong.push(`the job page, Tab goes against the layout: ${problem} (order: ${describe(jobOrder)})`);

      // Its actions from the keyboard: Tab to "Show Log", Enter opens the job's log in the panel.
      const showLog = jobOrder.findIndex(s => /Show Log/i.test(s.name) || s.name === '#showLog');
      if (showLog < 0) wrong.push(`the job page: Tab never reaches Show Log (order: ${describe(jobOrder)})`);
      else {
        await focusSequence(page, jobPage, showLog + 1);
        await page.keyboard.press('Enter');
        await page.locator('.part.panel').first().waitFor({ state: 'visible', timeout: 60_000 })
          .catch(() => wrong.push('the job page: Enter on Show Log did not open the log'));
      }

      await pickFromCommand(page, 'SageMaker: Invoke Endpoint', ENDPOINT);
      const panel = await webviewFrame(page, ['#send', '#historyList'], 'the invoke panel');
      await panel.locator('#historyEmpty').waitFor({ state: 'visible', timeout: 120_000 });
      await editorOnly(page);
      const panelOrder = await focusSequence(page, panel);
      if (!panelOrder.some(s => s.name === '#send')) wrong.push(`the invoke panel: Tab never reaches Send (order: ${describe(panelOrder)})`);
      for (const problem of orderProblems(panelOrder)) wrong.push(`the invoke panel, Tab goes against the layout: ${problem} (order: ${describe(panelOrder)})`);

      if (wrong.length > 0) throw new Error(wrong.join('\n'));
      console.log(`    job page Tab order: ${describe(jobOrder)}\n    invoke panel Tab order: ${describe(panelOrder)}`);
    });
  },
};
