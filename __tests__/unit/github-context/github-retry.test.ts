/**
 * Which failed GitHub requests the retry plugin may send again, how a rate limit is read from GitHub's
 * answer, and the failure that names a wait too long to hold the runner for, in human units.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rateLimitFailure, rateLimitOf, transientReason } from '../../../src/github-context/github-retry.ts';

const NOW = Date.UTC(2026, 11, 8, 13, 23, 0);

/** An Octokit RequestError's shape: an answer has `response`. */
function answered(status: number, headers: Record<string, string> = {}, message = 'Error') {
  return Object.assign(new Error(message), { status, response: { headers, data: { message } } });
}
/** A request that got no answer: Octokit makes it a 500 without a response, the socket's error as its cause. */
function network(code: string) {
  return Object.assign(new Error('fetch failed'), { status: 500, cause: Object.assign(new Error('other side closed'), { code }) });
}

describe('transientReason', () => {
  const cases: Array<{ name: string; error: unknown; method?: string; want: string | undefined }> = [
    { name: '502 Bad Gateway', error: answered(502), want: 'HTTP 502' },
    { name: '503', error: answered(503, { 'retry-after': '2' }), want: 'HTTP 503' },
    { name: '504', error: answered(504), want: 'HTTP 504' },
    { name: 'a reset connection', error: network('ECONNRESET'), want: 'ECONNRESET' },
    { name: "undici's closed socket", error: network('UND_ERR_SOCKET'), want: 'UND_ERR_SOCKET' },
    { name: 'a refused connection (a setting, not luck)', error: network('ECONNREFUSED'), want: undefined },
    { name: 'an unknown host', error: network('ENOTFOUND'), want: undefined },
    { name: '500 from GitHub itself', error: answered(500), want: undefined },
    { name: '404', error: answered(404, {}, 'Not Found'), want: undefined },
    { name: 'a 403', error: answered(403, {}, 'Resource not accessible by integration'), want: undefined },
    {
      name: 'our own time limit',
      error: Object.assign(new Error('the GitHub API did not answer within 60 s (request timed out)'), { status: 500 }),
      want: undefined,
    },
    { name: 'a POST is not sent twice on a 502 (a duplicate comment)', error: answered(502), method: 'POST', want: undefined },
    { name: 'a PATCH is (the same edit twice is one edit)', error: answered(502), method: 'PATCH', want: 'HTTP 502' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(transientReason(c.method ?? 'GET', c.error), c.want));
});

describe('rateLimitOf (GitHub: "Rate limits for the REST API")', () => {
  const secondary = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
  const cases: Array<{ name: string; error: unknown; want: ReturnType<typeof rateLimitOf> }> = [
    {
      name: 'secondary, retry-after in seconds',
      error: answered(403, { 'retry-after': '30' }, secondary),
      want: { kind: 'secondary', waitMs: 30_000, status: 403 },
    },
    {
      name: 'secondary on a 429, no header: a minute',
      error: answered(429, {}, secondary),
      want: { kind: 'secondary', waitMs: 60_000, status: 429 },
    },
    {
      name: 'primary: remaining 0, until the reset (plus a second)',
      error: answered(
        403,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 120) },
        'API rate limit exceeded for installation ID 1.',
      ),
      want: { kind: 'primary', waitMs: 121_000, status: 403 },
    },
    {
      name: 'a reset already past',
      error: answered(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) }),
      want: { kind: 'primary', waitMs: 0, status: 429 },
    },
    {
      name: 'a permission error',
      error: answered(403, { 'x-ratelimit-remaining': '4999' }, 'Resource not accessible by integration'),
      want: undefined,
    },
    { name: 'a 502 with remaining 0 is not a rate limit', error: answered(502, { 'x-ratelimit-remaining': '0' }), want: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(rateLimitOf(c.error, NOW), c.want));
});

describe('rateLimitFailure', () => {
  test('a wait longer than max-retry-wait is stated in human units, with the time it ends', () => {
    const error = answered(429, { 'retry-after': '3600' }, 'You have exceeded a secondary rate limit.');
    const failure = rateLimitFailure(error, 60_000, NOW);
    assert.ok(failure);
    assert.equal(
      failure.message,
      "GitHub's secondary rate limit (HTTP 429): GitHub asks to wait about 60 minutes (until 14:23 UTC), more than max-retry-wait (60 seconds)",
    );
    assert.equal(failure.tooLong, true);
    assert.equal(failure.cause, error);
  });

  test('a primary limit resetting in 42 minutes', () => {
    const reset = String(NOW / 1000 + 42 * 60 - 1);
    const failure = rateLimitFailure(answered(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 60_000, NOW);
    assert.match(failure?.message ?? '', /primary rate limit \(HTTP 403\): GitHub asks to wait about 42 minutes \(until 14:05 UTC\)/);
  });

  test('a short wait that was waited out and still limited says so', () => {
    const failure = rateLimitFailure(answered(403, { 'retry-after': '1' }, 'You have exceeded a secondary rate limit.'), 60_000, NOW);
    assert.match(failure?.message ?? '', /GitHub asks to wait 1 second \(until 13:23 UTC\), still limited after 3 attempts$/);
    assert.equal(failure?.tooLong, false);
  });

  test('anything else is left as it is', () => {
    assert.equal(rateLimitFailure(answered(404, {}, 'Not Found'), 60_000, NOW), undefined);
    assert.equal(rateLimitFailure(network('ECONNRESET'), 60_000, NOW), undefined);
  });
});
