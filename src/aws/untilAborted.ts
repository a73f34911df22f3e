/**
 * An abort signal passed to an SDK call reaches only the HTTP handler: the waits before a request is sent (the
 * credential provider chain, e.g. a credential_process or an SSO refresh, the region, the retry back-off) go on
 * regardless, and handler timeouts (requestTimeout, connectionTimeout) do not cover them either. A caller that has
 * promised an answer by a deadline therefore settles on the signal itself, whatever the SDK is still doing.
 */

/** Settles like `work`, or rejects with the signal's reason as soon as it aborts (at once when it already has). */
export function untilAborted<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort!));
}
