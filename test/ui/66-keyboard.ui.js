'use strict';
// Every control of the job page and of the invoke panel works from the keyboard alone: each is reached with Tab from
// the top of its webview (no mouse), used with Enter or Space, and does what it does with the mouse; the focus stays
// where the user is (on the control, or its neighbour when it went away) instead of falling back to the page's top.
// The job page's controls are listed from the page itself, so one added later without a keyboard check fails here.
const { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, waitUntil, webviewFrame, runCommand, pickFromCommand } = require('./uiTest');
const { editorOnly, accessibilityProblems } = require('./webviewChecks');

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const IMAGE = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1';
const JOB = 'keyboard-job';
const ENDPOINT = 'keyboard-endpoint';

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

async function queueReplies(motoUrl, results) {
  const res = await fetch(`${motoUrl}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST', body: JSON.stringify({ region: 'us-east-1', account_id: '123456789012', results }),
  });
  if (!res.ok) throw new Error(`moto refused the replies: ${res.status}`);
}

const proxyPost = (proxy, route, body) => fetch(`${proxy.url}/__proxy/${route}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const describeCalls = async proxy => (await (await fetch(`${proxy.url}/__proxy/requests?operation=SageMaker.DescribeTrainingJob`)).json()).length;

/** The focused control of the webview as the tests name it: `#id`, else its label and the table row it sits in. */
function focusedName(frame) {
  return frame.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || !document.hasFocus()) return undefined;
    if (el.id) return `#${el.id}`;
    const label = el.getAttribute('aria-label') || el.getAttribute('title') || (el.textContent || '').trim();
    const rowKey = el.closest('tr')?.querySelector('th')?.textContent?.trim();
    const item = el.closest('[data-id]') ? `history item ${[...el.closest('ol').children].indexOf(el.closest('[data-id]'))}` : undefined;
    return `${label}${rowKey ? ` (${rowKey})` : ''}${item ? ` (${item})` : ''}`;
  });
}

/** Gives the keyboard back to the webview as a keyboard user does (the palette), when a dialog or panel kept it. */
async function focusWebview(page, frame) {
  const focused = () => frame.evaluate(() => document.hasFocus()).catch(() => false);
  // The command can run before the webview is ready to take the keyboard (seen under load): asked again until it has it.
  await waitUntil(async () => {
    if (await focused()) return true;
    const ran = await runCommand(page, 'View: Focus Active Editor Group', { rowTimeout: 15_000 }).then(() => true, () => false);
    if (!ran) await page.keyboard.press('Escape');
    return waitUntil(focused, 'the webview to have the keyboard', { timeout: 15_000, interval: 250 }).catch(() => false);
  }, 'the webview to take the keyboard back from "View: Focus Active Editor Group"', { timeout: 240_000, interval: 500 });
}

/** From the top of the webview, Tab until the control named `name` has the focus (at most `limit` presses). */
async function tabTo(page, frame, name, limit = 80) {
  await focusWebview(page, frame);
  await frame.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
  });
  const visited = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focusedName(frame);
    if (now === name) return;
    visited.push(now ?? '(outside the page)');
    if (now === undefined || (visited.length > 1 && now === visited[0])) break;
  }
  throw new Error(`Tab never reaches ${name}; it goes ${visited.join(' → ')}`);
}

/** Every control Tab reaches in the webview, in order, from its top. */
async function tabSequence(page, frame, limit = 80) {
  await focusWebview(page, frame);
  await frame.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
  });
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focusedName(frame);
    if (now === undefined || seen.includes(now)) break;
    seen.push(now);
  }
  return seen;
}

const textOf = (frame, selector) => frame.locator(selector).textContent().catch(() => '');

/** The workbench's "open the external website?" dialog (or a new browser page) for `host`; dismissed with Escape. */
async function externalLinkOffered(page, host) {
  const pages = page.context().pages().length;
  const dialog = page.locator(`.monaco-dialog-box:has-text("${host}")`).first();
  await waitUntil(async () => (await dialog.isVisible().catch(() => false)) || page.context().pages().length > pages, `an offer to open ${host}`);
  if (page.context().pages().length > pages) {
    for (const extra of page.context().pages().slice(pages)) await extra.close();
  } else {
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 120_000 });
  }
}

/** What each job page control does, checked after it was pressed with `key`; false when the name is not known. */
function jobPageCheck(name) {
  if (name === '#refresh') {
    return {
      key: 'Enter', async check({ frame, proxy, before }) {
        await waitUntil(async () => (await describeCalls(proxy)) > before.describes, 'Refresh to describe the job again');
        await waitUntil(async () => (await focusedName(frame)) === '#refresh', 'the focus to stay on Refresh once the job is described')
          .catch(async error => { throw new Error(`${error.message}; it is on ${(await focusedName(frame)) ?? 'nothing in the page'}`); });
      },
    };
  }
  if (name === '#copyName') return { key: ' ', check: ({ frame }) => waitUntil(async () => (await textOf(frame, '#notice')).includes(`Copied ${JOB}`), 'the page to say the name was copied') };
  // Each row's Copy button is named after what it copies ("Copy ARN (ARN)"), not all just "Copy".
  if (/^Copy (model artifacts|output data|output path|job folder|ARN|image|framework) \(/.test(name)) return { key: 'Enter', check: ({ frame }) => waitUntil(async () => /Copied \S/.test(await textOf(frame, '#notice')), `${name} to copy`) };
  if (name === '#openConsole' || /^Open in the AWS console/.test(name)) return { key: 'Enter', check: ({ page }) => externalLinkOffered(page, 'console.aws.amazon.com') };
  if (/^Open in the S3 console/.test(name)) return { key: ' ', check: ({ page }) => externalLinkOffered(page, 's3') };
  if (name === '#showLog') return { key: 'Enter', check: ({ page }) => page.locator('.part.panel').first().waitFor({ state: 'visible', timeout: 120_000 }) };
  return undefined;
}

async function jobPageFromKeyboard(page, proxy) {
  await pickFromCommand(page, 'SageMaker: Open Job', JOB, { byKeyboard: true });
  const frame = await webviewFrame(page, ['#charts', '#timeline'], 'the job page');
  await frame.locator('body[data-status="Completed"]').waitFor({ timeout: 120_000 });
  await editorOnly(page);
  const controls = await tabSequence(page, frame);
  const unknown = controls.filter(name => !jobPageCheck(name));
  if (unknown.length > 0) throw new Error(`the job page has controls this test does not drive from the keyboard: ${unknown.join(', ')} (Tab order: ${controls.join(' → ')})`);
  // Show Log last: it moves the keyboard to the panel.
  const ordered = [...controls.filter(n => n !== '#showLog'), ...controls.filter(n => n === '#showLog')];
  for (const name of ordered) {
    const { key, check } = jobPageCheck(name);
    const before = { describes: await describeCalls(proxy) };
    await frame.locator('#notice').evaluate(el => { el.textContent = ''; });
    await tabTo(page, frame, name);
    await page.keyboard.press(key);
    await check({ page, frame, proxy, before }).catch(error => { throw new Error(`the job page's ${name} by ${key === ' ' ? 'Space' : key}: ${error.message}`); });
  }
  return controls;
}

async function invokePanelFromKeyboard(page, moto, proxy) {
  await queueReplies(moto.url, ['0.25', '0.5', '0.75'].map(value => ({ Body: JSON.stringify({ predictions: [{ score: Number(value) }] }), ContentType: 'application/json', InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' })));
  await pickFromCommand(page, 'SageMaker: Invoke Endpoint', ENDPOINT, { byKeyboard: true });
  const frame = await webviewFrame(page, ['#send', '#historyList'], 'the invoke panel');
  await frame.locator('#historyEmpty').waitFor({ state: 'visible', timeout: 120_000 });
  await editorOnly(page);
  const used = [];
  const step = async (name, key, check, what) => {
    await tabTo(page, frame, name);
    await page.keyboard.press(key);
    await check().catch(error => { throw new Error(`the invoke panel's ${name} by ${key === ' ' ? 'Space' : key} (${what}): ${error.message}`); });
    used.push(name);
  };
  const bodyValue = () => frame.locator('#body').evaluate(el => el.value);

  // The body typed, then Format.
  await tabTo(page, frame, '#body');
  await page.keyboard.type('{"instances": [[1, 2]]}');
  await step('#formatBody', ' ', () => waitUntil(async () => (await bodyValue()).includes('\n'), 'the body to be pretty-printed'), 'pretty-prints the JSON');
  // The headers section opens with Space as with Enter (a disclosure button), and closes again.
  await step('#headers', ' ', () => frame.locator('#customAttributes').waitFor({ state: 'visible', timeout: 120_000 }), 'opens the headers');
  await step('#headers', 'Enter', () => frame.locator('#customAttributes').waitFor({ state: 'hidden', timeout: 120_000 }), 'closes the headers');
  // Load file opens the workbench's file dialog; Escape backs out of it and the button works again.
  await step('#loadFile', 'Enter', () => page.locator('.quick-input-widget, .monaco-dialog-box').first().waitFor({ state: 'visible', timeout: 120_000 }), 'opens the file dialog');
  await page.keyboard.press('Escape');
  await waitUntil(() => frame.locator('#loadFile').evaluate(el => !el.hasAttribute('disabled')), 'Load file to come back after the dialog');
  // Send, and the focus stays on Send once the reply is in.
  await step('#send', 'Enter', async () => {
    await frame.locator('#responseText:has-text("0.25")').waitFor({ timeout: 120_000 });
    await waitUntil(async () => (await focusedName(frame)) === '#send', 'the focus to stay on Send once the reply is in');
  }, 'sends');
  await step('#copyResponse', 'Enter', () => waitUntil(async () => (await textOf(frame, '#notice')).includes('Reply copied'), 'the panel to say the reply was copied'), 'copies the reply');
  const tabs = await page.locator('.tab').count();
  await step('#openResponse', ' ', () => waitUntil(async () => (await page.locator('.tab').count()) > tabs, 'the reply to open in an editor'), 'opens the reply');
  // An untitled document: closed without its "save the changes?" question.
  await runCommand(page, 'View: Revert and Close Editor');
  await waitUntil(async () => (await page.locator('.tab').count()) === tabs, 'the reply editor to close');
  await editorOnly(page);
  await step('#saveResponse', 'Enter', () => page.locator('.quick-input-widget, .monaco-dialog-box').first().waitFor({ state: 'visible', timeout: 120_000 }), 'opens the save dialog');
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 120_000 });

  // The history item's buttons: Resend sends it again, and the focus stays on that item's Resend.
  const items = () => frame.locator('#historyList li').count();
  await step('Resend (history item 0)', 'Enter', async () => {
    await waitUntil(async () => (await items()) === 2, 'a second history entry');
    await waitUntil(async () => (await focusedName(frame))?.startsWith('Resend (history item'), 'the focus to stay on a Resend button');
  }, 'resends');
  // Edit puts the request back into the form.
  await tabTo(page, frame, '#body');
  await page.keyboard.type('{"changed": true}');
  await step('Put this request back into the form (history item 0)', ' ', () => waitUntil(async () => (await bodyValue()).includes('"instances"') && !(await bodyValue()).includes('changed'), 'the body of the request back'), 'restores the request');
  // Remove takes the entry out; the focus goes to the next entry's Remove, not to the page's top.
  await step('Remove from history (history item 0)', 'Enter', async () => {
    await waitUntil(async () => (await items()) === 1, 'one history entry left');
    await waitUntil(async () => (await focusedName(frame)) === 'Remove from history (history item 0)', "the focus on the remaining entry's Remove");
  }, 'removes the entry');

  // Cancel: the request held on its way to moto, Cancel pressed while it waits.
  await proxyPost(proxy, 'faults', [{ operation: 'SageMakerRuntime.InvokeEndpoint', kind: 'hold' }]);
  try {
    await tabTo(page, frame, '#send');
    await page.keyboard.press('Control+Enter');
    await frame.locator('#cancel').waitFor({ state: 'visible', timeout: 120_000 });
    await step('#cancel', 'Enter', () => frame.locator('#cancel').waitFor({ state: 'hidden', timeout: 120_000 }), 'cancels the request');
  } finally {
    await proxyPost(proxy, 'release');
    await proxyPost(proxy, 'reset');
  }
  await step('#clearHistory', 'Enter', () => frame.locator('#historyEmpty').waitFor({ state: 'visible', timeout: 120_000 }), 'clears the history');

  // Every control Tab reaches now was driven above (the fields are typed into by test/ui/40-invoke.ui.js).
  const typedFields = ['#contentType', '#accept', '#customAttributes', '#targetVariant', '#targetModel', '#inferenceId', '#body'];
  const controls = await tabSequence(page, frame);
  const undriven = controls.filter(name => !used.includes(name) && !typedFields.includes(name));
  if (undriven.length > 0) throw new Error(`the invoke panel has controls this test does not drive from the keyboard: ${undriven.join(', ')}`);
  const problems = await accessibilityProblems(frame);
  if (problems.length > 0) throw new Error(`accessibility of the invoke panel:\n${problems.join('\n')}`);
  return used;
}

module.exports = {
  async 'job page and invoke panel: every control works from the keyboard alone'() {
    await withWorkbench({ seed, proxy: true }, async ({ page, moto, proxy }) => {
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 120_000 });
      const jobControls = await jobPageFromKeyboard(page, proxy);
      const panelControls = await invokePanelFromKeyboard(page, moto, proxy);
      console.log(`    job page, each used from the keyboard: ${jobControls.join(', ')}\n    invoke panel: ${panelControls.join(', ')}`);
    });
  },
};
