/**
 * Whether a Docker-compatible engine answers on this machine (docker, else podman): what local mode needs to run
 * images (built-in algorithms, own containers).
 */
import { spawnSync } from 'node:child_process';
import { findContainerEngine } from './container';

export interface DockerProbe {
  answers: boolean;
  /** The engine's command that answered (`docker` or `podman`); the first one asked when none did. */
  command: string;
  /** The server version when it answers; else why not (no docker command, no daemon, ...). */
  detail: string;
}

function describe(status: number | null, error: Error | undefined, stdout: string, stderr: string, command = 'docker'): DockerProbe {
  if (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? `the ${command} command is not installed` : code === 'ETIMEDOUT' ? `${command} info did not answer within 3 seconds` : error.message;
    return { answers: false, command, detail };
  }
  if (status === 0 && stdout.trim()) return { answers: true, command, detail: `${command === 'docker' ? 'Docker' : 'Podman'} ${stdout.trim()}` };
  const line = stderr.split('\n').map((l) => l.trim()).find(Boolean);
  return { answers: false, command, detail: line ? `${command} info failed: ${line}` : `${command} info exited with ${status}` };
}

// Podman's `info` has no ServerVersion: its own version field answers the same question.
const INFO_FORMAT: Record<string, string> = { docker: '{{.ServerVersion}}', podman: '{{.Version.Version}}' };

/**
 * `docker info`, else `podman info`, synchronously (at most 3 s each): used only for estimators that name nothing but
 * an image. When neither answers, the detail says why for each.
 */
export function probeDockerSync(timeoutMs = 3000, env: NodeJS.ProcessEnv = process.env): DockerProbe {
  const probes: DockerProbe[] = [];
  for (const command of ['docker', 'podman']) {
    const r = spawnSync(command, ['info', '--format', INFO_FORMAT[command]!], { encoding: 'utf8', timeout: timeoutMs, env });
    const probe = describe(r.status, r.error, r.stdout ?? '', r.stderr ?? '', command);
    if (probe.answers) return probe;
    probes.push(probe);
  }
  return { answers: false, command: 'docker', detail: probes.map((p) => p.detail).join('; ') };
}

/**
 * probeDockerSync's question without blocking (findContainerEngine): for the extension host, where a synchronous
 * `docker info` (up to 3 s, and 3 more for podman) would freeze every extension.
 */
export async function probeDocker(timeoutMs = 3000, env: NodeJS.ProcessEnv = process.env): Promise<DockerProbe> {
  const { engine, problems } = await findContainerEngine(env, timeoutMs);
  if (!engine) return { answers: false, command: 'docker', detail: problems.join('; ') };
  return { answers: true, command: engine.command, detail: `${engine.command === 'docker' ? 'Docker' : 'Podman'} ${engine.version}` };
}
