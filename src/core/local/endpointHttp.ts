/** SageMaker's inference contract over HTTP to a local endpoint: POST /invocations and GET /ping. */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LocalInvokeResult {
  status: number;
  contentType: string;
  body: Buffer;
  /** From sending the request to the last byte of the response. */
  latencyMs: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** POST /invocations, as InvokeEndpoint does it (Content-Type and Accept headers, the body as is). */
export function invokeLocalEndpoint(url: string, body: Buffer | string, contentType: string, accept?: string, timeoutMs = 60_000): Promise<LocalInvokeResult> {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const target = new URL('/invocations', url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': contentType,
          'Content-Length': String(payload.length),
          ...(accept ? { Accept: accept } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
            latencyMs: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`The local endpoint did not answer within ${Math.round(timeoutMs / 1000)} s.`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET /ping: true when it answers 200. */
export function pingLocalEndpoint(url: string, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(new URL('/ping', url), { agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
