/**
 * Local mode training: a script-mode estimator (`entry_point`, with a framework or the generic estimator) runs
 * on this machine with the configured Python, the way the SageMaker training toolkit runs it in a container:
 * - a job folder `.sagemaker/local/<job>/` laid out like /opt/ml (input/config/*.json, input/data/<channel>/,
 *   model/, output/, output/data/, checkpoints/);
 * - the toolkit's environment (`SM_*`), the hyperparameters as command-line arguments, source_dir as the working
 *   folder and on PYTHONPATH;
 * - exit 0 is Completed (model/ packed into output/model.tar.gz, output/data/ into output/output.tar.gz), another
 *   exit Failed (reason: output/failure if the script wrote one, else the end of its traceback / stderr), stop()
 *   kills the whole process group (Stopped).
 * Pure Node: no VS Code, no AWS.
 */
import * as path from 'node:path';
import { baseNameFromImage, DEFAULT_BASE_JOB_NAME, nameFromBase } from '../estimator/jobName';
import { buildImageUri } from '../estimator/request';
import type { EstimatorSpec } from '../estimator/types';
import { prepareContainerJob } from './containerJob';
import { probeDockerSync, type DockerProbe } from './docker';
import { LocalModeError } from './errors';
import { runJob } from './jobRun';
import { prepareLocalJob } from './jobSetup';
import type { LocalJobHandle, StartLocalJobOptions } from './jobTypes';

export type { LocalJobStatus, LocalSecondaryStatus } from './jobStore';
export type {
  LocalJobEventMap,
  LocalJobHandle,
  LocalJobLine,
  LocalJobMetric,
  LocalJobResult,
  LocalJobStatusEvent,
  StartLocalJobOptions,
} from './jobTypes';
export { executeUserScriptReason, failureTail } from './jobFailure';

export const LOCAL_INSTANCE_TYPES = ['local', 'local_gpu'];

export function isLocalInstanceType(instanceType: string | undefined): boolean {
  return instanceType !== undefined && LOCAL_INSTANCE_TYPES.includes(instanceType);
}

/** The SDK's default job name for an estimator: `<base_job_name or the image's repository>-<timestamp>`. */
export function defaultLocalJobName(spec: EstimatorSpec, now: Date = new Date()): string {
  let base = spec.base_job_name;
  if (!base) {
    try {
      base = baseNameFromImage(buildImageUri(spec, spec.region || 'us-east-1'));
    } catch {
      base = undefined;
    }
  }
  if (!base && spec.entry_point) base = path.basename(spec.entry_point).replace(/\.[^.]*$/, '').replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return nameFromBase(base || DEFAULT_BASE_JOB_NAME, now);
}

/**
 * What local mode can run here for this estimator: script mode (an entry_point) on this machine's Python; an
 * estimator that only names an image runs in Docker, and needs it to answer. Throws {@link LocalModeError} when it cannot run.
 */
export function checkLocalMode(spec: EstimatorSpec, probe: () => { answers: boolean; detail: string } = probeDockerSync): void {
  if (!isLocalInstanceType(spec.instance_type)) {
    throw new LocalModeError(
      `instance_type is ${spec.instance_type ? `"${spec.instance_type}"` : 'not set'}: only "local" and "local_gpu" train on this machine.`,
      'not-local',
      'instance_type',
    );
  }
  if (spec.entry_point) return;
  const docker = probe();
  if (docker.answers) return;
  const what = spec.framework
    ? `The ${spec.framework} estimator has no entry_point, so it would run its image as is`
    : 'This estimator names only an image (a built-in algorithm or your own container)';
  throw new LocalModeError(
    `${what}: in local mode an image runs only in a Docker engine, and none answers here (${docker.detail}). ` +
      'Start Docker (Docker Desktop, or "sudo systemctl start docker") so that "docker info" succeeds for this user (DOCKER_HOST is honoured), or Podman ("podman info"). ' +
      'Or run a script-mode estimator directly with this machine\'s Python, without Docker: ' +
      'set "entry_point" (and "source_dir") to your training script, with a framework (e.g. "framework": "sklearn") or the generic estimator. ' +
      'Or use an ml.* instance_type to train this image on SageMaker.',
    'image-only',
    spec.framework ? 'entry_point' : 'image_uri',
  );
}

/**
 * Starts a local training job and returns at once; the job runs in the background. Throws
 * {@link LocalModeError} when it cannot start (not a local instance type, an image-only estimator without Docker, a missing
 * entry point or input, a job folder that exists).
 */
export function startLocalTrainingJob(spec: EstimatorSpec, options: StartLocalJobOptions): LocalJobHandle {
  let docker: DockerProbe | undefined;
  checkLocalMode(spec, () => (docker = options.dockerProbe ?? probeDockerSync()));
  if (spec.entry_point) return runJob(prepareLocalJob(spec, options));
  // checkLocalMode returned for an image-only estimator: Docker answered.
  const engine = docker as DockerProbe | undefined;
  return runJob(prepareContainerJob(spec, options, { command: engine?.command ?? 'docker', version: engine?.detail ?? '' }));
}
