// A Docker-compatible engine for the container tests, started like moto: one that already answers is used as is;
// else, as root with Debian's docker.io installed (npm test installs it: setup-container-engine.sh), a private dockerd is started (vfs storage,
// no bridge, no iptables: what works on these machines, see docker-in-ci in shared/) and stopped by its pid.
// Images are made locally (`docker import`), since no registry is reachable.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function info(env) {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { env, encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

async function waitFor(probe, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** Resolves with { env, version, started, stop() }; rejects saying exactly why no engine could be had. */
async function startContainerEngine() {
  const version = info(process.env);
  if (version) return { env: { ...process.env }, version, started: false, stop: async () => {} };
  const dockerd = ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find(p => fs.existsSync(p));
  if (!dockerd) throw new Error('no Docker engine answers ("docker info" fails) and dockerd is not installed: apt-get install docker.io (as root), as npm test does when run as root');
  if (process.getuid && process.getuid() !== 0) throw new Error('no Docker engine answers, and starting dockerd needs root');
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-dockerd-'));
  const sock = path.join(data, 'docker.sock');
  const log = fs.openSync(path.join(data, 'dockerd.log'), 'w');
  const daemon = spawn(dockerd, [
    '--data-root', path.join(data, 'root'), '--exec-root', path.join(data, 'exec'), '--pidfile', path.join(data, 'dockerd.pid'),
    '--storage-driver=vfs', '--iptables=false', '--bridge=none', '--host', `unix://${sock}`,
  ], { stdio: ['ignore', log, log] });
  const env = { ...process.env, DOCKER_HOST: `unix://${sock}` };
  const exited = new Promise(resolve => daemon.on('exit', resolve));
  const stop = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGTERM');
    const timer = setTimeout(() => daemon.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    fs.closeSync(log);
    // dockerd leaves its network namespace mounted under exec/: unmounted before the folder is removed.
    const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map(l => l.split(' ')[1]).filter(m => m && m.startsWith(data));
    for (const mount of mounts.reverse()) spawnSync('umount', ['-l', mount]);
    fs.rmSync(data, { recursive: true, force: true });
  };
  const started = await waitFor(() => info(env), 60_000);
  if (!started) {
    const tail = fs.readFileSync(path.join(data, 'dockerd.log'), 'utf8').trim().split('\n').slice(-5).join(' | ');
    await stop();
    throw new Error(`dockerd did not answer within 60 s: ${tail}`);
  }
  return { env, version: started, started: true, stop };
}

/**
 * A tiny image from this machine's busybox-static (Debian's busybox-static package) plus `files`, copied into
 * /usr/local/bin: the contract's `train` and `serve`. Returns the image name.
 */
function buildBusyboxImage(env, name, filesDir) {
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find(p => fs.existsSync(p));
  if (!busybox) throw new Error('busybox is not installed: apt-get install busybox-static (as root), as npm test does when run as root');
  const rootfs = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-image-'));
  try {
    for (const dir of ['bin', 'tmp', 'usr/local/bin', 'opt/ml']) fs.mkdirSync(path.join(rootfs, dir), { recursive: true });
    fs.copyFileSync(busybox, path.join(rootfs, 'bin/busybox'));
    fs.chmodSync(path.join(rootfs, 'bin/busybox'), 0o755);
    const applets = spawnSync(busybox, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const applet of applets) if (applet !== 'busybox') fs.symlinkSync('busybox', path.join(rootfs, 'bin', applet));
    for (const file of fs.readdirSync(filesDir)) {
      fs.copyFileSync(path.join(filesDir, file), path.join(rootfs, 'usr/local/bin', file));
      fs.chmodSync(path.join(rootfs, 'usr/local/bin', file), 0o755);
    }
    const imported = spawnSync('sh', ['-c', 'tar -C "$1" -c . | docker import -c "ENV PATH=/usr/local/bin:/bin" - "$2"', 'sh', rootfs, name], {
      env, encoding: 'utf8', timeout: 120_000,
    });
    if (imported.status !== 0) throw new Error(`docker import ${name} failed: ${imported.stderr}`);
    return name;
  } finally {
    fs.rmSync(rootfs, { recursive: true, force: true });
  }
}

module.exports = { startContainerEngine, buildBusyboxImage };
