/** max-total-tokens: the input plus max-tokens against the limit, before the call. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTotalTokens } from '../../../src/budget/total-tokens.ts';
import { InputError } from '../../../src/errors.ts';

const MESSAGES = [{ role: 'user' as const, content: 'Say hello.' }];

function check(maxTotalTokens: number | undefined, maxTokens: number | undefined, budget?: { tokens: number; encoding: string }) {
  const lines: string[] = [];
  const config = {
    deployment: 'gpt-5.1',
    ...(maxTotalTokens !== undefined ? { maxTotalTokens } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  };
  const done = checkTotalTokens({ messages: MESSAGES, config, ...(budget ? { budget } : {}), log: { info: (l) => lines.push(l) } });
  return { done, lines };
}

describe('checkTotalTokens', () => {
  test('the budget step’s count plus max-tokens over the limit fails naming the input, both numbers and what to change', async () => {
    await assert.rejects(check(1_000, 200, { tokens: 900, encoding: 'o200k_base' }).done, (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.input, 'max-total-tokens');
      assert.match(
        error.message,
        /^Input 'max-total-tokens': this run could use 1,100 tokens: 900 of input \(counted with o200k_base\) plus max-tokens 200, more than max-total-tokens 1,000\. Raise max-total-tokens, lower max-tokens/,
      );
      return true;
    });
  });

  test('exactly at the limit passes, and says so', async () => {
    const { done, lines } = check(1_100, 200, { tokens: 900, encoding: 'o200k_base' });
    await done;
    assert.deepEqual(lines, ['Tokens: at most 1,100 (900 input + max-tokens 200) of max-total-tokens 1,100.']);
  });

  test('without a budget count the messages are counted with the deployment’s encoding', async () => {
    // "Say hello." is 3 tokens in o200k_base; the chat format adds 3 per message (role 1) and 3 for the reply.
    const { done, lines } = check(100, 10);
    await done;
    assert.deepEqual(lines, ['Tokens: at most 20 (10 input + max-tokens 10) of max-total-tokens 100.']);
    await assert.rejects(check(19, 10).done, /could use 20 tokens: 10 of input \(counted with o200k_base\)/);
  });

  test('without max-total-tokens nothing is counted or said', async () => {
    const { done, lines } = check(undefined, 10);
    await done;
    assert.deepEqual(lines, []);
  });
});
