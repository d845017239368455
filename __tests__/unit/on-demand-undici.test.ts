/** The bundle's stand-in for `undici`: the real module, loaded on first use (see src/on-demand/undici.ts). */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import * as realUndici from 'undici/index.js';
import { fetch, loadUndici, ProxyAgent } from '../../src/on-demand/undici.ts';

// One test, in order: the module's state (loaded or not) is process-wide.
test('ProxyAgent needs loadUndici first; then it and fetch are the real undici', async () => {
  assert.throws(() => new (ProxyAgent as unknown as new (uri: string) => unknown)('http://127.0.0.1:9'), /before loadUndici\(\) finished/);

  const undici = await loadUndici();
  assert.equal(undici.ProxyAgent, realUndici.ProxyAgent, 'the same module as a direct import');
  assert.equal(await loadUndici(), undici, 'loaded once');

  const agent = new (ProxyAgent as unknown as new (uri: string) => unknown)('http://127.0.0.1:9');
  assert.ok(agent instanceof realUndici.ProxyAgent);
  await agent.close();

  const server = createServer((_req, res) => res.end('through undici'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    assert.equal(await response.text(), 'through undici');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
