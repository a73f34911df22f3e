import { parseArgs } from 'node:util';
import { deleteEndpoint, describeEndpoint } from '../aws/resources';
import { awsStep, cliClients, GLOBAL_OPTIONS, GLOBAL_USAGE, note } from './awsOptions';
import type { CliIo } from './io';
import { UsageError } from './options';

export const DELETE_ENDPOINT_USAGE = `delete-endpoint <endpoint> [--delete-config] [--delete-model] ${GLOBAL_USAGE}`;

export const DELETE_ENDPOINT_HELP = `Delete an endpoint (DeleteEndpoint), as predictor.delete_endpoint() does.
  --delete-config   also its endpoint configuration (DeleteEndpointConfig)
  --delete-model    also the configuration's models (DeleteModel); implies --delete-config, as predictor.delete_model()
                    after delete_endpoint() leaves nothing behind`;

/** `sagemaker-estimator delete-endpoint`: the endpoint, and on request its configuration and models. */
export async function deleteEndpointCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, options: { ...GLOBAL_OPTIONS, 'delete-config': { type: 'boolean' }, 'delete-model': { type: 'boolean' } },
    allowPositionals: true, strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(`delete-endpoint takes one endpoint name. Usage: sagemaker-estimator ${DELETE_ENDPOINT_USAGE}`);
  const name = positionals[0]!;
  const clients = cliClients(values, io);
  try {
    const details = await awsStep(`describe endpoint ${name}`, clients, () => describeEndpoint(clients, name));
    const alsoConfig = values['delete-config'] === true || values['delete-model'] === true;
    const deleted = await awsStep(`delete endpoint ${name}`, clients, async () => {
      if (alsoConfig && !values['delete-model']) {
        const only = await deleteEndpoint(clients, details, false);
        if (details.config?.EndpointConfigName) {
          await clients.sageMaker().deleteEndpointConfig({ EndpointConfigName: details.config.EndpointConfigName });
          only.config = details.config.EndpointConfigName;
        }
        return only;
      }
      return deleteEndpoint(clients, details, alsoConfig);
    });
    if (values.json) io.stdout.write(`${JSON.stringify({ EndpointName: deleted.endpoint, EndpointConfigName: deleted.config ?? null, ModelNames: deleted.models })}\n`);
    note(values, io, `Deleted endpoint ${deleted.endpoint}${deleted.config ? `, endpoint configuration ${deleted.config}` : ''}`
      + `${deleted.models.length ? `, model${deleted.models.length > 1 ? 's' : ''} ${deleted.models.join(', ')}` : ''}.`);
    return 0;
  } finally {
    clients.destroy();
  }
}
