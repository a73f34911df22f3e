// What every webview of the extension is checked for in the UI tests: each editor width (320, 480, 1000 px) in
// each theme (Dark+, Light+, High Contrast) is screenshot into test-results/screenshots/, and fails when a text
// overflows its box or is squeezed to about one character per line; and an accessibility pass with axe-core,
// injected through the frame's evaluation (the page's Content-Security-Policy stays as strict as it ships).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { screenshot, painted, waitUntil, runCommand, root } = require('./uiTest');

const WIDTHS = [320, 480, 1000];
/** The theme's name in the picker, and the class VS Code puts on a webview's body for its kind. */
const THEMES = [
  { id: 'dark', label: 'Dark+', bodyClass: 'vscode-dark' },
  { id: 'light', label: 'Light+', bodyClass: 'vscode-light' },
  { id: 'hc', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
];

/** Closes the side bar and the panel, so the editor (and the webview in it) has the window's width. */
async function editorOnly(page) {
  await page.keyboard.press('Escape');
  await hidePart(page, '.part.sidebar', 'View: Close Primary Side Bar');
  await hidePart(page, '.part.panel', 'View: Hide Panel');
}

/**
 * Runs `title` until the part is hidden. The palette lists "View: Hide Panel" only while VS Code's own context says
 * the panel is visible, which can lag the part being drawn (a panel still opening): then the row never comes, the
 * palette is closed and the part looked at again. Both commands only hide, so asking twice does no harm.
 */
async function hidePart(page, selector, title) {
  const part = page.locator(selector).first();
  await waitUntil(async () => {
    if (!(await part.isVisible().catch(() => false))) return true;
    const ran = await runCommand(page, title, { rowTimeout: 15_000 }).then(() => true, () => false);
    if (!ran) await page.keyboard.press('Escape');
    return part.waitFor({ state: 'hidden', timeout: 10_000 }).then(() => true, () => false);
  }, `${selector} to be hidden by "${title}"`, { timeout: 180_000, interval: 500 });
}

/** Resizes the window until the webview's own viewport is `width` px wide (the workbench around it takes the rest). */
async function setWebviewWidth(page, frame, width) {
  const inner = () => frame.evaluate(() => window.innerWidth);
  const { height } = page.viewportSize();
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = await inner();
    if (Math.abs(now - width) <= 1) return;
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width + (width - now), height });
    // The workbench lays out again on the resize; the webview follows a frame or more later.
    await waitUntil(async () => (await inner()) !== now, `the webview to resize from ${now} px`, { timeout: 30_000 }).catch(() => undefined);
  }
  const reached = await inner();
  if (Math.abs(reached - width) > 1) throw new Error(`the webview is ${reached} px wide, not ${width} px`);
}

/**
 * Switches the colour theme as a user does, from "Preferences: Color Theme" (typed, not filled: the picker's
 * input takes keys while it loads the list), and waits until the webview has it: its body's theme id changed
 * and its class names the theme's kind.
 */
async function setTheme(page, frame, theme) {
  const themeId = () => frame.evaluate(() => document.body.getAttribute('data-vscode-theme-id'));
  const before = await themeId();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // The palette's first row for this title is "Browse Color Themes in Marketplace": click the command's own row.
  const commandRow = page.locator('.quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme,"]').first();
  // The theme picker itself (not the palette's rows, which may still be on screen while it closes).
  const picker = page.locator('.quick-input-widget .quick-input-box input[placeholder*="Color Theme"]').first();
  const themeRow = page.locator(`.quick-input-list .monaco-list-row.focused:has-text("${theme.label}")`).first();
  // Again from the palette when the palette or the picker closed on the way: an editor or notification taking the
  // focus closes them, and their rows then never show.
  await waitUntil(async () => {
    const picked = await page.keyboard.press('F1')
      .then(() => input.waitFor({ state: 'visible', timeout: 10_000 }))
      .then(() => input.fill('>Preferences: Color Theme', { timeout: 10_000 }))
      .then(() => commandRow.click({ timeout: 60_000 }))
      .then(() => picker.waitFor({ state: 'visible', timeout: 60_000 }))
      .then(() => page.keyboard.type(theme.label))
      .then(() => themeRow.waitFor({ timeout: 60_000 }))
      .then(() => true, () => false);
    if (!picked) await page.keyboard.press('Escape');
    return picked;
  }, `the ${theme.label} theme picked from "Preferences: Color Theme"`, { timeout: 300_000, interval: 250 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 60_000 });
  await waitUntil(async () => ((await themeId()) !== before || before === null)
    && frame.evaluate(cls => document.body.classList.contains(cls), theme.bodyClass), `the ${theme.label} theme in the webview`, { timeout: 60_000 });
}

/**
 * Text that does not fit, measured in the page: an element holding text whose content is wider than its box
 * (`scrollWidth > clientWidth`) unless it is meant to scroll (overflow auto/scroll) or to cut with an ellipsis
 * and show the whole text on hover (a title); and text laid out about one character per line.
 */
function layoutProblems(frame) {
  return frame.evaluate(() => {
    const problems = [];
    const describe = el => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}>`;
    const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    for (const el of document.body.querySelectorAll('*')) {
      const texts = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
      if (texts.length === 0 || !visible(el) || el.closest('[hidden]')) continue;
      const style = getComputedStyle(el);
      const scrolls = /auto|scroll/.test(style.overflowX) || /auto|scroll/.test(style.overflow);
      const ellipsis = style.textOverflow === 'ellipsis' && el.title.trim() !== '';
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !scrolls && !ellipsis) {
        problems.push(`${describe(el)} "${el.textContent.trim().slice(0, 40)}" overflows: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
      }
      for (const text of texts) {
        const characters = text.textContent.replace(/\s/g, '').length;
        if (characters < 4) continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
        if (lines >= 3 && characters / lines < 3) {
          problems.push(`${describe(el)} "${text.textContent.trim().slice(0, 40)}" is squeezed: ${characters} characters on ${lines} lines`);
        }
      }
    }
    return problems;
  });
}

/**
 * Screenshots the webview at every width in every theme (`prepare(frame)` first, e.g. scrolling to what matters)
 * and fails, after taking them all, if any had text overflowing. Leaves the window in Dark+ at 1000 px.
 */
async function widthThemeMatrix(page, frame, name, prepare = async () => {}) {
  await editorOnly(page);
  const failures = [];
  for (const theme of THEMES) {
    await setTheme(page, frame, theme);
    for (const width of WIDTHS) {
      await setWebviewWidth(page, frame, width);
      await prepare(frame);
      await painted(page);
      await screenshot(page, `${name}-${width}px-${theme.id}`);
      for (const problem of await layoutProblems(frame)) failures.push(`${width} px, ${theme.label}: ${problem}`);
    }
  }
  await setTheme(page, frame, THEMES[0]);
  await setWebviewWidth(page, frame, 1000);
  if (failures.length > 0) throw new Error(`text does not fit in ${name}:\n${failures.join('\n')}`);
}

/** axe-core's browser script: from the project's dependencies, else where SAGEMAKER_AXE_PATH points. */
function axeSource() {
  let file;
  try {
    file = require.resolve('axe-core/axe.min.js', { paths: [root] });
  } catch {
    file = process.env.SAGEMAKER_AXE_PATH && path.resolve(process.env.SAGEMAKER_AXE_PATH);
  }
  if (!file || !fs.existsSync(file)) {
    throw new Error('axe-core is not installed: add it to devDependencies (npm i -D axe-core), or set SAGEMAKER_AXE_PATH to its axe.min.js');
  }
  return fs.readFileSync(file, 'utf8');
}

/** Controls of the page, native and vscode-elements, that a user operates. */
const CONTROLS = 'button, input:not([type=hidden]), select, textarea, [role=button], vscode-button, vscode-textfield, vscode-textarea, vscode-single-select, vscode-checkbox, vscode-collapsible';

/**
 * axe-core's rules in the webview (no serious or critical violations), and every visible control named: axe
 * does not see into vscode-elements' custom elements, so their names (text, aria-label, title, a label) are
 * checked here too.
 */
async function accessibilityProblems(frame) {
  // Evaluated as an expression (the automation protocol's own evaluation), not through eval or a script tag: the
  // page's policy forbids both, and it stays as it ships.
  await frame.evaluate(axeSource());
  return frame.evaluate(async controls => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    const problems = result.violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')})`);
    for (const el of document.querySelectorAll(controls)) {
      if (el.getClientRects().length === 0 || el.closest('[hidden]')) continue;
      const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\s+/).map(id => document.getElementById(id)?.textContent || '').join('');
      const label = el.id ? document.querySelector(`label[for="${el.id}"], vscode-label[for="${el.id}"]`)?.textContent || '' : '';
      const name = [el.getAttribute('aria-label'), labelledBy, label, el.getAttribute('title'), el.getAttribute('heading'), el.getAttribute('title'), el.textContent]
        .map(s => (s || '').trim()).find(s => s !== '');
      if (!name) problems.push(`control without a name: <${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}>`);
    }
    return problems;
  }, CONTROLS);
}

/** The id (or tag) of the element of the frame's document that has the keyboard focus (a shadow host for vscode-elements). */
function focusedId(frame) {
  return frame.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || el.tagName.toLowerCase() : '';
  });
}

/**
 * Presses Tab until the focus is on each of `ids` in turn (other stops between them allowed, at most `limit`
 * presses for each): the keyboard reaches them, in this order.
 */
async function tabThrough(frame, ids, limit = 12) {
  const visited = [];
  for (const id of ids) {
    let reached = false;
    for (let i = 0; i < limit && !reached; i++) {
      await frame.page().keyboard.press('Tab');
      const now = await focusedId(frame);
      visited.push(now);
      reached = now === id;
    }
    if (!reached) throw new Error(`Tab never reached #${id} after the ones before it; the focus went through: ${visited.join(' → ')}`);
  }
  return visited;
}

module.exports = { WIDTHS, THEMES, widthThemeMatrix, layoutProblems, accessibilityProblems, tabThrough, focusedId, editorOnly, setWebviewWidth };
