/** The build's ASCII rewrite of the bundle: escapes only where they mean the same, and the program computes the same. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { asciiSource, meaning } from '../../scripts/ascii-bundle.ts';

/** Evaluates a script's last expression. */
const evaluate = (source: string): unknown => runInNewContext(source);

test('comments, strings, identity escapes, templates and patterns become ASCII and mean the same', () => {
  const source = [
    '// a comment — with a dash',
    '/* → and 😀 */',
    "const s = 'café';",
    "const t = '\\é';", // an identity escape: the string "é"
    "const u = '\\\\é';", // an escaped backslash, then é
    'const x = 1;',
    'const tpl = `${x} → ${s} 😀`;',
    "const r1 = /é+/.test('éé');",
    "const r2 = /^😀$/u.test('😀');",
    "const r3 = /^😀$/.test('😀');",
    "const r4 = /[à-ÿ]/.test('ö');",
    'JSON.stringify([s, t, u, tpl, r1, r2, r3, r4]);',
  ].join('\n');
  const { text, kept } = asciiSource(source);
  assert.equal(kept, 0);
  // eslint-disable-next-line no-control-regex -- the point: nothing outside ASCII is left
  assert.doesNotMatch(text, /[^\x00-\x7f]/);
  assert.equal(evaluate(text), evaluate(source));
  assert.deepEqual(JSON.parse(evaluate(text) as string), ['café', 'é', '\\é', '1 → café 😀', true, true, true, true]);
  assert.match(text, /\/\/ a comment \\u2014 with a dash/);
});

test('a tagged template and an identifier keep their characters: escaping them could change the program', () => {
  const source = 'const café = 1;\nconst raw = String.raw`é\\n`;\nJSON.stringify([café, raw]);';
  const { text, kept } = asciiSource(source);
  assert.equal(kept, 3);
  assert.equal(text, source);
  assert.equal(evaluate(text), JSON.stringify([1, 'é\\n']));
});

test('an all-ASCII source is returned as it is', () => {
  const source = "const a = 'plain'; // nothing to do\n";
  assert.deepEqual(asciiSource(source), { text: source, kept: 0 });
});

test("the check after the rewrite sees a change of meaning: a tagged template's raw text, a string, a pattern", () => {
  const same = (a: string, b: string): boolean => JSON.stringify(meaning(a)) === JSON.stringify(meaning(b));
  assert.ok(same("'é'", "'\\u00e9'"));
  assert.ok(same('/é/', '/\\u00e9/'));
  assert.ok(same('`é`', '`\\u00e9`'));
  assert.ok(!same('String.raw`é`', 'String.raw`\\u00e9`'));
  assert.ok(!same("'é'", "'\\\\u00e9'"));
  assert.ok(!same('/é/', '/e/'));
});
