/** The GitHub ID token request, against a loopback token service: its shape, its errors, its cap. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BodyTooLargeError } from '../../../src/bounded-body.ts';
import { findInChain } from '../../../src/errors.ts';
import { closedPort } from '../../setup/closed-port.ts';
import { MissingIdTokenError } from '../../../src/identity/identity-error.ts';
import { idTokenErrorStatus, isTransientIdTokenError } from '../../../src/identity/retry-id-token.ts';
import { IdTokenConnectionError, runnerIdTokenFetcher } from '../../../src/identity/runner-id-token.ts';

const REQUEST_TOKEN = 'request-token-value';
const AUDIENCE = 'api://AzureADTokenExchange';

describe('runnerIdTokenFetcher', () => {
  let server: Server;
  let base: string;
  let answer: (req: IncomingMessage, res: ServerResponse) => void;
  const seen: { url: string; authorization: string | undefined; userAgent: string | undefined }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, userAgent: req.headers['user-agent'] });
      answer(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_apis/token?api-version=2.0`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
  });

  const env = () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: base, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN });
  const failure = async (fetching: Promise<string>): Promise<Error> => {
    try {
      await fetching;
    } catch (error) {
      assert.ok(error instanceof Error);
      return error;
    }
    assert.fail('the request succeeded');
  };

  test("asks for the audience with the request token as bearer, and returns the answer's value", async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"value":"the-id-token"}');
    assert.equal(await runnerIdTokenFetcher(env())(AUDIENCE), 'the-id-token');
    assert.deepEqual(seen, [
      {
        url: `/_apis/token?api-version=2.0&audience=${encodeURIComponent(AUDIENCE)}`,
        authorization: `Bearer ${REQUEST_TOKEN}`,
        userAgent: 'azure-openai-keyless-action',
      },
    ]);
  });

  test("a refusal reads as core's did: its status, the service's first words on one short line", async () => {
    answer = (_req, res) => res.writeHead(403).end(`Forbidden: no id-token permission\n::error::injected\n${'x'.repeat(5000)}`);
    const error = await failure(runnerIdTokenFetcher(env())(AUDIENCE));
    assert.match(
      error.message,
      /^Failed to get ID Token\. Error Code : 403\nError Message: Forbidden: no id-token permission ::error::injected x+…$/,
    );
    assert.ok(error.message.length < 300, `cut short: ${error.message.length} characters`);
    // Runner commands are read only at a line's start: the service's words never begin one.
    assert.doesNotMatch(error.message, /^::/m);
    assert.equal(idTokenErrorStatus(error), 403);
    assert.equal(isTransientIdTokenError(error), false);
  });

  test('a 503 is transient', async () => {
    answer = (_req, res) => res.writeHead(503).end('Service Unavailable');
    const error = await failure(runnerIdTokenFetcher(env())(AUDIENCE));
    assert.equal(idTokenErrorStatus(error), 503);
    assert.equal(isTransientIdTokenError(error), true);
  });

  test('an answer past 1 MiB fails as too large, and is not retried', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"value":"${'a'.repeat(2 * 2 ** 20)}"}`);
    };
    const error = await failure(runnerIdTokenFetcher(env())(AUDIENCE));
    assert.ok(findInChain(error, BodyTooLargeError));
    assert.match(error.message, /answer too large: more than 1 MiB \(the runner's ID token service\)/);
    assert.equal(isTransientIdTokenError(error), false);
  });

  test('a 200 without a value, or not JSON, is a failure that says so, not retried', async () => {
    for (const body of ['{"count":0}', '<html>sign in to the network</html>']) {
      answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      const error = await failure(runnerIdTokenFetcher(env())(AUDIENCE));
      assert.equal(error.message, 'Failed to get ID Token. Error Code : 200\nError Message: the answer holds no ID token');
      assert.equal(isTransientIdTokenError(error), false);
    }
  });

  test('a redirect is not followed: the request token stays with the host the runner named', async () => {
    answer = (_req, res) => res.writeHead(302, { location: 'http://elsewhere.invalid/steal' }).end();
    const error = await failure(runnerIdTokenFetcher(env())(AUDIENCE));
    assert.equal(error.message, 'Failed to get ID Token. Error Code : 302\nError Message: a redirect to elsewhere.invalid, not followed');
    assert.equal(seen.length, 1);
    assert.equal(isTransientIdTokenError(error), false);
  });

  test('an ACTIONS_ID_TOKEN_REQUEST_URL that is not a URL fails naming it, with no request', async () => {
    const error = await failure(runnerIdTokenFetcher({ ...env(), ACTIONS_ID_TOKEN_REQUEST_URL: 'not a url' })(AUDIENCE));
    assert.match(error.message, /ACTIONS_ID_TOKEN_REQUEST_URL is not a URL/);
    assert.equal(seen.length, 0);
    assert.equal(isTransientIdTokenError(error), false);
  });

  test('a refused connection has no status: transient', async () => {
    const port = await closedPort();
    const error = await failure(
      runnerIdTokenFetcher({
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/t?x=1`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      })(AUDIENCE),
    );
    assert.match(error.message, /^Failed to get ID Token\. Error Message: .*ECONNREFUSED/);
    assert.ok(error instanceof IdTokenConnectionError);
    assert.equal(idTokenErrorStatus(error), undefined);
    assert.equal(isTransientIdTokenError(error), true);
  });

  test('a token service on another host goes through the proxy the variables name; a loopback one goes direct', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":"via-proxy"}');
    const tunnels: string[] = [];
    // A proxy that sends every request to the token service above, whatever host it names: forwarded or tunnelled.
    const proxy = createServer((req, res) => {
      tunnels.push(req.url ?? '');
      const upstream = request(
        {
          port: (server.address() as AddressInfo).port,
          host: '127.0.0.1',
          path: new URL(req.url ?? '/').pathname + new URL(req.url ?? '/').search,
          headers: req.headers,
        },
        (answerFromService) => {
          res.writeHead(answerFromService.statusCode ?? 502, answerFromService.headers);
          answerFromService.pipe(res);
        },
      );
      req.pipe(upstream);
    }).on('connect', (req: IncomingMessage, client, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const upstream = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).on('error', () => undefined);
        client.pipe(upstream).on('error', () => undefined);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    // undici's proxy agent reads the variables from the process, as it does in a run.
    process.env.http_proxy = proxyUrl;
    try {
      const viaProxy = { ...env(), ACTIONS_ID_TOKEN_REQUEST_URL: 'http://token.invalid/_apis/token?api-version=2.0', http_proxy: proxyUrl };
      assert.equal(await runnerIdTokenFetcher(viaProxy)(AUDIENCE), 'via-proxy');
      assert.equal(tunnels.length, 1);
      assert.match(tunnels[0] ?? '', /token\.invalid/);
      assert.equal(await runnerIdTokenFetcher({ ...env(), http_proxy: proxyUrl })(AUDIENCE), 'via-proxy');
      assert.equal(tunnels.length, 1, 'the loopback token service was reached direct');
      // Through the proxy too, a redirect is not followed (undici's fetch would follow it by default).
      answer = (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/again` }).end();
      const redirected = await failure(runnerIdTokenFetcher(viaProxy)(AUDIENCE));
      assert.match(redirected.message, /Error Code : 302\nError Message: a redirect to 127\.0\.0\.1:\d+, not followed/);
      assert.equal(seen.filter((s) => s.url === '/again').length, 0);
    } finally {
      delete process.env.http_proxy;
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  test('without the request variables: MissingIdTokenError, and no request', async () => {
    const error = await failure(runnerIdTokenFetcher({ ACTIONS_ID_TOKEN_REQUEST_URL: base })(AUDIENCE));
    assert.ok(error instanceof MissingIdTokenError);
    assert.equal(seen.length, 0);
  });
});
