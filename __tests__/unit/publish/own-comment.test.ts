/** Which comment is this step's own: the marker on the first line, and this token's identity as its author. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentMarker } from '../../../src/publish/comment-marker.ts';
import { isOwnComment } from '../../../src/publish/own-comment.ts';

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
