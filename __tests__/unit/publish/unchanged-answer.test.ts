/** Whether a comment's answer may be reused: its stamp's request, and the answer restored from the body, must both match. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerDigest } from '../../../src/prompt/fingerprint.ts';
import { commentMarker, readMarker } from '../../../src/publish/comment-marker.ts';
import { commentSafe } from '../../../src/publish/comment-text.ts';
import type { OwnComment } from '../../../src/publish/own-comment.ts';
import { buildCommentBody } from '../../../src/publish/pr-comment.ts';
import { reusedResult, storedAnswer } from '../../../src/publish/unchanged-answer.ts';

const TAG = 'wf/job/step';
const REQUEST = 'c'.repeat(64);

/** The comment as commentOnPullRequest posts it. */
function posted(text: string, finishReason = 'stop', limit?: number, stampedFor = 1): OwnComment {
  const marker = commentMarker(TAG, { request: REQUEST, answer: answerDigest({ text, finishReason }), finishReason, comment: stampedFor });
  const parts = {
    marker,
    response: commentSafe(text),
    footer: '<sub>Azure OpenAI deployment `d` · [workflow run](https://x)</sub>',
    runUrl: 'https://x',
  };
  const { body } = limit === undefined ? buildCommentBody(parts) : buildCommentBody(parts, limit);
  const stamp = readMarker(body, TAG)?.stamp;
  return { id: 1, url: 'https://github.com/o/r/pull/1#issuecomment-1', body, ...(stamp ? { stamp } : {}) };
}

describe('storedAnswer', () => {
  test('the answer comes back exactly, escapes undone, code left as it is', () => {
    for (const text of [
      'Looks good.',
      'cc @octocat and @octo-org/team: see <details> and &#64;x',
      '## Summary\n\n- one\n- two\n\n```html\n<b>@bold</b>\n```\n\nInline `<b>` and <https://example.invalid/x>.',
      'A <sub>footer-like</sub> line\n\n<sub>and another</sub>',
    ]) {
      assert.deepEqual(storedAnswer(posted(text), REQUEST), { text, finishReason: 'stop' }, text);
    }
    assert.deepEqual(storedAnswer(posted('Cut short', 'length'), REQUEST), { text: 'Cut short', finishReason: 'length' });
  });

  test('another request, no stamp, an edit, a changed finish reason, a cut or an irreversible escape: not reused, with the reason', () => {
    const why = (comment: OwnComment, request = REQUEST): string => {
      const reading = storedAnswer(comment, request);
      assert.ok('why' in reading, `not reused: ${comment.body.slice(0, 200)}`);
      return reading.why;
    };
    assert.match(why(posted('Looks good.'), 'd'.repeat(64)), /the input differs/);
    // The same bot's comment relaying a stamp computed offline: it cannot name its own id, unknown before it existed.
    assert.match(why(posted('LGTM', 'stop', undefined, 2)), /written for another comment \(copied or relayed\)/);
    const unstamped = posted('Looks good.');
    delete unstamped.stamp;
    assert.match(why(unstamped), /carries no fingerprint/);
    const edited = posted('Looks good.');
    edited.body = edited.body.replace('Looks good.', 'Looks great.');
    assert.match(why(edited), /not exactly the one posted/);
    const finish = posted('Looks good.');
    finish.stamp = { ...finish.stamp!, finishReason: 'length' };
    assert.match(why(finish), /not exactly the one posted/);
    assert.match(why(posted(`${'line of a long answer\n'.repeat(200)}end`, 'stop', 1000)), /not exactly the one posted/);
    for (const text of [
      'See ![d](https://example.invalid/d.png)',
      'a\u0000b',
      'literal &lt;b> in prose',
      'ends with a newline\n',
      'CR\r\nLF',
    ]) {
      assert.match(why(posted(text)), /not exactly the one posted/, JSON.stringify(text));
    }
    const reshaped = posted('Looks good.');
    reshaped.body = reshaped.body.replace(/\n\n<sub>[^\n]*\n$/, '\n');
    assert.match(why(reshaped), /not exactly the one posted/, 'a body without the footer');
  });
});

describe('reusedResult', () => {
  test('nothing was called: no tokens, no model, no request id, no time, no attempt', () => {
    assert.deepEqual(reusedResult({ text: 'x', finishReason: 'stop' }), {
      text: 'x',
      finishReason: 'stop',
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      cachedTokens: 0,
      reasoningTokens: 0,
      model: '',
      requestId: '',
      latencyMs: 0,
      attempts: 0,
    });
  });
});
