/** The tokenizer a deployment's name chooses, and the real tokenizers' counts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseEncoding, countMessages, loadTokenCounter, MAX_RUN, withoutLongRuns } from '../../../src/budget/tokenizer.ts';

describe('chooseEncoding', () => {
  const cases: Array<[string, string]> = [
    ['gpt-4o-mini', 'o200k_base'],
    ['prod-gpt-4.1', 'o200k_base'],
    ['gpt-5-chat', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['my-o4-mini-deploy', 'o200k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['summarizer', 'o200k_base'],
  ];
  for (const [deployment, encoding] of cases)
    test(`${deployment} -> ${encoding}`, () => assert.equal(chooseEncoding(deployment).encoding, encoding));

  test('the real tokenizers count differently and treat special-token text as text', async () => {
    const o200k = await loadTokenCounter('o200k_base');
    const cl100k = await loadTokenCounter('cl100k_base');
    assert.equal(o200k('hello world'), 2);
    assert.equal(cl100k('hello world'), 2);
    assert.ok(o200k('<|endoftext|>') > 1, 'a special token in a diff is plain text');
    assert.equal(countMessages([{ role: 'user', content: 'hello world' }], o200k), 3 + 3 + 1 + 2);
  });
});

describe('withoutLongRuns', () => {
  test('text without a run past MAX_RUN is one piece; a long run is cut every MAX_RUN characters', () => {
    const diff = `+const x = 1;\n+${'y'.repeat(MAX_RUN - 1)} z\n`;
    assert.deepEqual(withoutLongRuns(diff), [diff]);
    const pieces = withoutLongRuns(`a ${'b'.repeat(2 * MAX_RUN + 5)} c`);
    assert.deepEqual(
      pieces.map((p) => p.length),
      [2 + MAX_RUN, MAX_RUN, 5 + 2],
    );
    assert.equal(pieces.join(''), `a ${'b'.repeat(2 * MAX_RUN + 5)} c`);
    assert.deepEqual(
      withoutLongRuns(`x${'\n'.repeat(MAX_RUN + 3)}y`).map((p) => p.length),
      [1 + MAX_RUN, 3 + 1],
    );
  });

  test("a PR line of a million letters is counted in one pass of short merges, near the exact count's size", async () => {
    const o200k = await loadTokenCounter('o200k_base');
    // Uncut, this is one BPE piece, whose merge is quadratic in its length.
    const tokens = o200k(`+${'a'.repeat(1_000_000)}\n`);
    // Each 1,000-letter slice counts as it does alone, so the whole is a thousand times one slice, give or take the ends.
    const slice = o200k('a'.repeat(MAX_RUN));
    assert.ok(Math.abs(tokens - 1000 * slice) <= 4, `${tokens} tokens, ${slice} per slice`);
    // Ordinary text is counted as before: exactly.
    assert.equal(o200k('hello world'), 2);
  });
});
