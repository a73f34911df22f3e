'use strict';
// VS Code's own walkthrough page checks the steps done before it was first opened in the window: New Estimator and
// Preview from the palette, then "Get Started with Estimators" shows "Create" and "Preview" complete. VS Code
// creates its walkthroughs service (and so its onContext/onCommand listeners) only when something first asks for
// it, so the test opens the page only after the steps, as a new user does.
const fs = require('node:fs');
const path = require('node:path');
const { withWorkbench, screenshot, painted, waitUntil, openSageMakerContainer, runCommand: command, root } = require('./uiTest');

async function quickInputTitled(page, title) {
  await page.locator(`.quick-input-widget .quick-input-title:has-text("${title}")`).first().waitFor({ timeout: 60_000 });
}

/** Quick Open of a workspace file; again when an editor that was still opening took the focus from it. */
async function openFile(page, relative) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitUntil(async () => {
    await page.keyboard.press('Control+P');
    const opened = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(() => input.fill(relative, { timeout: 10_000 })).then(() => true, () => false);
    if (!opened) await page.keyboard.press('Escape');
    return opened;
  }, 'Quick Open to take the file name', { timeout: 60_000, interval: 250 });
  // The row of that file (its folder shown beside the name), not the first one listed while Quick Open filters.
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${path.basename(relative)}"):has-text("${path.dirname(relative)}")`).first().click({ timeout: 30_000 });
  await page.locator(`.breadcrumbs-control :text("${path.dirname(relative)}")`).first().waitFor({ timeout: 30_000 });
}

async function newEstimatorFromWizard(page, server) {
  await command(page, 'SageMaker: New Estimator…');
  await quickInputTitled(page, 'New Estimator (1/6)');
  await page.keyboard.type('PyTorch');
  await page.locator('.quick-input-list .monaco-list-row:has-text("PyTorch")').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await quickInputTitled(page, 'framework version');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title:has-text("instance type"), .quick-input-widget .quick-input-title:has-text("Python version")').first().waitFor({ timeout: 30_000 });
  if (await page.locator('.quick-input-widget .quick-input-title:has-text("Python version")').count()) await page.keyboard.press('Enter');
  await quickInputTitled(page, 'instance type');
  await page.keyboard.type('local');
  await page.locator('.quick-input-list .monaco-list-row:has-text("local mode")').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await quickInputTitled(page, 'channels');
  await page.keyboard.press('Enter');
  await quickInputTitled(page, 'folder');
  await page.keyboard.press('Enter');
  const estimator = path.join(server.workspace, 'pytorch-local', 'estimator.json');
  await waitUntil(() => fs.existsSync(estimator), `${estimator} to be written`);
  await page.locator('.view-lines:has-text("\\"instance_type\\": \\"local\\"")').first().waitFor({ timeout: 30_000 });
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

module.exports = {
  async 'the walkthrough page checks the steps done before it was opened (create, preview)'() {
    await withWorkbench({}, async ({ page, server }) => {
      fs.cpSync(path.join(root, 'examples/pca-local'), path.join(server.workspace, 'walk'), { recursive: true });
      await openSageMakerContainer(page);
      await newEstimatorFromWizard(page, server);
      await openFile(page, 'walk/estimator.json');
      // Again if the palette's Enter landed before the editor had the focus (the preview then does not open).
      await waitUntil(async () => {
        await command(page, 'SageMaker: Preview Training Job Request');
        return page.locator('.tab:has-text("CreateTrainingJob")').first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
      }, 'the preview of the request to open', { timeout: 120_000, interval: 250 });

      await command(page, 'SageMaker: Get Started with Estimators');
      await page.locator('.gettingStartedContainer :text("Get started with SageMaker estimators")').first().waitFor({ timeout: 60_000 });
      const expected = [stepId('create'), stepId('preview')];
      await waitUntil(async () => {
        const steps = await walkthroughSteps(page);
        return steps.total === 7 && steps.complete === 2 && expected.every(id => !steps.notDone.includes(id)) ? steps : undefined;
      }, 'the walkthrough to show Create and Preview complete (2/7)', { timeout: 60_000, interval: 250 }).catch(async error => {
        throw new Error(`${error.message}: VS Code shows ${JSON.stringify(await walkthroughSteps(page))}`);
      });
      await page.mouse.move(900, 860);
      await painted(page);
      await screenshot(page, 'walkthrough-create-preview-done');
    });
  },
};
