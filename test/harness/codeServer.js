// Starts a real VS Code (code-server, VS Code 1.139) on loopback and opens its workbench in Debian's headless
// Chromium through playwright-core. Runs under the Node 24 that test/harness/setup-vscode.sh installs.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { freePort, sleep } = require('./ports');
const { makeTempDir, removeTempDir, trackGroup, endGroup, runMarker, endMarkedProcesses } = require('./cleanup');

/** Where a failed run's server log is kept (the server's own folder is removed with it). */
const savedLogs = path.join(__dirname, '../../test-results/logs');

function loadEnvFile() {
  const envFile = path.join(__dirname, '../../.cache/vscode/env.sh');
  if (!process.env.CODE_SERVER && fs.existsSync(envFile)) {
    for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)) process.env[m[1]] = m[2];
  }
  if (!process.env.CODE_SERVER) throw new Error('code-server is not installed: run bash test/harness/setup-vscode.sh');
}

/**
 * @param {{ workspace?: string, settings?: object, env?: object, smokeDriver?: boolean, vsix?: string[], workspaceTrust?: boolean, userDataDir?: string }} options
 *   userDataDir: VS Code's user data (global state and storage) in this folder, which the caller keeps and removes, so
 *   that a second server starts where the first left off; by default a fresh folder, removed with the server.
 *   workspaceTrust: VS Code's workspace trust on, and the workspace not trusted (restricted mode); off by default,
 *   when every folder is trusted.
 *   smokeDriver: VS Code's automation mode, needed for extensionDevelopmentPath/extensionTestsPath payloads
 *   (no notification toasts, dialogs auto-skipped). A .vsix run leaves it off and shows the normal UI.
 */
async function startCodeServer({ workspace, settings = {}, env = {}, smokeDriver = true, vsix = [], workspaceTrust = false, userDataDir } = {}) {
  loadEnvFile();
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  // The user data, extensions, XDG folders, the log and, unless given, the workspace: removed by stop().
  // A short name: VS Code's IPC sockets go in its temp folder ('t'), and a socket's path has at most 107 bytes.
  const tmp = makeTempDir('sm-vsc-');
  const ws = workspace || path.join(tmp, 'ws');
  const ud = userDataDir || path.join(tmp, 'ud');
  for (const dir of [ws, path.join(ud, 'User'), path.join(tmp, 'ext'), path.join(tmp, 'xdg'), path.join(tmp, 't')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(ud, 'User/settings.json'), JSON.stringify({
    'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false, 'workbench.startupEditor': 'none', 'workbench.enableExperiments': false,
    'workbench.tips.enabled': false, 'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'git.enabled': false,
    ...(workspaceTrust ? {
      'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never', 'security.workspace.trust.untrustedFiles': 'open',
    } : {}),
    ...settings,
  }, null, 1));
  const serverEnv = {
    ...process.env, ...env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg'), XDG_DATA_HOME: path.join(tmp, 'xdg'),
    // VS Code, its extensions (TypeScript's server), Node's compile cache and the extension's own temporary files
    // land in the server's folder, removed with it.
    TMPDIR: path.join(tmp, 't'), TMP: path.join(tmp, 't'), TEMP: path.join(tmp, 't'),
    EXTENSIONS_GALLERY: '{}', // no marketplace, so nothing calls outside
    // The extension starts local jobs and endpoints in process groups of their own: stop() finds them by this.
    ...runMarker(tmp),
  };
  const dirs = ['--user-data-dir', ud, '--extensions-dir', path.join(tmp, 'ext')];
  for (const file of vsix) {
    execFileSync(process.execPath, [process.env.CODE_SERVER, ...dirs, '--install-extension', path.resolve(file)], { env: serverEnv, stdio: 'inherit' });
  }
  const args = [process.env.CODE_SERVER, '--bind-addr', host, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    ...(smokeDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []), ...dirs, ws];
  // Its own process group: killing the group also ends the extension host, file watcher and pty host.
  const proc = spawn(process.execPath, args, { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  trackGroup(proc);
  const logFile = path.join(tmp, 'server.log');
  const log = fs.createWriteStream(logFile);
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  const saveLog = name => {
    fs.mkdirSync(savedLogs, { recursive: true });
    const kept = path.join(savedLogs, `${name}-code-server.log`);
    try { fs.copyFileSync(logFile, kept); } catch { /* no log yet */ }
    return kept;
  };
  const stop = async () => {
    await endGroup(proc.pid);
    await endMarkedProcesses(tmp);
    await new Promise(resolve => log.end(resolve));
    removeTempDir(tmp);
  };
  // A busy machine starts it slowly: wait for it to answer (or to exit), within a generous ceiling.
  const deadline = Date.now() + 180_000;
  for (;;) {
    try { await fetch(`http://${host}/healthz`); break; } catch {
      if (Date.now() > deadline || proc.exitCode !== null) {
        const kept = saveLog(`start-${port}`);
        await stop();
        throw new Error(`code-server did not start; see ${kept}`);
      }
      await sleep(100);
    }
  }
  return {
    host, tmp, workspace: ws, logFile,
    remoteUri: p => `vscode-remote://${host}${path.resolve(p)}`,
    /** Copies the server log to test-results/logs (the server's folder goes with stop()); returns the copy's path. */
    saveLog,
    /** Ends the server and every process it started (the extension's local jobs too), then removes its folder. */
    stop,
  };
}

async function openWorkbench(server, { payload, echoConsole = false, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');
  // Playwright's profile and artifacts folders and Chromium's own files (with --disable-dev-shm-usage, its shared
  // memory too) go in the temp folder, and not all are removed when a busy machine closes the browser slowly:
  // they go in a folder of the browser's, removed after it.
  const browserTmp = makeTempDir('sm-chromium-');
  const systemTmp = process.env.TMPDIR;
  process.env.TMPDIR = browserTmp; // os.tmpdir() is read when Playwright makes its folders, during launch
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      env: { ...process.env, TMPDIR: browserTmp },
    });
  } catch (error) {
    removeTempDir(browserTmp);
    throw error;
  } finally {
    if (systemTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = systemTmp;
  }
  const close = async () => {
    await browser.close().catch(() => {});
    removeTempDir(browserTmp);
  };
  try {
    const context = await browser.newContext({ viewport });
    // Waits without an explicit ceiling get a generous one: a busy machine renders the workbench slowly.
    context.setDefaultTimeout(120_000);
    // The browser talks to nothing but our code-server.
    await context.route('**/*', route => {
      const url = new URL(route.request().url());
      return url.host === server.host || url.protocol === 'data:' || url.protocol === 'blob:' ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const exited = new Promise(resolve => { void page.exposeFunction('codeAutomationExit', code => resolve(code)); });
    if (echoConsole) {
      page.on('console', async message => {
        let values;
        try { values = await Promise.all(message.args().map(a => a.jsonValue())); } catch { values = [message.text()]; }
        if (typeof values[0] === 'string' && values[0].startsWith('%c')) values = [values[0].slice(2).trim() + ' ' + util.format(...values.slice(2))];
        const line = util.format(...values);
        if (process.env.VERBOSE || !/^\s*(ERR|WARN)|Failed to load resource|iframe|gallery/.test(line)) console.log(line.replace(/^INFO /, ''));
      });
    }
    const query = new URLSearchParams({ folder: server.workspace });
    if (payload && payload.length) query.set('payload', JSON.stringify(payload));
    await page.goto(`http://${server.host}/?${query}`, { timeout: 180_000 });
    return { browser, page, exited, close };
  } catch (error) {
    await close();
    throw error;
  }
}

module.exports = { startCodeServer, openWorkbench };
