import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPayloadSize } from '../core/invoke/payload';
import { invokeLocalEndpoint, resolveLocalEndpointUrl } from '../core/local/localEndpoint';
import type { CliIo } from './io';
import { UsageError } from './options';

export const INVOKE_USAGE = 'invoke <endpoint-name-or-url> --content-type T (--body B | --body-file F) [--accept A] [--workspace DIR]';

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]*\+json|xml|jsonlines|x-ndjson))/i;

/** `sagemaker-estimator invoke`: POST /invocations of a local endpoint (by name, or its URL); prints the response body. */
export async function invokeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'content-type': { type: 'string' }, body: { type: 'string' }, 'body-file': { type: 'string' },
      accept: { type: 'string' }, workspace: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values['content-type'] || (values.body === undefined) === (values['body-file'] === undefined)) {
    throw new UsageError(`invoke takes one endpoint, --content-type, and either --body or --body-file. Usage: sagemaker-estimator ${INVOKE_USAGE}`);
  }
  // The invoke panel's limit (SageMaker's, which a local endpoint stands in for); a file is measured before it is read.
  const bodySource = values['body-file'] !== undefined ? `--body-file ${values['body-file']}` : '--body';
  let body: Buffer;
  if (values['body-file'] !== undefined) {
    const bodyFile = resolve(io.cwd, values['body-file']);
    try {
      const tooLarge = checkPayloadSize(fs.statSync(bodyFile).size);
      if (tooLarge) {
        io.stderr.write(`sagemaker-estimator: ${bodySource}: ${tooLarge}\n`);
        return 1;
      }
      body = fs.readFileSync(bodyFile);
    } catch (error) {
      io.stderr.write(`sagemaker-estimator: cannot read --body-file: ${(error as Error).message}\n`);
      return 1;
    }
  } else body = Buffer.from(values.body!, 'utf8');
  const tooLarge = checkPayloadSize(body.length);
  if (tooLarge) {
    io.stderr.write(`sagemaker-estimator: ${bodySource}: ${tooLarge}\n`);
    return 1;
  }
  const workspace = resolve(io.cwd, values.workspace ?? '.');
  const target = positionals[0]!;
  const url = resolveLocalEndpointUrl(workspace, target);
  if (!url) {
    io.stderr.write(`sagemaker-estimator: no running local endpoint "${target}" in ${workspace}. Start one with: sagemaker-estimator serve <job>\n`);
    return 1;
  }
  const result = await invokeLocalEndpoint(url, body, values['content-type'], values.accept);
  const textual = TEXTUAL.test(result.contentType);
  const out = textual ? result.body.toString('utf8') : result.body;
  if (result.status >= 200 && result.status < 300) {
    io.stdout.write(out as string);
    if (textual && !(out as string).endsWith('\n')) io.stdout.write('\n');
    return 0;
  }
  io.stderr.write(`sagemaker-estimator: the endpoint answered ${result.status}:\n${result.body.toString('utf8')}${result.body.toString('utf8').endsWith('\n') ? '' : '\n'}`);
  return 1;
}
