// A tiny harness for UI tests: each test gets a fresh VS Code (code-server) + moto + headless Chromium page.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startCodeServer, openWorkbench } = require('../harness/codeServer');
const { startMoto, FAKE_CREDENTIALS } = require('../harness/moto');

const root = path.resolve(__dirname, '../..');
// The seeding below and the extension both sign with moto's fake credentials.
Object.assign(process.env, FAKE_CREDENTIALS);
const screenshots = path.join(root, 'test-results/screenshots');

/**
 * Opens the workbench with the extension loaded from this folder (development mode) or from a packaged .vsix.
 * @param {{ vsix?: string, seed?: (clients: object) => Promise<void> }} options
 */
async function withWorkbench({ vsix, seed } = {}, body) {
  let moto, server, workbench;
  try {
    moto = await startMoto();
    if (seed) {
      const aws = require(path.join(root, 'dist/aws.js'));
      const clients = aws.createAwsClients({ endpointUrl: moto.url, region: 'us-east-1' });
      try { await seed(clients); } finally { clients.destroy(); }
    }
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-ui-ws-'));
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    server = await startCodeServer({
      workspace, smokeDriver: !vsix, vsix: vsix ? [vsix] : [],
      settings: { 'sagemaker.endpointUrl': moto.url, 'sagemaker.region': 'us-east-1', 'workbench.colorTheme': 'Default Dark Modern' },
      env: FAKE_CREDENTIALS,
    });
    workbench = await openWorkbench(server, {
      payload: vsix ? [] : [['extensionDevelopmentPath', server.remoteUri(root)]],
    });
    await workbench.page.waitForSelector('.monaco-workbench .activitybar', { timeout: 90_000 });
    return await body({ page: workbench.page, server, moto });
  } catch (error) {
    if (workbench) {
      fs.mkdirSync(screenshots, { recursive: true });
      await workbench.page.screenshot({ path: path.join(screenshots, `failure-${Date.now()}.png`) }).catch(() => {});
    }
    throw error;
  } finally {
    if (workbench) await workbench.close();
    if (server) server.stop();
    if (moto) moto.stop();
  }
}

async function screenshot(page, name) {
  fs.mkdirSync(screenshots, { recursive: true });
  const file = path.join(screenshots, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Opens the SageMaker container from the activity bar and waits for both views. */
async function openSageMakerContainer(page) {
  const icon = page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first();
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();
  await page.locator('.pane-header:has-text("Training Jobs")').first().waitFor({ timeout: 30_000 });
  await page.locator('.pane-header:has-text("Endpoints")').first().waitFor({ timeout: 30_000 });
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${title.replace(/"/g, '\\"')}")`).first().waitFor();
  await page.keyboard.press('Enter');
}

module.exports = { withWorkbench, screenshot, openSageMakerContainer, runCommand, root };
