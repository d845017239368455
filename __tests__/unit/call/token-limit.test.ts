/** The token limit's name: which 400s reject it, and the body to retry with, both ways round. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rejectedTokenLimitParam, tokenLimitFallback, tokenLimitField } from '../../../src/call/token-limit.ts';

const unsupported = (param: string, other: string) =>
  JSON.stringify({
    error: {
      message: `Unsupported parameter: '${param}' is not supported with this model. Use '${other}' instead.`,
      type: 'invalid_request_error',
      param,
      code: 'unsupported_parameter',
    },
  });

describe('rejectedTokenLimitParam', () => {
  const cases: Array<{ name: string; status: number | undefined; body: string | undefined; expected: string | undefined }> = [
    {
      name: 'reasoning model rejecting max_tokens',
      status: 400,
      body: unsupported('max_tokens', 'max_completion_tokens'),
      expected: 'max_tokens',
    },
    {
      name: 'older deployment rejecting max_completion_tokens',
      status: 400,
      body: unsupported('max_completion_tokens', 'max_tokens'),
      expected: 'max_completion_tokens',
    },
    {
      name: 'older API version: unrecognized argument, no param field',
      status: 400,
      body: JSON.stringify({ error: { code: 'BadRequest', message: 'Unrecognized request argument supplied: max_completion_tokens' } }),
      expected: 'max_completion_tokens',
    },
    {
      name: 'message only, no code',
      status: 400,
      body: JSON.stringify({ error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model." } }),
      expected: 'max_tokens',
    },
    { name: 'another unsupported parameter', status: 400, body: unsupported('temperature', 'nothing'), expected: undefined },
    { name: 'not a 400', status: 429, body: unsupported('max_tokens', 'max_completion_tokens'), expected: undefined },
    { name: 'no status', status: undefined, body: unsupported('max_tokens', 'max_completion_tokens'), expected: undefined },
    { name: 'no body', status: 400, body: undefined, expected: undefined },
    { name: 'not JSON', status: 400, body: '<html>Bad Request</html>', expected: undefined },
    {
      name: 'content filter 400',
      status: 400,
      body: JSON.stringify({ error: { code: 'content_filter', param: 'prompt', message: 'filtered' } }),
      expected: undefined,
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(rejectedTokenLimitParam(c.status, c.body), c.expected));
});

describe('tokenLimitFallback', () => {
  const base = { model: 'd', messages: [], temperature: 0 };
  test('max_completion_tokens rejected: the same value as max_tokens, nothing else changed', () => {
    const result = tokenLimitFallback({ ...base, max_completion_tokens: 100 }, 400, unsupported('max_completion_tokens', 'max_tokens'));
    assert.deepEqual(result, { body: { ...base, max_tokens: 100 }, from: 'max_completion_tokens', to: 'max_tokens' });
  });
  test('the other way round', () => {
    const result = tokenLimitFallback({ ...base, max_tokens: 7 }, 400, unsupported('max_tokens', 'max_completion_tokens'));
    assert.deepEqual(result, { body: { ...base, max_completion_tokens: 7 }, from: 'max_tokens', to: 'max_completion_tokens' });
  });
  test('no fallback when the body does not carry the rejected name', () => {
    assert.equal(tokenLimitFallback({ ...base, max_tokens: 7 }, 400, unsupported('max_completion_tokens', 'max_tokens')), undefined);
    assert.equal(tokenLimitFallback(base, 400, unsupported('max_tokens', 'max_completion_tokens')), undefined);
  });
  test('the input body is left as it was', () => {
    const body = { ...base, max_completion_tokens: 1 };
    tokenLimitFallback(body, 400, unsupported('max_completion_tokens', 'max_tokens'));
    assert.deepEqual(body, { ...base, max_completion_tokens: 1 });
  });
});

describe('tokenLimitField', () => {
  test('the limit under the name given', () => {
    assert.deepEqual(tokenLimitField(3, 'max_completion_tokens'), { max_completion_tokens: 3 });
    assert.deepEqual(tokenLimitField(3, 'max_tokens'), { max_tokens: 3 });
  });
});
