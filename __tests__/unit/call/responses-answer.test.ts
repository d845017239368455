/** A Responses answer mapped onto the action's Answer: text, finish reason, usage, reasoning summary, and what is unusable. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedAnswerError } from '../../../src/call/answer.ts';
import { answerFromResponse, finishReason, type ResponseLike } from '../../../src/call/responses-answer.ts';

const message = (...texts: string[]) => ({
  type: 'message',
  content: texts.map((text) => ({ type: 'output_text', text })),
});

describe('answerFromResponse', () => {
  test('text is the output_text parts of every message joined; usage details map to cached and reasoning tokens', () => {
    const answer = answerFromResponse({
      model: 'gpt-5.1-codex',
      status: 'completed',
      output: [
        {
          type: 'reasoning',
          summary: [
            { type: 'summary_text', text: 'First.' },
            { type: 'summary_text', text: 'Second.' },
          ],
        },
        { ...message('Hello, ', 'world'), content: [...message('Hello, ', 'world').content, { type: 'refusal', text: null }] },
        message('!'),
      ],
      usage: {
        input_tokens: 12,
        output_tokens: 40,
        total_tokens: 52,
        input_tokens_details: { cached_tokens: 8 },
        output_tokens_details: { reasoning_tokens: 30 },
      },
    });
    assert.deepEqual(answer, {
      text: 'Hello, world!',
      finishReason: 'stop',
      promptTokens: 12,
      completionTokens: 40,
      totalTokens: 52,
      cachedTokens: 8,
      cacheWriteTokens: 0,
      reasoningTokens: 30,
      model: 'gpt-5.1-codex',
      filtered: [],
      reasoningSummary: 'First.\n\nSecond.',
    });
  });

  test('missing or hostile usage counts are 0', () => {
    const answer = answerFromResponse({
      status: 'completed',
      output: [message('x')],
      usage: { input_tokens: -1, output_tokens: 'x' as never },
    });
    assert.deepEqual(
      [answer.promptTokens, answer.completionTokens, answer.totalTokens, answer.cachedTokens, answer.reasoningTokens],
      [0, 0, 0, 0, 0],
    );
    assert.equal(answer.reasoningSummary, undefined);
  });

  test('what a stream delivered wins over the final copy', () => {
    const answer = answerFromResponse(
      { status: 'completed', output: [message('final')] },
      { text: 'streamed', reasoningSummary: 'thought' },
    );
    assert.equal(answer.text, 'streamed');
    assert.equal(answer.reasoningSummary, 'thought');
  });

  test('an incomplete answer without a message is an empty, cut answer', () => {
    const answer = answerFromResponse({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] });
    assert.equal(answer.text, '');
    assert.equal(answer.finishReason, 'length');
  });

  const unusable: Array<{ name: string; data: ResponseLike; label: string; says: RegExp }> = [
    {
      name: 'a completed answer without a message',
      data: { status: 'completed', output: [] },
      label: 'no output',
      says: /no output message/,
    },
    {
      name: 'a failed response, its error made one line',
      data: { status: 'failed', error: { code: 'server_error', message: 'boom\n::error::x' } },
      label: 'response failed',
      says: /^the response failed \(server_error: boom ::error::x\)$/,
    },
  ];
  for (const c of unusable) {
    test(c.name, () => {
      assert.throws(
        () => answerFromResponse(c.data),
        (error: unknown) =>
          error instanceof MalformedAnswerError && error.label === c.label && error.retryable && c.says.test(error.message),
      );
    });
  }
});

describe('answerFromResponse: fields of the wrong type are an unusable answer, not retried', () => {
  const odd: Array<{ name: string; data: unknown; says: RegExp }> = [
    { name: 'a status that is an object', data: { status: { x: 1 }, output: [message('a')] }, says: /status that is object/ },
    {
      name: 'a reason that is a number',
      data: { status: 'incomplete', incomplete_details: { reason: 7 }, output: [] },
      says: /incomplete_details\.reason that is number/,
    },
    {
      name: 'incomplete_details a string',
      data: { status: 'incomplete', incomplete_details: 'x' },
      says: /incomplete_details that is string/,
    },
    { name: 'output null', data: { status: 'completed', output: null }, says: /output that is null/ },
    { name: 'output a string', data: { status: 'completed', output: 'hello' }, says: /output that is string/ },
    { name: 'an output item null', data: { status: 'completed', output: [null] }, says: /output item that is null/ },
    { name: 'content null', data: { status: 'completed', output: [{ type: 'message', content: null }] }, says: /content that is null/ },
    {
      name: 'a content part a number',
      data: { status: 'completed', output: [{ type: 'message', content: [3] }] },
      says: /content item that is number/,
    },
    {
      name: 'a reasoning summary an object',
      data: { status: 'completed', output: [{ type: 'reasoning', summary: {} }, message('a')] },
      says: /reasoning summary that is object/,
    },
    { name: 'the response an array', data: [], says: /response that is an array/ },
  ];
  for (const c of odd) {
    test(c.name, () => {
      assert.throws(
        () => answerFromResponse(c.data as ResponseLike),
        (error: unknown) => error instanceof MalformedAnswerError && !error.retryable && c.says.test(error.message),
      );
    });
  }

  test('streamed text stands when the terminal response omits the message', () => {
    const answer = answerFromResponse({ status: 'completed', output: [] }, { text: 'streamed', reasoningSummary: '' });
    assert.equal(answer.text, 'streamed');
    assert.equal(answer.finishReason, 'stop');
  });
});

describe('finishReason', () => {
  const cases: Array<[ResponseLike, string]> = [
    [{ status: 'completed' }, 'stop'],
    [{ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }, 'length'],
    [{ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }, 'content_filter'],
    [{ status: 'incomplete' }, 'incomplete'],
    [{ status: 'in_progress' }, 'in_progress'],
    [{}, 'unknown'],
  ];
  for (const [data, expected] of cases) {
    test(`${JSON.stringify(data)} → ${expected}`, () => assert.equal(finishReason(data), expected));
  }
});

describe('answerFromResponse: function calls', () => {
  // A ResponseFunctionToolCall output item (node_modules/openai/resources/responses): call_id, name, arguments.
  test('function_call items are the tool calls, and a completed response of them reads as tool_calls', () => {
    const answer = answerFromResponse({
      status: 'completed',
      model: 'gpt-5-mini',
      output: [
        { type: 'reasoning', summary: [] },
        { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { type: 'function_call', call_id: 'call_2', name: 'search_files', arguments: '{"pattern":"add\\\\("}' },
      ],
      usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    });
    assert.equal(answer.finishReason, 'tool_calls');
    assert.deepEqual(
      answer.toolCalls?.map((call) => call.id),
      ['call_1', 'call_2'],
    );
    assert.equal(answer.toolCalls?.[0]?.arguments, '{"path":"a.ts"}');
  });
});
