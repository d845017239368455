/**
 * The audience switch by host, end to end: a deployment behind an API
 * Management gateway (`*.azure-api.net`, where anyone can register one) that
 * answers 401 "audience is incorrect" gets no token for the other Azure AI
 * audience, only the one it was trusted with; the same deployment on Azure's
 * own host (`*.openai.azure.com`) gets one switch. Both host names reach the
 * emulator through a CONNECT proxy (the action's own HTTPS_PROXY support), and
 * the emulator's certificate names both, so the action's TLS checks stay on.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AI_AUDIENCE, COGNITIVE_SERVICES_AUDIENCE } from '../../emulator/config.ts';
import { decodeJwt } from '../../emulator/jwt.ts';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';
import { tunnel } from '../setup/tunnel.ts';

useEmulator({}, (started) => {
  started.azLogout();
  started.config.openai.deployments['wants-ai'] = { model: 'DeepSeek-V3-0324', audiences: [AI_AUDIENCE] };
});

/** Every CONNECT to a host name reaches the emulator's TLS listener; loopback ones (Entra) go where they ask. */
let proxy: Server;
let proxyUrl: string;
const connected: string[] = [];
const tunnels = new Set<{ destroy(): void }>();
before(async () => {
  proxy = createServer();
  proxy.on('connect', (req, socket, head) => {
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    connected.push(host);
    const tlsPort = new URL(emulator.env().AZURE_AUTHORITY_HOST ?? '').port;
    tunnel(socket, head, { host: '127.0.0.1', port: Number(host === '127.0.0.1' ? port : tlsPort) }, tunnels);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => {
  for (const socket of tunnels) socket.destroy();
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

function run(endpoint: string): Promise<RunResult> {
  connected.length = 0;
  return runAction(emulator, {
    inputs: { ...baseInputs(emulator), endpoint, deployment: 'wants-ai', 'max-retries': '0' },
    env: { HTTPS_PROXY: proxyUrl },
  });
}

/** Entra's token requests, and the `aud` of the token each model request presented. */
function tokenTraffic(): { tokenRequests: number; presented: string[] } {
  const tokenRequests = emulator.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length;
  const presented = emulator.requests
    .filter((r) => r.service === 'openai')
    .map((call) => String(decodeJwt(/^Bearer (\S+)$/.exec(String(call.headers.authorization))?.[1] ?? '')?.payload.aud));
  return { tokenRequests, presented };
}

describe('the second audience goes only to hosts it belongs to', () => {
  test('a gateway on azure-api.net asking for another audience gets none: one token, one call, a clear failure', async () => {
    const result = await run('https://contoso-gw.azure-api.net');
    assert.ok(connected.includes('contoso-gw.azure-api.net'), `the gateway's host was reached: ${connected.join(', ')}`);
    assert.equal(result.code, 1, result.stdout);
    assert.deepEqual(tokenTraffic(), { tokenRequests: 1, presented: [COGNITIVE_SERVICES_AUDIENCE] });
    assert.doesNotMatch(result.stdout, /trying once more with a token for/);
    assert.equal(result.errors.length, 1, result.errors.join('\n'));
    assert.match(result.errors[0] ?? '', /Azure OpenAI rejected the access token \(401\)/);
    assert.deepEqual(result.outputs, {});
  });

  test("Azure's own host asking for the other audience gets one switch, and answers", async () => {
    const result = await run('https://contoso.openai.azure.com');
    assert.ok(connected.includes('contoso.openai.azure.com'), `Azure's host was reached: ${connected.join(', ')}`);
    assert.equal(result.code, 0, `${result.errors.join('\n')}\n${result.stdout}`);
    assert.deepEqual(tokenTraffic(), { tokenRequests: 2, presented: [COGNITIVE_SERVICES_AUDIENCE, AI_AUDIENCE] });
    assert.equal(result.outputs['token-scope'], 'https://ai.azure.com/.default');
  });
});
