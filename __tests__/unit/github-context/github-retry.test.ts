/** Which failed GitHub requests are sent again, after how long, and which fail at once naming the rate limit. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GITHUB_ATTEMPTS, GithubRateLimitError, rateLimitWait, retryDecision } from '../../../src/github-context/github-retry.ts';

const NOW = 1_800_000_000_000;
const MAX_WAIT = 60_000;

/** An Octokit RequestError's shape. */
function answered(status: number, headers: Record<string, string> = {}, message = 'Error') {
  return Object.assign(new Error(message), { status, response: { headers, data: { message } } });
}
function network(code: string) {
  return Object.assign(new Error('fetch failed'), { status: 500, cause: Object.assign(new Error('other side closed'), { code }) });
}

describe('retryDecision', () => {
  const cases: Array<{ name: string; error: unknown; method?: string; attempt?: number; retry: boolean; waitMs?: [number, number] }> = [
    { name: '502 Bad Gateway', error: answered(502), retry: true, waitMs: [250, 500] },
    { name: '503 with retry-after: 2', error: answered(503, { 'retry-after': '2' }), retry: true, waitMs: [2000, 2000] },
    { name: '504 Gateway Timeout, second retry', error: answered(504), attempt: 2, retry: true, waitMs: [500, 1000] },
    { name: 'a reset connection', error: network('ECONNRESET'), retry: true },
    { name: "undici's closed socket", error: network('UND_ERR_SOCKET'), retry: true },
    { name: 'a refused connection (a setting, not luck)', error: network('ECONNREFUSED'), retry: false },
    { name: 'an unknown host', error: network('ENOTFOUND'), retry: false },
    { name: '500 from GitHub itself', error: answered(500), retry: false },
    { name: '404', error: answered(404, {}, 'Not Found'), retry: false },
    { name: '401', error: answered(401, {}, 'Bad credentials'), retry: false },
    {
      name: 'a 403 without rate-limit signs is a permission error',
      error: answered(403, {}, 'Resource not accessible by integration'),
      retry: false,
    },
    { name: 'our own time limit', error: new Error('the GitHub API did not answer within 60 s (request timed out)'), retry: false },
    { name: 'the last attempt', error: answered(502), attempt: GITHUB_ATTEMPTS, retry: false },
    { name: 'a POST is not sent twice on a 502 (a duplicate comment)', error: answered(502), method: 'POST', retry: false },
    { name: 'a PATCH is (the same edit twice is one edit)', error: answered(502), method: 'PATCH', retry: true },
    {
      name: 'a POST is sent again after a rate limit (GitHub did nothing)',
      error: answered(429, { 'retry-after': '1' }),
      method: 'POST',
      retry: true,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const decision = retryDecision({ method: c.method ?? 'GET', attempt: c.attempt ?? 1, error: c.error }, MAX_WAIT, NOW, () => 0.5);
      assert.equal(decision.retry, c.retry);
      assert.ok(!('failure' in decision), 'not a rate-limit failure');
      if (decision.retry && c.waitMs) {
        assert.ok(decision.waitMs >= c.waitMs[0] && decision.waitMs <= c.waitMs[1], `waits ${decision.waitMs} ms`);
      }
    });
  }

  test('a secondary rate limit with a short retry-after is waited out, and names itself', () => {
    const decision = retryDecision(
      { method: 'GET', attempt: 1, error: answered(403, { 'retry-after': '3' }, 'You have exceeded a secondary rate limit.') },
      MAX_WAIT,
      NOW,
    );
    assert.deepEqual(decision, { retry: true, waitMs: 3000, reason: 'secondary rate limit (HTTP 403)', rateLimit: 'secondary' });
  });

  test('a retry-after longer than max-retry-wait fails at once, with both numbers', () => {
    const decision = retryDecision(
      { method: 'GET', attempt: 1, error: answered(429, { 'retry-after': '3600' }, 'You have exceeded a secondary rate limit.') },
      MAX_WAIT,
      NOW,
    );
    assert.ok('failure' in decision);
    assert.ok(decision.failure instanceof GithubRateLimitError);
    assert.equal(
      decision.failure.message,
      "GitHub's secondary rate limit (HTTP 429): it asks to wait 3600 s, more than max-retry-wait (60 s)",
    );
  });

  test('still limited on the last attempt: fails without sleeping again', () => {
    const decision = retryDecision(
      { method: 'GET', attempt: GITHUB_ATTEMPTS, error: answered(429, { 'retry-after': '1' }) },
      MAX_WAIT,
      NOW,
    );
    assert.ok('failure' in decision);
    assert.match(decision.failure.message, /still limited after 3 attempts/);
  });

  test('max-retry-wait also caps the backoff GitHub asks for on a 503', () => {
    const decision = retryDecision({ method: 'GET', attempt: 1, error: answered(503, { 'retry-after': '600' }) }, 5000, NOW);
    assert.ok(decision.retry);
    assert.equal(decision.waitMs, 5000);
  });
});

describe('rateLimitWait (GitHub: "Rate limits for the REST API")', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  const cases: Array<{ name: string; headers: Record<string, string>; message: string; want: ReturnType<typeof rateLimitWait> }> = [
    {
      name: 'retry-after in seconds',
      headers: { 'retry-after': '30' },
      message: 'You have exceeded a secondary rate limit',
      want: { kind: 'secondary', waitMs: 30_000 },
    },
    {
      name: 'primary: remaining 0, until the reset (plus a second)',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 120) },
      message: 'API rate limit exceeded for installation ID 1.',
      want: { kind: 'primary', waitMs: 121_000 },
    },
    {
      name: 'a reset already past',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) },
      message: '',
      want: { kind: 'primary', waitMs: 1000 },
    },
    {
      name: 'secondary, no header: at least a minute',
      headers: {},
      message: 'You have exceeded a secondary rate limit.',
      want: { kind: 'secondary', waitMs: 60_000 },
    },
    {
      name: 'a permission error',
      headers: { 'x-ratelimit-remaining': '4999' },
      message: 'Resource not accessible by integration',
      want: undefined,
    },
    { name: 'a retry-after that is not a number or a date', headers: { 'retry-after': 'soon' }, message: 'Forbidden', want: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(rateLimitWait(headers(c.headers), c.message, NOW), c.want));
});
