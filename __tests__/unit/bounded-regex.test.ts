/** expect and schema patterns run on re2js (linear time): a catastrophic pattern ends at once; what it cannot run is refused. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/errors.ts';
import { compileBounded, parseExpect } from '../../src/bounded-regex.ts';
import { compileSchema } from '../../src/judge/compile-schema.ts';

const EVIL = `${'a'.repeat(40)}!`;

describe('bounded regular expressions', () => {
  test('expect ^(a+)+$ against 40 a then ! ends in milliseconds (V8 would run for hours)', () => {
    const started = performance.now();
    assert.equal(parseExpect('^(a+)+$').test(EVIL), false);
    assert.equal(parseExpect('^(a+)+$').test(`${'a'.repeat(1_000_000)}!`), false);
    assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
  });
  test('/pattern/flags maps i, m and s; g, y, u and d are dropped', () => {
    assert.ok(parseExpect('/^ok$/im').test('x\nOK\ny'));
    assert.ok(parseExpect('/a.b/s').test('a\nb'));
    assert.ok(!parseExpect('/a.b/').test('a\nb'));
    assert.equal(String(parseExpect('/ready/giu')), '/ready/i');
  });
  test('JavaScript escapes are translated (\\u, \\d, \\b)', () => {
    assert.ok(parseExpect('^caf\\u00e9 ok\\b').test('café ok'));
    assert.ok(parseExpect('\\d{3}').test('a123'));
  });
  for (const [text, why] of [
    ['/ready/x', /flag 'x' is not supported/],
    ['/usr/bin', /flag 'b' is not supported.*\\\//],
    ['(a)\\1', /backreferences or lookaround/],
    ['foo(?=bar)', /backreferences or lookaround/],
    ['(?<!a)b', /backreferences or lookaround/],
  ] as const) {
    test(`expect ${text} is refused naming the input, never read as a literal`, () => {
      assert.throws(
        () => parseExpect(text),
        (e: unknown) => e instanceof InputError && e.input === 'expect' && why.test(e.message),
      );
    });
  }
  test('compileBounded shows the pattern as /source/flags', () => {
    assert.equal(String(compileBounded('^OK', 'i')), '/^OK/i');
  });
  test('a schema pattern runs on the same engine: ^(a+)+$ ends in milliseconds', async () => {
    const validate = await compileSchema({
      input: 'json-schema',
      name: 't',
      source: 'a test',
      strict: false,
      schema: {
        type: 'object',
        properties: { s: { type: 'string', pattern: '^(a+)+$' } },
        patternProperties: { '^x(y+)+$': { type: 'number' } },
      },
    });
    const started = performance.now();
    assert.equal(validate({ s: EVIL }).length, 1);
    assert.deepEqual(validate({ s: 'aaa' }), []);
    assert.equal(validate({ [`x${'y'.repeat(40)}!`]: 'n' }).length, 0);
    assert.ok(performance.now() - started < 2000);
  });
  test('a schema pattern with lookaround fails as a bad input naming the input', async () => {
    await assert.rejects(
      compileSchema({
        input: 'json-schema-file',
        name: 't',
        source: 'a test',
        strict: false,
        schema: { type: 'string', pattern: '(?=a)' },
      }),
      (e: unknown) => e instanceof InputError && e.input === 'json-schema-file' && e.message.includes("pattern '(?=a)' is not supported"),
    );
  });
});

describe('expect', () => {
  test('a bare pattern or /pattern/flags; g and y are dropped (test() must not keep state)', () => {
    assert.equal(String(parseExpect('^OK\\b')), '/^OK\\b/');
    assert.equal(String(parseExpect('/ready/gi')), '/ready/i');
    const re = parseExpect('/a/g');
    assert.ok(re.test('a') && re.test('a'));
  });
  test('an invalid pattern names the input', () => {
    assert.throws(() => parseExpect('[a-'), /Input 'expect': '\[a-' is not a valid regular expression/);
  });
});
