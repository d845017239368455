/** The GitHub REST client gives up on a request that never answers, instead of holding the job. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createGithubClient } from '../../../src/github-context/github-client.ts';

test('a GitHub API request that never answers is aborted after the time limit', async () => {
  const open: Array<{ destroy(): void }> = [];
  const server: Server = createServer((request) => {
    open.push(request.socket); // accept, never answer
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as AddressInfo;
    const masked: string[] = [];
    const gh = await createGithubClient('ghs_example', { GITHUB_API_URL: `http://127.0.0.1:${port}` }, (s) => masked.push(s), {
      timeoutMs: 200,
    });
    const started = Date.now();
    await assert.rejects(
      gh.octokit.rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 1 }),
      /the GitHub API did not answer within 0\.2 s \(request timed out\)/,
    );
    const took = Date.now() - started;
    assert.ok(took >= 150 && took < 5000, `aborted after ${took} ms`);
    assert.equal(gh.requests, 1);
    assert.deepEqual(masked, ['ghs_example']);
  } finally {
    for (const socket of open) socket.destroy();
    await new Promise<void>((done) => server.close(() => done()));
  }
});
