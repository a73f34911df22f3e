/**
 * The channels of a local job: `fit(inputs)` (and `model_uri`) as inputdataconfig.json entries, and their data in
 * `input/data/<channel>/`. Local data (a path relative to the estimator file, or a `file://` URI) is used in place:
 * a folder becomes the channel folder through a symbolic link, a file is linked into the channel folder under its
 * own name (copies where links cannot be made). S3 data is downloaded when the caller can (a connection exists).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFileSystemInput, isLocalUri, isS3Uri, isTrainingInput, localPathOf } from '../estimator/channels';
import type { EstimatorSpec, TrainingInputSpec } from '../estimator/types';
import { LocalModeError } from './errors';
import type { InputDataConfigEntry } from './toolkitEnv';

export interface LocalChannel {
  name: string;
  /** `local`: a file or folder on this machine; `s3`: an S3 URI to download. */
  kind: 'local' | 's3';
  /** Absolute local path, or the S3 URI. */
  source: string;
  /** Whether the local source is a folder (false for a file, and for S3). */
  isDirectory: boolean;
  config: InputDataConfigEntry;
  /** Things worth telling the user (a mode local mode does not have, ...). */
  notes: string[];
}

/** The channels of an estimator, checked; throws {@link LocalModeError} for data local mode cannot read. */
export function planLocalChannels(spec: EstimatorSpec, estimatorDir: string, canDownloadS3: boolean): LocalChannel[] {
  const entries: { name: string; value: string | TrainingInputSpec | Record<string, unknown>; field: string; extra?: Partial<TrainingInputSpec> }[] = [];
  const inputs = spec.inputs;
  if (typeof inputs === 'string') entries.push({ name: 'training', value: inputs, field: 'inputs' });
  else if (inputs && typeof inputs === 'object') {
    for (const [name, value] of Object.entries(inputs)) entries.push({ name, value: value as never, field: `inputs.${name}` });
  }
  if (spec.model_uri) {
    entries.push({
      name: spec.model_channel_name ?? 'model',
      value: spec.model_uri,
      field: 'model_uri',
      extra: { content_type: 'application/x-sagemaker-model', input_mode: 'File' },
    });
  }
  const seen = new Set<string>();
  return entries.map(({ name, value, field, extra }) => {
    if (seen.has(name)) throw new LocalModeError(`Duplicate channel ${name} not allowed.`, 'input', field);
    seen.add(name);
    if (typeof value === 'object' && value !== null && isFileSystemInput(value as never)) {
      throw new LocalModeError(
        `Channel "${name}" is a FileSystemInput (EFS or FSx for Lustre), which local mode cannot mount: give a local folder or an s3:// URI.`,
        'input',
        field,
      );
    }
    const input: TrainingInputSpec = typeof value === 'string'
      ? { ...extra, s3_data: value }
      : isTrainingInput(value as never) ? { ...extra, ...(value as TrainingInputSpec) } : { ...extra, s3_data: '' };
    const dataField = typeof value === 'string' ? field : `${field}.s3_data`;
    const notes: string[] = [];
    let mode = input.input_mode ?? spec.input_mode ?? 'File';
    if (mode === 'Pipe') {
      notes.push(`Channel "${name}": Pipe mode does not exist in local mode; the data is given as files (File mode).`);
      mode = 'File';
    }
    const config: InputDataConfigEntry = {
      ...(input.content_type != null ? { ContentType: input.content_type } : {}),
      TrainingInputMode: mode,
      S3DistributionType: input.distribution ?? 'FullyReplicated',
      RecordWrapperType: input.record_wrapping ?? 'None',
    };
    const uri = input.s3_data;
    if (typeof uri !== 'string' || uri === '') {
      throw new LocalModeError(`Channel "${name}": no data (give a local path, a file:// URI or an s3:// URI).`, 'input', dataField);
    }
    if (isS3Uri(uri)) {
      if (input.s3_data_type && input.s3_data_type !== 'S3Prefix') {
        throw new LocalModeError(`Channel "${name}": s3_data_type ${input.s3_data_type} is not supported in local mode; use an S3 prefix or local data.`, 'input', `${field}.s3_data_type`);
      }
      if (!canDownloadS3) {
        throw new LocalModeError(
          `Channel "${name}" reads ${uri}: local mode downloads S3 data, which needs an AWS connection (credentials and a region). Connect, or use a local path or file:// URI to train offline.`,
          'input',
          dataField,
        );
      }
      return { name, kind: 's3' as const, source: uri, isDirectory: false, config, notes };
    }
    if (!isLocalUri(uri)) {
      throw new LocalModeError(`Channel "${name}": ${uri} is neither a local path, a file:// URI nor an s3:// URI.`, 'input', dataField);
    }
    const source = localPathOf(uri, estimatorDir);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source);
    } catch {
      throw new LocalModeError(`Channel "${name}": no file or folder at ${source} (from "${uri}").`, 'input', dataField);
    }
    return { name, kind: 'local' as const, source, isDirectory: stat.isDirectory(), config, notes };
  });
}

/**
 * Puts a local channel's data at `dataDir/<name>`: a link to the folder, or a folder with a link to the file
 * (copies where links fail). Returns how.
 */
export function stageLocalChannel(channel: LocalChannel, dataDir: string): 'symlink' | 'copy' {
  const target = path.join(dataDir, channel.name);
  if (channel.isDirectory) {
    try {
      fs.symlinkSync(channel.source, target, 'junction');
      return 'symlink';
    } catch {
      fs.cpSync(channel.source, target, { recursive: true, dereference: true });
      return 'copy';
    }
  }
  fs.mkdirSync(target, { recursive: true });
  const file = path.join(target, path.basename(channel.source));
  try {
    fs.symlinkSync(channel.source, file, 'file');
    return 'symlink';
  } catch {
    fs.copyFileSync(channel.source, file);
    return 'copy';
  }
}
