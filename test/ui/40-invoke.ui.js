'use strict';
// The invoke panel in the real workbench: opened from the palette on a seeded endpoint, a JSON request sent,
// the reply shown in the webview (replies queued in moto), then the history; screenshots of both.
const { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, screenshot, painted, waitUntil, webviewFrame, pickFromCommand } = require('./uiTest');
const { widthThemeMatrix, accessibilityProblems, tabThrough } = require('./webviewChecks');

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

async function openPanel(page) {
  await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 60_000 });
  await pickFromCommand(page, 'SageMaker: Invoke Endpoint', ENDPOINT);
  const frame = await panelFrame(page);
  await frame.locator('#historyEmpty').waitFor({ state: 'visible', timeout: 120_000 });
  return frame;
}

/** What the panel says it will send as Content-Type. */
const sentAs = frame => frame.locator('#contentTypeSent').textContent();

/**
 * Empties the field `id` (a native input, or the input inside a vscode-elements field) and types `text` into it
 * key by key, as a user does. Not Ctrl+A: in a webview VS Code runs "select all" on a round trip through the
 * workbench, which can land after the first keys typed.
 */
async function typeOver(page, frame, id, text) {
  const field = frame.locator(`#${id}`);
  const native = await field.evaluate(el => el.tagName === 'INPUT' || el.tagName === 'TEXTAREA');
  await (native ? field : field.locator('input, textarea').first()).fill('');
  await page.keyboard.type(text);
}

/** Every field typed from the keyboard, in the order Tab visits them. */
const TYPED = {
  contentType: 'text/csv', accept: 'text/csv', customAttributes: 'trace=ui-test-7', targetVariant: 'AllTraffic',
  targetModel: 'churn.tar.gz', inferenceId: 'ui-inference-42', body: '42,1,0,3,129.99\n7,0,1,1,19.5',
};

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
      await pickFromCommand(page, 'SageMaker: Invoke Endpoint', ENDPOINT);
      const frame = await panelFrame(page);
      await frame.locator('#historyEmpty').waitFor({ state: 'visible', timeout: 120_000 });

      await typeBody(frame, JSON.stringify({ instances: [[42, 1, 0, 3, 129.99], [7, 0, 1, 1, 19.5]] }, null, 2));
      await frame.locator('#send').click();
      await frame.locator('#responseText:has-text("predicted_label")').waitFor({ timeout: 120_000 });
      await frame.locator('#responseMeta:has-text("200")').waitFor({ timeout: 120_000 });
      await frame.locator('#responseMeta:has-text("AllTraffic")').waitFor({ timeout: 120_000 });
      await painted(page);
      await screenshot(page, 'invoke-json-response');

      // A CSV request too, so the history holds two entries.
      await frame.locator('#contentType').evaluate(el => { el.value = 'text/csv'; });
      await frame.locator('#accept').evaluate(el => { el.value = 'text/csv'; });
      await typeBody(frame, '42,1,0,3,129.99\n7,0,1,1,19.5\n13,1,1,2,64.0');
      await frame.locator('#send').click();
      await frame.locator('#responseTable table.csv').waitFor({ timeout: 120_000 });
      await frame.locator('#historyList li').nth(1).waitFor({ timeout: 120_000 });
      await frame.locator('#historyList').scrollIntoViewIfNeeded();
      await painted(page);
      await screenshot(page, 'invoke-history');
      const count = await frame.locator('#historyList li').count();
      if (count !== 2) throw new Error(`history shows ${count} entries, not 2`);
      if (cspViolations.length > 0) throw new Error(`Content-Security-Policy violations:\n${cspViolations.join('\n')}`);
    });
  },

  async 'invoke panel: every field typed from the keyboard reaches moto as typed'() {
    await withWorkbench({ seed, proxy: true }, async ({ page, moto, proxy }) => {
      await queueReplies(moto.url, [{ Body: '0.9127\n0.0834\n', ContentType: 'text/csv', InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' }]);
      const frame = await openPanel(page);

      // Untouched, the content type follows the body and says so.
      await frame.locator('#body textarea').click();
      await page.keyboard.type('1,2,3\n4,5,6');
      await waitUntil(async () => (await frame.locator('#contentType').inputValue()) === 'text/csv', 'the content type to follow a CSV body', { timeout: 120_000 });
      if (!/Sent as Content-Type: text\/csv \(the body looks like CSV\)/.test(await sentAs(frame))) throw new Error(`the panel says "${await sentAs(frame)}"`);
      await typeOver(page, frame, 'body', '{"instances": [[1, 2]]}');
      await waitUntil(async () => (await frame.locator('#contentType').inputValue()) === 'application/json', 'the content type to follow a JSON body', { timeout: 120_000 });
      await frame.locator('#body textarea').fill('');

      // Each field typed, moving on with Tab (the headers opened from the keyboard), sent with Ctrl+Enter.
      await frame.locator('#contentType').click();
      await typeOver(page, frame, 'contentType', TYPED.contentType);
      await page.keyboard.press('Enter');
      const kept = await frame.locator('#contentType').inputValue();
      if (kept !== TYPED.contentType) throw new Error(`the typed content type did not stick: the field holds "${kept}"`);
      await tabThrough(frame, ['accept']);
      await typeOver(page, frame, 'accept', TYPED.accept);
      await page.keyboard.press('Enter');
      await tabThrough(frame, ['headers']);
      await page.keyboard.press('Enter');
      await frame.locator('#customAttributes').waitFor({ state: 'visible', timeout: 120_000 });
      for (const id of ['customAttributes', 'targetVariant', 'targetModel', 'inferenceId', 'body']) {
        await tabThrough(frame, [id]);
        await typeOver(page, frame, id, TYPED[id]);
      }
      if (!(await sentAs(frame)).includes(`Content-Type: ${TYPED.contentType}`)) throw new Error(`the panel says "${await sentAs(frame)}"`);
      await page.keyboard.press('Control+Enter');
      await frame.locator('#responseTable table.csv').waitFor({ timeout: 60_000 });

      const invocations = await (await fetch(`${proxy.url}/__proxy/invocations`)).json();
      if (invocations.length !== 1) throw new Error(`moto got ${invocations.length} invocations, not 1`);
      const [{ path, headers, body }] = invocations;
      const expected = {
        'content-type': TYPED.contentType, accept: TYPED.accept, 'x-amzn-sagemaker-custom-attributes': TYPED.customAttributes,
        'x-amzn-sagemaker-target-variant': TYPED.targetVariant, 'x-amzn-sagemaker-target-model': TYPED.targetModel,
        'x-amzn-sagemaker-inference-id': TYPED.inferenceId,
      };
      const wrong = Object.entries(expected).filter(([name, value]) => headers[name] !== value).map(([name, value]) => `${name}: ${JSON.stringify(headers[name])}, not ${JSON.stringify(value)}`);
      if (!path.startsWith(`/endpoints/${ENDPOINT}/invocations`)) wrong.push(`path ${path}`);
      if (body !== TYPED.body) wrong.push(`body ${JSON.stringify(body)}, not ${JSON.stringify(TYPED.body)}`);
      if (wrong.length > 0) throw new Error(`the request that reached moto differs from what was typed:\n${wrong.join('\n')}`);

      const problems = await accessibilityProblems(frame);
      if (problems.length > 0) throw new Error(`accessibility of the invoke panel:\n${problems.join('\n')}`);
      await widthThemeMatrix(page, frame, 'invoke-panel');
    });
  },
};
