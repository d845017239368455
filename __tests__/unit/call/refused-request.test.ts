/** Which 400s change the request: a model without chat, a refused temperature or top_p, a refused prompt_cache_key; nothing else. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chatNotSupported, refusedPromptCacheKey, refusedSamplingParam } from '../../../src/call/refused-request.ts';

const NO_CHAT = JSON.stringify({
  error: {
    code: 'OperationNotSupported',
    message:
      'The chatCompletion operation does not work with the specified model, gpt-5.1-codex. Please choose different model and try again.',
  },
});
const unsupported = (param: string) =>
  JSON.stringify({
    error: {
      message: `Unsupported parameter: '${param}' is not supported with this model.`,
      type: 'invalid_request_error',
      param,
      code: 'unsupported_parameter',
    },
  });

describe('chatNotSupported', () => {
  test("Azure's OperationNotSupported for the chat operation: its message", () => {
    assert.match(chatNotSupported(400, NO_CHAT) ?? '', /chatCompletion operation does not work/);
  });
  const not: Array<[string, number | undefined, string | undefined]> = [
    ['another status', 404, NO_CHAT],
    ['the completions operation (a chat model on the legacy route)', 400, NO_CHAT.replace('chatCompletion', 'completion')],
    ['another code', 400, unsupported('temperature')],
    ['no body', 400, undefined],
    ['not JSON', 400, 'OperationNotSupported chatCompletion operation'],
  ];
  for (const [name, status, body] of not) test(`not for ${name}`, () => assert.equal(chatNotSupported(status, body), undefined));
});

describe('refusedSamplingParam', () => {
  test('temperature and top_p, by param and code', () => {
    assert.equal(refusedSamplingParam(400, unsupported('temperature')), 'temperature');
    assert.equal(refusedSamplingParam(400, unsupported('top_p')), 'top_p');
  });
  test('by the message alone', () => {
    assert.equal(
      refusedSamplingParam(
        400,
        JSON.stringify({ error: { message: "Unsupported value: 'temperature' does not support 0.2 with this model." } }),
      ),
      'temperature',
    );
  });
  test('not another parameter, nor another status', () => {
    assert.equal(refusedSamplingParam(400, unsupported('max_tokens')), undefined);
    assert.equal(refusedSamplingParam(500, unsupported('temperature')), undefined);
  });
});

describe('refusedPromptCacheKey', () => {
  // As recorded in vectorize-io/hindsight#3518 (a DeepSeek model on Azure Foundry's v1 API).
  const recorded = JSON.stringify({
    error: { code: 'unrecognized_request_argument', message: 'Unrecognized request argument supplied: prompt_cache_key' },
  });
  test('the recorded refusal', () => assert.equal(refusedPromptCacheKey(400, recorded), true));
  test('not another argument, nor another status', () => {
    const other = JSON.stringify({ error: { message: 'Unrecognized request argument supplied: functions' } });
    assert.equal(refusedPromptCacheKey(400, other), false);
    assert.equal(refusedPromptCacheKey(500, recorded), false);
    assert.equal(refusedPromptCacheKey(400, 'not json'), false);
  });
});
