'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { withWorkbench, screenshot, painted, waitUntil, openSageMakerContainer, runCommand } = require('./uiTest');

/** Waits for the QuickInput of a wizard step (its title) to show. */
async function step(page, title, timeout = 120_000) {
  await page.locator(`.quick-input-widget .quick-input-title:has-text("${title}")`).first().waitFor({ timeout });
}

/**
 * New Estimator → PyTorch, its newest version, local mode, the default channels and folder, all by the keyboard. Again
 * from the start when a step did not come (the workbench took the focus on the way: the wizard stays open, as its
 * picks ignore focus loss, but the keys go elsewhere; the palette's command replaces it); no file is written before
 * the last step.
 */
async function walkThroughWizard(page) {
  const walk = async () => {
    await step(page, 'New Estimator (1/6)');
    await page.keyboard.type('PyTorch');
    await page.locator('.quick-input-list .monaco-list-row:has-text("PyTorch")').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await step(page, 'framework version', 30_000);
    await page.keyboard.press('Enter'); // the newest
    // A version with several py versions asks for one; the newest PyTorch has one, so the next step may come at once.
    await page.locator('.quick-input-widget .quick-input-title:has-text("instance type"), .quick-input-widget .quick-input-title:has-text("Python version")').first().waitFor({ timeout: 30_000 });
    if (await page.locator('.quick-input-widget .quick-input-title:has-text("Python version")').count()) await page.keyboard.press('Enter');
    await step(page, 'instance type', 30_000);
    await page.keyboard.type('local');
    await page.locator('.quick-input-list .monaco-list-row:has-text("local mode")').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await step(page, 'channels', 30_000);
    await page.keyboard.press('Enter'); // the channels picked by default (train)
    await step(page, 'folder', 30_000);
    await page.keyboard.press('Enter'); // pytorch-local under the workspace
  };
  await waitUntil(async () => {
    await runCommand(page, 'SageMaker: New Estimator…');
    const walked = await walk().then(() => true, () => false);
    if (!walked) await page.keyboard.press('Escape');
    return walked;
  }, 'the New Estimator wizard walked through', { timeout: 600_000, interval: 250 });
}

const waitForFile = file => waitUntil(() => fs.existsSync(file), `${file} to be written`);

module.exports = {
  async 'New Estimator wizard creates a PyTorch local estimator, driven by the keyboard'() {
    await withWorkbench({}, async ({ page, server }) => {
      await openSageMakerContainer(page); // the extension's contributions are in
      await walkThroughWizard(page);

      const folder = path.join(server.workspace, 'pytorch-local');
      await waitForFile(path.join(folder, 'estimator.json'));
      const text = fs.readFileSync(path.join(folder, 'estimator.json'), 'utf8');
      assert.match(text, /"framework": "pytorch"/);
      assert.match(text, /"instance_type": "local"/);
      assert.match(text, /"entry_point": "train.py"/);
      assert.ok(fs.existsSync(path.join(folder, 'train.py')), 'train.py skeleton');
      assert.ok(fs.statSync(path.join(folder, 'data', 'train')).isDirectory(), 'the local train channel folder');
      // The file opens in the editor, without problems.
      await page.locator('.tabs-container .tab:has-text("estimator.json")').first().waitFor({ timeout: 120_000 });
      await page.locator('.view-lines:has-text("\\"instance_type\\": \\"local\\"")').first().waitFor({ timeout: 120_000 });
      await painted(page);
      await screenshot(page, 'wizard-pytorch-local');
    });
  },

  async 'the getting-started walkthrough opens on its steps'() {
    await withWorkbench({}, async ({ page }) => {
      await openSageMakerContainer(page);
      await runCommand(page, 'SageMaker: Get Started with Estimators');
      await page.locator('.gettingStartedContainer :text("Get started with SageMaker estimators")').first().waitFor({ timeout: 60_000 });
      for (const title of ['Connect to AWS, or choose local mode', 'Create an estimator', 'Preview the request', 'Launch the training job', 'Watch the logs', 'Deploy the model', 'Invoke the endpoint']) {
        await page.locator(`.gettingStartedContainer :text("${title}")`).first().waitFor({ timeout: 120_000 });
      }
      // The step's markdown renders in a webview (nested frames).
      await waitUntil(async () => {
        const texts = await Promise.all(page.frames().map(f => f.evaluate(() => document.body ? document.body.innerText : '').catch(() => '')));
        return texts.some(t => t.includes('No AWS account yet? Local mode'));
      }, 'the walkthrough step\'s markdown to render', { interval: 250 });
      await page.mouse.move(900, 860); // no tooltip in the picture
      await page.locator('.monaco-hover').first().waitFor({ state: 'hidden' });
      await painted(page);
      await screenshot(page, 'walkthrough');
    });
  },
};
