/** `sagemaker.refreshIntervalSeconds` when it is not set, or not a usable number. */
export const DEFAULT_REFRESH_SECONDS = 30;
/** package.json's minimum, which VS Code shows but does not enforce on a value from a repository's settings. */
export const MIN_REFRESH_SECONDS = 1;

/**
 * The views' and the watch's refresh interval, in milliseconds, from the setting's raw value. A workspace's
 * `.vscode/settings.json` can set it: 0, a negative or a string would make every refresh loop call AWS back to back.
 */
export function refreshIntervalMsOf(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return DEFAULT_REFRESH_SECONDS * 1000;
  return Math.max(MIN_REFRESH_SECONDS, seconds) * 1000;
}
