'use strict';
// The whole local-mode loop as a new user walks it, from the palette: connect (pick a region), create (the New
// Estimator wizard), preview, launch locally, watch (its job page), deploy locally, invoke; VS Code's own walkthrough
// page then shows all 7 steps checked. VS Code creates its walkthroughs service (and so its onContext/onCommand
// listeners) only when something first asks for it: the first steps run before the page was ever opened, the page
// is looked at once midway (Connect, Create and Preview checked), and the rest run after, as a user goes back and forth.
const fs = require('node:fs');
const path = require('node:path');
const { withWorkbench, screenshot, painted, waitUntil, webviewFrame, openSageMakerContainer, runCommand: command, pickFromCommand, openFile, root } = require('./uiTest');

async function quickInputTitled(page, title) {
  await page.locator(`.quick-input-widget .quick-input-title:has-text("${title}")`).first().waitFor({ timeout: 60_000 });
}

async function newEstimatorFromWizard(page, server) {
  await command(page, 'SageMaker: New Estimator…');
  await quickInputTitled(page, 'New Estimator (1/6)');
  await page.keyboard.type('PyTorch');
  await page.locator('.quick-input-list .monaco-list-row:has-text("PyTorch")').first().waitFor({ timeout: 120_000 });
  await page.keyboard.press('Enter');
  await quickInputTitled(page, 'framework version');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title:has-text("instance type"), .quick-input-widget .quick-input-title:has-text("Python version")').first().waitFor({ timeout: 120_000 });
  if (await page.locator('.quick-input-widget .quick-input-title:has-text("Python version")').count()) await page.keyboard.press('Enter');
  await quickInputTitled(page, 'instance type');
  await page.keyboard.type('local');
  await page.locator('.quick-input-list .monaco-list-row:has-text("local mode")').first().waitFor({ timeout: 120_000 });
  await page.keyboard.press('Enter');
  await quickInputTitled(page, 'channels');
  await page.keyboard.press('Enter');
  await quickInputTitled(page, 'folder');
  await page.keyboard.press('Enter');
  const estimator = path.join(server.workspace, 'pytorch-local', 'estimator.json');
  await waitUntil(() => fs.existsSync(estimator), `${estimator} to be written`);
  await page.locator('.view-lines:has-text("\\"instance_type\\": \\"local\\"")').first().waitFor({ timeout: 120_000 });
}

/** The walkthrough's steps as VS Code shows them: each step's check (`data-done-step-id`), marked `complete` when done. */
function walkthroughSteps(page) {
  return page.evaluate(() => {
    const checks = [...document.querySelectorAll('.gettingStartedContainer [data-done-step-id]')];
    const ids = [...new Set(checks.map(c => c.getAttribute('data-done-step-id')))];
    const done = ids.filter(id => checks.some(c => c.getAttribute('data-done-step-id') === id && c.classList.contains('complete')));
    return { total: ids.length, complete: done.length, notDone: ids.filter(id => !done.includes(id)) };
  });
}

const stepId = step => `sagemaker-estimator.sagemaker-estimator#sagemaker.gettingStarted#sagemaker.${step}`;

/** VS Code's walkthrough page, opened from the palette; its steps once `expected` are checked and the others are not. */
async function walkthroughShows(page, expected, what) {
  await command(page, 'SageMaker: Get Started with Estimators');
  await page.locator('.gettingStartedContainer :text("Get started with SageMaker estimators")').first().waitFor({ timeout: 60_000 });
  const ids = expected.map(stepId);
  await waitUntil(async () => {
    const steps = await walkthroughSteps(page);
    return steps.total === 7 && steps.complete === ids.length && ids.every(id => !steps.notDone.includes(id)) ? steps : undefined;
  }, `the walkthrough to show ${what}`, { timeout: 60_000, interval: 250 }).catch(async error => {
    throw new Error(`${error.message}: VS Code shows ${JSON.stringify(await walkthroughSteps(page))}`);
  });
}

/** The local job folders (.sagemaker/local/<job>/job.json) and their status. */
function localJobs(workspace) {
  const dir = path.join(workspace, '.sagemaker/local');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, 'job.json')))
    .map(name => ({ name, status: JSON.parse(fs.readFileSync(path.join(dir, name, 'job.json'), 'utf8')).TrainingJobStatus }));
}

module.exports = {
  async 'the walkthrough shows 7/7 after the whole loop in local mode, whichever steps ran before its page existed'() {
    await withWorkbench({}, async ({ page, server }) => {
      fs.cpSync(path.join(root, 'examples/pca-local'), path.join(server.workspace, 'walk'), { recursive: true });
      await openSageMakerContainer(page);
      // Connect: the region picked from the palette, before anything asked for VS Code's walkthroughs service.
      await pickFromCommand(page, 'SageMaker: Select AWS Region', 'us-east-1', { title: 'SageMaker: AWS Region' });
      await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 60_000 });
      await newEstimatorFromWizard(page, server);
      await openFile(page, 'walk/estimator.json');
      // Again if the palette's Enter landed before the editor had the focus (the preview then does not open).
      await waitUntil(async () => {
        await command(page, 'SageMaker: Preview Training Job Request');
        return page.locator('.tab:has-text("CreateTrainingJob")').first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
      }, 'the preview of the request to open', { timeout: 240_000, interval: 250 });
      await walkthroughShows(page, ['connect', 'create', 'preview'], 'Connect, Create and Preview complete (3/7)');

      // Launch: the estimator's editor again, then Launch Training Job (local mode trains on this machine).
      await openFile(page, 'walk/estimator.json');
      await waitUntil(async () => {
        if (localJobs(server.workspace).length === 0) await command(page, 'SageMaker: Launch Training Job');
        return waitUntil(() => localJobs(server.workspace).length > 0, 'the local job to start', { timeout: 20_000 }).catch(() => false);
      }, 'the local training job to start (its job.json)', { timeout: 180_000, interval: 250 });
      const [job] = localJobs(server.workspace);
      // Watch: its page (status, log-fed metrics), picked from Open Job while it runs.
      await pickFromCommand(page, 'SageMaker: Open Job', job.name, { title: 'Open Job' });
      await webviewFrame(page, ['#charts', '#timeline'], 'the job page');
      await waitUntil(() => localJobs(server.workspace).find(j => j.name === job.name && j.status !== 'InProgress'), `the local job ${job.name} to end`, { timeout: 300_000, interval: 500 });
      const ended = localJobs(server.workspace).find(j => j.name === job.name);
      if (ended.status !== 'Completed') throw new Error(`the local job ${job.name} ended ${ended.status}`);
      // Deploy: the completed job picked in Deploy Model; the local endpoint comes up.
      await pickFromCommand(page, 'SageMaker: Deploy Model', job.name, { title: 'Deploy' });
      // The headless workbench files the InService notification without raising its toast: the Endpoints view lists it.
      const endpoints = page.locator('.pane', { has: page.locator('.pane-header:has-text("Endpoints")') });
      await endpoints.locator(`.monaco-list-row:has-text("${job.name}")`).first().waitFor({ timeout: 180_000 });
      // Invoke: the local endpoint picked in Invoke Endpoint; its panel opens.
      await pickFromCommand(page, 'SageMaker: Invoke Endpoint', job.name, { title: 'Invoke Endpoint' });
      await webviewFrame(page, ['#send', '#historyList'], 'the invoke panel');

      await walkthroughShows(page, ['connect', 'create', 'preview', 'launch', 'logs', 'deploy', 'invoke'], 'all 7 steps complete (7/7)');
      await page.mouse.move(900, 860);
      await painted(page);
      await screenshot(page, 'walkthrough-7-of-7');
    });
  },
};
