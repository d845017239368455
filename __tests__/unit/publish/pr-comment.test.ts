/** The PR comment's body: marker, cut at the comment's limit, the run's link. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commentMarker } from '../../../src/publish/comment-marker.ts';
import { buildCommentBody, commentResponse, runUrl, tokenUse } from '../../../src/publish/pr-comment.ts';

describe('PR comment body', () => {
  const parts = { marker: commentMarker('wf/job/step'), footer: '<sub>footer</sub>', runUrl: 'https://github.com/o/r/actions/runs/1' };

  test('the marker cannot be closed early by the tag', () => {
    assert.equal(commentMarker('a-->b'), '<!-- azure-openai-keyless: a-b -->');
  });

  test('a short response is kept whole', () => {
    const { body, cut } = buildCommentBody({ ...parts, response: 'Hello.\n' });
    assert.equal(cut, false);
    assert.equal(body, '<!-- azure-openai-keyless: wf/job/step -->\nHello.\n\n<sub>footer</sub>\n');
  });

  test('a response cut before the hygiene says so, however short what is left', () => {
    const { body, cut } = buildCommentBody({ ...parts, response: 'Left.', cutBefore: true });
    assert.equal(cut, true);
    assert.match(
      body,
      /^<!-- azure-openai-keyless: wf\/job\/step -->\nLeft\.\n\n> \[!NOTE\]\n> This response is longer than a comment can hold/,
    );
  });

  test('a long response is cut at a line break, an open fence closed, with the link', () => {
    const response = `Intro\n~~~~text\n${'line of text\n'.repeat(500)}~~~~\nafter`;
    const { body, cut } = buildCommentBody({ ...parts, response }, 2000);
    assert.equal(cut, true);
    assert.ok(body.length <= 2000, String(body.length));
    assert.match(
      body,
      /line of text\n~~~~\n\n> \[!NOTE\]\n> This response is longer than a comment can hold \(2,000 characters\) and was cut here\. \[Read it whole in the run's job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)\.\n\n<sub>footer<\/sub>\n$/,
    );
    assert.doesNotMatch(body, /after/);
  });

  test('a cut never splits a surrogate pair', () => {
    const { body } = buildCommentBody({ ...parts, response: '😀'.repeat(3000) }, 2000);
    assert.ok(body.length <= 2000);
    assert.doesNotMatch(body, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('the run URL names the attempt after the first', () => {
    assert.equal(runUrl({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5' }), 'https://github.com/o/r/actions/runs/5');
    assert.equal(
      runUrl({ GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5', GITHUB_RUN_ATTEMPT: '2' }),
      'https://ghe.example.com/o/r/actions/runs/5/attempts/2',
    );
  });
});

describe('the response in a posted body', () => {
  test('is what lies between the marker line and the footer', () => {
    const { body } = buildCommentBody({
      marker: commentMarker('t'),
      response: 'Line one.\n\n<sub>not a footer</sub>\n',
      footer: '<sub>footer</sub>',
      runUrl: 'https://x',
    });
    assert.equal(commentResponse(body), 'Line one.\n\n<sub>not a footer</sub>');
    assert.equal(commentResponse('no footer\nat all'), undefined);
    assert.equal(commentResponse(`${commentMarker('t')}\nanswer\n\n<sub>footer</sub>\nedited after`), undefined);
  });
});

describe('the token use in the footer', () => {
  test('prompt and completion always, cached and reasoning when reported', () => {
    const base = { promptTokens: 1200, completionTokens: 34, totalTokens: 1234, cachedTokens: 0, reasoningTokens: 0 };
    assert.equal(tokenUse(base), '1,234 tokens (1,200 prompt, 34 completion)');
    assert.equal(
      tokenUse({ ...base, cachedTokens: 1024, reasoningTokens: 20 }),
      '1,234 tokens (1,200 prompt, 1,024 cached, 34 completion, 20 reasoning)',
    );
  });
});
