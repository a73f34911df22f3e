/**
 * Adding an S3 URI as a channel of an estimator file's `inputs`, as text edits that keep the file's formatting
 * and comments (jsonc-parser's `modify` with the file's own indentation). Pure.
 */
import { findNodeAtLocation, modify, parseTree, type Edit } from 'jsonc-parser';

/** SageMaker's ChannelName: `[A-Za-z0-9\.\-_]+`, at most 64 characters. */
export function checkChannelName(name: string): string | undefined {
  if (name === '') return 'Give the channel a name, e.g. "train" (the script reads it as SM_CHANNEL_TRAIN).';
  if (name.length > 64) return 'A channel name is at most 64 characters.';
  if (!/^[A-Za-z0-9.\-_]+$/.test(name)) return `"${name}" is not a channel name: use letters, digits, ".", "-" and "_" only.`;
  return undefined;
}

/** The indentation the file uses (its first indented line), for the lines the edit adds. */
export function detectIndentation(text: string): { insertSpaces: boolean; tabSize: number } {
  const first = /^([ \t]+)\S/m.exec(text)?.[1];
  if (first?.startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: first ? first.length : 2 };
}

/** The channels `inputs` names now: a bare string is the channel `training` (as `fit(inputs)` reads it). */
export function existingChannels(text: string): string[] {
  const inputs = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['inputs']);
  if (!inputs) return [];
  if (inputs.type === 'string') return ['training'];
  if (inputs.type !== 'object') return [];
  return (inputs.children ?? []).map(property => String(property.children?.[0]?.value));
}

export class ChannelEditError extends Error {
  override readonly name = 'ChannelEditError';
}

/**
 * The edits that make `inputs.<channel>` the URI: a new `inputs` object when there is none, the bare string
 * `inputs` kept as the channel `training` next to the new one, an existing channel of that name replaced.
 */
export function addChannelEdits(text: string, channel: string, s3Uri: string): Edit[] {
  const problem = checkChannelName(channel);
  if (problem) throw new ChannelEditError(problem);
  const root = parseTree(text);
  if (!root || root.type !== 'object') throw new ChannelEditError('The estimator file is not a JSON object: fix it first, then add the channel.');
  const formattingOptions = { ...detectIndentation(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const inputs = findNodeAtLocation(root, ['inputs']);
  if (inputs && inputs.type !== 'object' && inputs.type !== 'string' && inputs.type !== 'null') {
    throw new ChannelEditError('"inputs" is neither an object of channels nor a URI: fix it first, then add the channel.');
  }
  if (inputs?.type === 'string') {
    const value = channel === 'training' ? { training: s3Uri } : { training: inputs.value as string, [channel]: s3Uri };
    return modify(text, ['inputs'], value, { formattingOptions });
  }
  if (!inputs || inputs.type === 'null') return modify(text, ['inputs'], { [channel]: s3Uri }, { formattingOptions });
  return modify(text, ['inputs', channel], s3Uri, { formattingOptions });
}
