/**
 * Proxies through the bundle: on a proxy-only network (the endpoint's host
 * is a loopback address where nothing listens), the run succeeds only
 * through HTTPS_PROXY / HTTP_PROXY, and the proxy sees the model call and
 * the Entra call. The proxy is a small one written here: CONNECT tunnels and
 * absolute-form forwarding, with every target sent to the emulator.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { baseInputs, runAction } from '../../emulator/runner.ts';

/** A port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('proxies', () => {
  let em: Emulator;
  let proxy: Server;
  let proxyUrl: string;
  let deadPort: number;
  const seen: string[] = [];
  const tunnels = new Set<{ destroy(): void }>();

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
      const to = route(host, port);
      tunnels.add(socket);
      const upstream = connect(to.port, to.host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      tunnels.add(upstream);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const socket of tunnels) socket.destroy();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
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
});
