/**
 * Why the action fetches its GitHub ID token itself (src/identity/runner-id-token.ts) rather than through
 * @actions/core's getIDToken: this runs getIDToken against a loopback token service that never answers
 * (`hang`), answers 503 every time (`503`), or answers with a 64 MiB token (`big`), and prints what it did.
 * `node bench/core-id-token.ts hang|503|big`; figures in bench/README.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as core from '@actions/core';

const mode = process.argv[2] ?? 'hang';
const GIVE_UP_MS = 45_000;
let requests = 0;
const server = createServer((_request, response) => {
  requests += 1;
  if (mode === '503') response.writeHead(503).end('busy');
  else if (mode === 'big')
    response.writeHead(200, { 'content-type': 'application/json' }).end(`{"value":"${'a'.repeat(64 * 1024 * 1024)}"}`);
});
await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?x=1`;
process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'request-token';
const started = Date.now();
const outcome = await Promise.race([
  core.getIDToken('api://AzureADTokenExchange').then(
    (token) => `a token of ${token.length} characters`,
    (error: unknown) =>
      `failed: ${String(error instanceof Error ? error.message : error)
        .replace(/\s+/g, ' ')
        .slice(0, 100)}`,
  ),
  new Promise<string>((done) => setTimeout(() => done(`no result within ${GIVE_UP_MS / 1000} s`), GIVE_UP_MS)),
]);
console.log(`${mode}: ${outcome} after ${Date.now() - started} ms, ${requests} requests`);
server.close();
process.exit(0);
