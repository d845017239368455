/**
 * Proxies through the bundle: on a proxy-only network (the endpoint's host
 * is a loopback address where nothing listens), the run succeeds only
 * through HTTPS_PROXY / HTTP_PROXY, and the proxy sees the model call and
 * the Entra call. The proxy is a small one written here: CONNECT tunnels and
 * absolute-form forwarding, with every target sent to the emulator. A dead
 * proxy (a port where nothing listens) and one that refuses every CONNECT are
 * diagnosed as the proxy's failure, naming it without its credentials; the
 * managed identity endpoint and NO_PROXY hosts are reached directly.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { closedPort } from './harness.ts';
import { tunnel } from '../setup/tunnel.ts';

describe('proxies', () => {
  let em: Emulator;
  let proxy: Server;
  let proxyUrl: string;
  let deadPort: number;
  const seen: string[] = [];
  const tunnels = new Set<{ destroy(): void }>();
  let refusing: Server;
  let refusingUrl: string;
  let refusal = 407;

  before(async () => {
    em = await startEmulator();
    deadPort = await closedPort();
    const emulatorPort = new URL(em.httpUrl).port;
    // Sends the dead endpoint to the emulator; every other target (Entra's TLS port) as asked.
    const route = (host: string, port: string): { host: string; port: number } =>
      host === 'localhost' ? { host: '127.0.0.1', port: Number(emulatorPort) } : { host, port: Number(port) };
    proxy = createServer((req, res) => {
      const target = new URL(req.url ?? '/');
      seen.push(`${req.method} ${target.host}${target.pathname}`);
      const to = route(target.hostname, target.port || '80');
      const upstream = request(
        { host: to.host, port: to.port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    proxy.on('connect', (req, socket, head) => {
      seen.push(`CONNECT ${req.url ?? ''}`);
      const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
      tunnel(socket, head, route(host, port), tunnels);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    refusing = createServer((_req, res) => res.writeHead(refusal).end());
    refusing.on('connect', (_req, socket) => {
      socket.on('error', () => socket.destroy());
      socket.end(`HTTP/1.1 ${refusal} Refused\r\n\r\n`);
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const socket of tunnels) socket.destroy();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    refusing.closeAllConnections();
    await new Promise((resolve) => refusing.close(resolve));
    await em.stop();
  });

  test('a proxy-only network: the run succeeds through HTTPS_PROXY, which saw the model and Entra calls', async () => {
    const endpoint = `http://localhost:${deadPort}`;
    const result = await runAction(em, {
      inputs: { ...baseInputs(em), endpoint },
      env: { HTTPS_PROXY: proxyUrl, http_proxy: proxyUrl },
    });
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.outputs.response ?? '', /Say hello/);
    const entraHost = new URL(em.env().AZURE_AUTHORITY_HOST ?? em.httpUrl).host;
    assert.ok(
      seen.some((line) => line.includes('localhost') && (line.startsWith('CONNECT') || line.includes('/chat/completions'))),
      seen.join('\n'),
    );
    assert.ok(
      seen.some((line) => line.includes(entraHost)),
      seen.join('\n'),
    );
  });

  test('without the proxy the same endpoint cannot be reached', async () => {
    const result = await runAction(em, { inputs: { ...baseInputs(em), endpoint: `http://localhost:${deadPort}`, 'max-retries': '0' } });
    assert.equal(result.code, 1);
    assert.match(result.errors.join('\n'), /ECONNREFUSED|could not be reached|connect/i);
  });

  /** Nothing a user sees carries the proxy URL's password. */
  function assertNoSecret(result: { stdout: string; stderr: string; summary: string; files: Record<string, string> }): void {
    for (const [where, text] of Object.entries({ stdout: result.stdout, stderr: result.stderr, summary: result.summary, ...result.files }))
      assert.ok(!text.includes('secret'), `the proxy's password is in ${where}`);
  }

  for (const variable of ['HTTPS_PROXY', 'http_proxy']) {
    test(`a dead proxy in ${variable}: Entra's failure is diagnosed as the proxy's, named without its credentials`, async () => {
      const result = await runAction(em, {
        inputs: { ...baseInputs(em), 'max-retries': '0' },
        env: { [variable]: `http://user:secret@127.0.0.1:${deadPort}`, RUNNER_DEBUG: '1' },
      });
      assert.equal(result.code, 1);
      const error = result.errors.join('\n');
      assert.match(
        error,
        new RegExp(`Could not reach the proxy 127\\.0\\.0\\.1:${deadPort} \\(from ${variable}\\) for Microsoft Entra ID`),
      );
      assert.match(error, /ECONNREFUSED/);
      assert.match(error, /NO_PROXY/);
      assert.doesNotMatch(error, /Tenant .* was not found/);
      assertNoSecret(result);
    });
  }

  test("a dead proxy for the model call (Entra in NO_PROXY): diagnosed as the proxy's, no password anywhere", async () => {
    em.reset();
    const result = await runAction(em, {
      inputs: { ...baseInputs(em), endpoint: `http://localhost:${new URL(em.httpUrl).port}`, 'max-retries': '0' },
      env: {
        HTTPS_PROXY: `http://user:secret@127.0.0.1:${deadPort}`,
        HTTP_PROXY: `http://user:secret@127.0.0.1:${deadPort}`,
        NO_PROXY: '127.0.0.1',
        RUNNER_DEBUG: '1',
      },
    });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      new RegExp(
        `Could not reach the proxy 127\\.0\\.0\\.1:${deadPort} \\(from HTTP_PROXY\\) for the model call \\(localhost:\\d+\\) \\(ECONNREFUSED\\)`,
      ),
    );
    assert.equal(em.count('openai'), 0);
    assertNoSecret(result);
  });

  test('a proxy refusing CONNECT with 407: Entra is diagnosed as a proxy refusal with its status', async () => {
    refusal = 407;
    const result = await runAction(em, { inputs: { ...baseInputs(em), 'max-retries': '0' }, env: { HTTPS_PROXY: refusingUrl } });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      /The proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) refused to connect to Microsoft Entra ID \(127\.0\.0\.1:\d+\): it answered CONNECT with 407/,
    );
    assert.match(error, /credentials/);
  });

  test('a proxy refusing CONNECT with 502: the model call is diagnosed as a proxy refusal with its status', async () => {
    refusal = 502;
    const result = await runAction(em, {
      inputs: { ...baseInputs(em), endpoint: `http://localhost:${new URL(em.httpUrl).port}`, 'max-retries': '0' },
      env: { HTTP_PROXY: refusingUrl, NO_PROXY: '127.0.0.1' },
    });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      /The proxy 127\.0\.0\.1:\d+ \(from HTTP_PROXY\) refused to connect to the model call \(localhost:\d+\): it answered CONNECT with 502/,
    );
  });

  test('auth: managed-identity behind a dead proxy: the managed identity endpoint is reached directly', async () => {
    em.reset();
    em.config.managedIdentities.systemAssigned = {
      clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f',
      objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b',
    };
    em.config.openai.roleAssignments.push('9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b');
    const dead = `http://127.0.0.1:${deadPort}`;
    // The model call goes direct by NO_PROXY (localhost); the identity endpoint (127.0.0.1) only by the metadata rule.
    const result = await runAction(em, {
      inputs: { ...baseInputs(em), auth: 'managed-identity', 'client-id': '', endpoint: `http://localhost:${new URL(em.httpUrl).port}` },
      env: { HTTPS_PROXY: dead, HTTP_PROXY: dead, NO_PROXY: 'localhost' },
    });
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.ok(em.count('imds') >= 1, 'the managed identity endpoint got the token request');
    assert.match(result.outputs.response ?? '', /Say hello/);
    em.reset();
  });

  test('auth: managed-identity on App Service behind a proxy: IDENTITY_ENDPOINT is reached directly, its secret header masked', async () => {
    em.reset();
    seen.length = 0;
    const identityHeader = 'app-service-identity-header-5f0c2e9a71';
    const asked: string[] = [];
    // App Service's identity endpoint (api-version 2019-08-01): the secret header in, a token of the emulator's app out.
    const identityEndpoint = createServer((req, res) => {
      asked.push(`${req.method} ${String(req.headers['x-identity-header'] ?? '(no header)')}`);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          access_token: em.mintAccessToken(),
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource: 'https://cognitiveservices.azure.com',
          token_type: 'Bearer',
        }),
      );
    });
    await new Promise<void>((resolve) => identityEndpoint.listen(0, '127.0.0.1', resolve));
    try {
      const port = (identityEndpoint.address() as AddressInfo).port;
      const result = await runAction(em, {
        inputs: { ...baseInputs(em), auth: 'managed-identity', 'client-id': '' },
        env: {
          HTTP_PROXY: proxyUrl,
          HTTPS_PROXY: proxyUrl,
          IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`,
          IDENTITY_HEADER: identityHeader,
          AZURE_POD_IDENTITY_AUTHORITY_HOST: undefined,
        },
      });
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.deepEqual(asked, [`GET ${identityHeader}`], 'one direct request to the identity endpoint');
      assert.ok(!seen.some((line) => line.includes(`:${port}`)), `the proxy saw the identity endpoint:\n${seen.join('\n')}`);
      assert.ok(
        seen.some((line) => line.includes(new URL(em.httpUrl).host)),
        `the model call went through the proxy:\n${seen.join('\n')}`,
      );
      assert.ok(result.stdout.includes(`::add-mask::${identityHeader}`), 'the header is masked');
      const published = [result.stdout.replaceAll(`::add-mask::${identityHeader}`, ''), result.stderr, ...Object.values(result.files)].join(
        '\n',
      );
      assert.ok(!published.includes(identityHeader), 'the header appears nowhere else');
    } finally {
      identityEndpoint.closeAllConnections();
      await new Promise((resolve) => identityEndpoint.close(resolve));
      em.reset();
    }
  });

  test("NO_PROXY naming the endpoint's host: the model call goes direct past a dead proxy", async () => {
    em.reset();
    const dead = `http://127.0.0.1:${deadPort}`;
    const entraPort = new URL(em.authorityHost).port;
    const result = await runAction(em, {
      inputs: { ...baseInputs(em), endpoint: `http://localhost:${new URL(em.httpUrl).port}` },
      env: { HTTPS_PROXY: dead, HTTP_PROXY: dead, NO_PROXY: `localhost, 127.0.0.1:${entraPort}` },
    });
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.equal(em.count('openai'), 1);
  });
});
