/** Launch progress: what the launch reports and how the notification words it. Pure. */

export type LaunchPhase = 'preparing' | 'bucket' | 'uploading' | 'creating' | 'created';

export interface LaunchProgress {
  phase: LaunchPhase | string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** `12.5` for 12.5 MB (10^6 bytes, one decimal). */
export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** "Uploading 3/10 files, 12.5/40.0 MB", or the phase's own words. */
export function describeProgress(progress: LaunchProgress, jobName: string): string {
  switch (progress.phase) {
    case 'preparing':
      return 'Preparing the uploads';
    case 'bucket':
      return 'Checking the S3 bucket';
    case 'uploading':
      return `Uploading ${progress.filesDone}/${progress.filesTotal} file${progress.filesTotal === 1 ? '' : 's'}, `
        + `${megabytes(progress.bytesDone)}/${megabytes(progress.bytesTotal)} MB`;
    case 'creating':
      return `Creating training job ${jobName}`;
    case 'created':
      return `Training job ${jobName} created`;
    default:
      return String(progress.phase);
  }
}

/**
 * The increment, in percent, that moves a progress bar from `previous` to `current` bytes (what
 * `vscode.Progress.report({ increment })` wants): 0..100 overall, never negative.
 */
export function percentIncrement(previous: number, current: number, total: number): number {
  if (total <= 0) return 0;
  const clamp = (n: number): number => Math.max(0, Math.min(100, (n / total) * 100));
  return Math.max(0, clamp(current) - clamp(previous));
}
