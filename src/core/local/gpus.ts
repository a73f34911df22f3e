/**
 * How many NVIDIA GPUs this machine has, as `nvidia-smi --list-gpus` lists them: SM_NUM_GPUS (and the toolkit's
 * num_gpus) of a `local_gpu` job. No nvidia-smi, or one that fails or does not answer in time, counts as none.
 */
import { spawnSync } from 'node:child_process';
import { runEngine } from './container';

const NVIDIA_SMI = 'nvidia-smi';
const LIST_GPUS = ['--list-gpus'];
/** nvidia-smi can take seconds while the driver wakes the GPUs up; past this the job runs as if it had none. */
export const GPU_COUNT_TIMEOUT_MS = 3000;

/** `GPU 0: NVIDIA A10G (UUID: GPU-...)`, one line per GPU. */
function gpusListed(stdout: string): number {
  return stdout.split('\n').filter((line) => line.startsWith('GPU ')).length;
}

/** Blocks while nvidia-smi runs: for a command line; the extension host asks {@link countGpus} instead. */
export function countGpusSync(env: NodeJS.ProcessEnv = process.env, timeoutMs = GPU_COUNT_TIMEOUT_MS): number {
  const r = spawnSync(NVIDIA_SMI, LIST_GPUS, { encoding: 'utf8', timeout: timeoutMs, env });
  return r.status === 0 ? gpusListed(r.stdout ?? '') : 0;
}

/** countGpusSync's answer without blocking, for the extension host, where a synchronous nvidia-smi would freeze every extension. */
export async function countGpus(env: NodeJS.ProcessEnv = process.env, timeoutMs = GPU_COUNT_TIMEOUT_MS): Promise<number> {
  const ran = await runEngine(NVIDIA_SMI, LIST_GPUS, timeoutMs, env);
  return ran.code === 0 ? gpusListed(ran.stdout) : 0;
}
