/** What every call of the client wrappers may take: a signal that aborts the request (the SDK's HttpHandlerOptions). */
export interface CallOptions {
  abortSignal?: AbortSignal;
}
