/** The openai client's fetch over node:http(s): requests as sent, responses streamed, aborts and network errors as fetch reports them. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { httpFetch } from '../../src/http-fetch.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server whose handler each test sets; it records what it received. */
let handler: Handler = (_req, res) => res.end();
const seen: Seen[] = [];
let server: Server;
let base: string;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

describe('httpFetch', () => {
  test('sends method, headers and body as given, and returns status, status text, headers and body', async () => {
    seen.length = 0;
    handler = (_req, res) => {
      res.statusCode = 201;
      res.statusMessage = 'Made';
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('apim-request-id', 'req-1');
      res.end('{"ok":true}');
    };
    const response = await httpFetch(`${base}/openai/v1/chat/completions?api-version=preview`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer x', 'content-type': 'application/json' }),
      body: '{"model":"m","messages":["é"]}',
    });
    assert.equal(response.status, 201);
    assert.equal(response.statusText, 'Made');
    assert.equal(response.ok, true);
    assert.equal(response.headers.get('apim-request-id'), 'req-1');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(await response.json(), { ok: true });

    assert.equal(seen.length, 1);
    const [request] = seen;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, '/openai/v1/chat/completions?api-version=preview');
    assert.equal(request?.headers.authorization, 'Bearer x');
    assert.equal(request?.body, '{"model":"m","messages":["é"]}');
    // Bytes, not characters: "é" is two.
    assert.equal(request?.headers['content-length'], String(Buffer.byteLength('{"model":"m","messages":["é"]}')));
    assert.equal(request?.headers['accept-encoding'], undefined, 'no compression is asked for');
  });

  test('a plain-object header list and a byte body are accepted too', async () => {
    seen.length = 0;
    handler = (_req, res) => res.end('fine');
    const response = await httpFetch(new URL(`${base}/x`), {
      method: 'PUT',
      headers: { 'x-one': '1' },
      body: new TextEncoder().encode('bytes'),
    });
    assert.equal(await response.text(), 'fine');
    assert.equal(seen[0]?.method, 'PUT');
    assert.equal(seen[0]?.headers['x-one'], '1');
    assert.equal(seen[0]?.body, 'bytes');
  });

  test('the body streams: the first piece is readable before the server sends the second', async () => {
    let sendSecond: () => void = () => undefined;
    handler = (_req, res) => {
      res.setHeader('content-type', 'text/event-stream');
      res.write('data: 1\n\n');
      sendSecond = () => res.end('data: 2\n\n');
    };
    const response = await httpFetch(`${base}/stream`, { method: 'POST', body: '{}' });
    const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
    assert.ok(reader);
    const decoder = new TextDecoder();
    const first = await reader.read();
    assert.equal(decoder.decode(first.value), 'data: 1\n\n');
    sendSecond();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    assert.equal(rest, 'data: 2\n\n');
  });

  test('error statuses resolve (the client reads them), with their body', async () => {
    handler = (_req, res) => {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.end('{"statusCode":401,"message":"Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired."}');
    };
    const response = await httpFetch(`${base}/denied`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 401);
    assert.equal(response.ok, false);
    assert.match(await response.text(), /audience is incorrect/);
  });

  test('a 204 and a HEAD answer have no body', async () => {
    handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const empty = await httpFetch(`${base}/empty`);
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
    handler = (_req, res) => {
      res.setHeader('content-length', '5');
      res.end();
    };
    const head = await httpFetch(`${base}/head`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
  });

  test('an abort while waiting for the answer rejects with an AbortError and closes the connection', async () => {
    let closed: Promise<unknown> = Promise.resolve();
    handler = (req) => {
      closed = once(req.socket, 'close');
      // never answers
    };
    const controller = new AbortController();
    const pending = httpFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    await closed;
  });

  test('an abort while the body streams errors the body', async () => {
    handler = (_req, res) => res.write('data: 1\n\n');
    const controller = new AbortController();
    const response = await httpFetch(`${base}/half`, { signal: controller.signal });
    const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
    assert.ok(reader);
    await reader.read();
    controller.abort();
    await assert.rejects(reader.read(), (error: Error) => error.name === 'AbortError');
  });

  test('an already aborted signal sends nothing', async () => {
    seen.length = 0;
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(httpFetch(`${base}/never`, { signal: controller.signal }), (error: Error) => error.name === 'AbortError');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen.length, 0);
  });

  test('network failures reject with the system error code the diagnosis reads', async () => {
    const closedServer = createServer();
    closedServer.listen(0, '127.0.0.1');
    await once(closedServer, 'listening');
    const port = (closedServer.address() as AddressInfo).port;
    closedServer.close();
    await once(closedServer, 'close');
    await assert.rejects(httpFetch(`http://127.0.0.1:${port}/`), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
    await assert.rejects(httpFetch('https://no-such-resource.invalid/'), (error: NodeJS.ErrnoException) => error.code === 'ENOTFOUND');
  });

  test('other schemes are refused', async () => {
    await assert.rejects(httpFetch('ftp://127.0.0.1/'), /unsupported protocol ftp:/);
  });

  test('https uses the process trust store (NODE_EXTRA_CA_CERTS), as the runner sets it', async () => {
    const certPath = fileURLToPath(new URL('../../emulator/tls/cert.pem', import.meta.url));
    const keyPath = fileURLToPath(new URL('../../emulator/tls/key.pem', import.meta.url));
    const tlsServer = createHttpsServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) }, (_req, res) => res.end('secure'));
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    const url = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`;
    const moduleUrl = new URL('../../src/http-fetch.ts', import.meta.url).href;
    const script = `const { httpFetch } = await import(${JSON.stringify(moduleUrl)}); const r = await httpFetch(process.argv[1]); console.log(r.status, await r.text());`;
    const run = (env: Record<string, string>): Promise<{ stdout: string; stderr: string; failed: boolean }> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script, url],
          { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 },
          (error, stdout, stderr) => resolve({ stdout, stderr, failed: error !== null }),
        );
      });
    try {
      const trusted = await run({ NODE_EXTRA_CA_CERTS: certPath });
      assert.equal(trusted.stdout.trim(), '200 secure', trusted.stderr);
      const untrusted = await run({});
      assert.equal(untrusted.failed, true);
      assert.match(untrusted.stderr, /SELF_SIGNED|UNABLE_TO_VERIFY|self.signed/i);
    } finally {
      tlsServer.close();
    }
  });
});
