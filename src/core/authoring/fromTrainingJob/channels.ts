/**
 * InputDataConfig back to `inputs`: `TrainingInput` / `FileSystemInput` arguments (a plain S3 prefix as a string),
 * the model channel to `model_uri`, the code channel of a network-isolated job to its S3 URI.
 */
import type { Channel } from '@aws-sdk/client-sagemaker';
import { isS3Uri } from '../../estimator/channels';
import { inline } from './jsonc';
import { asObj, type Flag, type Obj } from './values';

export interface ChannelResult {
  inputs: Obj;
  modelUri?: string;
  modelChannelName?: string;
  codeUri?: string;
}

const S3_INPUT_KEYS = new Set(['S3DataType', 'S3Uri', 'S3DataDistributionType', 'AttributeNames', 'InstanceGroupNames', 'HubAccessConfig', 'ModelAccessConfig']);
const CHANNEL_KEYS = new Set(['ChannelName', 'DataSource', 'ContentType', 'CompressionType', 'RecordWrapperType', 'InputMode', 'ShuffleConfig', 'TargetAttributeName']);

function channelArguments(channel: Channel, flag: Flag): unknown {
  const name = channel.ChannelName ?? '';
  const extra = Object.keys(channel).filter((k) => !CHANNEL_KEYS.has(k));
  for (const key of extra) flag(`InputDataConfig.${name}.${key}`, `${inline(asObj(channel)[key])}: no TrainingInput argument gives it`);
  const fs = channel.DataSource?.FileSystemDataSource;
  if (fs) {
    const input: Obj = {
      file_system_id: fs.FileSystemId,
      file_system_type: fs.FileSystemType,
      directory_path: fs.DirectoryPath,
    };
    if (fs.FileSystemAccessMode && fs.FileSystemAccessMode !== 'ro') input.file_system_access_mode = fs.FileSystemAccessMode;
    if (channel.ContentType) input.content_type = channel.ContentType;
    for (const key of ['CompressionType', 'RecordWrapperType', 'InputMode', 'ShuffleConfig'] as const) {
      if (channel[key] !== undefined) flag(`InputDataConfig.${name}.${key}`, `${inline(channel[key])}: FileSystemInput has no such argument`);
    }
    return input;
  }
  const s3 = channel.DataSource?.S3DataSource;
  if (!s3) {
    flag(`InputDataConfig.${name}`, `${inline(channel.DataSource)}: only S3 and file system data sources map to inputs`);
    return undefined;
  }
  for (const key of Object.keys(s3)) {
    if (!S3_INPUT_KEYS.has(key)) flag(`InputDataConfig.${name}.DataSource.S3DataSource.${key}`, `${inline(asObj(s3)[key])}: no TrainingInput argument gives it`);
  }
  const input: Obj = { s3_data: s3.S3Uri };
  if (s3.S3DataType && s3.S3DataType !== 'S3Prefix') input.s3_data_type = s3.S3DataType;
  // TrainingInput sends FullyReplicated unless told otherwise (or given target_attribute_name).
  const defaultDistribution = asObj(channel).TargetAttributeName ? undefined : 'FullyReplicated';
  if (s3.S3DataDistributionType !== defaultDistribution) {
    if (s3.S3DataDistributionType) input.distribution = s3.S3DataDistributionType;
    else flag(`InputDataConfig.${name}.DataSource.S3DataSource.S3DataDistributionType`, 'absent: TrainingInput always sends one (FullyReplicated)');
  }
  if (channel.CompressionType) input.compression = channel.CompressionType;
  if (channel.ContentType) input.content_type = channel.ContentType;
  if (channel.RecordWrapperType) input.record_wrapping = channel.RecordWrapperType;
  if (s3.InstanceGroupNames) input.instance_groups = s3.InstanceGroupNames;
  if (channel.InputMode) input.input_mode = channel.InputMode;
  if (s3.AttributeNames) input.attribute_names = s3.AttributeNames;
  if (asObj(channel).TargetAttributeName) input.target_attribute_name = asObj(channel).TargetAttributeName;
  if (channel.ShuffleConfig?.Seed !== undefined) input.shuffle_config = { seed: channel.ShuffleConfig.Seed };
  if (s3.HubAccessConfig) input.hub_access_config = { hub_content_arn: s3.HubAccessConfig.HubContentArn };
  if (s3.ModelAccessConfig) input.model_access_config = { accept_eula: s3.ModelAccessConfig.AcceptEula };
  // A plain S3 prefix is just its URI, as in fit({"train": "s3://..."}).
  return Object.keys(input).length === 1 && typeof input.s3_data === 'string' && isS3Uri(input.s3_data) ? input.s3_data : input;
}

function isModelChannel(channel: Channel): boolean {
  const s3 = channel.DataSource?.S3DataSource;
  return (
    !!s3 &&
    channel.ContentType === 'application/x-sagemaker-model' &&
    channel.InputMode === 'File' &&
    (s3.S3DataType ?? 'S3Prefix') === 'S3Prefix' &&
    s3.S3DataDistributionType === 'FullyReplicated' &&
    Object.keys(s3).every((k) => ['S3DataType', 'S3Uri', 'S3DataDistributionType'].includes(k)) &&
    Object.keys(channel).every((k) => ['ChannelName', 'DataSource', 'ContentType', 'InputMode'].includes(k))
  );
}

function isPlainS3Channel(channel: Channel): boolean {
  const s3 = channel.DataSource?.S3DataSource;
  return (
    !!s3 &&
    (s3.S3DataType ?? 'S3Prefix') === 'S3Prefix' &&
    s3.S3DataDistributionType === 'FullyReplicated' &&
    Object.keys(s3).every((k) => ['S3DataType', 'S3Uri', 'S3DataDistributionType'].includes(k)) &&
    Object.keys(channel).every((k) => ['ChannelName', 'DataSource'].includes(k))
  );
}

export function mapChannels(channels: Channel[], codeFromChannel: boolean, flag: Flag): ChannelResult {
  const list = [...channels];
  const result: ChannelResult = { inputs: {} };
  // The code channel comes last, then the model channel before it (the planner's order).
  if (codeFromChannel && list.length > 0 && list[list.length - 1].ChannelName === 'code' && isPlainS3Channel(list[list.length - 1])) {
    result.codeUri = list.pop()!.DataSource!.S3DataSource!.S3Uri;
  }
  if (list.length > 0 && isModelChannel(list[list.length - 1])) {
    const model = list.pop()!;
    result.modelUri = model.DataSource!.S3DataSource!.S3Uri;
    if (model.ChannelName !== 'model') result.modelChannelName = model.ChannelName;
  }
  for (const channel of list) {
    const name = channel.ChannelName ?? '';
    if (/^\d+$/.test(name)) flag(`InputDataConfig.${name}`, 'a numeric channel name changes places among the keys of "inputs" (JSON object order)');
    const args = channelArguments(channel, flag);
    if (args !== undefined) result.inputs[name] = args;
  }
  return result;
}
