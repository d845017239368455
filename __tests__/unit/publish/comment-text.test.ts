/** The answer as posted in a PR comment: inert (no ping, no fetch, no hidden text), ordinary Markdown unchanged. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentSafe, footerText, HYGIENE_MAX_CHARS, restoreAnswer } from '../../../src/publish/comment-text.ts';
import { MAX_COMMENT_CHARACTERS } from '../../../src/github-limits.ts';
import { commentMarker } from '../../../src/publish/comment-marker.ts';

const SUMMARY = [
  '## Summary',
  '',
  'This pull request adds a **dark mode** toggle to the settings page, and _persists_ the choice.',
  '',
  '### Changes',
  '',
  '- `src/settings.ts`: new `theme` option (default `"light"`)',
  '- `src/ui/toggle.tsx`: the toggle component',
  '  1. nested item with a [link](https://example.com/docs?a=1&b=2)',
  '',
  '| File | Lines |',
  '| ---- | ----: |',
  '| a.ts | +12 -3 |',
  '',
  '```ts',
  'const x: Array<string> = [];',
  '// @ts-expect-error, <img src=x>, ![a](b)',
  '```',
  '',
  '> Note: see https://github.com/octo-org/octo-repo/pull/42 and issue #7.',
  '',
  'Mail review@example.com if needed; 3 > 2 and `a << b`.',
  '',
].join('\n');

test('a typical PR summary of ordinary Markdown is byte-identical', () => {
  assert.equal(commentSafe(SUMMARY), SUMMARY);
});

test('mentions of users and teams are neutralised outside code, kept inside', () => {
  assert.equal(commentSafe('Thanks @octocat and @octo-org/reviewers!'), 'Thanks @&#8203;octocat and @&#8203;octo-org/reviewers!');
  assert.equal(commentSafe('@octocat first'), '@&#8203;octocat first');
  assert.equal(commentSafe('in code `@octocat` stays'), 'in code `@octocat` stays');
  assert.equal(commentSafe('```\n@octocat\n```\n@x'), '```\n@octocat\n```\n@&#8203;x');
});

test('mentions in the forms GitHub still links are neutralised; e-mail addresses are kept', () => {
  const forms: [string, string][] = [
    ['_@octocat_', '_@&#8203;octocat_'],
    ['@@octocat', '@@&#8203;octocat'],
    ['x`@octocat', 'x`@&#8203;octocat'],
    ['a/@octocat', 'a/@&#8203;octocat'],
    ['(@octocat)', '(@&#8203;octocat)'],
    ['&#64;octocat &#x40;octocat &commat;octocat &#0064;x', '&amp;#64;octocat &amp;#x40;octocat &amp;commat;octocat &amp;#0064;x'],
    ['first_last@example.com and a.b+c@example.org', 'first_last@example.com and a.b+c@example.org'],
  ];
  for (const [given, posted] of forms) {
    assert.equal(commentSafe(given), posted, given);
  }
});

test('a code span does not cross a blank line, and a fence line with a backtick in its info string is prose', () => {
  assert.equal(commentSafe('`5\n\n![x](u) @octocat <img>\n\n`6'), '`5\n\n[x](u) @&#8203;octocat &lt;img>\n\n`6');
  assert.equal(commentSafe('```a`b\n@octocat\n```'), '```a`b\n@&#8203;octocat\n```');
  assert.equal(commentSafe('~~~a`b\n@octocat\n~~~'), '~~~a`b\n@octocat\n~~~', 'a tilde fence may carry backticks');
});

test('autolinks are kept as they are', () => {
  assert.equal(
    commentSafe('See <https://example.com/a?b=1> and <mailto:x@example.com>.'),
    'See <https://example.com/a?b=1> and <mailto:x@example.com>.',
  );
});

test('images become links; raw HTML and HTML comments are shown as text', () => {
  assert.equal(commentSafe('![x](https://evil.example/p.png?d=secret)'), '[x](https://evil.example/p.png?d=secret)');
  assert.equal(commentSafe('![x][ref]\n\n[ref]: https://evil.example/p.png'), '[x][ref]\n\n[ref]: https://evil.example/p.png');
  assert.equal(commentSafe('<img src="https://evil.example/p.png">'), '&lt;img src="https://evil.example/p.png">');
  assert.equal(commentSafe('<picture><source srcset="u"></picture>'), '&lt;picture>&lt;source srcset="u">&lt;/picture>');
  assert.equal(commentSafe('text <!-- hides the footer'), 'text &lt;!-- hides the footer');
  assert.equal(commentSafe('[a link](https://example.com)'), '[a link](https://example.com)');
});

test('controls and bidi overrides are removed; newlines and tabs kept; CRLF becomes LF', () => {
  assert.equal(commentSafe('a\u0000b\u001b[31mc\u007f\u202Ed\u2066e\tf\r\ng'), 'ab[31mcde\tf\ng');
});

test("this action's markers are stripped from the answer, whatever step they name", () => {
  const answer = `${commentMarker('other step')}\nhijack\n<!-- azure-openai-keyless: x -->`;
  assert.equal(commentSafe(answer), '\nhijack\n');
});

test('long hostile inputs are processed in linear time', () => {
  const started = performance.now();
  commentSafe('`'.repeat(200_000));
  commentSafe(Array.from({ length: 20_000 }, (_, i) => '`'.repeat((i % 50) + 1)).join(' x '));
  commentSafe('@a'.repeat(200_000) + '<'.repeat(200_000) + '![x]('.repeat(100_000));
  assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
});

test('the footer keeps only characters that form no Markdown or HTML', () => {
  assert.equal(footerText('gpt-4o-2024-08-06'), 'gpt-4o-2024-08-06');
  assert.equal(footerText('x` <img src=y> @z ![a](b)'), 'x___img_src_y___z___a__b_');
});

test('restoreAnswer undoes the escapes commentSafe adds, outside code and only there', () => {
  assert.equal(restoreAnswer(commentSafe(SUMMARY)), SUMMARY);
  for (const answer of [
    'cc @octocat, @octo-org/team and _@mona_; mail a@b.example',
    '<details><summary>x</summary> &#64;x &#x40;y &commat;z </details>',
    'Inline `<b>@x</b>` and\n\n```\n<i>@y</i> &lt; kept\n```\n<after>',
  ]) {
    assert.notEqual(commentSafe(answer), answer, 'the case is escaped at all');
    assert.equal(restoreAnswer(commentSafe(answer)), answer, answer);
  }
  // What commentSafe drops or rewrites for good does not come back: the digest check then refuses the comment.
  assert.notEqual(restoreAnswer(commentSafe('![x](https://example.invalid/i.png)')), '![x](https://example.invalid/i.png)');
  assert.notEqual(restoreAnswer(commentSafe('literal &lt; in prose')), 'literal &lt; in prose');
});

test('the hygiene reads no more than twice what a comment holds, whatever the answer', () => {
  const head = `@octocat <img src=x>\n${'\n'.repeat(HYGIENE_MAX_CHARS)}`;
  const huge = `${head}${'\n'.repeat(16 * 1024 * 1024)}@tail`;
  assert.equal(commentSafe(huge), commentSafe(head.slice(0, HYGIENE_MAX_CHARS)));
  assert.equal(HYGIENE_MAX_CHARS, 2 * MAX_COMMENT_CHARACTERS);
  // The prefix is never cut inside a surrogate pair.
  assert.equal(commentSafe(`${'a'.repeat(HYGIENE_MAX_CHARS - 1)}😀`).length, HYGIENE_MAX_CHARS - 1);
});
