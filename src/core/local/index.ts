/** Local mode: training jobs and endpoints on this machine, without a container. Pure Node (no VS Code). */
export { LocalModeError, type LocalModeErrorKind } from './errors';
export {
  checkLocalMode,
  defaultLocalJobName,
  isLocalInstanceType,
  LOCAL_INSTANCE_TYPES,
  startLocalTrainingJob,
  type LocalJobEventMap,
  type LocalJobHandle,
  type LocalJobLine,
  type LocalJobMetric,
  type LocalJobResult,
  type LocalJobStatusEvent,
  type StartLocalJobOptions,
} from './localJob';
export {
  listLocalJobs,
  readLocalJob,
  readLocalJobLog,
  stopLocalJob,
  type LocalJobDescription,
  type LocalJobStatus,
  type LocalSecondaryStatus,
} from './jobStore';
export {
  invokeLocalEndpoint,
  listLocalEndpoints,
  LocalEndpointError,
  pingLocalEndpoint,
  readLocalEndpoint,
  resolveLocalEndpointUrl,
  startLocalEndpoint,
  stopLocalEndpoint,
  type LocalEndpointDescription,
  type LocalEndpointHandle,
  type LocalInvokeResult,
  type StartLocalEndpointOptions,
} from './localEndpoint';
export { jobPaths, localEndpointsDir, localJobDir, localRoot, type JobPaths } from './paths';
export { probeDocker, type DockerProbe } from './docker';
export { countGpus } from './gpus';
export { followFile, followLocalJobLog } from './follow';
export { formatLocalJobLine } from './jobOutput';
