/**
 * `InputDataConfig` channels as the SageMaker Python SDK v2 builds them
 * (`sagemaker.inputs.TrainingInput`, `FileSystemInput`, `sagemaker.job._Job`), plus the uploads of
 * local data that the SDK only allows in local mode.
 *
 * Local data (a path, absolute or relative to the estimator file's folder, or a `file://` URI) is
 * uploaded to the default bucket under `<job name>/input/<channel>/`:
 * - a folder: every file below it keeps its relative path under that prefix, and the channel's
 *   `S3Uri` is the prefix `s3://<bucket>/<job>/input/<channel>/` (with the trailing slash, so that
 *   channels such as `train` and `training` can never match each other's objects);
 * - a file: it is uploaded as `s3://<bucket>/<job>/input/<channel>/<file name>` and that object is
 *   the channel's `S3Uri` (as `Session.upload_data` returns the full key of a single uploaded file).
 */
import { statSync, type Stats } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel } from '@aws-sdk/client-sagemaker';
import type { ChannelSpec, FileSystemInputSpec, InputsSpec, JsonPath, TrainingInputSpec } from './types';

/** A problem that keeps an estimator from being planned; `path` points into estimator.json. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly path: JsonPath = [],
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

/** One local file or folder the launch must upload before creating the job. */
export interface UploadPlan {
  kind: 'channel' | 'sourcedir';
  /** The channel that reads the upload (`kind: 'channel'`). */
  channel?: string;
  /** Absolute local path: the data file or folder; for `sourcedir` the `source_dir` (or the entry point when there is none). */
  localPath: string;
  /** Where it goes: a folder's prefix (ending in `/`), a file's object, or the `sourcedir.tar.gz` object. */
  s3Uri: string;
  /** For `sourcedir`: the names of the files inside the tar, relative, `/`-separated, sorted. */
  files?: string[];
  /** For `sourcedir`: the top-level entries of the tar and the local path each comes from (added recursively). */
  entries?: { localPath: string; arcname: string }[];
  /** For `sourcedir`: what the listing of the code left out (links leaving the folder, loops, unreadable entries, limits). */
  listingWarnings?: { kind: string; message: string; entry: string; path: JsonPath }[];
  /** For `sourcedir`: false when a walk limit cut the listing short (`files` is then partial). */
  listingComplete?: boolean;
  /** For `sourcedir`: what was walked into the tar (to list it again at launch when `listingComplete` is false). */
  listingRoots?: { localPath: string; arcname: string; path: JsonPath }[];
  /** For `sourcedir`: the `.sagemakerignore` at the root of `source_dir`, when there is one, and the files it left out. */
  sagemakerignore?: { file: string; excluded: string[] };
  /** For `sourcedir`: the `ExtraArgs` the SDK uploads the tar with (`ServerSideEncryption: aws:kms`, with the output KMS key if any). */
  encryption?: { ServerSideEncryption: 'aws:kms'; SSEKMSKeyId?: string };
}

/** `sagemaker.s3.parse_s3_url`: bucket and key prefix (without the leading `/`). */
export function parseS3Url(url: string, path: JsonPath = []): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]*)(.*)$/i.exec(url);
  if (!m) throw new PlanError(`Expecting an s3:// URI, got: ${url}`, path);
  return { bucket: m[1], key: m[2].replace(/^\/+/, '') };
}

/** `sagemaker.s3.s3_path_join`: joins with single slashes, keeping `s3://`, dropping empty parts. */
export function s3PathJoin(parts: (string | undefined | null)[], withEndSlash = false): string {
  const nonEmpty = parts.filter((p): p is string => p !== undefined && p !== null && p !== '');
  let merged = '';
  nonEmpty.forEach((p, i) => {
    if (i === 0 || merged.endsWith('/') || p.startsWith('/')) merged += p;
    else merged += `/${p}`;
  });
  if (withEndSlash && merged !== '' && !merged.endsWith('/')) merged += '/';
  if (merged.toLowerCase().startsWith('s3://')) {
    return merged.slice(0, 5) + merged.slice(5).replace(/\/{2,}/g, '/');
  }
  return merged.replace(/\/{2,}/g, '/');
}

const URI_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/** True for `s3://` URIs. */
export function isS3Uri(value: string): boolean {
  return /^s3:\/\//i.test(value);
}

/** True for data the SDK would call local: `file://` URIs and plain paths (no URI scheme). */
export function isLocalUri(value: string): boolean {
  const m = URI_SCHEME.exec(value);
  return !m || m[1].toLowerCase() === 'file';
}

/** The absolute local path of a local path or `file://` URI, relative paths against `baseDir`. */
export function localPathOf(value: string, baseDir: string): string {
  let p = value;
  if (/^file:\/\//i.test(p)) {
    if (/^file:\/\/\//i.test(p)) {
      try {
        p = fileURLToPath(p);
      } catch {
        p = p.slice('file://'.length);
      }
    } else {
      p = p.slice('file://'.length);
    }
  }
  return resolvePath(baseDir, p);
}

export function isFileSystemInput(spec: ChannelSpec): spec is FileSystemInputSpec {
  return typeof spec === 'object' && spec !== null && 'file_system_id' in spec;
}

export function isTrainingInput(spec: ChannelSpec): spec is TrainingInputSpec {
  return typeof spec === 'object' && spec !== null && 's3_data' in spec;
}

/** `TrainingInput(...).config`: the channel without its name, keys in the SDK's order. */
export function trainingInputConfig(input: TrainingInputSpec, s3Uri = input.s3_data): Record<string, unknown> {
  const s3DataSource: Record<string, unknown> = {
    S3DataType: input.s3_data_type ?? 'S3Prefix',
    S3Uri: s3Uri,
  };
  const config: Record<string, unknown> = { DataSource: { S3DataSource: s3DataSource } };
  let distribution = input.distribution;
  if (!(input.target_attribute_name || distribution)) distribution = 'FullyReplicated';
  if (distribution !== undefined && distribution !== null) s3DataSource.S3DataDistributionType = distribution;
  if (input.compression != null) config.CompressionType = input.compression;
  if (input.content_type != null) config.ContentType = input.content_type;
  if (input.record_wrapping != null) config.RecordWrapperType = input.record_wrapping;
  if (input.instance_groups != null) s3DataSource.InstanceGroupNames = input.instance_groups;
  if (input.input_mode != null) config.InputMode = input.input_mode;
  if (input.attribute_names != null) s3DataSource.AttributeNames = input.attribute_names;
  if (input.target_attribute_name != null) config.TargetAttributeName = input.target_attribute_name;
  if (input.shuffle_config != null) config.ShuffleConfig = { Seed: input.shuffle_config.seed };
  if (input.hub_access_config != null) s3DataSource.HubAccessConfig = input.hub_access_config;
  if (input.model_access_config != null) s3DataSource.ModelAccessConfig = input.model_access_config;
  return config;
}

/** `FileSystemInput(...).config`. */
export function fileSystemInputConfig(input: FileSystemInputSpec): Record<string, unknown> {
  const config: Record<string, unknown> = {
    DataSource: {
      FileSystemDataSource: {
        FileSystemId: input.file_system_id,
        FileSystemType: input.file_system_type,
        DirectoryPath: input.directory_path,
        FileSystemAccessMode: input.file_system_access_mode ?? 'ro',
      },
    },
  };
  if (input.content_type) config.ContentType = input.content_type;
  return config;
}

/** Where local data of a channel goes, and the `S3Uri` the channel reads. */
export function planLocalUpload(options: {
  value: string;
  channel: string;
  baseDir: string;
  bucket: string;
  jobName: string;
  path: JsonPath;
}): UploadPlan {
  const localPath = localPathOf(options.value, options.baseDir);
  let stat: Stats;
  try {
    stat = statSync(localPath);
  } catch {
    throw new PlanError(
      `Channel "${options.channel}": no file or folder at ${localPath} (from "${options.value}"). ` +
        'Give an existing local path, or an s3:// URI.',
      options.path,
    );
  }
  const prefix = `s3://${options.bucket}/${s3PathJoin([options.jobName, 'input', options.channel])}/`;
  return {
    kind: 'channel',
    channel: options.channel,
    localPath,
    s3Uri: stat.isDirectory() ? prefix : `${prefix}${basename(localPath)}`,
  };
}

export interface ChannelContext {
  baseDir: string;
  bucket: string;
  jobName: string;
}

/** A channel's data given as a string (`fit('s3://...')` or `{"train": "s3://..."}`). */
function stringChannel(
  name: string,
  uri: string,
  ctx: ChannelContext,
  jsonPath: JsonPath,
  uploads: UploadPlan[],
  extra: Partial<TrainingInputSpec> = {},
): Record<string, unknown> {
  if (isS3Uri(uri)) return trainingInputConfig({ ...extra, s3_data: uri });
  if (isLocalUri(uri)) {
    const upload = planLocalUpload({ value: uri, channel: name, ...ctx, path: jsonPath });
    uploads.push(upload);
    return trainingInputConfig({ ...extra, s3_data: upload.s3Uri });
  }
  throw new PlanError(
    `Channel "${name}": URI input ${uri} must be a valid S3 or FILE URI: must start with "s3://" or "file://" (or be a local path).`,
    jsonPath,
  );
}

/** One channel of `fit(inputs)`, named, in the SDK's key order (`ChannelName` last). */
export function channelFromSpec(
  name: string,
  spec: ChannelSpec,
  ctx: ChannelContext,
  jsonPath: JsonPath,
  uploads: UploadPlan[],
): Channel {
  let config: Record<string, unknown>;
  if (typeof spec === 'string') {
    config = stringChannel(name, spec, ctx, jsonPath, uploads);
  } else if (isFileSystemInput(spec)) {
    config = fileSystemInputConfig(spec);
  } else if (isTrainingInput(spec)) {
    const s3Data = spec.s3_data;
    if (typeof s3Data === 'string' && !isS3Uri(s3Data) && isLocalUri(s3Data)) {
      const upload = planLocalUpload({ value: s3Data, channel: name, ...ctx, path: [...jsonPath, 's3_data'] });
      uploads.push(upload);
      config = trainingInputConfig(spec, upload.s3Uri);
    } else {
      config = trainingInputConfig(spec);
    }
  } else {
    throw new PlanError(
      `Channel "${name}": expected an S3 URI, a local path, a TrainingInput (with "s3_data") or a FileSystemInput (with "file_system_id").`,
      jsonPath,
    );
  }
  return { ...config, ChannelName: name } as Channel;
}

/** `_Job._format_inputs_to_input_config(inputs)`: a bare string is the channel `training`. */
export function channelsFromInputs(
  inputs: InputsSpec | undefined,
  ctx: ChannelContext,
  uploads: UploadPlan[],
): Channel[] | undefined {
  if (inputs === undefined || inputs === null) return undefined;
  if (typeof inputs === 'string') {
    return [channelFromSpec('training', inputs, ctx, ['inputs'], uploads)];
  }
  return Object.entries(inputs).map(([name, spec]) => channelFromSpec(name, spec, ctx, ['inputs', name], uploads));
}

/**
 * `_Job._prepare_channel` for `model_uri`: a channel named `model_channel_name` (default `model`)
 * with content type `application/x-sagemaker-model` and input mode `File`.
 */
export function modelChannel(
  modelUri: string,
  channelName: string,
  existing: Channel[] | undefined,
  ctx: ChannelContext,
  uploads: UploadPlan[],
): Channel {
  if (existing?.some((c) => c.ChannelName === channelName)) {
    throw new PlanError(`Duplicate channel ${channelName} not allowed.`, ['model_channel_name']);
  }
  const config = stringChannel(channelName, modelUri, ctx, ['model_uri'], uploads, {
    content_type: 'application/x-sagemaker-model',
    input_mode: 'File',
  });
  return { ...config, ChannelName: channelName } as Channel;
}

/** `_Job._prepare_channel` for the `code` channel of a network-isolated job with an entry point. */
export function codeChannel(codeUri: string, channelName: string, existing: Channel[] | undefined): Channel {
  if (existing?.some((c) => c.ChannelName === channelName)) {
    throw new PlanError(`Duplicate channel ${channelName} not allowed.`, ['inputs', channelName]);
  }
  return { ...trainingInputConfig({ s3_data: codeUri }), ChannelName: channelName } as Channel;
}
