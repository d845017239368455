/** scrub() and oneLine(): no held secret or JWT-shaped string survives into published or logged text. */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { forgetSecrets, holdSecret, logText, oneLine, scrub, scrubAnswer, secretKeeper } from '../../src/secrets.ts';
import { fakeJwt } from './identity/fake-jwt.ts';

afterEach(() => forgetSecrets());

test('a held secret is replaced wherever it appears, and masked once', () => {
  const masked: string[] = [];
  const keep = secretKeeper((s) => masked.push(s));
  keep('ghs_0123456789abcdefGHIJ');
  keep('ghs_0123456789abcdefGHIJ');
  keep('short');
  assert.deepEqual(masked, ['ghs_0123456789abcdefGHIJ']);
  assert.equal(scrub('token=ghs_0123456789abcdefGHIJ, again ghs_0123456789abcdefGHIJ.'), 'token=***, again ***.');
  assert.equal(scrub('short stays'), 'short stays');
  // actions/checkout's persisted header form of a GitHub token.
  const basic = Buffer.from('x-access-token:ghs_0123456789abcdefGHIJ').toString('base64');
  assert.equal(scrub(`AUTHORIZATION: basic ${basic}`), 'AUTHORIZATION: basic ***');
});

test('every JWT-shaped string is replaced, held or not; ordinary text with eyJ or dots is kept', () => {
  const jwt = fakeJwt({ sub: 'x', aud: 'https://cognitiveservices.azure.com' });
  assert.equal(scrub(`Authorization: Bearer ${jwt}`), 'Authorization: Bearer ***');
  assert.equal(scrub(`"access_token":"${jwt}","x":1`), '"access_token":"***","x":1');
  assert.equal(scrub(`${jwt}.${jwt}`), '***.***');
  // Unsigned (alg none): an empty signature.
  const unsigned = jwt.slice(0, jwt.lastIndexOf('.') + 1);
  assert.equal(scrub(`t=${unsigned} end`), 't=*** end');
  // Cut short by whoever quoted it: the header and part of the payload.
  assert.equal(scrub(`token ${jwt.slice(0, jwt.indexOf('.') + 8)}… is invalid`), 'token ***… is invalid');
  assert.equal(scrub(`token ${jwt.slice(0, 20)}`), 'token ***');
  for (const text of ['see eyJhbGciOi in the docs', 'version 1.2.3 of a.b.c', 'https://x.openai.azure.com/openai/v1/chat/completions']) {
    assert.equal(scrub(text), text);
  }
});

test('scrub is linear: long hostile runs are scrubbed fast', () => {
  const started = performance.now();
  scrub('eyJ'.repeat(1_000_000));
  scrub(`eyJ${'a'.repeat(3_000_000)}`);
  scrub('eyJaaaaaaaaaaa.'.repeat(200_000));
  assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
});

test('a token cut at a text limit is scrubbed when the scrub comes first', () => {
  const jwt = fakeJwt({ sub: 'y'.repeat(400) });
  const text = `${'x'.repeat(500)} ${jwt}`;
  assert.ok(!scrub(text).slice(0, 600).includes(jwt.slice(0, 50)));
});

test('scrubAnswer scrubs every published string of an answer', () => {
  holdSecret('ghs_secretsecretsecret');
  const jwt = fakeJwt({ sub: 'z' });
  const answer = scrubAnswer({ text: `echo ${jwt}`, model: 'ghs_secretsecretsecret', finishReason: 'stop', requestId: jwt, latencyMs: 1 });
  assert.deepEqual(answer, { text: 'echo ***', model: '***', finishReason: 'stop', requestId: '***', latencyMs: 1 });
});

test('oneLine: no CR/LF, controls, ANSI or bidi controls; no workflow command; bounded; scrubbed', () => {
  assert.equal(oneLine('gpt-4o\n::add-mask::x\r\n::stop-commands::abc'), 'gpt-4o ::add-mask::x ::stop-commands::abc');
  assert.equal(oneLine('a\nb\rc\u0000d\u2028e'), 'a b c d e');
  assert.equal(oneLine('\u001b[31mred\u001b[0m \u001b]8;;https://e.example\u0007link'), 'red link');
  assert.equal(oneLine('ab\u202Ecd\u2066ef\u200B'), 'abcdef');
  assert.equal(oneLine('::stop-commands::tok'), ': :stop-commands::tok');
  assert.equal(oneLine('  \n::add-mask::v'), ': :add-mask::v');
  assert.equal(oneLine('x'.repeat(500), 10), `${'x'.repeat(10)}…`);
  assert.equal(oneLine(`id ${fakeJwt({ a: 1 })}`), 'id ***');
  assert.equal(oneLine(undefined), '');
});

test('a token split by invisible characters is scrubbed whole, so removing them cannot rejoin it', () => {
  const jwt = fakeJwt({ sub: 'x' });
  for (const invisible of ['\u200B', '\u0000', '\u00AD', '\u2060', '\u202E']) {
    const split = jwt.replaceAll('ey', `ey${invisible}`);
    assert.equal(scrub(`token ${split} end`), 'token *** end', JSON.stringify(invisible));
  }
  holdSecret('ghs_0123456789abcdefGHIJ');
  assert.equal(scrub('x ghs_0123\u200B456789abcdefGHIJ y'), 'x *** y');
  // Invisible characters elsewhere (an emoji sequence, a word joiner in prose) are kept.
  for (const text of ['family \u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 'a\u2060b', 'ordinary_identifier\u200Bwith_a_space_char']) {
    assert.equal(scrub(text), text);
  }
});

test('a held secret base64-encoded at any offset inside a longer text is scrubbed', () => {
  const secret = 'ghs_0123456789abcdefGHIJklmnopqrst';
  holdSecret(secret);
  for (const prefix of ['', 'a', 'ab', 'token=']) {
    const encoded = Buffer.from(`${prefix}${secret};suffix`).toString('base64');
    const scrubbed = scrub(`echo ${encoded}`);
    assert.ok(scrubbed.includes('***'), prefix);
    const inner = Buffer.from(secret).toString('base64').slice(4, 30);
    assert.ok(!scrubbed.includes(inner), `no part of the encoded secret is left (prefix ${JSON.stringify(prefix)})`);
    const url = Buffer.from(`${prefix}${secret}`).toString('base64url');
    assert.ok(scrub(url).includes('***'), `base64url, prefix ${JSON.stringify(prefix)}`);
  }
});

test('logText: no line of a log message can start a workflow command, whatever line breaks a service put in it', () => {
  const tag = 'v1\n::warning title=INJECTED::from a tag name\r::error::fake\u2028  ::notice::x';
  const text = logText(`Comparing ${tag}...abc1234.`);
  for (const line of text.split(/[\r\n\u2028\u2029]/)) assert.doesNotMatch(line, /^\s*::/, line);
  assert.match(text, /: :warning title=INJECTED/);
  assert.equal(logText('::add-mask::x'), ': :add-mask::x');
  // Ordinary text, and :: inside a line, are left alone.
  assert.equal(logText('Model gpt-4o answered: std::vector is fine.'), 'Model gpt-4o answered: std::vector is fine.');
  holdSecret('held-secret-0123456789');
  assert.equal(logText('token held-secret-0123456789'), 'token ***');
  // The runner trims U+0085 (.NET whitespace) before it reads a command, and reads `##[command]` anywhere.
  assert.doesNotMatch(logText('notes\n\u0085::warning title=INJECTED::x'), /\n\u0085::/);
  assert.equal(logText('release "x ##[stop-commands]tok"'), 'release "x # #[stop-commands]tok"');
  assert.equal(oneLine('##[warning]injected'), '# #[warning]injected');
  // Many line ends and blanks are read in one pass.
  const blank = '\n \t'.repeat(500_000);
  assert.equal(logText(`${blank}::x`).endsWith(' \t: :x'), true);
});

test('scrub: a run of millions of token characters (a stranger answer) is read in one pass, and a JWT inside it still goes', () => {
  // A regular expression's loop over a run this long exhausted V8's backtracking stack ("Maximum call stack size exceeded").
  const long = 'a'.repeat(8_000_000);
  assert.equal(scrub(long), long);
  const jwt = fakeJwt({ sub: 'x' });
  const hidden = `${'b'.repeat(3_000_000)}.${jwt}.${'c'.repeat(3_000_000)}`;
  const scrubbed = scrub(`before ${hidden} after`);
  assert.ok(!scrubbed.includes(jwt), 'the token is gone');
  assert.ok(scrubbed.startsWith(`before ${'b'.repeat(1000)}`) && scrubbed.endsWith(`${'c'.repeat(1000)} after`));
});
