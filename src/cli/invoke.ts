import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { invokeEndpoint } from '../aws/invokeEndpoint';
import { classifyInvokeError, type InvokeErrorInfo } from '../core/invoke/errors';
import { checkPayloadSize } from '../core/invoke/payload';
import type { InvokeResponse } from '../core/invoke/types';
import { invokeLocalEndpoint, readLocalEndpoint, resolveLocalEndpointUrl, type LocalInvokeResult } from '../core/local/localEndpoint';
import { cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, type GlobalValues } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const INVOKE_USAGE = 'invoke <endpoint-name-or-url> --content-type T (--body B | --file F) [--accept A] [--local | --cloud] [--workspace DIR] '
  + GLOBAL_USAGE;

export const INVOKE_HELP = `Send one request to an endpoint and print the reply's body on stdout: a local endpoint (\`serve\`, by its name in
--workspace or its URL) or a SageMaker endpoint (InvokeEndpoint). A URL, or a name the workspace has a local
endpoint of, is called locally (--cloud: SageMaker all the same); any other name is a SageMaker endpoint
(--local: never SageMaker).
The invoke panel's checks: a body over 6 MB is refused before anything is sent; when the model refuses or fails
the request, its own status and message are printed (ModelError), with where its logs are.
  --file F   the body from a file (also --body-file); --body B the body as text
  --json     the reply as one JSON object, in InvokeEndpoint's names: {"ContentType", "InvokedProductionVariant",
             "CustomAttributes", "Body"} (the body as text), or "BodyBase64" for a body that is not text
Exit status: 0 the endpoint answered 2xx, 1 the model refused or failed the request (or the body is too large),
3 SageMaker refused the call (no such endpoint, throttling, credentials).`;

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]*\+json|xml|jsonlines|x-ndjson))/i;

/** Errors that are about the request or the model (exit 1); the others are about AWS (exit 3). */
const REQUEST_PROBLEMS: ReadonlySet<InvokeErrorInfo['kind']> = new Set(['model-error', 'model-not-ready', 'validation', 'too-large']);

/** `sagemaker-estimator invoke`: one request to a local endpoint, or to a SageMaker endpoint. */
export async function invokeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...GLOBAL_OPTIONS, 'content-type': { type: 'string' }, body: { type: 'string' }, 'body-file': { type: 'string' }, file: { type: 'string' },
      accept: { type: 'string' }, workspace: { type: 'string' }, local: { type: 'boolean' }, cloud: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const bodyFile = values.file ?? values['body-file'];
  if (positionals.length !== 1 || !values['content-type'] || (values.body === undefined) === (bodyFile === undefined) || (values.local && values.cloud)) {
    throw new UsageError(`invoke takes one endpoint, --content-type, and either --body or --file. Usage: sagemaker-estimator ${INVOKE_USAGE}`);
  }
  const body = readBody(values.body, bodyFile, values.file !== undefined ? '--file' : '--body-file', io);
  if (typeof body === 'number') return body;
  const target = positionals[0]!;
  const workspace = resolve(io.cwd, values.workspace ?? '.');
  // Local: a URL, a name the workspace has a local endpoint of (running or not), or --local; else SageMaker.
  const local = !values.cloud && (values.local || /^https?:\/\//i.test(target) || readLocalEndpoint(workspace, target) !== undefined);
  const url = local ? resolveLocalEndpointUrl(workspace, target) : undefined;
  if (url) {
    let result: LocalInvokeResult;
    try {
      result = await invokeLocalEndpoint(url, body, values['content-type'], values.accept);
    } catch (error) {
      // Nothing listens there (the server stopped), or it never answered: the request never reached a model.
      const why = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'nothing listens there' : (error as Error).message.replace(/\.$/, '');
      io.stderr.write(`sagemaker-estimator: ${url} did not take the request: ${why}. Is it still served? Start it with: sagemaker-estimator serve <job>\n`);
      return 1;
    }
    if (result.status >= 200 && result.status < 300) return printReply({ body: result.body, ...(result.contentType ? { contentType: result.contentType } : {}) }, values, io);
    const text = result.body.toString('utf8');
    io.stderr.write(`sagemaker-estimator: the endpoint answered ${result.status}:\n${text}${text.endsWith('\n') ? '' : '\n'}`);
    return 1;
  }
  if (local) {
    io.stderr.write(`sagemaker-estimator: no running local endpoint "${target}" in ${workspace}. Start one with: sagemaker-estimator serve <job>\n`);
    return 1;
  }
  return invokeCloud(target, body, values, io);
}

/** The body: --body as UTF-8, or --file, measured before it is read (the invoke panel's 6 MB limit). */
function readBody(text: string | undefined, file: string | undefined, fileOption: string, io: CliIo): Buffer | number {
  const source = file !== undefined ? `${fileOption} ${file}` : '--body';
  let body: Buffer;
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    try {
      const tooLarge = checkPayloadSize(fs.statSync(path).size);
      if (tooLarge) {
        io.stderr.write(`sagemaker-estimator: ${source}: ${tooLarge}\n`);
        return 1;
      }
      body = fs.readFileSync(path);
    } catch (error) {
      io.stderr.write(`sagemaker-estimator: cannot read ${fileOption}: ${(error as Error).message}\n`);
      return 1;
    }
  } else body = Buffer.from(text!, 'utf8');
  const tooLarge = checkPayloadSize(body.length);
  if (tooLarge) {
    io.stderr.write(`sagemaker-estimator: ${source}: ${tooLarge}\n`);
    return 1;
  }
  return body;
}

/** The reply's body as it is (text ends with a newline), or under --json the whole reply as one JSON object. */
function printReply(reply: Pick<InvokeResponse, 'body' | 'contentType' | 'invokedVariant' | 'customAttributes'>, values: GlobalValues, io: CliIo): number {
  const textual = reply.contentType === undefined || TEXTUAL.test(reply.contentType);
  const body = Buffer.from(reply.body);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({
      ...(reply.contentType !== undefined ? { ContentType: reply.contentType } : {}),
      ...(reply.invokedVariant !== undefined ? { InvokedProductionVariant: reply.invokedVariant } : {}),
      ...(reply.customAttributes !== undefined ? { CustomAttributes: reply.customAttributes } : {}),
      ...(textual ? { Body: body.toString('utf8') } : { BodyBase64: body.toString('base64') }),
    })}\n`);
    return 0;
  }
  if (!textual) {
    io.stdout.write(body);
    return 0;
  }
  const text = body.toString('utf8');
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

async function invokeCloud(endpointName: string, body: Buffer, values: GlobalValues & { 'content-type'?: string | undefined; accept?: string | undefined },
  io: CliIo): Promise<number> {
  const clients = cliClients(values, io);
  try {
    const reply = await invokeEndpoint(clients, endpointName, {
      body, ...(values['content-type'] ? { contentType: values['content-type'] } : {}), ...(values.accept ? { accept: values.accept } : {}),
    });
    return printReply(reply, values, io);
  } catch (error) {
    const info = classifyInvokeError(error);
    const original = info.originalMessage !== undefined ? ` The model said: ${info.originalMessage.trim().replace(/\.?$/, '.')}` : '';
    const logs = info.logStreamArn ? ` Its logs: ${info.logStreamArn} .` : '';
    io.stderr.write(`sagemaker-estimator: ${info.title}: ${info.message.trim()}.${original}${logs} ${info.nextStep ?? ''}`.trimEnd().replace(/\.\./g, '.')
      .replace(/\n/g, ' ') + '\n');
    return REQUEST_PROBLEMS.has(info.kind) ? 1 : 3;
  } finally {
    clients.destroy();
  }
}
