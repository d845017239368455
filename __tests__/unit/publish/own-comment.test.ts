/** Which comment is this step's own: the marker on the first line, and this token's identity as its author. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createGithubClient } from '../../../src/github-context/github-client.ts';
import { commentMarker } from '../../../src/publish/comment-marker.ts';
import { findOwnComment, isOwnComment } from '../../../src/publish/own-comment.ts';

test("only a comment by the token's own identity whose first line is the marker is taken over", () => {
  const marker = commentMarker('PR summary');
  const bot = 'github-actions[bot]';
  assert.ok(isOwnComment({ body: `${marker}\nold`, user: { login: bot } }, 'PR summary', bot));
  assert.ok(
    isOwnComment({ body: `${marker}\nold`, user: { login: 'GitHub-Actions[bot]' } }, 'PR summary', bot),
    'logins compare without case',
  );
  assert.ok(
    !isOwnComment({ body: `${marker}\nmine`, user: { login: 'octocat' } }, 'PR summary', bot),
    'a MEMBER (a person) is never overwritten',
  );
  assert.ok(
    !isOwnComment({ body: `${marker}\nold`, user: { login: 'other-app[bot]' } }, 'PR summary', bot),
    'another bot is not this identity',
  );
  assert.ok(
    isOwnComment({ body: `${marker}\nold`, user: { login: 'octocat' } }, 'PR summary', 'octocat'),
    "a personal token's own comment",
  );
  assert.ok(!isOwnComment({ body: `quoting:\n${marker}`, user: { login: bot } }, 'PR summary', bot), 'the marker not on the first line');
  assert.ok(!isOwnComment({ body: `${commentMarker('other')}\n`, user: { login: bot } }, 'PR summary', bot));
  assert.ok(!isOwnComment({ body: `${marker}\nold`, user: { login: '' } }, 'PR summary', ''), 'an unknown identity owns nothing');
  assert.ok(!isOwnComment({ body: null, user: null }, 'PR summary', bot));
});

test("a listing's Link header naming another host is never followed with the token: pages are asked of GITHUB_API_URL by number", async () => {
  const elsewhere: string[] = [];
  const asked: string[] = [];
  const listen = (server: Server, host: string) =>
    new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
  const thief = createServer((req, res) => {
    elsewhere.push(`${req.url} ${req.headers.authorization ?? ''}`);
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  const thiefPort = await listen(thief, '127.0.0.2');
  const api = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    // The first page says the next is on another host; the second has no next.
    if (!/[?&]page=2/.test(req.url ?? '')) res.setHeader('link', `<http://127.0.0.2:${thiefPort}/steal?page=2>; rel="next"`);
    res.end('[]');
  });
  const apiPort = await listen(api, '127.0.0.1');
  try {
    const gh = await createGithubClient('ghs_unitTestToken0123456789', { GITHUB_API_URL: `http://127.0.0.1:${apiPort}` }, () => undefined);
    assert.equal(await findOwnComment(gh, { owner: 'o', repo: 'r' }, 1, 'tag', { warning: () => undefined }), undefined);
    assert.deepEqual(elsewhere, [], 'the other host got nothing');
    assert.equal(asked.length, 2);
    assert.match(asked[1] ?? '', /^\/repos\/o\/r\/issues\/1\/comments\?.*page=2/);
    // And the client itself refuses another origin, whatever asks it.
    await assert.rejects(
      gh.octokit.request(`GET http://127.0.0.2:${thiefPort}/steal`),
      /refused to send the GitHub token to http:\/\/127\.0\.0\.2/,
    );
    assert.deepEqual(elsewhere, []);
  } finally {
    api.close();
    thief.close();
  }
});
