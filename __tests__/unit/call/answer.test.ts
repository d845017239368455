/** The answer read from a whole chat completion: text, finish reason, usage with its details. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerFromCompletion, tokenCounts } from '../../../src/call/answer.ts';

describe('answerFromCompletion', () => {
  test('maps usage in full, cached and reasoning tokens included', () => {
    const answer = answerFromCompletion({
      model: 'o4-mini-2025-04-16',
      choices: [{ message: { content: 'Done.' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 1566,
        completion_tokens: 300,
        total_tokens: 1866,
        prompt_tokens_details: { cached_tokens: 1408 },
        completion_tokens_details: { reasoning_tokens: 256 },
      },
    });
    assert.deepEqual(
      [answer.promptTokens, answer.completionTokens, answer.totalTokens, answer.cachedTokens, answer.reasoningTokens],
      [1566, 300, 1866, 1408, 256],
    );
  });

  test('no details: cached and reasoning tokens are 0', () => {
    const answer = answerFromCompletion({
      choices: [{ message: { content: 'x' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
    assert.deepEqual([answer.cachedTokens, answer.reasoningTokens], [0, 0]);
  });
});

describe('tokenCounts', () => {
  test('no usage at all: every count 0', () => {
    assert.deepEqual(tokenCounts(undefined), { promptTokens: 0, completionTokens: 0, totalTokens: 0, cachedTokens: 0, reasoningTokens: 0 });
  });

  test('null, negative or non-number details from a gateway count as 0', () => {
    const counts = tokenCounts({
      prompt_tokens_details: { cached_tokens: null },
      completion_tokens_details: { reasoning_tokens: -3 },
      total_tokens: '9' as unknown as number,
    });
    assert.deepEqual([counts.cachedTokens, counts.reasoningTokens, counts.totalTokens], [0, 0, 0]);
  });
});
