import assert from 'node:assert/strict';
import { test } from 'node:test';
import { citation, inlineCommentBody, listedFindings, publicText } from '../../../src/review/review-body.ts';
import type { Finding } from '../../../src/review/review-schema.ts';
import { forgetSecrets, holdSecret } from '../../../src/secrets.ts';

const finding = (over: Partial<Finding>): Finding => ({
  path: 'src/a.ts',
  line: 3,
  start_line: null,
  side: 'RIGHT',
  severity: 'major',
  body: 'Off by one.',
  suggestion: null,
  ...over,
});

test('a suggestion on the RIGHT is a suggestion block GitHub can apply; elsewhere it is shown as code', () => {
  assert.equal(
    inlineCommentBody(finding({ suggestion: 'return n - 1;\n' }), true),
    '**major**: Off by one.\n\n```suggestion\nreturn n - 1;\n```',
  );
  assert.equal(inlineCommentBody(finding({ suggestion: 'x' }), false), '**major**: Off by one.\n\nSuggested change:\n\n```\nx\n```');
});

test('a suggestion holding backticks gets a longer fence, so it cannot close the block early', () => {
  const body = inlineCommentBody(finding({ suggestion: 'a\n```\n@admin ![x](https://evil.example/p.png)' }), true);
  assert.equal(body, '**major**: Off by one.\n\n````suggestion\na\n```\n@admin ![x](https://evil.example/p.png)\n````');
});

test("a finding's text that leaves a fence open is closed before the suggestion, which stays a block of its own", () => {
  const body = inlineCommentBody(finding({ body: 'See:\n```\ncode', suggestion: 'y' }), true);
  assert.equal(body, '**major**: See:\n```\ncode\n```\n\n```suggestion\ny\n```');
});

test('every text is safe as a PR comment: no pings, no images, no HTML, no markers, no held secret', (t) => {
  const ghToken = `ghp_${'a'.repeat(36)}`;
  holdSecret(ghToken);
  t.after(forgetSecrets);
  const body = inlineCommentBody(
    finding({ body: `@octocat look ![i](https://evil.example/x.png?d=1) <img src=x> <!-- azure-openai-keyless: t --> ${ghToken}` }),
    true,
  );
  assert.doesNotMatch(body, /(?<!&#8203;)@octocat|!\[|<img|azure-openai-keyless|ghp_a/);
  assert.match(body, /@&#8203;octocat/);
  assert.match(publicText('@team/x'), /@&#8203;team/);
});

test('the citation is code that nothing in a path can break out of', () => {
  assert.equal(citation(finding({})), '`src/a.ts:3`');
  assert.equal(citation(finding({ start_line: 1, line: 4, side: 'LEFT' })), '`src/a.ts:1-4` (deleted side)');
  assert.equal(citation(finding({ path: 'a`@x\nb' })), '`a@xb:3`');
});

test('findings not placed are listed with where and why, their suggestion as code', () => {
  const text = listedFindings([{ finding: finding({ line: 99, suggestion: 'z' }), why: 'the line is outside every hunk of the diff' }]);
  assert.equal(
    text,
    '**Not placed on a line of the diff** (1):\n\n- **major** `src/a.ts:99` (the line is outside every hunk of the diff): Off by one.\n\n  Suggested change:\n\n  ```\n  z\n  ```',
  );
  assert.equal(listedFindings([]), '');
});
