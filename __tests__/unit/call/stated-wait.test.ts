/**
 * The wait a refusal states: each header in its order, each wording recorded
 * sessions and users' pasted runs show, none, garbage and huge numbers.
 * Wordings: Azure OpenAI's quota 429 ("Please retry after 22 seconds",
 * "retry after 86400 seconds", "Please retry after 1 second"; Azure/azure-rest-api-specs#26884,
 * langgenius/dify#12709, jasonacox/TinyLLM#17), API Management's gateway ("Rate limit is exceeded. Try
 * again in 50 seconds."), OpenAI-style messages ("Please try again in 6ms.", "in 1m30s"); headers:
 * `x-rate-limit-reset-tokens: 55` (openai/openai-python#937), `x-ratelimit-reset-tokens: 0` (openai/openai-dotnet#838).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { durationMs, humanWait, messageWaitMs, statedWait } from '../../../src/call/stated-wait.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const wait = (headers: Record<string, string> | undefined, message?: string) =>
  statedWait(headers ? new Headers(headers) : undefined, message, NOW);

describe('statedWait: the headers, in order', () => {
  test('retry-after-ms first', () => {
    assert.deepEqual(wait({ 'retry-after-ms': '1500', 'retry-after': '9', 'x-rate-limit-reset-tokens': '55' }), {
      ms: 1500,
      source: 'retry-after-ms',
    });
  });
  test('then retry-after (seconds, or an HTTP date)', () => {
    assert.deepEqual(wait({ 'retry-after': '9', 'x-rate-limit-reset-tokens': '55' }), { ms: 9000, source: 'retry-after' });
    assert.deepEqual(wait({ 'retry-after': 'Mon, 07 Dec 2026 12:00:30 GMT' }), { ms: 30_000, source: 'retry-after' });
  });
  test('then x-ratelimit-reset-tokens, x-rate-limit-reset-tokens, x-ratelimit-reset-requests', () => {
    assert.deepEqual(wait({ 'x-ratelimit-reset-tokens': '12', 'x-rate-limit-reset-tokens': '55' }), {
      ms: 12_000,
      source: 'x-ratelimit-reset-tokens',
    });
    assert.deepEqual(wait({ 'x-rate-limit-reset-tokens': '55', 'x-ratelimit-reset-requests': '3' }), {
      ms: 55_000,
      source: 'x-rate-limit-reset-tokens',
    });
    assert.deepEqual(wait({ 'x-ratelimit-reset-requests': '1m30s' }), { ms: 90_000, source: 'x-ratelimit-reset-requests' });
    assert.deepEqual(wait({ 'x-ratelimit-reset-tokens': '6ms' }), { ms: 6, source: 'x-ratelimit-reset-tokens' });
  });
  test('a reset header of zero or below says nothing (Azure has sent 0 and -1), so the next one or the words count', () => {
    assert.deepEqual(wait({ 'x-ratelimit-reset-tokens': '0', 'x-ratelimit-reset-requests': '7' }), {
      ms: 7000,
      source: 'x-ratelimit-reset-requests',
    });
    assert.deepEqual(wait({ 'x-ratelimit-reset-tokens': '-1' }, 'Please retry after 22 seconds.'), { ms: 22_000, source: 'the message' });
  });
  test('then the message', () => {
    const body = JSON.stringify({
      error: {
        code: '429',
        message:
          'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 22 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.',
      },
    });
    assert.deepEqual(wait({ 'content-type': 'application/json' }, body), { ms: 22_000, source: 'the message' });
  });
  test('none: no header, no words', () => {
    assert.equal(wait(undefined, undefined), undefined);
    assert.equal(wait({}, 'Too Many Requests'), undefined);
  });
  test('garbage headers are skipped, not read as zero or as a date', () => {
    assert.equal(wait({ 'retry-after': 'soon', 'x-ratelimit-reset-tokens': 'later', 'x-rate-limit-reset-tokens': '5 parsecs' }), undefined);
    assert.equal(wait({ 'x-ratelimit-reset-tokens': '' }), undefined);
  });
  test('huge numbers: a retry-after beyond a month is held at a month (longer than any max-retry-wait); a reset header beyond it is garbage', () => {
    assert.equal(wait({ 'retry-after': '99999999999999999999' })?.ms, 31 * 24 * 3_600_000);
    assert.equal(wait({ 'x-ratelimit-reset-tokens': '99999999999' }), undefined);
    assert.equal(messageWaitMs('retry after 999999999999 seconds'), undefined);
  });
});

describe('messageWaitMs: the wordings seen', () => {
  const cases: Array<[string, number | undefined]> = [
    ['Please retry after 22 seconds.', 22_000],
    ['... pricing tier. Please retry after 86400 seconds. Please go here: https://aka.ms/oai/quotaincrease', 86_400_000],
    ['have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.', 1000],
    ['Rate limit is exceeded. Try again in 50 seconds.', 50_000],
    ['Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 29000, Requested 1500. Please try again in 6ms.', 6],
    ['Please try again in 1.5s.', 1500],
    ['Please try again in 1m30s. Visit https://platform.openai.com/account/rate-limits', 90_000],
    ['RETRY AFTER 3 MINUTES', 180_000],
    ['Retry after the quota resets. Retry after 4 seconds.', 4000],
    ['Please retry after 22 seconds, then try again in 9 seconds', 22_000],
    ['Please retry later.', undefined],
    ['retry after -5 seconds', undefined],
    ['retry after 5 fortnights', undefined],
    ['', undefined],
  ];
  for (const [message, expected] of cases) {
    test(JSON.stringify(message.slice(0, 70)), () => assert.equal(messageWaitMs(message), expected));
  }
  test('a long message is read only at its start, in one pass', () => {
    assert.equal(messageWaitMs(`${'retry after '.repeat(100_000)}5 seconds`), undefined);
    assert.equal(messageWaitMs(`${'x'.repeat(5000)} retry after 5 seconds`), undefined);
    assert.equal(messageWaitMs(`${'x'.repeat(3000)} retry after 5 seconds`), 5000);
  });
});

describe('durationMs and humanWait', () => {
  test('bare seconds only where allowed (headers), not in words', () => {
    assert.equal(durationMs('55', true), 55_000);
    assert.equal(durationMs('55', false), undefined);
    assert.equal(durationMs('1h2m3s', false), 3_723_000);
  });
  test('waits in human units', () => {
    assert.equal(humanWait(6), '6 ms');
    assert.equal(humanWait(22_000), '22 seconds');
    assert.equal(humanWait(1000), '1 second');
    assert.equal(humanWait(3_600_000), 'about 60 minutes');
    assert.equal(humanWait(5 * 3_600_000), 'about 5 hours');
    assert.equal(humanWait(86_400_000), 'about 24 hours (a daily quota)');
  });
});
