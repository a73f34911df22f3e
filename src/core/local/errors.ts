/** Why a job or an endpoint cannot be started in local mode. Pure: no VS Code, no AWS. */

export type LocalModeErrorKind =
  /** The estimator names only an image (built-in algorithm, bring-your-own container): it needs Docker. */
  | 'image-only'
  /** instance_type is not `local` / `local_gpu`. */
  | 'not-local'
  /** The entry point (or source_dir) is not where the estimator says. */
  | 'entry-point'
  /** A channel's local data is missing, or an input local mode cannot read (FileSystemInput, S3 without a connection). */
  | 'input'
  /** A job or endpoint of that name already exists in the workspace. */
  | 'exists'
  /** A job or endpoint name local mode cannot use. */
  | 'name'
  /** A job to deploy is not there, or not Completed. */
  | 'job'
  /** A state file names a process local mode did not start here (or cannot recognize): nothing is signalled. */
  | 'process';

export class LocalModeError extends Error {
  override readonly name = 'LocalModeError';
  constructor(
    message: string,
    readonly kind: LocalModeErrorKind,
    /** The estimator.json field the problem comes from, when there is one (e.g. `entry_point`, `inputs.train`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The server could not start: the inference script or model_fn failed, or it did not answer in time. */
export class LocalEndpointError extends Error {
  override readonly name = 'LocalEndpointError';
  constructor(
    message: string,
    /** The end of the server's log (the traceback, when model_fn or the import failed). */
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n${logTail}` : message);
  }
}
