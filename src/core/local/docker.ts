/** Whether a Docker engine answers on this machine: what local mode needs to run images (built-in algorithms, own containers). */
import { spawn, spawnSync } from 'node:child_process';

export interface DockerProbe {
  answers: boolean;
  /** The server version when it answers; else why not (no docker command, no daemon, ...). */
  detail: string;
}

function describe(status: number | null, error: Error | undefined, stdout: string, stderr: string): DockerProbe {
  if (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { answers: false, detail: code === 'ENOENT' ? 'the docker command is not installed' : code === 'ETIMEDOUT' ? 'docker info did not answer within 3 seconds' : error.message };
  }
  if (status === 0 && stdout.trim()) return { answers: true, detail: `Docker ${stdout.trim()}` };
  const line = stderr.split('\n').map((l) => l.trim()).find(Boolean);
  return { answers: false, detail: line ? `docker info failed: ${line}` : `docker info exited with ${status}` };
}

/** `docker info`, synchronously (at most 3 s): used only for estimators that name nothing but an image. */
export function probeDockerSync(timeoutMs = 3000): DockerProbe {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: timeoutMs });
  return describe(r.status, r.error, r.stdout ?? '', r.stderr ?? '');
}

/** `docker info`, without blocking. */
export function probeDocker(timeoutMs = 3000): Promise<DockerProbe> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ answers: false, detail: `docker info did not answer within ${Math.round(timeoutMs / 1000)} seconds` });
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(describe(null, error, '', ''));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(describe(code, undefined, stdout, stderr));
    });
  });
}
