/** The tokenizer a deployment's name chooses, and the real tokenizers' counts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseEncoding, countMessages, loadTokenCounter } from '../../../src/budget/tokenizer.ts';

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
