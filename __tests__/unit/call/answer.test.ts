/** The answer read from a whole chat completion: text, finish reason, usage with its details. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerFromCompletion, filteredCategories, MalformedAnswerError, tokenCounts } from '../../../src/call/answer.ts';

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

describe("a gateway's odd types where strings belong", () => {
  test('a model or finish reason that is not a string reads as none; content that is not text is no answer', () => {
    const odd = (content: unknown, extra: Record<string, unknown> = {}) =>
      answerFromCompletion({
        model: { evil: true },
        choices: [{ message: { content }, finish_reason: 5 }],
        ...extra,
      } as unknown as Parameters<typeof answerFromCompletion>[0]);
    const answer = odd('hi');
    assert.equal(answer.model, '');
    assert.equal(answer.finishReason, 'unknown');
    assert.equal(answer.text, 'hi');
    assert.equal(odd(null).text, '', 'a refusal or tool call has no text');
    assert.throws(() => odd({ parts: ['x'] }), /content is object, not text/);
    assert.throws(
      () => odd(['x']),
      (error: unknown) => error instanceof MalformedAnswerError && !error.retryable,
    );
  });
  test('a content-filter severity that is not a string is not printed as one', () => {
    assert.deepEqual(
      filteredCategories({ hate: { filtered: true, severity: { level: 9 } }, sexual: { filtered: true, severity: 'high' } }),
      ['hate (detected)', 'sexual (severity high)'],
    );
  });
});

describe('tokenCounts', () => {
  test('no usage at all: every count 0', () => {
    assert.deepEqual(tokenCounts(undefined), {
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
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

describe('answerFromCompletion: tool calls', () => {
  test("a message's tool_calls are read, content null", () => {
    const answer = answerFromCompletion({
      model: 'gpt-5.1-2025-11-13',
      choices: [
        {
          finish_reason: 'tool_calls',
          message: {
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"x"}' } }],
          },
        },
      ],
    });
    assert.equal(answer.finishReason, 'tool_calls');
    assert.deepEqual(answer.toolCalls, [{ id: 'call_1', name: 'read_file', arguments: '{"path":"x"}' }]);
  });
});
