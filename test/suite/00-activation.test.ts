import * as assert from 'node:assert/strict';
import dns = require('node:dns');
import net = require('node:net');
import { extension } from './support';

/** Module files that must stay unevaluated until AWS is first needed. */
const AWS_MODULE = /[\\/](@aws-sdk|@smithy)[\\/]|[\\/]dist[\\/]aws\.js$/;
/** The heavy core (validation, image tables, local mode, webview models): loaded when something first calls into it. */
const CORE_BUNDLE = /[\\/]dist[\\/]core\.js$/;

describe('activation', () => {
  it('is lazy: not active before an activation event', () => {
    assert.equal(extension().isActive, false, 'the workspace has no estimator.json and no SageMaker view or command was used');
  });

  it('makes no network call and evaluates neither an AWS SDK module nor, with no estimator open, the core bundle', async () => {
    const before = new Set(Object.keys(require.cache));
    const connections: string[] = [];
    const lookups: string[] = [];
    const originalConnect = net.Socket.prototype.connect;
    const originalLookup = dns.lookup;
    // Instrumentation of Node itself (not of our modules): every TCP connection and DNS lookup is recorded.
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connections.push(JSON.stringify(args[0]));
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as unknown as { lookup: unknown }).lookup = (...args: unknown[]) => {
      lookups.push(String(args[0]));
      return (originalLookup as (...a: unknown[]) => unknown)(...args);
    };
    let api;
    try {
      api = await extension().activate();
      await new Promise(resolve => setTimeout(resolve, 1000)); // anything activation started in the background
    } finally {
      net.Socket.prototype.connect = originalConnect;
      (dns as unknown as { lookup: unknown }).lookup = originalLookup;
    }
    assert.equal(extension().isActive, true);
    const loaded = Object.keys(require.cache).filter(file => !before.has(file));
    assert.deepEqual(loaded.filter(file => AWS_MODULE.test(file)), [], 'AWS SDK modules were evaluated during activation');
    assert.deepEqual(loaded.filter(file => CORE_BUNDLE.test(file)), [],
      'dist/core.js was evaluated during activation with no estimator open: something at activation calls into the lazy core');
    assert.deepEqual(connections, [], 'activation opened network connections');
    assert.deepEqual(lookups, [], 'activation looked up host names');
    assert.ok(api.activationMs >= 0 && api.activationMs < 1000, `activate() took ${api.activationMs} ms`);
  });
});
