// A small HTTP proxy in front of moto: counts AWS calls by operation and injects faults where moto has none
// (throttling, 5xx, dropped connections, delays). Tests read and steer it through /__proxy/*:
//   GET  /__proxy/stats          -> { "SageMaker.ListTrainingJobs": 3, ... }
//   POST /__proxy/reset          -> clears counts, faults and recorded requests
//   GET  /__proxy/requests?operation=SageMaker.CreateTrainingJob -> [{ "operation", "body" }] (bodies as text, in order;
//                                   also "method", "path", "headers", "bodyBytes" and "bodySha256" of the bytes as they came)
//   POST /__proxy/faults         -> [{ "operation": "Logs_20140328.FilterLogEvents", "kind": "throttle"|"500"|"drop"|"delay", "times": 2, "ms": 500 }]
//                                   or { "operation": ..., "kind": "error", "status": 400, "type": "ResourceLimitExceeded", "message": "...", "fields": {...} }
//                                   a fault with "forMs" (instead of "times") refuses every call of its operation for that long; the faults
//                                   of one POST share that window, which opens at the first call any of them refuses (an outage of
//                                   several operations at once, e.g. an expired session: { "kind": "error", "type": "ExpiredTokenException" })
//                                   "hold" keeps matching requests (optionally only those whose URL includes "urlIncludes") until
//                                   POST /__proxy/release; GET /__proxy/held -> { "held": n } counts them
//   GET  /__proxy/invocations    -> [{ "path", "headers", "body" }]: every InvokeEndpoint request as it reached moto
//   REST operations are named "<METHOD> /<first path segment>", except InvokeEndpoint: "SageMakerRuntime.InvokeEndpoint".
'use strict';
const http = require('node:http');
const { createHash } = require('node:crypto');

function operationOf(req, body) {
  const target = req.headers['x-amz-target'];
  if (target) return String(target);
  const action = /(?:^|&)Action=([^&]+)/.exec(body);
  if (action) return `${(req.headers.host || '')}:${action[1]}`.replace(/^[^:]*:/, '');
  // REST calls: SageMaker Runtime's InvokeEndpoint is POST /endpoints/<name>/invocations.
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && /^\/endpoints\/[^/]+\/invocations$/.test(path)) return 'SageMakerRuntime.InvokeEndpoint';
  return `${req.method} ${path.split('/').slice(0, 2).join('/')}`;
}

/** Whether a shared fault window refuses this call: it opens at its first call and closes forMs later. */
function openWindow(window) {
  window.until ??= Date.now() + window.forMs;
  return Date.now() < window.until;
}

function startAwsProxy(targetUrl) {
  const target = new URL(targetUrl);
  let stats = {};
  let faults = [];
  let invocations = [];
  let requests = [];
  let held = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url.startsWith('/__proxy/')) return control(req, res, body);
      const operation = operationOf(req, body.toString('latin1'));
      stats[operation] = (stats[operation] || 0) + 1;
      if (operation === 'SageMakerRuntime.InvokeEndpoint') invocations.push({ path: req.url, headers: req.headers, body: body.toString('utf8') });
      requests.push({ operation, body: body.toString('utf8'), method: req.method, path: req.url, headers: req.headers, bodyBytes: body.length,
        bodySha256: createHash('sha256').update(body).digest('hex') });
      const fault = faults.find(f => f.operation === operation && (!f.urlIncludes || req.url.includes(f.urlIncludes))
        && (f.window ? openWindow(f.window) : f.times > 0));
      if (fault && !fault.window) fault.times--;
      const forward = () => {
        const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, reply => {
          res.writeHead(reply.statusCode, reply.headers);
          reply.pipe(res);
        });
        upstream.on('error', error => { res.writeHead(502); res.end(String(error)); });
        upstream.end(body);
      };
      if (!fault) return forward();
      switch (fault.kind) {
        case 'throttle':
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          return res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        case '500':
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
          return res.end(JSON.stringify({ __type: 'ServiceUnavailableException', message: 'injected 500' }));
        case 'error':
          res.writeHead(fault.status || 400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': fault.type });
          // `fields`: more members of the error body (e.g. ModelError's OriginalStatusCode, OriginalMessage, LogStreamArn).
          return res.end(JSON.stringify({ __type: fault.type, message: fault.message || fault.type, ...(fault.fields || {}) }));
        case 'drop':
          return req.socket.destroy();
        case 'delay':
          return setTimeout(forward, fault.ms || 500);
        case 'hold':
          held.push(forward);
          return undefined;
        default:
          return forward();
      }
    });
  });

  function control(req, res, body) {
    if (req.url === '/__proxy/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(stats));
    }
    if (req.url === '/__proxy/invocations') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(invocations));
    }
    if (req.url === '/__proxy/reset') { stats = {}; faults = []; invocations = []; requests = []; held = []; res.writeHead(204); return res.end(); }
    if (req.url === '/__proxy/held') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ held: held.length }));
    }
    if (req.url === '/__proxy/release') {
      const released = held;
      held = [];
      for (const forward of released) forward();
      res.writeHead(204);
      return res.end();
    }
    if (req.url.startsWith('/__proxy/requests')) {
      const operation = new URL(req.url, 'http://proxy').searchParams.get('operation');
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(requests.filter(r => !operation || r.operation === operation)));
    }
    if (req.url === '/__proxy/faults') {
      const posted = JSON.parse(body.toString() || '[]');
      const windowMs = posted.find(f => f.forMs !== undefined)?.forMs;
      const window = windowMs !== undefined ? { forMs: windowMs, until: undefined } : undefined;
      faults.push(...posted.map(f => (f.forMs !== undefined ? { ...f, window } : { times: 1, ...f })));
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(404);
    res.end();
  }

  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      const stop = () => { server.close(); server.closeAllConnections(); };
      resolve({ url, stop, stats: () => ({ ...stats }) });
    });
  });
}

module.exports = { startAwsProxy };
