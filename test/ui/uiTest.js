// A tiny harness for UI tests: each test gets a fresh VS Code (code-server) + moto + headless Chromium page.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startCodeServer, openWorkbench } = require('../harness/codeServer');
const { startMoto, FAKE_CREDENTIALS } = require('../harness/moto');
const { startAwsProxy } = require('../harness/awsProxy');
const { makeTempDir, removeTempDir } = require('../harness/cleanup');
const { sleep } = require('../harness/ports');

const root = path.resolve(__dirname, '../..');
// The seeding below and the extension both sign with moto's fake credentials.
Object.assign(process.env, FAKE_CREDENTIALS);
const screenshots = path.join(root, 'test-results/screenshots');

/**
 * Opens the workbench with the extension loaded from this folder (development mode) or from a packaged .vsix.
 * `proxy`: the extension talks to moto through the recording proxy (test/harness/awsProxy.js), given to `body`.
 * `settings`: more user settings (they win over the defaults below).
 * @param {{ vsix?: string, seed?: (clients: object) => Promise<void>, proxy?: boolean, settings?: Record<string, unknown> }} options
 */
async function withWorkbench({ vsix, seed, proxy: viaProxy, settings = {} } = {}, body) {
  let moto, proxy, server, workbench, workspace;
  try {
    moto = await startMoto();
    if (seed) {
      const aws = require(path.join(root, 'dist/aws.js'));
      const clients = aws.createAwsClients({ endpointUrl: moto.url, region: 'us-east-1' });
      try { await seed(clients); } finally { clients.destroy(); }
    }
    if (viaProxy) proxy = await startAwsProxy(moto.url);
    workspace = makeTempDir('sagemaker-ui-ws-');
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    server = await startCodeServer({
      workspace, smokeDriver: !vsix, vsix: vsix ? [vsix] : [],
      settings: { 'sagemaker.endpointUrl': proxy ? proxy.url : moto.url, 'sagemaker.region': 'us-east-1', 'workbench.colorTheme': 'Default Dark Modern', ...settings },
      env: FAKE_CREDENTIALS,
    });
    workbench = await openWorkbench(server, {
      payload: vsix ? [] : [['extensionDevelopmentPath', server.remoteUri(root)]],
    });
    await workbench.page.waitForSelector('.monaco-workbench .activitybar', { timeout: 180_000 });
    return await body({ page: workbench.page, server, moto, proxy });
  } catch (error) {
    const failure = `failure-${Date.now()}`;
    if (workbench) {
      fs.mkdirSync(screenshots, { recursive: true });
      await workbench.page.screenshot({ path: path.join(screenshots, `${failure}.png`) }).catch(() => {});
    }
    if (server) console.log(`    code-server's log: ${server.saveLog(failure)}`);
    throw error;
  } finally {
    // The server first: it ends the extension's local jobs, which write into the workspace.
    if (workbench) await workbench.close();
    if (server) await server.stop();
    if (proxy) proxy.stop();
    if (moto) await moto.stop();
    removeTempDir(workspace);
  }
}

/**
 * Waits until `condition()` returns something truthy (and returns it), polling: for what has no event to wait on
 * (a file written by another process, a count in a webview). The ceiling is generous: a busy machine is slow,
 * and a condition that holds ends the wait at once.
 */
async function waitUntil(condition, what, { timeout = 120_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await sleep(interval);
  }
}

/** The frame of a webview (VS Code nests it in an iframe of an iframe) that holds every one of `selectors`. */
function webviewFrame(page, selectors, what) {
  return waitUntil(async () => {
    for (const frame of page.frames()) {
      try {
        const counts = await Promise.all(selectors.map(selector => frame.locator(selector).count()));
        if (counts.every(n => n > 0)) return frame;
      } catch { /* detached while looking */ }
    }
    return undefined;
  }, what, { interval: 250 });
}

/** Waits until the page has drawn two more frames: what was just changed is on screen (for a screenshot). */
async function painted(page) {
  await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))));
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
  await icon.waitFor({ timeout: 90_000 });
  await icon.click();
  await page.locator('.pane-header:has-text("Training Jobs")').first().waitFor({ timeout: 60_000 });
  await page.locator('.pane-header:has-text("Endpoints")').first().waitFor({ timeout: 60_000 });
}

/**
 * A palette command; asked again when a webview or editor that was still opening took the focus from the palette.
 * `rowTimeout` bounds the wait for the command's row (a command whose precondition is false has none).
 */
async function runCommand(page, title, { rowTimeout = 120_000 } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitUntil(async () => {
    await page.keyboard.press('F1');
    const typed = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(() => input.fill(`>${title}`, { timeout: 10_000 })).then(() => true, () => false);
    if (!typed) await page.keyboard.press('Escape');
    return typed;
  }, `the palette to take "${title}"`, { timeout: 240_000, interval: 250 });
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${title.replace(/"/g, '\\"')}")`).first().waitFor({ timeout: rowTimeout });
  await page.keyboard.press('Enter');
}

/**
 * A palette command that asks for one of a list: the row showing `label` picked from its quick pick (titled `title`,
 * when given), by a click or, with `byKeyboard`, by typing the label and pressing Enter on the row it focuses. Again
 * from the command when the quick pick closed before the pick: an editor, view or notification taking the focus
 * closes it and leaves its rows hidden, and a click on them would wait for ever.
 */
async function pickFromCommand(page, commandTitle, label, { title, byKeyboard = false } = {}) {
  const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${label}")`).first();
  const focusedRow = page.locator(`.quick-input-list .monaco-list-row.focused:has-text("${label}")`).first();
  const titled = title ? page.locator(`.quick-input-widget .quick-input-title:has-text("${title}")`).first() : undefined;
  const pick = byKeyboard
    ? () => page.keyboard.type(label).then(() => focusedRow.waitFor({ timeout: 30_000 })).then(() => page.keyboard.press('Enter'))
    : () => row.click({ timeout: 30_000 });
  await waitUntil(async () => {
    await runCommand(page, commandTitle);
    const picked = await (titled ? titled.waitFor({ timeout: 60_000 }) : Promise.resolve())
      .then(() => row.waitFor({ timeout: 120_000 }))
      .then(pick)
      .then(() => true, () => false);
    if (!picked) await page.keyboard.press('Escape');
    return picked;
  }, `"${label}" picked from ${commandTitle}`, { timeout: 360_000, interval: 250 });
}

/**
 * Quick Open of a workspace file; again when an editor that was still opening took the focus from it, which closes
 * Quick Open and leaves its rows hidden (a click on them would wait for ever).
 */
async function openFile(page, relative) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // The row of that file (its folder shown beside the name), not the first one listed while Quick Open filters.
  const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${path.basename(relative)}"):has-text("${path.dirname(relative)}")`).first();
  await waitUntil(async () => {
    await page.keyboard.press('Control+P');
    const opened = await input.waitFor({ state: 'visible', timeout: 10_000 })
      .then(() => input.fill(relative, { timeout: 10_000 }))
      .then(() => row.click({ timeout: 30_000 }))
      .then(() => true, () => false);
    if (!opened) await page.keyboard.press('Escape');
    return opened;
  }, `Quick Open to open ${relative}`, { timeout: 240_000, interval: 250 });
  await page.locator(`.breadcrumbs-control :text("${path.dirname(relative)}")`).first().waitFor({ timeout: 120_000 });
}

module.exports = { withWorkbench, screenshot, painted, waitUntil, webviewFrame, openSageMakerContainer, runCommand, pickFromCommand, openFile, root };
