import { parseArgs } from 'node:util';
import { ImageUriError, retrieve } from '../core/images/imageUris';
import type { CliIo } from './io';
import { checkAwsOptions, UsageError } from './options';

export const IMAGE_URI_USAGE = `image-uri --framework F --region R [--version V] [--py-version P] [--instance-type T]
          [--image-scope S] [--accelerator-type A] [--container-version C] [--base-framework-version B]
          [--distribution JSON]`;

/** The options, named as retrieve()'s arguments are (py_version: --py-version). */
const IMAGE_URI_OPTIONS = {
  framework: { type: 'string' }, region: { type: 'string' }, version: { type: 'string' }, 'py-version': { type: 'string' },
  'instance-type': { type: 'string' }, 'image-scope': { type: 'string' }, 'accelerator-type': { type: 'string' },
  'container-version': { type: 'string' }, 'base-framework-version': { type: 'string' }, distribution: { type: 'string' },
} as const;

/** `sagemaker-estimator image-uri`: one URI, as sagemaker.image_uris.retrieve() gives it. */
export function imageUriCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({ args: argv, options: IMAGE_URI_OPTIONS, strict: true });
  checkAwsOptions(values);
  if (!values.framework || !values.region) {
    throw new UsageError(`image-uri needs --framework and --region. Usage: sagemaker-estimator ${IMAGE_URI_USAGE.replace(/\s+/g, ' ')}`);
  }
  let distribution: Record<string, unknown> | undefined;
  if (values.distribution) {
    try {
      distribution = JSON.parse(values.distribution) as Record<string, unknown>;
    } catch {
      io.stderr.write('sagemaker-estimator: --distribution must be a JSON object, e.g. \'{"mpi":{"enabled":true}}\'.\n');
      return 1;
    }
  }
  try {
    io.stdout.write(`${retrieve({
      framework: values.framework,
      region: values.region,
      version: values.version ?? null,
      py_version: values['py-version'] ?? null,
      instance_type: values['instance-type'] ?? null,
      image_scope: values['image-scope'] ?? null,
      accelerator_type: values['accelerator-type'] ?? null,
      container_version: values['container-version'] ?? null,
      base_framework_version: values['base-framework-version'] ?? null,
      distribution: distribution ?? null,
    })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ImageUriError && error.kind === 'FileNotFoundError') {
      // The SDK's own words here are a Python file path: say it as a choice of framework instead.
      const known = /supported frameworks: ([^)]*)\)/.exec(error.message)?.[1];
      io.stderr.write(`sagemaker-estimator: --framework "${values.framework}" is not a framework or algorithm with SageMaker images.`
        + `${known ? ` Known ones: ${known}.` : ''}\n`);
      return 1;
    }
    if (error instanceof ImageUriError) {
      // The exception and message retrieve() raises, but not its advice to upgrade the SDK: the option to give instead.
      const option = error.argument.replace(/_/g, '-');
      const action = Object.prototype.hasOwnProperty.call(IMAGE_URI_OPTIONS, option) ? ` ${/: None\b/.test(error.message) ? 'Give' : 'Change'} --${option}.` : '';
      io.stderr.write(`${error.kind}: ${error.withoutUpgradeAdvice()}${action}\n`);
      return 1;
    }
    throw error;
  }
}
