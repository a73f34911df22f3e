/**
 * The Content-Type an invocation goes out with when the user has not typed one: a body that parses as JSON is
 * `application/json`, rows of comma-separated fields are `text/csv`. The panel shows the result before Send
 * ("Sent as …"); the host applies the same rule to a form whose field is empty, so a typed body is never sent
 * as `application/octet-stream` by surprise. media/invoke/contentType.js is the webview's copy of
 * `guessContentType`; a unit test checks that both agree. Pure: no AWS SDK, no VS Code.
 */

/** What is sent when nothing better is known (an empty body, free text): what most built-in containers read. */
export const FALLBACK_CONTENT_TYPE = 'application/json';

/** `application/json`, `text/csv`, or undefined when the text is neither (or empty). */
export function guessContentType(text: string): 'application/json' | 'text/csv' | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    JSON.parse(trimmed);
    return 'application/json';
  } catch {
    // Not JSON: maybe CSV.
  }
  const rows = trimmed.split(/\r?\n/).filter(row => row.trim() !== '');
  const columns = rows[0]!.split(',').length;
  if (columns < 2) return undefined;
  return rows.every(row => row.split(',').length === columns) ? 'text/csv' : undefined;
}

/**
 * The Content-Type to send: what the user typed; else the default the panel was given (the training channel's
 * content type, when known); else what the body looks like; else `application/json`. `bodyText` is undefined for
 * a binary file (whose type came with it).
 */
export function effectiveContentType(typed: string, bodyText: string | undefined, known?: string): string {
  const value = typed.trim();
  if (value !== '') return value;
  if (known && known.trim() !== '') return known.trim();
  return (bodyText === undefined ? undefined : guessContentType(bodyText)) ?? FALLBACK_CONTENT_TYPE;
}

/** A content type the panel knows for an endpoint, and where it comes from (shown under the field). */
export interface KnownContentType {
  contentType: string;
  /** Why this one, e.g. `the "train" channel of training job my-job`. */
  why: string;
}

/** One input channel, as DescribeTrainingJob and a local job's job.json both describe it. */
export interface ChannelWithContentType {
  ChannelName?: string;
  ContentType?: string;
}

/**
 * The content type a model was trained on: the `train` (or `training`) channel's `ContentType`, else the first
 * channel that names one. A model usually reads at inference what it read in training (the built-in algorithms'
 * `text/csv`, `application/x-recordio-protobuf`).
 */
export function trainingContentType(jobName: string, channels: readonly ChannelWithContentType[] | undefined): KnownContentType | undefined {
  const named = (channels ?? []).filter(c => typeof c.ContentType === 'string' && c.ContentType.trim() !== '');
  const channel = named.find(c => c.ChannelName === 'train') ?? named.find(c => c.ChannelName === 'training') ?? named[0];
  if (!channel) return undefined;
  return { contentType: channel.ContentType!.trim(), why: `the "${channel.ChannelName ?? '?'}" channel of training job ${jobName}` };
}

/**
 * The training job whose artifacts a model's `ModelDataUrl` is: SageMaker writes them to
 * `<S3OutputPath>/<job name>/output/model.tar.gz`. Undefined for any other URL (a repacked model, a model from elsewhere);
 * the caller still checks that the job's `S3ModelArtifacts` is that URL.
 */
export function trainingJobNameOfModelData(modelDataUrl: string | undefined): string | undefined {
  const match = /^s3:\/\/[^/]+\/(?:.*\/)?([^/]+)\/output\/model\.tar\.gz$/.exec(modelDataUrl ?? '');
  return match?.[1];
}
