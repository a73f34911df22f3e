import { REALTIME_PAYLOAD_LIMIT_BYTES } from '../core/invoke/payload';
import { InvokeFailure, type InvocationTarget } from '../core/invoke/types';
import { invokeLocalEndpoint, type LocalEndpointDescription } from '../core/local';
import { readJobDescription } from '../core/local/jobStore';
import { trainingContentType } from '../core/invoke/contentType';

/** A local endpoint as something the invoke panel can send to, with the same limit and error shapes as SageMaker's. */
export function localInvocationTarget(endpoint: LocalEndpointDescription): InvocationTarget {
  return {
    id: `local:${endpoint.EndpointName}`,
    label: `local: ${endpoint.EndpointName}`,
    maxPayloadBytes: REALTIME_PAYLOAD_LIMIT_BYTES,
    async invoke(request) {
      const reply = await invokeLocalEndpoint(endpoint.Url, Buffer.from(request.body), request.contentType ?? 'application/octet-stream', request.accept);
      if (reply.status >= 400) {
        // What SageMaker reports when the model container answers with an error.
        throw new InvokeFailure('ModelError', `Received client error (${reply.status}) from the local model`, 424, reply.status, reply.body.toString());
      }
      return { status: reply.status, body: reply.body, contentType: reply.contentType, invokedVariant: 'AllTraffic' };
    },
    async knownContentType() {
      // The local job that trained the served model, when the endpoint was deployed from one.
      const job = endpoint.JobDir ? readJobDescription(endpoint.JobDir) : undefined;
      return job ? trainingContentType(`local: ${job.TrainingJobName}`, job.InputDataConfig) : undefined;
    },
  };
}
