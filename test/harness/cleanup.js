// What the harness makes outside its own process: temporary folders and process groups (moto, code-server, and
// what they start). Each is removed or ended when the test is done, and, as a last resort, when this process
// exits, even on Ctrl-C or a CI time-out's SIGTERM, so a run leaves nothing in the temp folder and no servers.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sleep } = require('./ports');

const folders = new Set();
const groups = new Set();
const markers = new Set();
/** Processes started (directly or not) by the servers of this run carry this variable: see endMarkedProcesses. */
const RUN_MARKER = 'SAGEMAKER_TEST_RUN';

/** A fresh folder under the temp folder, removed by removeTempDir or, at the latest, when this process exits. */
function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

function removeTempDir(dir) {
  if (!dir) return;
  folders.delete(dir);
  // Retries: a process that was just ended may still be closing files in it.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

const groupAlive = pid => {
  try { process.kill(-pid, 0); return true; } catch (error) { return error.code === 'EPERM'; }
};
const signalGroup = (pid, signal) => { try { process.kill(-pid, signal); } catch { /* already gone */ } };

/** Remembers a detached child (a process group leader) so that it is ended when this process exits. */
function trackGroup(child) {
  groups.add(child.pid);
  child.once('exit', () => { if (!groupAlive(child.pid)) groups.delete(child.pid); });
}

/**
 * Ends a process group: SIGTERM, then waits until every member is gone, then SIGKILL for what a busy machine
 * did not finish in graceMs.
 */
async function endGroup(pid, graceMs = 10_000) {
  if (!pid) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  while (groupAlive(pid)) await sleep(50); // SIGKILL cannot be refused: this ends
  groups.delete(pid);
}

/**
 * The processes that carry `RUN_MARKER=<marker>` in their environment: what the extension started in its own
 * process group (a local training job, a local endpoint) outlives the server's group. Linux only (reads /proc).
 */
function markedProcesses(marker) {
  if (process.platform !== 'linux') return [];
  const wanted = `${RUN_MARKER}=${marker}`;
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(wanted)) found.push(pid);
    } catch { /* gone, or not ours */ }
  }
  return found;
}

/** Marks the processes of a server (see markedProcesses); returns the environment entries to give it. */
function runMarker(marker) {
  markers.add(marker);
  return { [RUN_MARKER]: marker };
}

async function endMarkedProcesses(marker, graceMs = 10_000) {
  const kill = (signal) => { for (const pid of markedProcesses(marker)) try { process.kill(pid, signal); } catch { /* gone */ } };
  kill('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (markedProcesses(marker).length && Date.now() < deadline) await sleep(50);
  kill('SIGKILL');
  markers.delete(marker);
}

/** The last resort, synchronous: what was not ended or removed in the normal way. */
function cleanUpNow() {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
  groups.clear();
  for (const marker of markers) for (const pid of markedProcesses(marker)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  markers.clear();
  for (const dir of folders) {
    try { fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort at exit */ }
  }
  folders.clear();
}

process.on('exit', cleanUpNow);
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, () => { cleanUpNow(); process.exit(128 + number); });
}

module.exports = { makeTempDir, removeTempDir, trackGroup, endGroup, runMarker, markedProcesses, endMarkedProcesses };
