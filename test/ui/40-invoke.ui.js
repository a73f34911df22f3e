'use strict';
// The invoke panel in the real workbench: opened from the palette on a seeded endpoint, a JSON request sent,
// the reply shown in the webview (replies queued in moto), then the history; screenshots of both.
const { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, screenshot, painted, webviewFrame, runCommand } = require('./uiTest');

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const IMAGE = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1';
const ENDPOINT = 'churn-xgboost-endpoint';

async function seed(clients) {
  const sm = clients.sageMaker().client;
  await sm.send(new CreateModelCommand({ ModelName: 'churn-model', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'churn-config',
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'churn-model', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }] }));
  await sm.send(new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: 'churn-config' }));
}

async function queueReplies(motoUrl, results) {
  const res = await fetch(`${motoUrl}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    body: JSON.stringify({ region: 'us-east-1', account_id: '123456789012', results }),
  });
  if (!res.ok) throw new Error(`moto refused the replies: ${res.status}`);
}

/** The frame of the invoke panel's webview. */
const panelFrame = page => webviewFrame(page, ['#send', '#historyList'], 'the invoke panel');

async function typeBody(frame, text) {
  const area = frame.locator('#body textarea');
  await area.click();
  await area.fill(text);
}

module.exports = {
  async 'invoke panel: a JSON reply, then the history'() {
    await withWorkbench({ seed }, async ({ page, moto }) => {
      const cspViolations = [];
      page.on('console', message => { if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) cspViolations.push(message.text()); });
      await queueReplies(moto.url, [
        { Body: JSON.stringify({ predictions: [{ score: 0.9127, predicted_label: 1 }, { score: 0.0834, predicted_label: 0 }] }), ContentType: 'application/json', InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' },
        { Body: '0.9127,1\n0.0834,0\n0.5512,1\n', ContentType: 'text/csv', InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' },
      ]);
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 60_000 });
      await runCommand(page, 'SageMaker: Invoke Endpoint');
      const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${ENDPOINT}")`).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      const frame = await panelFrame(page);
      await frame.locator('#historyEmpty').waitFor({ state: 'visible', timeout: 30_000 });

      await typeBody(frame, JSON.stringify({ instances: [[42, 1, 0, 3, 129.99], [7, 0, 1, 1, 19.5]] }, null, 2));
      await frame.locator('#send').click();
      await frame.locator('#responseText:has-text("predicted_label")').waitFor({ timeout: 30_000 });
      await frame.locator('#responseMeta:has-text("200")').waitFor({ timeout: 10_000 });
      await frame.locator('#responseMeta:has-text("AllTraffic")').waitFor({ timeout: 10_000 });
      await painted(page);
      await screenshot(page, 'invoke-json-response');

      // A CSV request too, so the history holds two entries.
      await frame.locator('#contentType').evaluate(el => { el.value = 'text/csv'; });
      await frame.locator('#accept').evaluate(el => { el.value = 'text/csv'; });
      await typeBody(frame, '42,1,0,3,129.99\n7,0,1,1,19.5\n13,1,1,2,64.0');
      await frame.locator('#send').click();
      await frame.locator('#responseTable table.csv').waitFor({ timeout: 30_000 });
      await frame.locator('#historyList li').nth(1).waitFor({ timeout: 10_000 });
      await frame.locator('#historyList').scrollIntoViewIfNeeded();
      await painted(page);
      await screenshot(page, 'invoke-history');
      const count = await frame.locator('#historyList li').count();
      if (count !== 2) throw new Error(`history shows ${count} entries, not 2`);
      if (cspViolations.length > 0) throw new Error(`Content-Security-Policy violations:\n${cspViolations.join('\n')}`);
    });
  },
};
