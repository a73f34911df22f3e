/**
 * What an invocation is, whoever answers it: a SageMaker endpoint through SageMaker Runtime's InvokeEndpoint
 * (`cloudTarget.ts`), or a model served on this machine (a local target answering POST /invocations). The
 * invoke panel and "Invoke Endpoint with File…" take an `InvocationTarget`, never an endpoint name.
 * Pure types: no AWS SDK, no VS Code.
 */
import type { KnownContentType } from './contentType';

/** The headers and body of one invocation, in InvokeEndpoint's terms. */
export interface InvokeRequest {
  body: Uint8Array;
  /** `Content-Type` of the body (InvokeEndpoint `ContentType`). */
  contentType?: string;
  /** `Accept` (InvokeEndpoint `Accept`). */
  accept?: string;
  /** `X-Amzn-SageMaker-Custom-Attributes`. */
  customAttributes?: string;
  /** `X-Amzn-SageMaker-Target-Variant`. */
  targetVariant?: string;
  /** `X-Amzn-SageMaker-Target-Model` (multi-model endpoints). */
  targetModel?: string;
  /** `X-Amzn-SageMaker-Inference-Id`. */
  inferenceId?: string;
}

/** The request as the panel's form holds it. Empty strings mean "not sent". */
export interface RequestForm {
  contentType: string;
  accept: string;
  customAttributes: string;
  targetVariant: string;
  targetModel: string;
  inferenceId: string;
  /** The body typed in the editor, or a file the host loaded (by the id it gave). */
  body: { type: 'text'; text: string } | { type: 'file'; fileId: string };
}

/** A successful reply (HTTP 2xx). Failures are thrown and classified by `classifyInvokeError`. */
export interface InvokeResponse {
  /** HTTP status of the reply (200 for SageMaker). */
  status: number;
  body: Uint8Array;
  contentType?: string;
  /** `x-Amzn-Invoked-Production-Variant`. */
  invokedVariant?: string;
  /** `X-Amzn-SageMaker-Custom-Attributes` of the reply. */
  customAttributes?: string;
  /** How many HTTP attempts the client made (retries of throttled or failed calls). */
  attempts?: number;
}

export interface InvocationTarget {
  /** Stable identity: one panel and one history per id, e.g. `cloud:us-east-1:my-endpoint`. */
  readonly id: string;
  /** What the user sees: the endpoint's name, or "local: my-model". */
  readonly label: string;
  /** Largest request body accepted, in bytes (SageMaker real-time: 6 MB). */
  readonly maxPayloadBytes: number;
  /** Sends one request. Throws on a failed call (an AWS SDK error or an `InvokeFailure`). */
  invoke(request: InvokeRequest, signal?: AbortSignal): Promise<InvokeResponse>;
  /**
   * The content type of the data the model behind the target was trained on, when it can be found (the training
   * job's channel); the panel starts with it. Undefined when unknown; never throws for an unknown origin.
   */
  knownContentType?(): Promise<KnownContentType | undefined>;
}

/**
 * A failure that is not an AWS SDK error (a local server's reply, a refused payload), shaped like one so that
 * `classifyInvokeError` reads both: `name` is the error type, `$metadata.httpStatusCode` the HTTP status.
 */
export class InvokeFailure extends Error {
  readonly $metadata: { httpStatusCode?: number; attempts?: number };
  constructor(
    override readonly name: string,
    message: string,
    httpStatusCode?: number,
    readonly OriginalStatusCode?: number,
    readonly OriginalMessage?: string,
    readonly LogStreamArn?: string,
  ) {
    super(message);
    this.$metadata = { httpStatusCode };
  }
}
